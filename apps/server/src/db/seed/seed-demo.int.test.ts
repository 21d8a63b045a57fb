import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { hashPassword } from '../../modules/identity/index.ts';
import { countDemoRegion, generateDemoRegion, type DemoRegionCounts } from './demo-region.ts';
import { demoSupervisionCalendar } from './demo-supervision.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo, type SeedDemoResult } from './seed-demo.ts';

/** Table behind each count of countDemoRegion. */
const TABLES: Record<keyof DemoRegionCounts, string> = {
  regions: 'regions',
  schools: 'schools',
  classTypes: 'class_types',
  coaches: 'coaches',
  vehicles: 'vehicles',
  terminals: 'terminals',
  teachingAreas: 'teaching_areas',
  recruitmentPoints: 'recruitment_points',
  trainees: 'trainees',
  users: 'users',
};

describe('seedDemo', () => {
  const region = generateDemoRegion();
  let ctx: TestContext;
  let first: SeedDemoResult;
  let second: SeedDemoResult;
  let firstMs: number;
  // The demo's recent history is dated back from the seeding instant; the app's clock is set to it too.
  const seededAt = new Date();
  const cal = demoSupervisionCalendar(seededAt);

  async function countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [key, table] of Object.entries(TABLES)) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
        ctx.app.db,
      );
      counts[key] = rows[0]!.n;
    }
    return counts;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const deps = { vault: ctx.app.vault, hashPassword, audit: ctx.app.audit };
    const started = performance.now();
    first = await seedDemo(ctx.app.db, deps, { now: seededAt });
    firstMs = performance.now() - started;
    second = await seedDemo(ctx.app.db, deps);
  });
  afterAll(() => ctx.close());

  it('inserts exactly the generated region, well within the start-up budget', async () => {
    const expected = countDemoRegion(region);

    expect(first).toEqual({ inserted: true, counts: expected });
    expect(await countRows()).toEqual(expected);
    expect(firstMs).toBeLessThan(30_000);
  });

  it('does nothing the second time', async () => {
    expect(second).toEqual({ inserted: false, counts: {} });
    expect(await countRows()).toEqual(countDemoRegion(region));
  });

  it('stores identity numbers encrypted and finds them by their lookup hash', async () => {
    const coach = region.coaches[0]!;

    const row = await ctx.app.db
      .selectFrom('coaches')
      .select(['id', 'idNumberCipher', 'idNumberMasked'])
      .where('idNumberHash', '=', ctx.app.vault.lookupHash(coach.idNumber))
      .executeTakeFirstOrThrow();

    expect(row.id).toBe(coach.id);
    expect(row.idNumberCipher).not.toContain(coach.idNumber);
    expect(ctx.app.vault.reveal(row.idNumberCipher)).toBe(coach.idNumber);
    expect(row.idNumberMasked).toBe(`${coach.idNumber.slice(0, 6)}********${coach.idNumber.slice(-4)}`);
  });

  it('keeps jsonb and array columns as generated', async () => {
    const area = region.teachingAreas[0]!;
    const school = region.schools[0]!;

    const storedArea = await ctx.app.db
      .selectFrom('teachingAreas')
      .select(['polygon', 'licenceClasses', 'areaM2'])
      .where('id', '=', area.id)
      .executeTakeFirstOrThrow();
    const storedSchool = await ctx.app.db
      .selectFrom('schools')
      .select(['photos', 'licenceClasses'])
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();

    expect(storedArea).toEqual({
      polygon: area.polygon,
      licenceClasses: area.licenceClasses,
      areaM2: area.areaM2,
    });
    expect(storedSchool).toEqual({ photos: school.photos, licenceClasses: school.licenceClasses });
  });

  it('lets every demo account sign in through its portal with the demo password', async () => {
    for (const account of demoAccounts) {
      await expect(loginAs(ctx.http, account.username, account.portal, DEMO_PASSWORD)).resolves.toMatch(
        /^jiapei_session=/,
      );
    }
  });

  it('records the seeding once in an intact audit chain', async () => {
    const entries = await ctx.app.db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', '=', 'demo.seeded')
      .execute();

    expect(entries).toEqual([{ action: 'demo.seeded', entityId: '370100' }]);
    expect(await ctx.app.audit.verifyChain(ctx.app.db)).toMatchObject({ ok: true });
  });

  describe('supervision (重点监管, 监管行动)', () => {
    let cookie: string;
    let demoSchoolId: string;
    const get = (url: string) => ctx.http.inject({ method: 'GET', url, headers: { cookie } });

    beforeAll(async () => {
      ctx.clock.set(seededAt);
      cookie = await loginAs(ctx.http, 'demo-city', 'regulator', DEMO_PASSWORD);
      demoSchoolId = (
        await ctx.app.db
          .selectFrom('users')
          .select('schoolId')
          .where('username', '=', 'demo-school')
          .executeTakeFirstOrThrow()
      ).schoolId!;
    });

    it('lists schools and coaches under key supervision, one lifted after review with its note', async () => {
      const entries = await ctx.app.db
        .selectFrom('keySupervisions')
        .innerJoin('schools', 'schools.id', 'keySupervisions.schoolId')
        .select([
          'keySupervisions.subject',
          'keySupervisions.sanction',
          'keySupervisions.schoolId',
          'keySupervisions.countyCode',
          'keySupervisions.liftNote',
          'keySupervisions.untilDate',
          'schools.status as schoolStatus',
          'schools.grade',
        ])
        .execute();

      expect(entries).toHaveLength(6);
      expect(entries.filter((e) => e.subject === 'school')).toHaveLength(4);
      expect(entries.filter((e) => e.subject === 'coach')).toHaveLength(2);
      expect(entries.every((e) => e.countyCode.startsWith('3701'))).toBe(true);
      expect(entries.filter((e) => e.liftNote !== null)).toEqual([
        expect.objectContaining({ subject: 'school', liftNote: expect.stringContaining('整改到位') }),
      ]);
      // Specs pick the first schools of the lists, which open on 一级 schools: none is listed.
      expect(entries.every((e) => e.grade >= 2)).toBe(true);

      const current = (await get('/api/regulator/key-supervisions')).json();
      expect(current.items.map((i: { status: string }) => i.status)).toEqual(
        expect.arrayContaining(['active']),
      );
      expect(current.items).toHaveLength(4);
      // The public search flags the three schools listed today.
      const flagged = await ctx.app.db
        .selectFrom('schoolSearch')
        .select('schoolId')
        .where('keySupervision', '=', true)
        .execute();
      expect(flagged).toHaveLength(3);
    });

    it('never sanctions the demo school nor suspends a coach who can sign in today', async () => {
      const onDemoSchool = await ctx.app.db
        .selectFrom('keySupervisions')
        .select('id')
        .where('schoolId', '=', demoSchoolId)
        .execute();
      expect(onDemoSchool).toEqual([]);
      const blocked = (await get(`/api/regulator/key-supervisions?state=all`))
        .json()
        .items.filter(
          (i: { sanction: string; schoolId: string; status: string }) =>
            i.schoolId === demoSchoolId && ['enrolment_stopped', 'business_suspended'].includes(i.sanction),
        );
      expect(blocked).toEqual([]);

      // The one 停止执教 is of a school that is not operating (the simulated fleet drives operating
      // schools' cars) and ended last month.
      const suspensions = await ctx.app.db
        .selectFrom('keySupervisions')
        .innerJoin('schools', 'schools.id', 'keySupervisions.schoolId')
        .select(['schools.status', 'keySupervisions.untilDate'])
        .where('keySupervisions.sanction', '=', 'suspended')
        .execute();
      expect(suspensions).toHaveLength(1);
      expect(suspensions[0]!.status).not.toBe('operating');
      expect(suspensions[0]!.untilDate! < cal.thisMonth).toBe(true);
    });

    it('records last month’s actions so the monthly report’s first columns are not zero', async () => {
      const res = await get(`/api/regulator/monthly-report?month=${cal.lastMonth}`);
      expect(res.statusCode).toBe(200);
      const figures = res.json().rows[0].figures;
      expect(figures).toMatchObject({
        checkedSchools: 4,
        rectificationSchools: 2,
        interviewedAuthorities: 2,
        interviewedSchools: 2,
        enforcementCounties: 2,
        penalisedSchools: 1,
        penalisedCoaches: 2,
        keySupervisionSchools: 4,
        keySupervisionCoaches: 2,
      });
      // The schools entered the registry in their founding years, so last month already had them all
      // (but the closed ones, closed when the seed ran).
      const registered = await ctx.app.db
        .selectFrom('schools')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('countyCode', 'like', '3701%')
        .where('status', '<>', 'closed')
        .executeTakeFirstOrThrow();
      expect(figures.existingSchools).toBe(Number(registered.n));
      // Spread over several counties, and none in the future.
      const actions = await ctx.app.db
        .selectFrom('supervisionActions')
        .select(['countyCode', 'happenedOn'])
        .execute();
      expect(new Set(actions.map((a) => a.countyCode)).size).toBeGreaterThanOrEqual(5);
      expect(actions.every((a) => a.happenedOn <= cal.today)).toBe(true);
      expect(actions.filter((a) => a.happenedOn.startsWith(cal.thisMonth)).length).toBeGreaterThan(0);

      const thisMonth = (await get(`/api/regulator/monthly-report?month=${cal.thisMonth}`)).json();
      expect(thisMonth.rows[0].figures.checkedSchools).toBe(2);
    });

    it('publishes last month’s notice and leaves this month to the city', async () => {
      const index = (
        await ctx.http.inject({ method: 'GET', url: '/api/public/key-supervision-notices' })
      ).json();
      expect(index.items).toEqual([expect.objectContaining({ cityCode: '370100', month: cal.lastMonth })]);
      const notice = (
        await ctx.http.inject({
          method: 'GET',
          url: `/api/public/key-supervision-notices/370100/${cal.lastMonth}`,
        })
      ).json();
      expect(notice.items).toHaveLength(6);
      const coaches = notice.items.filter((i: { subject: string }) => i.subject === 'coach');
      expect(coaches.every((i: { coachName: string }) => i.coachName.includes('*'))).toBe(true);
      expect(notice.items.filter((i: { liftedOn: string | null }) => i.liftedOn !== null)).toHaveLength(1);
    });
  });
});
