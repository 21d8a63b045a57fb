import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { demoAccounts, DEMO_PASSWORD, seedDemo } from './db/seed/seed-demo.ts';
import { buildHttp } from './http/build-http.ts';
import { hashPassword } from './modules/identity/index.ts';

/**
 * Starts the edges named by ROLE (api | gateway | jobs | all). Today the API edge serves the HTTP API and
 * the built web app on one port; the gateway and jobs edges arrive with their issues.
 */
const config = loadConfig();
const app = await createApp(config);
const http = await buildHttp(app, { logger: { level: config.LOG_LEVEL } });
const log = http.log;

if (config.SEED_DEMO) {
  const started = Date.now();
  const result = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
  if (result.inserted) log.info({ counts: result.counts, ms: Date.now() - started }, 'demo region seeded');
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await http.close();
    await app.close();
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (config.ROLE === 'all' || config.ROLE === 'api') {
  const address = await http.listen({ host: config.HOST, port: config.PORT });
  const lines = [
    '',
    `Jiapei 驾培 is running at ${address.replace('127.0.0.1', 'localhost')}  (database: ${app.dbKind})`,
    `  public portal    ${address}/`,
    `  school portal    ${address}/school`,
    `  regulator portal ${address}/regulator`,
    `  API docs         ${address}/api/docs`,
  ];
  if (config.SEED_DEMO) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of demoAccounts) lines.push(`    ${a.username.padEnd(15)} ${a.role.padEnd(19)} ${a.portal}`);
  }
  console.log(lines.join('\n'));
}
