/**
 * `npm run db:reset`: deletes the embedded database and rebuilds the demo region. Refuses while a server
 * holds the data directory, and refuses on PostgreSQL (drop that database yourself).
 */
import fs from 'node:fs';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { acquireDirLock } from '../db/connect.ts';
import { seedDemo } from '../db/seed/seed-demo.ts';
import { hashPassword } from '../modules/identity/index.ts';

const config = loadConfig();
if (config.DATABASE_URL) {
  console.error(
    'db:reset only resets the embedded database; with DATABASE_URL set, drop and recreate it yourself.',
  );
  process.exit(1);
}
const release = acquireDirLock(config.pgliteDir);
fs.rmSync(config.pgliteDir, { recursive: true, force: true });
release();
console.log(`deleted ${config.pgliteDir}`);

const app = await createApp(config);
try {
  const started = Date.now();
  const result = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
  console.log(`demo region rebuilt in ${Date.now() - started} ms: ${JSON.stringify(result.counts)}`);
} finally {
  await app.close();
}
