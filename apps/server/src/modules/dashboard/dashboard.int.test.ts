import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import type { Dashboard } from './dashboard.schemas.ts';

/**
 * The dashboard's figures are computed from rows other modules write; here those rows are inserted
 * directly (each module's own tests cover how they come to be), on known China days, in two counties.
 */
describe('regulator dashboard', () => {
  let ctx: TestContext;
  const cookies: Record<'county' | 'city' | 'otherCounty' | 'schoolAdmin', string> = {
    county: '',
    city: '',
    otherCounty: '',
    schoolAdmin: '',
  };
  let sequence = 0;

  async function addLog(
    schoolId: string,
    traineeId: string,
    coachId: string,
    startedAt: string,
    credited: number,
  ) {
    const start = new Date(startedAt);
    const row = await ctx.app.db
      .insertInto('teachingLogs')
      .values({
        source: 'terminal',
        traineeId,
        schoolId,
        coachId,
        courseCode: '1221120000',
        licenceClass: 'C1',
        part: 2,
        startedAt: start,
        endedAt: new Date(start.getTime() + credited * 60_000),
        totalMinutes: credited,
        validMinutes: credited,
        creditedMinutes: credited,
        verdict: 'valid',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function addRisk(
    logId: string,
    schoolId: string,
    county: string,
    day: string,
    level: 'none' | 'high',
  ) {
    await ctx.app.db
      .insertInto('sessionRisks')
      .values({
        teachingLogId: logId,
        schoolId,
        countyCode: county,
        sessionDay: day,
        startedAt: new Date(`${day}T09:00:00+08:00`),
        score: level === 'high' ? 100 : 0,
        level,
        detectors: level === 'high' ? ['pulse-gnss-mismatch'] : [],
        rulesetVersion: 'test',
        computedAt: new Date(`${day}T12:00:00+08:00`),
      })
      .execute();
    if (level === 'high') {
      await ctx.app.db
        .insertInto('sessionFindings')
        .values({
          teachingLogId: logId,
          countyCode: county,
          sessionDay: day,
          detector: 'pulse-gnss-mismatch',
          severity: 'high',
          score: 60,
          counted: true,
          evidence: JSON.stringify({ meanRecorderKmh: 40 }),
          latitude: 36.6612,
          longitude: 117.0533,
          fromAt: new Date(`${day}T09:10:00+08:00`),
          toAt: new Date(`${day}T09:20:00+08:00`),
        })
        .execute();
    }
  }

  async function addWorkOrder(
    schoolId: string,
    county: string,
    createdAt: string,
    status: string,
    dueAt: string,
  ) {
    sequence++;
    await ctx.app.db
      .insertInto('workOrders')
      .values({
        number: `GD-${county}-20261101-${String(sequence).padStart(4, '0')}`,
        sourceKind: 'manual',
        sourceId: null,
        category: 'other',
        title: '测试工单',
        description: '仪表盘统计用的测试工单',
        countyCode: county,
        schoolId,
        assigneeKind: 'school',
        status,
        dueAt: new Date(dueAt),
        disposalRound: status === 'open' ? 0 : 1,
        firstDisposedAt: status === 'open' ? null : new Date(createdAt),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      })
      .execute();
  }

  async function addComplaint(schoolId: string, county: string, createdAt: string, escalated: boolean) {
    sequence++;
    await ctx.app.db
      .insertInto('complaints')
      .values({
        trackingNumber: `TS261101${String(100000 + sequence)}`,
        kind: 'complaint',
        category: 'teaching_quality',
        target: 'school',
        schoolId,
        countyCode: county,
        body: '教练迟到',
        complainantName: '王五',
        complainantPhone: '13800000000',
        idempotencyKey: `dashboard-${sequence}`,
        status: escalated ? 'escalated' : 'submitted',
        escalationReason: escalated ? 'school_overdue' : null,
        schoolDueAt: new Date(createdAt),
        regulatorDueAt: escalated ? new Date('2026-12-30T00:00:00+08:00') : null,
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      })
      .execute();
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const db = ctx.app.db;
    const here = await newSchool(db, { countyCode: regions.county, name: '历下仪表盘驾校' });
    const there = await newSchool(db, { countyCode: regions.otherCounty, name: '市中仪表盘驾校' });
    const coach = await newCoach(db, ctx.app.vault, here.id);
    const otherCoach = await newCoach(db, ctx.app.vault, there.id);
    const [t1, t2] = [
      await newTrainee(db, ctx.app.vault, here.id),
      await newTrainee(db, ctx.app.vault, here.id),
    ];
    const t3 = await newTrainee(db, ctx.app.vault, there.id);

    // 2026-11-01: two sessions of one trainee and one of another here (one high risk); one there.
    // 23:30 on the 1st in China is still the 1st, though it is the 1st 15:30 UTC.
    const a = await addLog(here.id, t1.id, coach.id, '2026-11-01T09:00:00+08:00', 60);
    const b = await addLog(here.id, t1.id, coach.id, '2026-11-01T23:30:00+08:00', 20);
    const c = await addLog(here.id, t2.id, coach.id, '2026-11-01T14:00:00+08:00', 40);
    const d = await addLog(there.id, t3.id, otherCoach.id, '2026-11-01T10:00:00+08:00', 30);
    // 2026-11-03 here; and one just outside the window (2026-11-04 00:10 China time).
    await addLog(here.id, t2.id, coach.id, '2026-11-03T08:00:00+08:00', 45);
    await addLog(here.id, t2.id, coach.id, '2026-11-04T00:10:00+08:00', 45);
    await addRisk(a, here.id, regions.county, '2026-11-01', 'none');
    await addRisk(b, here.id, regions.county, '2026-11-01', 'high');
    await addRisk(c, here.id, regions.county, '2026-11-01', 'none');
    await addRisk(d, there.id, regions.otherCounty, '2026-11-01', 'high');

    // The clock stands at 2026-11-02 09:00 (+08:00): an open order due the 1st is overdue now; the
    // disposed one, due the 1st as well, waits for verification and is not.
    await addWorkOrder(
      here.id,
      regions.county,
      '2026-11-01T10:00:00+08:00',
      'open',
      '2026-11-01T18:00:00+08:00',
    );
    await addWorkOrder(
      here.id,
      regions.county,
      '2026-11-01T11:00:00+08:00',
      'disposed',
      '2026-11-01T18:00:00+08:00',
    );
    await addWorkOrder(
      here.id,
      regions.county,
      '2026-11-02T08:00:00+08:00',
      'closed',
      '2026-11-01T18:00:00+08:00',
    );
    await addWorkOrder(
      there.id,
      regions.otherCounty,
      '2026-11-01T10:00:00+08:00',
      'open',
      '2026-11-09T00:00:00+08:00',
    );

    await addComplaint(here.id, regions.county, '2026-11-01T08:00:00+08:00', true);
    await addComplaint(here.id, regions.county, '2026-11-03T08:00:00+08:00', false);
    await addComplaint(there.id, regions.otherCounty, '2026-11-01T08:00:00+08:00', false);

    const users = {
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
      otherCounty: await newUser(db, 'regulator_county', { regionCode: regions.otherCounty }),
      schoolAdmin: await newUser(db, 'school_admin', { schoolId: here.id }),
    };
    cookies.county = await loginAs(ctx.http, users.county.username, 'regulator');
    cookies.city = await loginAs(ctx.http, users.city.username, 'regulator');
    cookies.otherCounty = await loginAs(ctx.http, users.otherCounty.username, 'regulator');
    cookies.schoolAdmin = await loginAs(ctx.http, users.schoolAdmin.username, 'school');
  });
  afterAll(() => ctx.close());

  const get = (query: string, cookie: string) =>
    ctx.http.inject({ method: 'GET', url: `/api/regulator/dashboard?${query}`, headers: { cookie } });

  it('gives the county its own figures, a row for every China day of the window', async () => {
    const res = await get('from=2026-11-01&to=2026-11-03', cookies.county);
    expect(res.statusCode).toBe(200);
    const body = res.json<Dashboard>();
    expect(body.region.code).toBe(regions.county);
    expect(body.training).toEqual([
      { day: '2026-11-01', sessions: 3, trainees: 2, creditedMinutes: 120 },
      { day: '2026-11-02', sessions: 0, trainees: 0, creditedMinutes: 0 },
      { day: '2026-11-03', sessions: 1, trainees: 1, creditedMinutes: 45 },
    ]);
    expect(body.anomalies.map((d) => [d.day, d.scored, d.flagged])).toEqual([
      ['2026-11-01', 3, 1],
      ['2026-11-02', 0, 0],
      ['2026-11-03', 0, 0],
    ]);
    expect(body.workOrders).toEqual({ pushed: 3, disposed: 1, closed: 1, overdue: 1 });
    expect(body.complaints.map((d) => [d.received, d.escalated])).toEqual([
      [1, 1],
      [0, 0],
      [1, 0],
    ]);
    expect(body.totals).toMatchObject({
      sessions: 4,
      creditedMinutes: 165,
      scoredSessions: 3,
      flaggedSessions: 1,
      complaints: 2,
    });
    expect(body.anomalyMap).toEqual([{ latitude: 36.665, longitude: 117.055, findings: 1, sessions: 1 }]);
  });

  it('sums both counties for the city and narrows to one county on request', async () => {
    const city = (await get('from=2026-11-01&to=2026-11-03', cookies.city)).json<Dashboard>();
    expect(city.totals.sessions).toBe(5);
    expect(city.totals.flaggedSessions).toBe(2);
    expect(city.workOrders.pushed).toBe(4);
    expect(city.anomalyMap.reduce((n, c) => n + c.findings, 0)).toBe(2);

    const narrowed = (
      await get(`from=2026-11-01&to=2026-11-03&regionCode=${regions.otherCounty}`, cookies.city)
    ).json<Dashboard>();
    expect(narrowed.totals.sessions).toBe(1);
    expect(narrowed.region.code).toBe(regions.otherCounty);
  });

  it('refuses another county, schools, and windows that are backwards or longer than a quarter', async () => {
    expect(
      (await get(`from=2026-11-01&to=2026-11-03&regionCode=${regions.county}`, cookies.otherCounty))
        .statusCode,
    ).toBe(403);
    expect((await get('from=2026-11-01&to=2026-11-03', cookies.schoolAdmin)).statusCode).toBe(403);
    const backwards = await get('from=2026-11-03&to=2026-11-01', cookies.county);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'dashboard.window_invalid' });
    expect((await get('from=2026-01-01&to=2026-11-01', cookies.county)).json()).toMatchObject({
      code: 'dashboard.window_invalid',
    });
    expect((await get('from=2026-11-01&to=yesterday', cookies.county)).statusCode).toBe(400);
  });
});
