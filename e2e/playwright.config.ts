import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

/**
 * The browser suite: the real server (fresh embedded database seeded with the demo region, on its own
 * port and data directory) driven through Debian's Chromium. Playwright's own browser download is
 * not used (and is blocked on our machines).
 */
const port = Number(process.env.E2E_PORT ?? 18080);
// The terminal gateway too gets its own port, so a suite never collides with a running `npm start`.
const gatewayPort = Number(process.env.E2E_GATEWAY_PORT ?? 17611);
// And the bank sandbox `npm start` runs beside it.
const bankPort = Number(process.env.E2E_BANK_PORT ?? 18091);
const dataDir = path.join(os.tmpdir(), `jiapei-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'specs',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node ../scripts/start.mjs',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
      BANK_URL: `http://127.0.0.1:${bankPort}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000',
    },
  },
});
