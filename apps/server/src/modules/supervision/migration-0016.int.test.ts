import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, type DbHandle } from '../../db/connect.ts';
import { listMigrations } from '../../db/migrate.ts';

/**
 * Migration 0016 carries the schools already under key supervision (school_key_supervisions, 0010) into
 * key_supervisions — same reason, start and setter, as open-ended `rectify` entries — and keeps their public
 * search flag. Run on a fresh embedded database taken to 0015 by hand, so the old table can be filled.
 */
let handle: DbHandle;
const before = listMigrations().filter((m) => m.version < 16);
const m0016 = listMigrations().find((m) => m.version === 16)!;

beforeAll(async () => {
  handle = await connectPglite('memory://');
  for (const m of before) await sql.raw(m.sql).execute(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

describe('migration 0016', () => {
  it('moves the old key-supervision rows and keeps the search flag', async () => {
    const db = handle.db;
    await sql`INSERT INTO regions (code, name, level, parent_code) VALUES
      ('370000', '山东省', 'province', NULL), ('370100', '济南市', 'city', '370000'),
      ('370102', '历下区', 'county', '370100')`.execute(db);
    const school = (
      await sql<{ id: string }>`INSERT INTO schools (name, short_name, credit_code, licence_number, grade,
          licence_classes, county_code, address, latitude, longitude, phone, introduction)
        VALUES ('迁移测试驾校', '迁移', '913701020000000001', 'MIG-1', 2, ARRAY['C1'], '370102', '路1号',
          36.66, 117.02, '0531-88888888', '')
        RETURNING id`.execute(db)
    ).rows[0]!;
    await sql`INSERT INTO school_key_supervisions (school_id, reason, since)
      VALUES (${school.id}, '投诉集中', '2026-10-15')`.execute(db);
    const flag = async () =>
      (
        await sql<{
          k: boolean;
        }>`SELECT key_supervision AS k FROM school_search WHERE school_id = ${school.id}`.execute(db)
      ).rows[0]!.k;
    expect(await flag()).toBe(true);

    await sql.raw(m0016.sql).execute(db);

    // Column names come back camelCased (the connection's plugin).
    const moved = await sql<Record<string, unknown>>`SELECT subject, school_id, coach_id, county_code, reason,
        sanction, to_char(from_date, 'YYYY-MM-DD') AS from_date, until_date, lifted_at, created_by
      FROM key_supervisions`.execute(db);
    expect(moved.rows).toEqual([
      {
        subject: 'school',
        schoolId: school.id,
        coachId: null,
        countyCode: '370102',
        reason: '投诉集中',
        sanction: 'rectify',
        fromDate: '2026-10-15',
        untilDate: null,
        liftedAt: null,
        createdBy: null,
      },
    ]);
    expect(await flag()).toBe(true);
    // The refresh (any source change) keeps the flag now that the supervision module owns it.
    await sql`UPDATE schools SET phone = '0531-88880000' WHERE id = ${school.id}`.execute(db);
    expect(await flag()).toBe(true);
    const old = await sql<{
      t: string | null;
    }>`SELECT to_regclass('school_key_supervisions')::text AS t`.execute(db);
    expect(old.rows[0]!.t).toBeNull();
  });
});
