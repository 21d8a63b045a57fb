import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, type DbHandle } from '../../db/connect.ts';
import { listMigrations } from '../../db/migrate.ts';

/**
 * Migration 0019 gives schools closed before it a closing date: their row's last change (updated_at), the
 * best date the registry had. Run on a fresh embedded database taken to 0018 by hand.
 */
let handle: DbHandle;
const before = listMigrations().filter((m) => m.version < 19);
const m0019 = listMigrations().find((m) => m.version === 19)!;

beforeAll(async () => {
  handle = await connectPglite('memory://');
  for (const m of before) await sql.raw(m.sql).execute(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

describe('migration 0019', () => {
  it('dates the schools already closed by their last change and leaves the others open', async () => {
    const db = handle.db;
    await sql`INSERT INTO regions (code, name, level, parent_code) VALUES
      ('370000', '山东省', 'province', NULL), ('370100', '济南市', 'city', '370000'),
      ('370102', '历下区', 'county', '370100')`.execute(db);
    const school = async (n: number, status: string) =>
      (
        await sql<{ id: string }>`INSERT INTO schools (name, short_name, credit_code, licence_number, grade,
            licence_classes, county_code, address, latitude, longitude, phone, status, created_at, updated_at)
          VALUES (${`迁移测试驾校${n}`}, ${`迁移${n}`}, ${`91370102000000000${n}`}, ${`MIG-${n}`}, 2,
            ARRAY['C1'], '370102', '路1号', 36.66, 117.02, '0531-88888888', ${status},
            '2024-01-01T00:00:00+08:00', '2026-09-14T16:30:00+08:00')
          RETURNING id`.execute(db)
      ).rows[0]!.id;
    const closed = await school(1, 'closed');
    const operating = await school(2, 'operating');

    await sql.raw(m0019.sql).execute(db);

    const rows = await sql<{ id: string; closedAt: Date | null }>`
      SELECT id, closed_at FROM schools ORDER BY name`.execute(db);
    expect(rows.rows).toEqual([
      { id: closed, closedAt: new Date('2026-09-14T16:30:00+08:00') },
      { id: operating, closedAt: null },
    ]);
  });
});
