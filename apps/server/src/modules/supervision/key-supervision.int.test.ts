import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

/**
 * 重点监管 over HTTP: city regulators list schools and coaches with reason, sanction and period; the
 * public search flag and profile warning follow, by the calendar too; entries are lifted after review
 * with a note and never deleted; a month's public notice appears only once the city publishes it.
 * Bad input is refused with its code and changes nothing.
 */
let ctx: TestContext;
const accounts: Record<string, string> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const make = async (
    name: string,
    role: 'regulator_city' | 'regulator_county' | 'regulator_province',
    region: string,
  ) => {
    accounts[name] = (await newUser(ctx.app.db, role, { regionCode: region })).username;
  };
  await make('city', 'regulator_city', regions.city);
  await make('county', 'regulator_county', regions.county);
  await make('otherCity', 'regulator_city', regions.otherCity);
  await make('province', 'regulator_province', regions.province);
  await signIn();
});
afterAll(async () => {
  await ctx?.close();
});

async function signIn() {
  for (const [name, username] of Object.entries(accounts)) {
    cookies[name] = await loginAs(ctx.http, username, 'regulator');
  }
}
/** Moves the clock (China time) and signs in again: sessions expire with the moved clock. */
async function at(iso: string) {
  ctx.clock.set(new Date(iso));
  await signIn();
}

const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.http.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    ...(who ? { headers: { cookie: cookies[who]! } } : {}),
  });

type Entry = {
  id: string;
  subject: string;
  schoolId: string;
  coachId: string | null;
  coachName: string | null;
  sanction: string;
  fromDate: string;
  untilDate: string | null;
  liftedOn: string | null;
  liftNote: string | null;
  liftedBy: string | null;
  createdBy: string | null;
  status?: string;
};

const flag = async (schoolId: string) =>
  (
    await ctx.app.db
      .selectFrom('schoolSearch')
      .select('keySupervision')
      .where('schoolId', '=', schoolId)
      .executeTakeFirstOrThrow()
  ).keySupervision;
const entryCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_supervisions`.execute(ctx.app.db)).rows[0]!.n;

describe('key supervision list', () => {
  it('lists a school with sanction and period; search, profile and the region list follow; lifted with a note', async () => {
    await at('2026-11-02T09:00:00+08:00');
    const school = await newSchool(ctx.app.db);
    expect(await flag(school.id)).toBe(false);

    const created = await call('city', 'POST', '/api/regulator/key-supervisions', {
      subject: 'school',
      schoolId: school.id,
      reason: '学时造假，情节严重',
      sanction: 'enrolment_stopped',
      fromDate: '2026-11-01',
      untilDate: '2027-01-31',
    });
    expect(created.statusCode, created.body).toBe(200);
    const entry = created.json() as Entry;
    expect(entry).toMatchObject({
      subject: 'school',
      schoolId: school.id,
      coachId: null,
      sanction: 'enrolment_stopped',
      fromDate: '2026-11-01',
      untilDate: '2027-01-31',
      liftedOn: null,
      createdBy: accounts.city,
    });
    expect(await flag(school.id)).toBe(true);
    const profile = (await call(null, 'GET', `/api/public/schools/${school.id}`)).json() as {
      warnings: Array<{ code: string; since: string | null; reason: string | null }>;
    };
    expect(profile.warnings).toContainEqual({
      code: 'key_supervision',
      since: '2026-11-01',
      reason: '学时造假，情节严重',
    });

    // Every regulator of the region reads it; another city's regulator does not see it.
    const countyList = await call('county', 'GET', '/api/regulator/key-supervisions');
    expect((countyList.json() as { items: Entry[] }).items.map((e) => [e.id, e.status])).toContainEqual([
      entry.id,
      'active',
    ]);
    const otherList = await call('otherCity', 'GET', '/api/regulator/key-supervisions?state=all');
    expect((otherList.json() as { items: Entry[] }).items.map((e) => e.id)).not.toContain(entry.id);
    // A county regulator reads but does not write; another city cannot touch the school.
    const countyLift = await call('county', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {
      note: '整改完成',
    });
    expect(countyLift.statusCode).toBe(403);
    const otherLift = await call('otherCity', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {
      note: '整改完成',
    });
    expect(otherLift.statusCode).toBe(403);
    const otherCreate = await call('otherCity', 'POST', '/api/regulator/key-supervisions', {
      subject: 'school',
      schoolId: school.id,
      reason: '越权',
      sanction: 'rectify',
    });
    expect(otherCreate.statusCode).toBe(403);

    // Lifting needs a review note; a blank one is refused and changes nothing.
    const noNote = await call('city', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {});
    expect(noNote.statusCode).toBe(400);
    const blank = await call('city', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {
      note: '   ',
    });
    expect(blank.json()).toMatchObject({ code: 'supervision.note_required' });
    expect(await flag(school.id)).toBe(true);

    const lifted = await call('province', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {
      note: '复查合格：计时设备已整改，学时数据核实无误',
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({
      id: entry.id,
      liftedOn: '2026-11-02',
      liftNote: '复查合格：计时设备已整改，学时数据核实无误',
      liftedBy: accounts.province,
    });
    expect(await flag(school.id)).toBe(false);
    const again = await call('city', 'POST', `/api/regulator/key-supervisions/${entry.id}/lift`, {
      note: '再次',
    });
    expect(again.json()).toMatchObject({ code: 'supervision.already_lifted' });

    // History is kept: the lifted entry is listed as lifted, and the audit log has both steps.
    const history = (await call('city', 'GET', '/api/regulator/key-supervisions?state=lifted')).json() as {
      items: Entry[];
    };
    expect(history.items.find((e) => e.id === entry.id)).toMatchObject({ status: 'lifted' });
    const audits = await ctx.app.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', entry.id)
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'supervision.key_supervision.listed',
      'supervision.key_supervision.lifted',
    ]);
  });

  it('refuses bad input with its code and writes nothing', async () => {
    await at('2026-11-02T09:00:00+08:00');
    const school = await newSchool(ctx.app.db);
    const otherCountySchool = await newSchool(ctx.app.db, { countyCode: regions.otherProvinceCounty });
    const coach = await newCoach(ctx.app.db, ctx.app.vault, school.id);
    const before = await entryCount();
    const base = { subject: 'school', schoolId: school.id, reason: '投诉集中', sanction: 'rectify' };
    const cases: Array<[object, number, string]> = [
      // A coach sanction on a school subject, and a school sanction on a coach.
      [{ ...base, sanction: 'suspended' }, 400, 'supervision.subject_mismatch'],
      [
        { subject: 'coach', coachId: coach.id, reason: 'x', sanction: 'enrolment_stopped' },
        400,
        'supervision.subject_mismatch',
      ],
      // A school entry naming a coach; a coach entry without one; a coach with another school.
      [{ ...base, coachId: coach.id }, 400, 'supervision.subject_mismatch'],
      [
        { subject: 'coach', schoolId: school.id, reason: 'x', sanction: 'suspended' },
        400,
        'supervision.subject_mismatch',
      ],
      [
        {
          subject: 'coach',
          coachId: coach.id,
          schoolId: otherCountySchool.id,
          reason: 'x',
          sanction: 'suspended',
        },
        400,
        'supervision.subject_mismatch',
      ],
      // Dates: off the calendar, too far ahead, ending before starting, already ended.
      [{ ...base, fromDate: '2026-02-31' }, 400, 'supervision.date_invalid'],
      [{ ...base, fromDate: '2027-03-01' }, 400, 'supervision.date_invalid'],
      [{ ...base, fromDate: '2026-11-10', untilDate: '2026-11-09' }, 400, 'supervision.date_invalid'],
      [{ ...base, fromDate: '2026-10-01', untilDate: '2026-10-31' }, 400, 'supervision.date_invalid'],
      [{ ...base, reason: '  ' }, 400, 'supervision.reason_required'],
      [{ ...base, sanction: 'revoked' }, 400, 'request.invalid'],
      // Another province's school.
      [{ ...base, schoolId: otherCountySchool.id }, 403, 'auth.forbidden'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await call('city', 'POST', '/api/regulator/key-supervisions', payload);
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect(await entryCount()).toBe(before);

    // One entry not lifted per period: a second overlapping one is refused until the first is lifted.
    const first = await call('city', 'POST', '/api/regulator/key-supervisions', base);
    expect(first.statusCode).toBe(200);
    const overlap = await call('city', 'POST', '/api/regulator/key-supervisions', {
      ...base,
      sanction: 'business_suspended',
      fromDate: '2026-11-20',
    });
    expect([overlap.statusCode, overlap.json().code]).toEqual([409, 'supervision.already_listed']);
    expect(await entryCount()).toBe(before + 1);

    // The table itself keeps history: no delete, no rewrite of what was decided.
    const id = (first.json() as Entry).id;
    await expect(sql`DELETE FROM key_supervisions WHERE id = ${id}`.execute(ctx.app.db)).rejects.toThrow(
      /never deleted/,
    );
    await expect(
      sql`UPDATE key_supervisions SET reason = 'changed' WHERE id = ${id}`.execute(ctx.app.db),
    ).rejects.toThrow(/only lifting/);
  });

  it('follows the calendar: an entry starting later flags the school on its day and stops after its last', async () => {
    await at('2026-11-02T09:00:00+08:00');
    const school = await newSchool(ctx.app.db);
    const res = await call('city', 'POST', '/api/regulator/key-supervisions', {
      subject: 'school',
      schoolId: school.id,
      reason: '停业整顿',
      sanction: 'business_suspended',
      fromDate: '2026-11-10',
      untilDate: '2026-11-20',
    });
    expect(res.json()).toMatchObject({ fromDate: '2026-11-10' });
    expect(await flag(school.id)).toBe(false);
    const statusOf = async () =>
      (
        (await call('city', 'GET', '/api/regulator/key-supervisions?state=all')).json() as { items: Entry[] }
      ).items.find((e) => e.schoolId === school.id)?.status;
    expect(await statusOf()).toBe('upcoming');
    // The default list is the current one: in effect or starting later, not ended, not lifted.
    const inCurrentList = async () =>
      (
        (await call('city', 'GET', '/api/regulator/key-supervisions')).json() as { items: Entry[] }
      ).items.some((e) => e.schoolId === school.id);
    expect(await inCurrentList()).toBe(true);

    await at('2026-11-10T00:05:00+08:00');
    expect(await ctx.app.keySupervision.syncSearchFlags()).toBeGreaterThanOrEqual(1);
    expect(await flag(school.id)).toBe(true);
    expect(await statusOf()).toBe('active');

    await at('2026-11-21T00:05:00+08:00');
    await ctx.app.keySupervision.syncSearchFlags();
    expect(await flag(school.id)).toBe(false);
    expect(await statusOf()).toBe('ended');
    expect(await inCurrentList()).toBe(false);
    // A second run changes nothing.
    const onlyChanges = await ctx.app.keySupervision.syncSearchFlags();
    expect(onlyChanges).toBe(0);
  });
});

describe('the monthly public notice', () => {
  it('shows a month’s schools and coaches only after the city publishes it, coach names masked', async () => {
    await at('2026-12-03T10:00:00+08:00');
    const school = await newSchool(ctx.app.db, { name: '通报测试驾校' });
    const coach = await newCoach(ctx.app.db, ctx.app.vault, school.id);
    await ctx.app.db.updateTable('coaches').set({ name: '欧阳小明' }).where('id', '=', coach.id).execute();
    const listed = await call('city', 'POST', '/api/regulator/key-supervisions', {
      subject: 'school',
      schoolId: school.id,
      reason: '学时造假',
      sanction: 'enrolment_stopped',
      fromDate: '2026-12-01',
    });
    expect(listed.statusCode).toBe(200);
    const coachEntry = await call('city', 'POST', '/api/regulator/key-supervisions', {
      subject: 'coach',
      coachId: coach.id,
      reason: '收受学员财物',
      sanction: 'suspended',
      fromDate: '2026-12-02',
      untilDate: '2027-02-28',
    });
    expect(coachEntry.statusCode, coachEntry.body).toBe(200);
    expect(coachEntry.json()).toMatchObject({ subject: 'coach', schoolId: school.id, coachName: '欧阳小明' });

    const url = `/api/public/key-supervision-notices/${regions.city}/2026-12`;
    expect((await call(null, 'GET', url)).json()).toMatchObject({ code: 'supervision.notice_not_found' });

    // Only city and province regulators publish; never a month that has not started; the city must be one.
    expect(
      (await call('county', 'POST', '/api/regulator/key-supervision-notices', { month: '2026-12' }))
        .statusCode,
    ).toBe(403);
    const future = await call('city', 'POST', '/api/regulator/key-supervision-notices', { month: '2027-01' });
    expect(future.json()).toMatchObject({ code: 'supervision.month_invalid' });
    const provinceWithoutCity = await call('province', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-12',
    });
    expect(provinceWithoutCity.json()).toMatchObject({ code: 'supervision.city_required' });
    const foreignCity = await call('province', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-12',
      cityCode: regions.otherCity,
    });
    expect(foreignCity.statusCode).toBe(403);

    const published = await call('city', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-12',
    });
    expect(published.statusCode, published.body).toBe(200);
    const notice = (await call(null, 'GET', url)).json() as {
      cityName: string;
      items: Array<{ subject: string; schoolName: string; coachName: string | null; sanction: string }>;
    };
    expect(notice.cityName).toBe('济南市');
    expect(notice.items).toContainEqual(
      expect.objectContaining({
        subject: 'school',
        schoolName: '通报测试驾校',
        coachName: null,
        sanction: 'enrolment_stopped',
      }),
    );
    expect(notice.items).toContainEqual(
      expect.objectContaining({
        subject: 'coach',
        schoolName: '通报测试驾校',
        coachName: '欧**明',
        sanction: 'suspended',
      }),
    );
    expect(JSON.stringify(notice)).not.toContain('欧阳小明');

    const twice = await call('city', 'POST', '/api/regulator/key-supervision-notices', { month: '2026-12' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'supervision.notice_exists']);
    const index = (await call(null, 'GET', '/api/public/key-supervision-notices')).json() as {
      items: Array<{ cityCode: string; month: string; count: number }>;
    };
    expect(index.items).toContainEqual(
      expect.objectContaining({ cityCode: regions.city, month: '2026-12', count: notice.items.length }),
    );
    // Published notices are frozen: lifting afterwards does not change what the public read.
    await call('city', 'POST', `/api/regulator/key-supervisions/${(listed.json() as Entry).id}/lift`, {
      note: '复查合格',
    });
    expect((await call(null, 'GET', url)).json()).toEqual(notice);
  });

  it('counts an entry in the months it was in effect and not in a month before it or after its lift', async () => {
    await at('2026-11-02T09:00:00+08:00');
    const school = await newSchool(ctx.app.db, { name: '十月通报测试驾校' });
    const res = await call('city', 'POST', '/api/regulator/key-supervisions', {
      subject: 'school',
      schoolId: school.id,
      reason: '十月的问题',
      sanction: 'rectify',
      fromDate: '2026-10-20',
    });
    expect(res.statusCode).toBe(200);
    await call('city', 'POST', `/api/regulator/key-supervisions/${(res.json() as Entry).id}/lift`, {
      note: '已整改',
    });
    const october = await call('city', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-10',
    });
    const september = await call('city', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-09',
    });
    const names = (r: typeof october) =>
      (r.json() as { items: Array<{ schoolName: string }> }).items.map((i) => i.schoolName);
    expect(names(october)).toContain('十月通报测试驾校');
    expect(names(september)).not.toContain('十月通报测试驾校');
    // Lifted on 2 November: in November's notice (in effect on 1 and 2 November), not in January's.
    await at('2027-01-05T09:00:00+08:00');
    const november = await call('city', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2026-11',
    });
    expect(names(november)).toContain('十月通报测试驾校');
    const january = await call('city', 'POST', '/api/regulator/key-supervision-notices', {
      month: '2027-01',
    });
    expect(names(january)).not.toContain('十月通报测试驾校');
  });
});
