import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPglite, connectPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    goldenPglitePath: string;
    goldenPostgresDb: string;
  }
}

/**
 * Migrates one golden database per run. On PGlite it is dumped to a tarball that each test file loads
 * (about a second); on PostgreSQL it is a template database that each file clones with CREATE DATABASE
 * … TEMPLATE. Either way, test files never share rows.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `jiapei_golden_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const golden = await connectPostgres(withDatabase(url, name), 1);
    await migrate(golden.db);
    await golden.close();
    project.provide('goldenPostgresDb', name);
    project.provide('goldenPglitePath', '');
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'jiapei_t_${process.pid}_%'`,
      );
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname}`);
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    };
  }
  const golden = await connectPglite('memory://');
  await migrate(golden.db);
  const dump = await golden.pglite!.dumpDataDir('none');
  await golden.close();
  const file = path.join(os.tmpdir(), `jiapei-golden-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('goldenPglitePath', file);
  project.provide('goldenPostgresDb', '');
  return () => fs.rmSync(file, { force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
