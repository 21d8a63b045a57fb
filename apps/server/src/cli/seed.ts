/** `npm run db:seed`: migrates, then seeds the demo region if the database does not have it yet. */
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { seedDemo } from '../db/seed/seed-demo.ts';
import { hashPassword } from '../modules/identity/index.ts';

const app = await createApp(loadConfig());
try {
  const started = Date.now();
  const result = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
  console.log(
    result.inserted
      ? `seeded in ${Date.now() - started} ms: ${JSON.stringify(result.counts)}`
      : 'the demo region is already there',
  );
} finally {
  await app.close();
}
