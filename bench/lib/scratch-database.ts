import pg from 'pg';

/** The PostgreSQL server benchmarks create their scratch databases on (trust auth, as in CI). */
export const postgresAdminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type ScratchDatabase = { url: string; drop: () => Promise<void> };

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database named `<prefix>_<pid>` on the benchmark server (a leftover of a crashed run is
 * dropped first), or null when the server is unreachable so the caller can skip PostgreSQL.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase | null> {
  const name = `${prefix}_${process.pid}`;
  try {
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') return null;
    throw err;
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
