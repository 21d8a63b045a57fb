import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DB } from './types.ts';

export type Database = Kysely<DB>;
export type DbKind = 'pglite' | 'postgres';

export type DbHandle = {
  db: Database;
  kind: DbKind;
  /** The embedded engine, for dumps and superuser-only test moves; absent on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
};

/**
 * One int8 policy for both drivers: bigint columns (money in 分, counts) come back as JS numbers, and a
 * value beyond 2^53 fails loudly instead of silently losing precision. Dates stay 'YYYY-MM-DD' strings
 * so a calendar day never shifts with the server's time zone.
 */
function parseSafeInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}
pg.types.setTypeParser(pg.types.builtins.INT8, parseSafeInt8);
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

function toKysely(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

export async function connectPostgres(url: string, poolSize = 10): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = toKysely(pool);
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export const pgliteExtensions = { cube, earthdistance };

/**
 * Opens PGlite on a directory ('memory://' for tests) or from a dumped data-dir tarball.
 * PGlite does not lock its data directory, so a lock file beside it keeps a second process out.
 */
export async function connectPglite(
  dataDir: string,
  options: { loadDataDir?: Blob | File } = {},
): Promise<DbHandle> {
  const releaseLock = dataDir.startsWith('memory://') ? () => {} : acquireDirLock(dataDir);
  try {
    const pglite = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, {
      extensions: pgliteExtensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    const db = toKysely(pool);
    return {
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `<dir>.lock` holding our pid; a lock whose process has died is taken over. */
export function acquireDirLock(dir: string): () => void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder) && holder !== process.pid) {
        throw new Error(`the data directory ${dir} is in use by process ${holder} (lock file ${lockPath})`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

export async function connect(config: {
  DATABASE_URL?: string | undefined;
  pgliteDir: string;
}): Promise<DbHandle> {
  return config.DATABASE_URL ? connectPostgres(config.DATABASE_URL) : connectPglite(config.pgliteDir);
}
