import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import pg from 'pg';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { connectPglite, connectPostgres, type DbHandle } from '../src/db/connect.ts';
import { startGateway, type Gateway } from '../src/gateway/index.ts';
import { buildHttp } from '../src/http/build-http.ts';
import type { Api } from '../src/http/types.ts';
import pino from 'pino';
import { fixedClock } from '../src/shared/clock.ts';
import { withDatabase } from './global-setup.ts';

/** A private copy of the golden database for one test file. */
export async function openTestDatabase(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `jiapei_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('goldenPostgresDb')}`);
    await admin.end();
    const handle = await connectPostgres(withDatabase(url, name), 4);
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
        await cleanup.end();
      },
    };
  }
  const tarball = fs.readFileSync(inject('goldenPglitePath'));
  return connectPglite('memory://', { loadDataDir: new Blob([tarball]) });
}

export type TestContext = {
  app: App;
  http: Api;
  clock: ReturnType<typeof fixedClock>;
  /** Starts the TCP gateway on a free port (once); closed with the context. */
  startGateway(): Promise<Gateway>;
  close(): Promise<void>;
};

/** The whole app on a private database, with a movable clock and HTTP through `inject`. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const handle = await openTestDatabase();
  const clock = fixedClock(new Date('2026-11-02T09:00:00+08:00'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DEMO_FLEET: 'false',
    GATEWAY_PORT: '0',
    ...env,
  });
  const app = await createApp(config, { handle, clock });
  const http = await buildHttp(app);
  await http.ready();
  let gateway: Promise<Gateway> | null = null;
  return {
    app,
    http,
    clock,
    startGateway() {
      gateway ??= startGateway({
        config,
        telemetry: app.telemetry,
        link: app.terminalLink,
        training: app.trainingRecords,
        commands: app.terminalCommands,
        metrics: app.metrics,
        clock,
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      });
      return gateway;
    },
    close: async () => {
      if (gateway) await (await gateway).close();
      await http.close();
      await app.close();
    },
  };
}

/** Signs in through the real login route and returns the cookie header to send. */
export async function loginAs(
  http: Api,
  username: string,
  portal: 'public' | 'school' | 'regulator',
  password = 'test-password-1',
): Promise<string> {
  const res = await http.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, portal },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jiapei_session');
  if (!cookie) throw new Error('no session cookie');
  return `jiapei_session=${cookie.value}`;
}
