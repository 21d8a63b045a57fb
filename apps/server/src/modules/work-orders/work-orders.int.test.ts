import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import type { DomainEvents } from '../../shared/domain-events.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = Buffer.from('%PDF-1.4\n%test evidence\n');
const png = (fileName = '整改照片.png') => ({
  fileName,
  contentType: 'image/png',
  dataBase64: PNG.toString('base64'),
});

type Order = {
  id: string;
  number: string;
  status: string;
  assigneeKind: string;
  countyCode: string;
  schoolId: string | null;
  coachId: string | null;
  category: string;
  dueAt: string;
  disposalRound: number;
  escalatedTo: string | null;
  reminderSentAt: string | null;
  events: { action: string; note: string | null }[];
  evidence: { round: number; text: string; files: { id: string; fileName: string; contentType: string }[] }[];
  coachPoints: { points: number; reason: string } | null;
};

describe('work orders', () => {
  let ctx: TestContext;
  let schoolA: Awaited<ReturnType<typeof newSchool>>;
  let schoolB: Awaited<ReturnType<typeof newSchool>>;
  let coachA: Awaited<ReturnType<typeof newCoach>>;
  let trainee: Awaited<ReturnType<typeof newTrainee>>;
  let logId: string;
  const cookies: Record<string, string> = {};
  const accounts: Record<string, { id: string; username: string; role: string }> = {};
  const portal = (role: string) => (role.startsWith('school') ? 'school' : 'regulator');

  /** Moves the injected clock and signs everyone in again (sessions expire with the moved clock). */
  async function at(iso: string) {
    ctx.clock.set(new Date(iso));
    for (const [name, u] of Object.entries(accounts)) {
      cookies[name] = await loginAs(ctx.http, u.username, portal(u.role));
    }
  }

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.http.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

  const create = (who: string, body: object) => call(who, 'POST', '/api/regulator/work-orders', body);
  const detail = async (id: string): Promise<Order> =>
    (await call('city', 'GET', `/api/regulator/work-orders/${id}`)).json();
  const ordersOfSource = (sourceId: string) =>
    ctx.app.db.selectFrom('workOrders').selectAll().where('sourceId', '=', sourceId).execute();
  const auditActions = async (entityId: string) =>
    (
      await ctx.app.db
        .selectFrom('auditLog')
        .select('action')
        .where('entityId', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  /** Publishes review.decided like the manual-review module does, then delivers it. */
  async function decideReview(payload: Partial<DomainEvents['review.decided']>, times = 1) {
    const event: DomainEvents['review.decided'] = {
      reviewId: randomUUID(),
      teachingLogId: logId,
      schoolId: schoolA.id,
      coachId: coachA.id,
      regionCode: regions.county,
      decision: 'invalid',
      validMinutes: 0,
      reasons: ['pulse_gnss_mismatch', 'track_anomaly'],
      reviewerId: accounts.county!.id,
      decidedAt: ctx.clock.now().toISOString(),
      ...payload,
    };
    for (let i = 0; i < times; i++) {
      await ctx.app.db.transaction().execute((tx) => ctx.app.events.publish(tx, 'review.decided', event));
    }
    await ctx.app.events.dispatchPending(ctx.app.db);
    return event;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const db = ctx.app.db;
    schoolA = await newSchool(db, { countyCode: regions.county });
    schoolB = await newSchool(db, { countyCode: regions.otherCounty });
    coachA = await newCoach(db, ctx.app.vault, schoolA.id);
    trainee = await newTrainee(db, ctx.app.vault, schoolA.id);
    const log = await db
      .insertInto('teachingLogs')
      .values({
        source: 'terminal',
        traineeId: trainee.id,
        schoolId: schoolA.id,
        coachId: coachA.id,
        courseCode: '1221120000',
        licenceClass: 'C1',
        part: 2,
        startedAt: new Date('2026-10-01T08:00:00+08:00'),
        endedAt: new Date('2026-10-01T10:00:00+08:00'),
        totalMinutes: 120,
        verdict: 'invalid',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    logId = log.id;
    Object.assign(accounts, {
      staffA: await newUser(db, 'school_staff', { schoolId: schoolA.id }),
      adminB: await newUser(db, 'school_admin', { schoolId: schoolB.id }),
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      otherCounty: await newUser(db, 'regulator_county', { regionCode: regions.otherCounty }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
    });
    // 2026-11-02 is a Monday.
    await at('2026-11-02T09:00:00+08:00');
  });
  afterAll(() => ctx.close());

  it('pushes one order to the school per invalid or partial review, even when the event comes twice', async () => {
    const invalid = await decideReview({ decision: 'invalid' }, 2);
    const partial = await decideReview({ decision: 'partial', validMinutes: 60 });
    const valid = await decideReview({ decision: 'valid', validMinutes: 120 });

    expect(await ordersOfSource(invalid.reviewId)).toHaveLength(1);
    expect(await ordersOfSource(valid.reviewId)).toHaveLength(0);
    const [fraud] = await ordersOfSource(invalid.reviewId);
    const [irregular] = await ordersOfSource(partial.reviewId);
    expect(fraud).toMatchObject({
      sourceKind: 'review',
      category: 'hours_fraud',
      assigneeKind: 'school',
      schoolId: schoolA.id,
      coachId: coachA.id,
      countyCode: regions.county,
      status: 'open',
      createdBy: accounts.county!.id,
    });
    expect(fraud!.number).toBe('GD-370102-20261102-0001');
    expect(fraud!.description).toContain('脉冲与卫星速度不符（跑马机）、轨迹异常');
    expect(irregular!.number).toBe('GD-370102-20261102-0002');
    // Five working days for faked hours, ten for a partly valid log (Monday → next Monday / Monday after).
    expect(fraud!.dueAt.toISOString()).toBe(new Date('2026-11-09T09:00:00+08:00').toISOString());
    expect(irregular!.category).toBe('hours_irregular');
    expect(irregular!.dueAt.toISOString()).toBe(new Date('2026-11-16T09:00:00+08:00').toISOString());
    expect(await auditActions(fraud!.id)).toEqual(['workorders.created']);

    // The school is told, and sees it in its list; another school sees nothing of it.
    const notices = (await call('staffA', 'GET', '/api/school/work-orders/notices')).json();
    expect(
      notices.items.map((n: { workOrderId: string; kind: string }) => [n.workOrderId, n.kind]),
    ).toContainEqual([fraud!.id, 'assigned']);
    const listA = (await call('staffA', 'GET', '/api/school/work-orders?pageSize=100')).json();
    expect(listA.items.map((o: Order) => o.id)).toEqual(expect.arrayContaining([fraud!.id, irregular!.id]));
    const listB = (await call('adminB', 'GET', '/api/school/work-orders')).json();
    expect(listB.total).toBe(0);
  });

  it('routes by jurisdiction: a school issue to the school under its county, no school to the county', async () => {
    const forSchoolB = await create('city', {
      sourceKind: 'inspection',
      sourceId: randomUUID(),
      title: '教练车未按期维护',
      description: '抽查发现 3 辆教练车超期未维护',
      schoolId: schoolB.id,
    });
    expect(forSchoolB.statusCode).toBe(201);
    expect(forSchoolB.json().workOrder).toMatchObject({
      assigneeKind: 'school',
      countyCode: regions.otherCounty,
      schoolId: schoolB.id,
      category: 'rectification',
    });

    const noSchool = await create('county', {
      sourceKind: 'manual',
      category: 'other',
      title: '黑驾校招生点',
      description: '群众反映某小区门口有无资质招生点',
      countyCode: regions.county,
    });
    expect(noSchool.statusCode).toBe(201);
    expect(noSchool.json().workOrder).toMatchObject({ assigneeKind: 'county', schoolId: null });

    // Outside the county's region, a coach of another school, a county keeping it at the city: refused.
    const outside = await create('county', {
      sourceKind: 'manual',
      title: '越权',
      description: '另一个区县的驾校',
      schoolId: schoolB.id,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('workorders.source_invalid');
    const wrongCoach = await create('city', {
      sourceKind: 'manual',
      title: '教练不符',
      description: '教练不属于该驾校',
      schoolId: schoolB.id,
      coachId: coachA.id,
    });
    expect(wrongCoach.json().code).toBe('workorders.source_invalid');
    const upward = await create('county', {
      sourceKind: 'manual',
      title: '上交市级',
      description: '区县不能把工单派给市级',
      countyCode: regions.county,
      assignee: 'city',
    });
    expect(upward.json().code).toBe('workorders.source_invalid');

    // The county regulator sees only its county's orders; the city both.
    const countyList = (await call('county', 'GET', '/api/regulator/work-orders?pageSize=100')).json();
    expect(countyList.items.every((o: Order) => o.countyCode === regions.county)).toBe(true);
    const other = await call('county', 'GET', `/api/regulator/work-orders/${forSchoolB.json().workOrder.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('workorders.not_found');
  });

  it('refuses to close without disposal evidence and lets no other school dispose', async () => {
    const { workOrder } = (
      await create('county', {
        sourceKind: 'anomaly',
        sourceId: logId,
        title: '疑似跑马机',
        description: '风险评分 92，脉冲速度与卫星速度不符',
      })
    ).json();
    expect(workOrder).toMatchObject({ schoolId: schoolA.id, coachId: coachA.id, category: 'hours_fraud' });
    // The same teaching log again finds the same order.
    const again = await create('county', {
      sourceKind: 'anomaly',
      sourceId: logId,
      title: '疑似跑马机',
      description: '重复推送',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().workOrder.id).toBe(workOrder.id);

    const close = await call('county', 'POST', `/api/regulator/work-orders/${workOrder.id}/close`, {
      note: '已核实',
    });
    expect(close.statusCode).toBe(409);
    expect(close.json().code).toBe('workorders.evidence_missing');

    const byB = await call('adminB', 'POST', `/api/school/work-orders/${workOrder.id}/dispose`, {
      text: '别的驾校来处置',
      files: [],
    });
    expect(byB.statusCode).toBe(404);
    expect(byB.json().code).toBe('workorders.not_found');

    const badFile = await call('staffA', 'POST', `/api/school/work-orders/${workOrder.id}/dispose`, {
      text: '已整改，附照片',
      files: [
        {
          fileName: 'x.png',
          contentType: 'image/png',
          dataBase64: Buffer.from('<script>').toString('base64'),
        },
      ],
    });
    expect(badFile.statusCode).toBe(400);
    expect(badFile.json().code).toBe('workorders.evidence_invalid');

    const after = await detail(workOrder.id);
    expect(after).toMatchObject({ status: 'open', disposalRound: 0, evidence: [] });
    expect(await auditActions(workOrder.id)).toEqual(['workorders.created']);
  });

  it('disposes with evidence, returns, closes with coach points once, and reopens only with a reason', async () => {
    const review = await decideReview({ decision: 'invalid' });
    const [row] = await ordersOfSource(review.reviewId);
    const id = row!.id;

    const disposed = await call('staffA', 'POST', `/api/school/work-orders/${id}/dispose`, {
      text: '已核减该学时并停用该教练车，附整改通知',
      files: [
        png(),
        { fileName: '整改通知.pdf', contentType: 'application/pdf', dataBase64: PDF.toString('base64') },
      ],
    });
    expect(disposed.statusCode).toBe(200);
    const d = disposed.json() as Order;
    expect(d).toMatchObject({ status: 'disposed', disposalRound: 1 });
    expect(d.evidence[0]!.files.map((f) => f.contentType)).toEqual(['image/png', 'application/pdf']);

    // Files come back only through authorised routes; a PDF as a download.
    const pdfId = d.evidence[0]!.files[1]!.id;
    const pdf = await call('county', 'GET', `/api/regulator/work-orders/${id}/files/${pdfId}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment;/);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
    expect((await call('staffA', 'GET', `/api/school/work-orders/${id}/files/${pdfId}`)).statusCode).toBe(
      200,
    );
    expect((await call('adminB', 'GET', `/api/school/work-orders/${id}/files/${pdfId}`)).statusCode).toBe(
      404,
    );
    expect(
      (await call('otherCounty', 'GET', `/api/regulator/work-orders/${id}/files/${pdfId}`)).statusCode,
    ).toBe(404);

    // Disposed already: a second disposal is refused.
    const twice = await call('staffA', 'POST', `/api/school/work-orders/${id}/dispose`, {
      text: '再处置一次',
      files: [],
    });
    expect(twice.json().code).toBe('workorders.state');

    // Return needs a reason; with one, the school gets three working days more.
    const noReason = await call('county', 'POST', `/api/regulator/work-orders/${id}/return`, {
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('workorders.reason_required');
    expect((await detail(id)).status).toBe('disposed');
    const returned = await call('county', 'POST', `/api/regulator/work-orders/${id}/return`, {
      reason: '未提供教练车停用记录',
    });
    expect(returned.json()).toMatchObject({
      status: 'returned',
      dueAt: new Date('2026-11-05T09:00:00+08:00').toISOString(),
    });
    await call('staffA', 'POST', `/api/school/work-orders/${id}/dispose`, {
      text: '补充教练车停用登记表',
      files: [png('停用登记.png')],
    });

    // A violation on an order without a coach is refused; on this one the coach gets the points, once.
    const closed = await call('county', 'POST', `/api/regulator/work-orders/${id}/close`, {
      note: '证据充分，予以办结',
      violation: { points: 6, reason: '使用跑马机伪造学时' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', coachPoints: { points: 6 } });

    const noReopenReason = await call('county', 'POST', `/api/regulator/work-orders/${id}/reopen`, {
      reason: '',
    });
    expect(noReopenReason.json().code).toBe('workorders.reason_required');
    expect((await detail(id)).status).toBe('closed');
    const reopened = await call('county', 'POST', `/api/regulator/work-orders/${id}/reopen`, {
      reason: '复查发现该车仍在使用',
    });
    expect(reopened.json()).toMatchObject({ status: 'reopened' });
    await call('staffA', 'POST', `/api/school/work-orders/${id}/dispose`, {
      text: '教练车已封存，附封存照片',
      files: [png('封存.png')],
    });
    await call('county', 'POST', `/api/regulator/work-orders/${id}/close`, {
      note: '复查属实，办结',
      violation: { points: 6, reason: '再次确认' },
    });

    const points = (await call('county', 'GET', `/api/regulator/coaches/${coachA.id}/points`)).json();
    expect(points).toMatchObject({ coachId: coachA.id, total: 6, last12Months: 6 });
    expect(points.entries).toHaveLength(1);
    const history = await detail(id);
    expect(history.events.map((e) => e.action)).toEqual([
      'created',
      'disposed',
      'returned',
      'disposed',
      'closed',
      'reopened',
      'disposed',
      'closed',
    ]);
    expect(history.events.find((e) => e.action === 'reopened')!.note).toBe('复查发现该车仍在使用');
    expect(history.evidence.map((e) => e.round)).toEqual([1, 2, 3]);
  });

  it('keeps verification above the level that disposed, and points only for an order with a coach', async () => {
    const { workOrder } = (
      await create('county', {
        sourceKind: 'manual',
        category: 'other',
        title: '无证招生点清理',
        description: '某小区门口无资质招生点',
        countyCode: regions.county,
      })
    ).json();
    const staffTry = await call('staffA', 'POST', `/api/school/work-orders/${workOrder.id}/dispose`, {
      text: '驾校不能处置区县工单',
      files: [],
    });
    expect(staffTry.statusCode).toBe(404);
    const disposed = await call('county', 'POST', `/api/regulator/work-orders/${workOrder.id}/dispose`, {
      text: '已会同城管取缔该招生点',
      files: [png()],
    });
    expect(disposed.json().status).toBe('disposed');
    const selfClose = await call('county', 'POST', `/api/regulator/work-orders/${workOrder.id}/close`, {
      note: '自己核验自己',
    });
    expect(selfClose.statusCode).toBe(403);
    expect(selfClose.json().code).toBe('workorders.not_verifier');
    const points = await call('city', 'POST', `/api/regulator/work-orders/${workOrder.id}/close`, {
      note: '核验属实',
      violation: { points: 3, reason: '没有教练' },
    });
    expect(points.json().code).toBe('workorders.violation_invalid');
    const closed = await call('city', 'POST', `/api/regulator/work-orders/${workOrder.id}/close`, {
      note: '核验属实',
    });
    expect(closed.json().status).toBe('closed');
  });

  it('turns an escalated complaint or appeal into one order (转工单), not one still with the school', async () => {
    const complaint = (status: string) => ({
      trackingNumber: `TS261102${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      kind: 'complaint',
      category: 'training_hours',
      target: 'coach',
      schoolId: schoolA.id,
      coachId: coachA.id,
      countyCode: regions.county,
      body: '教练让我坐在车里不动也算学时',
      complainantName: '王小明',
      complainantPhone: '13900001111',
      idempotencyKey: randomUUID(),
      status,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    const [escalated, submitted] = await ctx.app.db
      .insertInto('complaints')
      .values([complaint('escalated'), complaint('submitted')])
      .returning('id')
      .execute();
    const body = (sourceId: string) => ({
      sourceKind: 'complaint',
      sourceId,
      title: '投诉：教练虚增学时',
      description: '请核查该教练学时记录',
    });
    const first = await create('county', body(escalated!.id));
    expect(first.statusCode).toBe(201);
    expect(first.json().workOrder).toMatchObject({
      category: 'complaint',
      schoolId: schoolA.id,
      coachId: coachA.id,
    });
    const second = await create('county', body(escalated!.id));
    expect(second.statusCode).toBe(200);
    expect(second.json().workOrder.id).toBe(first.json().workOrder.id);
    const early = await create('county', body(submitted!.id));
    expect(early.json().code).toBe('workorders.source_invalid');

    // An appeal still at the school is not the regulator's to convert; passed up, it is.
    const appeal = await ctx.app.db
      .insertInto('appeals')
      .values({
        teachingLogId: logId,
        traineeId: trainee.id,
        schoolId: schoolA.id,
        reason: '我全程在车上训练，学时不应被判无效',
        idempotencyKey: randomUUID(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const appealBody = {
      sourceKind: 'appeal',
      sourceId: appeal.id,
      title: '申诉：学时被判无效',
      description: '请核查',
    };
    expect((await create('county', appealBody)).json().code).toBe('workorders.source_invalid');
    await ctx.app.db.updateTable('appeals').set({ stage: 'regulator' }).where('id', '=', appeal.id).execute();
    const fromAppeal = await create('county', appealBody);
    expect(fromAppeal.statusCode).toBe(201);
    expect(fromAppeal.json().workOrder).toMatchObject({
      sourceKind: 'appeal',
      category: 'appeal',
      schoolId: schoolA.id,
      coachId: coachA.id,
    });
  });

  it('reminds a working day before the deadline and escalates to the city once overdue, each once', async () => {
    await at('2026-11-02T10:00:00+08:00');
    const { workOrder } = (
      await create('county', {
        sourceKind: 'manual',
        category: 'complaint',
        title: '限期答复',
        description: '五个工作日内处置',
        schoolId: schoolA.id,
      })
    ).json();
    const { workOrder: handled } = (
      await create('county', {
        sourceKind: 'manual',
        category: 'complaint',
        title: '按时处置',
        description: '五个工作日内处置',
        schoolId: schoolA.id,
      })
    ).json();
    await call('staffA', 'POST', `/api/school/work-orders/${handled.id}/dispose`, {
      text: '已按时处置完毕',
      files: [],
    });
    expect(workOrder.dueAt).toBe(new Date('2026-11-09T10:00:00+08:00').toISOString());

    // Due Monday 10:00: reminded one working day before, on the Friday at 10:00, not on the Sunday.
    await at('2026-11-06T09:59:00+08:00');
    await ctx.app.workOrders.applyDeadlines(); // orders of the tests before may be due
    expect((await detail(workOrder.id)).reminderSentAt).toBeNull();
    await at('2026-11-06T10:00:00+08:00');
    const first = await ctx.app.workOrders.applyDeadlines();
    expect(first.escalated).toBe(0);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await detail(workOrder.id)).reminderSentAt).toBe(
      new Date('2026-11-06T10:00:00+08:00').toISOString(),
    );
    expect(await ctx.app.workOrders.applyDeadlines()).toEqual({ reminded: 0, escalated: 0 });

    await at('2026-11-09T10:00:01+08:00');
    const second = await ctx.app.workOrders.applyDeadlines();
    expect(second.escalated).toBeGreaterThanOrEqual(1);
    const escalated = await detail(workOrder.id);
    expect(escalated.escalatedTo).toBe(regions.city);
    expect(escalated.events.map((e) => e.action)).toEqual(['created', 'reminded', 'escalated']);
    expect((await detail(handled.id)).escalatedTo).toBeNull();
    expect(await ctx.app.workOrders.applyDeadlines()).toEqual({ reminded: 0, escalated: 0 });

    const cityNotices = (await call('city', 'GET', '/api/regulator/work-orders/notices')).json();
    expect(cityNotices.items).toContainEqual(
      expect.objectContaining({ workOrderId: workOrder.id, kind: 'escalated' }),
    );
    const overdue = (
      await call('city', 'GET', '/api/regulator/work-orders?overdue=true&escalated=true&pageSize=100')
    ).json();
    expect(overdue.items.map((o: Order) => o.id)).toContain(workOrder.id);
    expect(overdue.items.map((o: Order) => o.id)).not.toContain(handled.id);
    // Disposed late: still counted as having gone overdue.
    await call('staffA', 'POST', `/api/school/work-orders/${workOrder.id}/dispose`, {
      text: '逾期后补充处置',
      files: [],
    });
    const row = await ctx.app.db
      .selectFrom('workOrders')
      .select('wasOverdue')
      .where('id', '=', workOrder.id)
      .executeTakeFirstOrThrow();
    expect(row.wasOverdue).toBe(true);
  });

  it('computes pushed, disposed, rate, overdue and cleared for a region and period', async () => {
    // A county of its own, so other tests' orders stay out of the counts.
    await ctx.app.db
      .insertInto('regions')
      .values({ code: '370104', name: '槐荫区', level: 'county', parentCode: regions.city })
      .execute();
    const schoolC = await newSchool(ctx.app.db, { countyCode: '370104' });
    const staffC = await newUser(ctx.app.db, 'school_staff', { schoolId: schoolC.id });
    accounts.staffC = staffC;
    await at('2027-03-01T09:00:00+08:00'); // a Monday
    const make = async (title: string) =>
      (
        await create('city', {
          sourceKind: 'manual',
          category: 'complaint',
          title,
          description: '指标测试',
          schoolId: schoolC.id,
        })
      ).json().workOrder.id as string;
    const closedId = await make('工单甲');
    const disposedId = await make('工单乙');
    await make('工单丙'); // left undisposed past its deadline
    await call('staffC', 'POST', `/api/school/work-orders/${closedId}/dispose`, {
      text: '甲已处置完毕',
      files: [],
    });
    await call('city', 'POST', `/api/regulator/work-orders/${closedId}/close`, { note: '办结' });
    await call('staffC', 'POST', `/api/school/work-orders/${disposedId}/dispose`, {
      text: '乙已处置完毕',
      files: [],
    });
    // The fourth order comes later in the month; its deadline falls in April.
    await at('2027-03-29T09:00:00+08:00');
    await make('工单丁');
    await ctx.app.workOrders.applyDeadlines(); // 丙 (due 2027-03-08) is overdue by now

    const march = (
      await call(
        'city',
        'GET',
        '/api/regulator/work-orders/metrics?from=2027-03-01&to=2027-03-31&regionCode=370104',
      )
    ).json();
    expect(march).toMatchObject({
      regionCode: '370104',
      pushed: 4,
      disposed: 2,
      disposalRate: 50,
      overdue: 1,
      // 甲, 乙, 丙 are due on 2027-03-08; 丁 in April.
      dueInPeriod: 3,
      closedOfDue: 1,
      cleared: false,
    });
    const empty = (
      await call(
        'city',
        'GET',
        '/api/regulator/work-orders/metrics?from=2027-05-01&to=2027-05-31&regionCode=370104',
      )
    ).json();
    expect(empty).toMatchObject({
      pushed: 0,
      disposed: 0,
      disposalRate: null,
      overdue: 0,
      dueInPeriod: 0,
      cleared: true,
    });
    // A county regulator cannot read another county's metrics.
    const outside = await call(
      'county',
      'GET',
      '/api/regulator/work-orders/metrics?from=2027-03-01&to=2027-03-31&regionCode=370104',
    );
    expect(outside.statusCode).toBe(403);
  });
});
