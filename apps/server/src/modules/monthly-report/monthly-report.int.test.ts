import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { countFigures, type CountFigure } from './report-form.ts';

/**
 * The monthly report from inserted records: October 2026 in China time, a city (济南 370100, two counties)
 * and a second city of the province (青岛 370200) with nothing, so the province sees who is missing.
 */
describe('monthly report (附件2)', () => {
  let ctx: TestContext;
  const cookies: Record<string, string> = {};
  const accounts: Record<string, { username: string }> = {};
  let schoolA: Awaited<ReturnType<typeof newSchool>>;
  let schoolB: Awaited<ReturnType<typeof newSchool>>;
  let schoolC: Awaited<ReturnType<typeof newSchool>>;
  let coachA: Awaited<ReturnType<typeof newCoach>>;
  let traineeA: Awaited<ReturnType<typeof newTrainee>>;
  let actorId: string;

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.http.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

  async function at(iso: string) {
    ctx.clock.set(new Date(iso));
    for (const [name, u] of Object.entries(accounts)) {
      cookies[name] = await loginAs(ctx.http, u.username, 'regulator');
    }
  }

  async function log(schoolId: string, startedAt: string) {
    const id = randomUUID();
    await ctx.app.db
      .insertInto('teachingLogs')
      .values({
        id,
        source: 'classroom',
        traineeId: traineeA.id,
        schoolId,
        courseCode: '1211110000',
        licenceClass: 'C1',
        part: 1,
        startedAt: new Date(startedAt),
        endedAt: new Date(new Date(startedAt).getTime() + 3600_000),
      })
      .execute();
    return id;
  }

  async function action(
    kind: string,
    countyCode: string,
    happenedOn: string,
    extra: { schoolId?: string; coachId?: string; enforcementId?: string } = {},
  ) {
    const id = randomUUID();
    await ctx.app.db
      .insertInto('supervisionActions')
      .values({
        id,
        kind,
        countyCode,
        happenedOn,
        schoolId: extra.schoolId ?? null,
        coachId: extra.coachId ?? null,
        enforcementId: extra.enforcementId ?? null,
        createdBy: actorId,
      })
      .execute();
    return id;
  }

  let orderSeq = 0;
  async function workOrder(schoolId: string, createdAt: string, status: string) {
    orderSeq += 1;
    await ctx.app.db
      .insertInto('workOrders')
      .values({
        number: `GD-370102-20261005-${String(orderSeq).padStart(4, '0')}`,
        sourceKind: 'manual',
        category: 'other',
        title: `测试工单${orderSeq}`,
        description: '测试用工单',
        countyCode: regions.county,
        schoolId,
        assigneeKind: 'school',
        status,
        dueAt: new Date(createdAt),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
        // A returned order was disposed once and sent back for more: it keeps its first disposal.
        ...(status === 'open' ? {} : { firstDisposedAt: new Date(createdAt) }),
        ...(status === 'disposed' ? { disposedAt: new Date(createdAt) } : {}),
        ...(status === 'closed' ? { disposedAt: new Date(createdAt), closedAt: new Date(createdAt) } : {}),
      })
      .execute();
  }

  async function review(logId: string, decidedAt: string | null) {
    await ctx.app.db
      .insertInto('manualReviews')
      .values({
        teachingLogId: logId,
        schoolId: schoolA.id,
        countyCode: regions.county,
        reason: 'sample',
        status: decidedAt ? 'decided' : 'queued',
        decision: decidedAt ? 'valid' : null,
        decidedAt: decidedAt ? new Date(decidedAt) : null,
        reviewerId: decidedAt ? actorId : null,
      })
      .execute();
  }

  async function keySupervision(
    subject: 'school' | 'coach',
    schoolId: string,
    countyCode: string,
    fromDate: string,
    extra: { coachId?: string; untilDate?: string; liftedAt?: string } = {},
  ) {
    await ctx.app.db
      .insertInto('keySupervisions')
      .values({
        subject,
        schoolId,
        coachId: extra.coachId ?? null,
        countyCode,
        reason: '测试',
        sanction: subject === 'school' ? 'rectify' : 'suspended',
        fromDate,
        untilDate: extra.untilDate ?? null,
        ...(extra.liftedAt ? { liftedAt: new Date(extra.liftedAt), liftNote: '整改完成' } : {}),
        createdBy: actorId,
      })
      .execute();
  }

  const expected = {
    existingSchools: 2,
    checkedSchools: 2,
    rectificationSchools: 1,
    interviewedAuthorities: 2,
    interviewedSchools: 1,
    enforcementCounties: 1,
    penalisedSchools: 1,
    penalisedCoaches: 1,
    teachingLogs: 3,
    reviewedLogs: 2,
    workOrdersPushed: 4,
    workOrdersDisposed: 3,
    keySupervisionSchools: 1,
    keySupervisionCoaches: 1,
  } satisfies Record<CountFigure, number>;

  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000' });
    const db = ctx.app.db;
    schoolA = await newSchool(db, { countyCode: regions.county });
    schoolB = await newSchool(db, { countyCode: regions.otherCounty });
    schoolC = await newSchool(db, { countyCode: regions.otherProvinceCounty });
    await db
      .insertInto('regions')
      .values({ code: '370200', name: '青岛市', level: 'city', parentCode: regions.province })
      .execute();
    // Factories stamp the machine's time; the report counts schools registered before the month's end.
    await db
      .updateTable('schools')
      .set({ createdAt: new Date('2025-06-01T00:00:00+08:00') })
      .execute();
    // Registered after October: not an existing school of the month.
    const late = await newSchool(db, { countyCode: regions.county });
    await db
      .updateTable('schools')
      .set({ createdAt: new Date('2026-11-01T00:00:00+08:00') })
      .where('id', '=', late.id)
      .execute();
    coachA = await newCoach(db, ctx.app.vault, schoolA.id);
    traineeA = await newTrainee(db, ctx.app.vault, schoolA.id);
    const users = {
      province: await newUser(db, 'regulator_province', { regionCode: regions.province }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      otherCity: await newUser(db, 'regulator_city', { regionCode: regions.otherCity }),
    };
    actorId = users.city.id;
    Object.assign(accounts, users);

    // Teaching logs: the month's edges in China time (00:00 on the 1st is in, 00:00 on the next 1st is out).
    const inside = await log(schoolA.id, '2026-10-01T00:00:00+08:00');
    await log(schoolB.id, '2026-10-31T23:59:59+08:00');
    await log(schoolA.id, '2026-10-15T10:00:00+08:00');
    await log(schoolA.id, '2026-09-30T23:59:59+08:00');
    await log(schoolA.id, '2026-11-01T00:00:00+08:00');
    await log(schoolC.id, '2026-10-10T10:00:00+08:00'); // another province

    // Supervision actions: a school checked twice counts once; two interviewed authorities.
    await action('qualification_check', regions.county, '2026-10-02', { schoolId: schoolA.id });
    await action('qualification_check', regions.county, '2026-10-20', { schoolId: schoolA.id });
    await action('qualification_check', regions.otherCounty, '2026-10-31', { schoolId: schoolB.id });
    await action('qualification_check', regions.otherCounty, '2026-11-01', { schoolId: schoolB.id });
    await action('rectification_order', regions.county, '2026-10-03', { schoolId: schoolA.id });
    await action('interview_authority', regions.county, '2026-10-04');
    await action('interview_authority', regions.otherCounty, '2026-10-04');
    await action('interview_school', regions.otherCounty, '2026-10-05', { schoolId: schoolB.id });
    const enforcement = await action('enforcement', regions.county, '2026-10-06');
    await action('penalty_school', regions.county, '2026-10-06', {
      schoolId: schoolA.id,
      enforcementId: enforcement,
    });
    await action('penalty_coach', regions.county, '2026-10-06', {
      schoolId: schoolA.id,
      coachId: coachA.id,
      enforcementId: enforcement,
    });
    await action('enforcement', regions.otherProvinceCounty, '2026-10-06');

    // Manual reviews: two decided in October (one at its last second), one decided in November, one queued.
    await review(inside, '2026-10-31T23:59:59+08:00');
    await review(await log(schoolA.id, '2026-09-10T10:00:00+08:00'), '2026-10-01T00:00:00+08:00');
    await review(await log(schoolA.id, '2026-09-11T10:00:00+08:00'), '2026-11-01T00:00:00+08:00');
    await review(await log(schoolA.id, '2026-09-12T10:00:00+08:00'), null);

    // Work orders pushed in October: one disposed, one closed, one returned after a disposal, one open
    // → 3/4 (the work-order module's "disposed at least once"); one from September.
    await workOrder(schoolA.id, '2026-10-05T10:00:00+08:00', 'disposed');
    await workOrder(schoolA.id, '2026-10-05T11:00:00+08:00', 'returned');
    await workOrder(schoolA.id, '2026-10-06T10:00:00+08:00', 'closed');
    await workOrder(schoolA.id, '2026-10-07T10:00:00+08:00', 'open');
    await workOrder(schoolA.id, '2026-09-30T10:00:00+08:00', 'closed');

    // Key supervision: A listed since September (counts), B lifted in September (not), a coach listed on
    // the 31st (counts), B again from 1 November (not).
    await keySupervision('school', schoolA.id, regions.county, '2026-09-01');
    await keySupervision('school', schoolB.id, regions.otherCounty, '2026-08-01', {
      liftedAt: '2026-09-20T10:00:00+08:00',
    });
    await keySupervision('coach', schoolA.id, regions.county, '2026-10-31', { coachId: coachA.id });
    await keySupervision('school', schoolB.id, regions.otherCounty, '2026-11-01');

    await at('2026-11-02T09:00:00+08:00');
  });
  afterAll(() => ctx.close());

  it('computes every column of the city row from the month’s records, in China time', async () => {
    const res = await call('city', 'GET', '/api/regulator/monthly-report?month=2026-10');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.region).toMatchObject({ code: '370100', level: 'city' });
    expect(body.rows).toHaveLength(1);
    expect(body.total).toBeNull();
    expect(body.missingSources).toEqual([]);
    expect(body.rows[0].figures).toEqual({ ...expected, workOrderDisposalRate: 3 / 4 });
  });

  it('counts disposals as the work-order statistics do, so 工单处置率 is the same on both pages', async () => {
    const report = (await call('city', 'GET', '/api/regulator/monthly-report?month=2026-10')).json();
    const metrics = await call(
      'city',
      'GET',
      '/api/regulator/work-orders/metrics?from=2026-10-01&to=2026-10-31',
    );
    expect(metrics.statusCode).toBe(200);
    expect(metrics.json()).toMatchObject({
      pushed: report.rows[0].figures.workOrdersPushed,
      disposed: report.rows[0].figures.workOrdersDisposed,
    });
  });

  it('lists the records behind each figure, as many as the figure says', async () => {
    for (const figure of countFigures) {
      const res = await call(
        'city',
        'GET',
        `/api/regulator/monthly-report/drilldown?month=2026-10&figure=${figure}&pageSize=100`,
      );
      expect(res.statusCode, figure).toBe(200);
      const page = res.json();
      expect(page.total, figure).toBe(expected[figure]);
      expect(page.items, figure).toHaveLength(expected[figure]);
    }
    const logs = (
      await call(
        'city',
        'GET',
        '/api/regulator/monthly-report/drilldown?month=2026-10&figure=teachingLogs&pageSize=2',
      )
    ).json();
    expect(logs.total).toBe(3);
    expect(logs.items).toHaveLength(2);
    const checked = (
      await call('city', 'GET', '/api/regulator/monthly-report/drilldown?month=2026-10&figure=checkedSchools')
    ).json();
    expect(checked.items.find((i: { schoolId: string }) => i.schoolId === schoolA.id)).toMatchObject({
      records: 2,
      at: '2026-10-20',
      schoolName: schoolA.name,
    });
  });

  it('gives the province one row per city and a total, with the rate from the summed counts', async () => {
    const body = (await call('province', 'GET', '/api/regulator/monthly-report?month=2026-10')).json();
    expect(body.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['370100', '370200']);
    expect(body.rows[1].figures.teachingLogs).toBe(0);
    expect(body.rows[1].figures.workOrderDisposalRate).toBeNull();
    expect(body.total).toEqual({ ...expected, workOrderDisposalRate: 3 / 4 });
  });

  it('shows a county regulator its county’s share only, and refuses the city and other regions', async () => {
    const own = (await call('county', 'GET', '/api/regulator/monthly-report?month=2026-10')).json();
    expect(own.region).toMatchObject({ code: '370102', level: 'county' });
    expect(own.rows[0].figures).toMatchObject({
      existingSchools: 1,
      checkedSchools: 1,
      interviewedAuthorities: 1,
      interviewedSchools: 0,
      teachingLogs: 2,
    });
    const drill = (
      await call('county', 'GET', '/api/regulator/monthly-report/drilldown?month=2026-10&figure=teachingLogs')
    ).json();
    expect(drill.total).toBe(2);
    expect(
      (await call('county', 'GET', '/api/regulator/monthly-report?month=2026-10&region=370100')).statusCode,
    ).toBe(403);
    expect(
      (await call('county', 'GET', '/api/regulator/monthly-report/submissions?month=2026-10')).statusCode,
    ).toBe(403);
    expect(
      (await call('otherCity', 'GET', '/api/regulator/monthly-report?month=2026-10&region=370100'))
        .statusCode,
    ).toBe(403);
    expect((await call('city', 'GET', '/api/regulator/monthly-report?month=2026-12')).json().code).toBe(
      'report.month_invalid',
    );
    expect((await call('city', 'GET', '/api/regulator/monthly-report?month=2026-13')).statusCode).toBe(400);
  });

  it('exports the form as xlsx and PDF with Chinese file names and text', async () => {
    const xlsx = await call('city', 'GET', '/api/regulator/monthly-report/export.xlsx?month=2026-10');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain('filename="monthly-report-370100-2026-10.xlsx"');
    expect(xlsx.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('全省机动车驾驶员培训专项整治月报表_济南市_2026-10.xlsx')}`,
    );
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    const strings = strFromU8(files['xl/sharedStrings.xml']!);
    for (const text of [
      '全省机动车驾驶员培训专项整治月报表',
      '资质核查',
      '重点监管',
      '工单处置率',
      '济南市',
    ]) {
      expect(strings).toContain(text);
    }
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    // The five groups are merged across their columns on the third row: B3:D3 is 资质核查.
    expect(sheet).toContain('<mergeCell ref="B3:D3"/>');
    expect(sheet).toContain('<mergeCell ref="N3:O3"/>');
    // The data row: 现有驾培机构数量 2 in B5, 教学日志总量 3 in J5.
    expect(sheet).toMatch(/<c r="B5" s="\d+"><v>2<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="J5" s="\d+"><v>3<\/v><\/c>/);

    const pdf = await call('province', 'GET', '/api/regulator/monthly-report/export.pdf?month=2026-10');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('山东省'));
  });

  it('freezes a city’s submission, versions resubmissions with a reason and shows the province who is missing', async () => {
    const before = (
      await call('province', 'GET', '/api/regulator/monthly-report/submissions?month=2026-10')
    ).json();
    expect(before.deadlinePassed).toBe(false);
    expect(before.cities.map((c: { status: string }) => c.status)).toEqual(['missing', 'missing']);

    expect(
      (await call('city', 'POST', '/api/regulator/monthly-report/submissions', { month: '2026-11' })).json()
        .code,
    ).toBe('report.month_not_over');
    expect(
      (await call('county', 'POST', '/api/regulator/monthly-report/submissions', { month: '2026-10' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('province', 'POST', '/api/regulator/monthly-report/submissions', { month: '2026-10' }))
        .statusCode,
    ).toBe(403);

    const first = await call('city', 'POST', '/api/regulator/monthly-report/submissions', {
      month: '2026-10',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, reason: null, onTime: true, cityCode: '370100' });

    // New data after the submission changes the live report, not the snapshot.
    await log(schoolA.id, '2026-10-20T10:00:00+08:00');
    const live = (await call('city', 'GET', '/api/regulator/monthly-report?month=2026-10')).json();
    expect(live.rows[0].figures.teachingLogs).toBe(4);
    const snapshot = (
      await call('province', 'GET', `/api/regulator/monthly-report/submissions/${first.json().id}`)
    ).json();
    expect(snapshot.rows[0].figures).toEqual({ ...expected, workOrderDisposalRate: 3 / 4 });
    expect(snapshot.submission).toMatchObject({ version: 1 });
    expect(
      (await call('otherCity', 'GET', `/api/regulator/monthly-report/submissions/${first.json().id}`))
        .statusCode,
    ).toBe(404);

    const noReason = await call('city', 'POST', '/api/regulator/monthly-report/submissions', {
      month: '2026-10',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('report.reason_required');
    const blank = await call('city', 'POST', '/api/regulator/monthly-report/submissions', {
      month: '2026-10',
      reason: '  ',
    });
    expect(blank.json().code).toBe('report.reason_required');

    await at('2026-11-06T09:00:00+08:00');
    const second = await call('city', 'POST', '/api/regulator/monthly-report/submissions', {
      month: '2026-10',
      reason: '补录10月20日教学日志',
    });
    expect(second.json()).toMatchObject({ version: 2, reason: '补录10月20日教学日志', onTime: false });
    const v2 = (
      await call('city', 'GET', `/api/regulator/monthly-report/submissions/${second.json().id}`)
    ).json();
    expect(v2.rows[0].figures.teachingLogs).toBe(4);

    const board = (
      await call('province', 'GET', '/api/regulator/monthly-report/submissions?month=2026-10')
    ).json();
    expect(board.deadlinePassed).toBe(true);
    const [jinan, qingdao] = board.cities;
    expect(jinan).toMatchObject({ cityCode: '370100', status: 'submitted', overdue: false });
    expect(jinan.latest.version).toBe(2);
    expect(jinan.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(qingdao).toMatchObject({ cityCode: '370200', status: 'missing', overdue: true, latest: null });

    const audit = await ctx.app.db
      .selectFrom('auditLog')
      .select(['action', 'regionCode'])
      .where('entityType', '=', 'monthly_report_submissions')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'monthly_report.submitted', regionCode: '370100' },
      { action: 'monthly_report.resubmitted', regionCode: '370100' },
    ]);

    // The export of a submitted version carries its number in the file name.
    const file = await call(
      'city',
      'GET',
      `/api/regulator/monthly-report/export.xlsx?month=2026-10&submissionId=${first.json().id}`,
    );
    expect(file.headers['content-disposition']).toContain('monthly-report-370100-2026-10-v1.xlsx');
  });
});

/**
 * 现有驾培机构 of old months after a school closed: the registry stamps `closed_at` (0019), so a recomputed
 * month keeps the schools that were still open during it. Its own database: the clock is in January 2027.
 */
describe('monthly report: schools closed later', () => {
  let ctx: TestContext;
  let cookie: string;
  const ids: Record<'open' | 'closedInNovember' | 'closedInSeptember' | 'reopened', string> = {
    open: '',
    closedInNovember: '',
    closedInSeptember: '',
    reopened: '',
  };

  const existing = async (month: string) => {
    const report = await ctx.http.inject({
      method: 'GET',
      url: `/api/regulator/monthly-report?month=${month}`,
      headers: { cookie },
    });
    expect(report.statusCode, month).toBe(200);
    const drill = await ctx.http.inject({
      method: 'GET',
      url: `/api/regulator/monthly-report/drilldown?month=${month}&figure=existingSchools&pageSize=100`,
      headers: { cookie },
    });
    expect(drill.statusCode, month).toBe(200);
    const figure = report.json().rows[0].figures.existingSchools as number;
    const listed = (drill.json().items as { schoolId: string }[]).map((i) => i.schoolId).sort();
    // The drill-down lists exactly what the figure counts.
    expect(drill.json().total, month).toBe(figure);
    expect(listed, month).toHaveLength(figure);
    return listed;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000' });
    const db = ctx.app.db;
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      ids[key] = (await newSchool(db, { countyCode: regions.county })).id;
    }
    await db
      .updateTable('schools')
      .set({ createdAt: new Date('2025-06-01T00:00:00+08:00') })
      .execute();
    // Closed on 15 November (the writer gives the date), on 30 September at the month's last second.
    await db
      .updateTable('schools')
      .set({ status: 'closed', closedAt: new Date('2026-11-15T10:00:00+08:00') })
      .where('id', '=', ids.closedInNovember)
      .execute();
    await db
      .updateTable('schools')
      .set({ status: 'closed', closedAt: new Date('2026-09-30T23:59:59+08:00') })
      .where('id', '=', ids.closedInSeptember)
      .execute();
    // Closed and opened again: reopening clears the date, so it counts in every month.
    await db
      .updateTable('schools')
      .set({ status: 'closed', closedAt: new Date('2026-10-10T10:00:00+08:00') })
      .where('id', '=', ids.reopened)
      .execute();
    await db.updateTable('schools').set({ status: 'operating' }).where('id', '=', ids.reopened).execute();

    const city = await newUser(db, 'regulator_city', { regionCode: regions.city });
    ctx.clock.set(new Date('2027-01-05T09:00:00+08:00'));
    cookie = await loginAs(ctx.http, city.username, 'regulator');
  });
  afterAll(() => ctx.close());

  it('counts a school closed in November in October and November, not in December', async () => {
    const alwaysOpen = [ids.open, ids.reopened].sort();
    expect(await existing('2026-09')).toEqual(
      [...alwaysOpen, ids.closedInNovember, ids.closedInSeptember].sort(),
    );
    expect(await existing('2026-10')).toEqual([...alwaysOpen, ids.closedInNovember].sort());
    expect(await existing('2026-11')).toEqual([...alwaysOpen, ids.closedInNovember].sort());
    expect(await existing('2026-12')).toEqual(alwaysOpen);
  });

  it('stamps closed_at when a school closes without a date, and clears it when it reopens', async () => {
    const db = ctx.app.db;
    const closedAt = async (id: string) =>
      (await db.selectFrom('schools').select('closedAt').where('id', '=', id).executeTakeFirstOrThrow())
        .closedAt;
    expect(await closedAt(ids.reopened)).toBeNull();
    expect(await closedAt(ids.closedInNovember)).toEqual(new Date('2026-11-15T10:00:00+08:00'));

    const school = await newSchool(db, { countyCode: regions.county });
    const before = Date.now();
    await db.updateTable('schools').set({ status: 'closed' }).where('id', '=', school.id).execute();
    const stamped = await closedAt(school.id);
    expect(stamped).toBeInstanceOf(Date);
    // The transaction's time (the database's clock), not the test's fixed one.
    expect(Math.abs(stamped!.getTime() - before)).toBeLessThan(60_000);

    // A closing date on a school that is not closed is refused.
    await expect(
      db.updateTable('schools').set({ closedAt: new Date() }).where('id', '=', ids.open).execute(),
    ).rejects.toThrow(/schools_closed_at_when_closed/);
  });
});
