import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { newSchool, newUser, regions } from '../../../test/factories.ts';

/**
 * 重点监管 over HTTP: a city regulator sets and lifts key supervision of a school in its city, the
 * search read model's flag and the public profile's warning follow, every change is audited; a county
 * regulator may read the list but not write, and a regulator of another city cannot touch the school.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const as = async (role: 'regulator_city' | 'regulator_county', regionCode: string) => {
  const u = await newUser(ctx.app.db, role, { regionCode });
  const cookie = await loginAs(ctx.http, u.username, 'regulator');
  return { username: u.username, headers: { cookie } };
};

describe('key supervision', () => {
  it('is set and lifted by a city regulator, reflected in search and profile, and audited', async () => {
    const db = ctx.app.db;
    const school = await newSchool(db);
    const city = await as('regulator_city', regions.city);
    const flag = async () =>
      (
        await db
          .selectFrom('schoolSearch')
          .select('keySupervision')
          .where('schoolId', '=', school.id)
          .executeTakeFirstOrThrow()
      ).keySupervision;
    const warnings = async () =>
      (
        (await ctx.http.inject({ method: 'GET', url: `/api/public/schools/${school.id}` })).json() as {
          warnings: Array<{ code: string; since: string | null; reason: string | null }>;
        }
      ).warnings;
    const audits = async () =>
      (
        await db
          .selectFrom('auditLog')
          .select('action')
          .where('entityId', '=', school.id)
          .where('action', 'like', 'registry.key_supervision.%')
          .orderBy('seq')
          .execute()
      ).map((a) => a.action);
    expect(await flag()).toBe(false);

    const set = await ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/schools/${school.id}/key-supervision`,
      headers: city.headers,
      payload: { reason: '退费投诉集中', since: '2026-11-01' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({
      schoolId: school.id,
      underSupervision: true,
      reason: '退费投诉集中',
      since: '2026-11-01',
    });
    expect(await flag()).toBe(true);
    expect(await warnings()).toContainEqual({
      code: 'key_supervision',
      since: '2026-11-01',
      reason: '退费投诉集中',
    });

    // Changing the reason keeps one row; without a date it is today in China (clock: 2 Nov).
    const changed = await ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/schools/${school.id}/key-supervision`,
      headers: city.headers,
      payload: { reason: '教练员违规收费' },
    });
    expect(changed.json()).toMatchObject({ reason: '教练员违规收费', since: '2026-11-02' });

    const county = await as('regulator_county', regions.county);
    const list = await ctx.http.inject({
      method: 'GET',
      url: '/api/regulator/key-supervisions',
      headers: county.headers,
    });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: unknown[] }).items).toEqual([
      {
        schoolId: school.id,
        schoolName: school.name,
        countyCode: regions.county,
        reason: '教练员违规收费',
        since: '2026-11-02',
        setBy: city.username,
      },
    ]);
    // The county regulator reads, but does not write.
    const countyLift = await ctx.http.inject({
      method: 'POST',
      url: `/api/regulator/schools/${school.id}/key-supervision/lift`,
      headers: county.headers,
      payload: { reason: '整改完成' },
    });
    expect(countyLift.statusCode).toBe(403);
    // Another city's regulator neither writes nor sees it.
    const other = await as('regulator_city', regions.otherCity);
    const otherSet = await ctx.http.inject({
      method: 'POST',
      url: `/api/regulator/schools/${school.id}/key-supervision/lift`,
      headers: other.headers,
      payload: { reason: '整改完成' },
    });
    expect(otherSet.statusCode).toBe(403);
    const otherList = await ctx.http.inject({
      method: 'GET',
      url: '/api/regulator/key-supervisions',
      headers: other.headers,
    });
    expect((otherList.json() as { items: unknown[] }).items).toEqual([]);
    // A date that is not on the calendar is refused and changes nothing.
    const badDate = await ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/schools/${school.id}/key-supervision`,
      headers: city.headers,
      payload: { reason: '另一个原因', since: '2026-02-31' },
    });
    expect(badDate.statusCode).toBe(400);
    // A blank reason is refused and changes nothing.
    const blank = await ctx.http.inject({
      method: 'POST',
      url: `/api/regulator/schools/${school.id}/key-supervision/lift`,
      headers: city.headers,
      payload: { reason: '   ' },
    });
    expect(blank.statusCode).toBe(400);
    expect(await flag()).toBe(true);

    const lift = await ctx.http.inject({
      method: 'POST',
      url: `/api/regulator/schools/${school.id}/key-supervision/lift`,
      headers: city.headers,
      payload: { reason: '整改完成' },
    });
    expect(lift.json()).toEqual({ schoolId: school.id, underSupervision: false, lifted: true });
    expect(await flag()).toBe(false);
    expect((await warnings()).map((w) => w.code)).not.toContain('key_supervision');
    // Lifting again changes nothing and writes no audit entry.
    const again = await ctx.http.inject({
      method: 'POST',
      url: `/api/regulator/schools/${school.id}/key-supervision/lift`,
      headers: city.headers,
      payload: { reason: '整改完成' },
    });
    expect(again.json()).toMatchObject({ lifted: false });
    expect(await audits()).toEqual([
      'registry.key_supervision.set',
      'registry.key_supervision.changed',
      'registry.key_supervision.lifted',
    ]);
  });
});
