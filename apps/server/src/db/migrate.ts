import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connect.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export type Migration = { version: number; name: string; sql: string; checksum: string };

export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export const latestSchemaVersion = (): number => listMigrations().at(-1)?.version ?? 0;

/**
 * Forward-only: applies every migration newer than the database, each in its own transaction, under an
 * advisory lock so two starting replicas cannot race. An applied file whose text changed stops start-up:
 * migrations are never edited after merge.
 */
export async function migrate(db: Database): Promise<{ applied: string[]; version: number }> {
  const applied: string[] = [];
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum char(64) NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(7265)`.execute(conn);
    try {
      const done = await sql<{ version: number; checksum: string }>`
        SELECT version, checksum FROM schema_migrations`.execute(conn);
      const byVersion = new Map(done.rows.map((r) => [r.version, r.checksum.trim()]));
      for (const m of listMigrations()) {
        const known = byVersion.get(m.version);
        if (known !== undefined) {
          if (known !== m.checksum) throw new Error(`migration ${m.name} was edited after it was applied`);
          continue;
        }
        await conn.transaction().execute(async (tx) => {
          await sql.raw(m.sql).execute(tx);
          await sql`INSERT INTO schema_migrations (version, name, checksum)
            VALUES (${m.version}, ${m.name}, ${m.checksum})`.execute(tx);
        });
        applied.push(m.name);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(7265)`.execute(conn);
    }
  });
  return { applied, version: await schemaVersion(db) };
}

export async function schemaVersion(db: Database): Promise<number> {
  const r = await sql<{ v: number | null }>`SELECT max(version) AS v FROM schema_migrations`.execute(db);
  return r.rows[0]?.v ?? 0;
}
