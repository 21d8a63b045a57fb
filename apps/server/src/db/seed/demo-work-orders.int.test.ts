import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { createCalendarRepository } from '../../modules/calendar/index.ts';
import { hashPassword } from '../../modules/identity/index.ts';
import {
  beijingDay,
  dueAfterReturn,
  dueAtFor,
  workOrderNumber,
  type WorkOrderCategory,
} from '../../modules/work-orders/work-order-rules.ts';
import type { WorkingDayExceptions } from '../../shared/working-days.ts';
import { DEMO_PASSWORD, seedDemo } from './seed-demo.ts';

const DAY_MS = 86_400_000;

describe('seedDemoWorkOrders (in seedDemo)', () => {
  let ctx: TestContext;
  let cookie: string;
  let demoSchoolId: string;
  // The demo's history is dated back from the seeding instant; the app's clock is set to it too.
  const seededAt = new Date();
  const today = beijingDay(seededAt);
  const monthAgo = beijingDay(new Date(seededAt.getTime() - 29 * DAY_MS));
  const get = (url: string) => ctx.http.inject({ method: 'GET', url, headers: { cookie } });
  const orders = () => ctx.app.db.selectFrom('workOrders').selectAll().execute();

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(seededAt);
    await seedDemo(
      ctx.app.db,
      { vault: ctx.app.vault, hashPassword, audit: ctx.app.audit },
      { now: seededAt },
    );
    cookie = await loginAs(ctx.http, 'demo-city', 'regulator', DEMO_PASSWORD);
    demoSchoolId = (
      await ctx.app.db
        .selectFrom('users')
        .select('schoolId')
        .where('username', '=', 'demo-school')
        .executeTakeFirstOrThrow()
    ).schoolId!;
  });
  afterAll(() => ctx.close());

  it('seeds orders in every status over several counties, none in the future', async () => {
    const rows = await orders();

    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(rows.length).toBeLessThanOrEqual(40);
    for (const status of ['open', 'disposed', 'returned', 'reopened', 'closed']) {
      expect(rows.filter((r) => r.status === status).length, status).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.countyCode)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.schoolId).filter(Boolean)).size).toBeGreaterThanOrEqual(7);
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.sourceKind))).toEqual(new Set(['inspection', 'complaint', 'manual']));
    expect(rows.every((r) => r.createdAt >= new Date(seededAt.getTime() - 50 * DAY_MS))).toBe(true);
    for (const r of rows) {
      for (const t of [r.createdAt, r.updatedAt, r.firstDisposedAt, r.closedAt, r.escalatedAt]) {
        if (t) expect(t.getTime()).toBeLessThanOrEqual(seededAt.getTime());
      }
    }
    const events = await ctx.app.db.selectFrom('workOrderEvents').select('at').execute();
    expect(events.every((e) => e.at <= seededAt)).toBe(true);
  });

  it('links only sources that exist and never touches the demo school or a 一级 school', async () => {
    const rows = await ctx.app.db
      .selectFrom('workOrders as w')
      .leftJoin('schools as s', 's.id', 'w.schoolId')
      .select(['w.schoolId', 'w.sourceKind', 'w.sourceId', 's.grade'])
      .execute();

    expect(rows.filter((r) => r.schoolId === demoSchoolId)).toEqual([]);
    expect(rows.filter((r) => r.schoolId && r.grade! < 2)).toEqual([]);
    for (const r of rows.filter((x) => x.sourceKind === 'inspection')) {
      const action = await ctx.app.db
        .selectFrom('supervisionActions')
        .select(['kind', 'schoolId'])
        .where('id', '=', r.sourceId!)
        .executeTakeFirst();
      expect(action).toEqual({ kind: 'qualification_check', schoolId: r.schoolId });
    }
    for (const r of rows.filter((x) => x.sourceKind === 'complaint')) {
      const complaint = await ctx.app.db
        .selectFrom('complaints')
        .select(['status', 'schoolId'])
        .where('id', '=', r.sourceId!)
        .executeTakeFirst();
      expect(complaint).toEqual({ status: 'escalated', schoolId: r.schoolId });
    }
  });

  it('gives every disposed or closed order the evidence of each of its rounds, by its assignee', async () => {
    const rows = await orders();
    const evidence = await ctx.app.db
      .selectFrom('workOrderEvidence as v')
      .innerJoin('users as u', 'u.id', 'v.createdBy')
      .select(['v.workOrderId', 'v.round', 'u.username'])
      .execute();

    for (const r of rows) {
      const rounds = evidence.filter((v) => v.workOrderId === r.id);
      expect(rounds.map((v) => v.round).sort(), r.title).toEqual(
        Array.from({ length: r.disposalRound }, (_, i) => i + 1),
      );
      if (r.status === 'disposed' || r.status === 'closed') expect(r.disposalRound).toBeGreaterThan(0);
      const author = r.assigneeKind === 'city' ? 'demo-city' : 'demo-county';
      expect(rounds.every((v) => v.username === author)).toBe(true);
    }
    // Schools other than the demo school have no accounts: their orders are all waiting.
    expect(rows.filter((r) => r.assigneeKind === 'school' && r.disposalRound > 0)).toEqual([]);
  });

  it('numbers and dates orders as the service does: deadlines from dueAtFor with the calendar', async () => {
    const rows = await orders();
    const earliest = new Date(Math.min(...rows.map((r) => r.createdAt.getTime())));
    const exceptions: WorkingDayExceptions = new Map(
      (await createCalendarRepository().from(ctx.app.db, beijingDay(earliest))).map((d) => [
        d.day,
        d.kind as 'holiday' | 'workday',
      ]),
    );
    const events = await ctx.app.db
      .selectFrom('workOrderEvents')
      .select(['id', 'workOrderId', 'action', 'at'])
      .orderBy('id')
      .execute();

    for (const r of rows) {
      const history = events.filter((e) => e.workOrderId === r.id);
      expect(history[0]).toMatchObject({ action: 'created', at: r.createdAt });
      // The current deadline was set by the last creation, return or reopening.
      const setBy = history.filter((e) => ['created', 'returned', 'reopened'].includes(e.action)).at(-1)!;
      const expected =
        setBy.action === 'returned'
          ? dueAfterReturn(setBy.at, exceptions)
          : dueAtFor(r.category as WorkOrderCategory, setBy.at, exceptions);
      expect(r.dueAt, r.title).toEqual(expected);
      expect(r.number).toMatch(
        new RegExp(`^${workOrderNumber(r.countyCode, beijingDay(r.createdAt), 1).slice(0, -4)}\\d{4}$`),
      );
    }
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    // The history reads in time order, as the service wrote it over the weeks.
    const times = events.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('escalates to the city what the jobs loop would have: overdue orders, with event and notices', async () => {
    const rows = await orders();
    const escalated = rows.filter((r) => r.escalatedAt);
    const notices = await ctx.app.db
      .selectFrom('workOrderNotices')
      .select(['workOrderId', 'kind', 'regionCode'])
      .execute();

    expect(escalated.length).toBeGreaterThanOrEqual(3);
    for (const r of escalated) {
      expect(r.wasOverdue).toBe(true);
      if (r.status === 'open') expect(r.escalatedAt!.getTime()).toBeGreaterThan(r.dueAt.getTime());
      expect(r.escalatedTo).toBe(r.assigneeKind === 'city' ? '370000' : '370100');
      expect(notices).toContainEqual({ workOrderId: r.id, kind: 'escalated', regionCode: r.escalatedTo });
    }
    // Nothing waiting past its deadline was left unescalated: the loop runs every minute.
    const waitingLate = rows.filter(
      (r) => ['open', 'returned', 'reopened'].includes(r.status) && r.dueAt < seededAt,
    );
    expect(waitingLate.length).toBeGreaterThan(0);
    expect(waitingLate.every((r) => r.escalatedAt)).toBe(true);
    expect((await ctx.app.workOrders.applyDeadlines()).escalated).toBe(0);
    // Some disposed late, most in time.
    const disposed = rows.filter((r) => r.firstDisposedAt);
    const late = disposed.filter((r) => r.wasOverdue);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length * 2).toBeLessThan(disposed.length);
  });

  it('gives the city’s last 30 days non-trivial metrics and a dashboard funnel with every stage', async () => {
    const metrics = await get(`/api/regulator/work-orders/metrics?from=${monthAgo}&to=${today}`);
    expect(metrics.statusCode).toBe(200);
    const m = metrics.json();
    expect(m.pushed).toBeGreaterThan(0);
    expect(m.disposed).toBeGreaterThan(0);
    expect(m.overdue).toBeGreaterThan(0);
    expect(m.closedOfDue).toBeGreaterThan(0);
    // A percentage with one decimal: strictly between none and all disposed.
    expect(m.disposalRate).toBeGreaterThan(0);
    expect(m.disposalRate).toBeLessThan(100);
    // Overdue orders waiting at the schools: the period is not cleared (按时清零).
    expect(m.cleared).toBe(false);

    const dashboard = await get(`/api/regulator/dashboard?from=${monthAgo}&to=${today}`);
    expect(dashboard.statusCode).toBe(200);
    const funnel = dashboard.json().workOrders;
    expect(funnel.pushed).toBeGreaterThan(funnel.disposed + funnel.closed);
    expect(funnel.disposed).toBeGreaterThan(0);
    expect(funnel.closed).toBeGreaterThan(0);
    expect(funnel.overdue).toBeGreaterThan(0);
  });

  it('shows a closed order’s history and evidence, and numbers today’s next order after the demo’s', async () => {
    const list = (await get('/api/regulator/work-orders?status=closed&page=1&pageSize=50')).json();
    const withPhoto = list.items.find((o: { title: string }) => o.title === '训练场安全设施检查');
    const detail = (await get(`/api/regulator/work-orders/${withPhoto.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['created', 'disposed', 'closed']),
    );
    expect(detail.evidence[0].text).toContain('隔离护栏');

    // A minute later, as a spec would: its order is the newest.
    ctx.clock.set(new Date(seededAt.getTime() + 60_000));
    const county = await loginAs(ctx.http, 'demo-county', 'regulator', DEMO_PASSWORD);
    const created = await ctx.http.inject({
      method: 'POST',
      url: '/api/regulator/work-orders',
      headers: { cookie: county },
      payload: {
        sourceKind: 'manual',
        category: 'other',
        title: '测试工单',
        description: '测试今日编号不与演示工单重复。',
        countyCode: '370102',
      },
    });
    expect(created.statusCode).toBe(201);
    // The spec's new order sorts first in the county's list.
    const first = (
      await ctx.http.inject({
        method: 'GET',
        url: '/api/regulator/work-orders?page=1&pageSize=20',
        headers: { cookie: county },
      })
    ).json().items[0];
    expect(first.id).toBe(created.json().workOrder.id);
  });
});
