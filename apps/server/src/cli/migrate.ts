/** `npm run db:migrate`: applies pending migrations to the configured database. */
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';

const handle = await connect(loadConfig());
try {
  const { applied, version } = await migrate(handle.db);
  console.log(
    applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply',
    `(schema version ${version})`,
  );
} finally {
  await handle.close();
}
