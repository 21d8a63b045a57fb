import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { addWorkingDays, noExceptions } from '../../shared/working-days.ts';

describe('working-day calendar', () => {
  let ctx: TestContext;
  let school: Awaited<ReturnType<typeof newSchool>>;
  const cookies: Record<string, string> = {};
  const accounts: Record<string, { username: string; role: string }> = {};

  /** Moves the injected clock and signs everyone in again (sessions expire with the moved clock). */
  async function at(iso: string) {
    ctx.clock.set(new Date(iso));
    for (const [name, u] of Object.entries(accounts)) {
      cookies[name] = await loginAs(
        ctx.http,
        u.username,
        u.role.startsWith('school') ? 'school' : 'regulator',
      );
    }
  }
  const call = (
    who: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    ctx.http.inject({
      method,
      url,
      headers: who ? { cookie: cookies[who]! } : {},
      ...(payload ? { payload } : {}),
    });
  const days = (who: string | null, year: number) =>
    call(who, 'GET', `/api/regulator/calendar/days?year=${year}`);
  const add = (who: string, list: object[]) =>
    call(who, 'POST', '/api/regulator/calendar/days', { days: list });
  const put = (who: string, day: string, body: object) =>
    call(who, 'PUT', `/api/regulator/calendar/days/${encodeURIComponent(day)}`, body);
  const remove = (who: string, day: string) =>
    call(who, 'DELETE', `/api/regulator/calendar/days/${encodeURIComponent(day)}`);
  const calendarAudit = async () =>
    (
      await ctx.app.db
        .selectFrom('auditLog')
        .select(['action', 'entityId', 'actorRole', 'details'])
        .where('entityType', '=', 'calendar_day')
        .orderBy('seq')
        .execute()
    ).map((r) => ({ ...r, details: r.details as Record<string, unknown> }));

  beforeAll(async () => {
    ctx = await createTestContext();
    const db = ctx.app.db;
    school = await newSchool(db, { countyCode: regions.county });
    Object.assign(accounts, {
      province: await newUser(db, 'regulator_province', { regionCode: regions.province }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      schoolAdmin: await newUser(db, 'school_admin', { schoolId: school.id }),
    });
    await at('2026-11-02T09:00:00+08:00');
  });
  afterAll(() => ctx.close());

  it('holds the national 2026 arrangement: weekday holidays and weekend workdays only', async () => {
    const res = await days('province', 2026);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { day: string; kind: string; name: string; scope: string }[];
    expect(items).toHaveLength(25);
    expect(items.filter((d) => d.kind === 'workday').map((d) => d.day)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(items.filter((d) => d.name === '国庆节' && d.kind === 'holiday').map((d) => d.day)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(items.every((d) => d.scope === 'national')).toBe(true);
    // 2 November 2026: 2027 is reachable by deadlines and has nothing entered yet.
    expect((await days('province', 2027)).json()).toEqual({ year: 2027, items: [], unentered: [2027] });
  });

  it('names the years deadlines can reach with no day entered: this one, and from November the next', async () => {
    await at('2026-10-31T23:00:00+08:00');
    expect((await days('province', 2026)).json().unentered).toEqual([]);
    await at('2026-11-01T00:30:00+08:00');
    expect((await days('province', 2026)).json().unentered).toEqual([2027]);
    await at('2027-03-01T09:00:00+08:00');
    expect((await days('province', 2027)).json().unentered).toEqual([2027]);
    await at('2026-11-02T09:00:00+08:00');
  });

  it('lets only the province regulator read and change the calendar', async () => {
    for (const who of ['city', 'county', 'schoolAdmin']) {
      expect((await days(who, 2026)).statusCode, who).toBe(403);
      expect((await add(who, [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }])).statusCode, who).toBe(
        403,
      );
      expect((await put(who, '2026-10-01', { kind: 'holiday', name: 'x' })).statusCode, who).toBe(403);
      expect((await remove(who, '2026-10-01')).statusCode, who).toBe(403);
    }
    expect((await days(null, 2026)).statusCode).toBe(401);
    expect(await calendarAudit()).toEqual([]);
  });

  it('refuses bad days with a code saying why, and writes nothing', async () => {
    const refused = async (res: Awaited<ReturnType<typeof add>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    };
    await refused(
      await add('province', [{ day: '2027-02-30', kind: 'holiday', name: '春节' }]),
      400,
      'calendar.day_invalid',
    );
    await refused(
      await add('province', [{ day: '2027/2/8', kind: 'holiday', name: '春节' }]),
      400,
      'calendar.day_invalid',
    );
    await refused(
      await put('province', '1999-12-31', { kind: 'holiday', name: '除夕' }),
      400,
      'calendar.day_invalid',
    );
    // Saturday 3 October is off anyway; Thursday 8 October is worked anyway.
    await refused(
      await put('province', '2026-10-03', { kind: 'holiday', name: '国庆节' }),
      400,
      'calendar.kind_mismatch',
    );
    await refused(
      await add('province', [{ day: '2026-10-08', kind: 'workday', name: '国庆节' }]),
      400,
      'calendar.kind_mismatch',
    );
    await refused(
      await add('province', [{ day: '2027-01-01', kind: 'holiday', name: '   ' }]),
      400,
      'calendar.name_required',
    );
    // Entered already (adding never overwrites), or twice in one request.
    await refused(
      await add('province', [
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        { day: '2026-10-01', kind: 'holiday', name: '国庆节' },
      ]),
      409,
      'calendar.duplicate',
    );
    await refused(
      await add('province', [
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      ]),
      409,
      'calendar.duplicate',
    );
    await refused(await remove('province', '2026-10-08'), 404, 'calendar.day_not_found');
    await refused(await remove('province', 'tomorrow'), 400, 'calendar.day_invalid');
    await refused(await days('province', 1999), 400, 'request.invalid');

    expect((await days('province', 2027)).json().items).toEqual([]);
    expect(await calendarAudit()).toEqual([]);
  });

  it('adds, replaces and removes days, each with an audit entry', async () => {
    const added = await add('province', [
      { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      { day: '2027-02-20', kind: 'workday', name: '春节' },
    ]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().items.map((d: { day: string }) => d.day)).toEqual(['2027-01-01', '2027-02-20']);

    const replaced = await put('province', '2027-02-20', { kind: 'workday', name: ' 春节调休 ' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ day: '2027-02-20', kind: 'workday', name: '春节调休' });
    const created = await put('province', '2027-02-11', { kind: 'holiday', name: '春节' });
    expect(created.statusCode, created.body).toBe(200);

    const removed = await remove('province', '2027-01-01');
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().removed).toMatchObject({ day: '2027-01-01', kind: 'holiday', name: '元旦' });

    expect((await days('province', 2027)).json().items.map((d: { day: string }) => d.day)).toEqual([
      '2027-02-11',
      '2027-02-20',
    ]);
    const entries = await calendarAudit();
    expect(entries.map((e) => [e.action, e.entityId, e.actorRole])).toEqual([
      ['calendar.day.added', '2027-01-01', 'regulator_province'],
      ['calendar.day.added', '2027-02-20', 'regulator_province'],
      ['calendar.day.replaced', '2027-02-20', 'regulator_province'],
      ['calendar.day.added', '2027-02-11', 'regulator_province'],
      ['calendar.day.removed', '2027-01-01', 'regulator_province'],
    ]);
    expect(entries[2]!.details).toMatchObject({
      kind: 'workday',
      name: '春节调休',
      previous: { kind: 'workday', name: '春节' },
    });
  });

  it('gives a complaint and a work order filed on the eve of 国庆 a later deadline, and keeps it', async () => {
    // Wednesday 30 September 2026, the day before the national day holiday.
    await at('2026-09-30T09:00:00+08:00');
    const now = ctx.clock.now();
    const complaint = await call(null, 'POST', '/api/public/complaints', {
      kind: 'complaint',
      category: 'refund_dispute',
      target: 'school',
      schoolId: school.id,
      text: '退学三个月了还没有退费，驾校一直推脱',
      name: '王小明',
      phone: '13900001111',
      idempotencyKey: `key-${randomUUID()}`,
    });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const schoolDueAt = complaint.json().complaint.schoolDueAt as string;
    const order = await call('county', 'POST', '/api/regulator/work-orders', {
      sourceKind: 'manual',
      category: 'other',
      title: '黑驾校招生点',
      description: '群众反映某小区门口有无资质招生点',
      countyCode: regions.county,
    });
    expect(order.statusCode, order.body).toBe(201);
    const dueAt = order.json().workOrder.dueAt as string;

    // 5 working days: Oct 8, 9, 10 (Saturday, 调休), 12, 13 — where Monday–Friday alone said 7 October.
    expect(schoolDueAt).toBe(new Date('2026-10-13T09:00:00+08:00').toISOString());
    expect(addWorkingDays(now, 5, noExceptions)).toEqual(new Date('2026-10-07T09:00:00+08:00'));
    // 10 working days (category other): Oct 8, 9, 10, 12–16, 19, 20 — not 14 October.
    expect(dueAt).toBe(new Date('2026-10-20T09:00:00+08:00').toISOString());
    expect(addWorkingDays(now, 10, noExceptions)).toEqual(new Date('2026-10-14T09:00:00+08:00'));

    // A later change to the calendar does not move deadlines already given.
    expect((await remove('province', '2026-10-10')).statusCode).toBe(200);
    const stored = await ctx.app.db
      .selectFrom('workOrders')
      .select('dueAt')
      .where('id', '=', order.json().workOrder.id)
      .executeTakeFirstOrThrow();
    expect(stored.dueAt.toISOString()).toBe(dueAt);
    const again = await ctx.app.db
      .selectFrom('complaints')
      .select('schoolDueAt')
      .where('id', '=', complaint.json().complaint.id)
      .executeTakeFirstOrThrow();
    expect(again.schoolDueAt!.toISOString()).toBe(schoolDueAt);
    // …while a complaint filed now counts without the removed Saturday: Oct 8, 9, 12, 13, 14.
    const later = await call(null, 'POST', '/api/public/complaints', {
      kind: 'complaint',
      category: 'refund_dispute',
      target: 'school',
      schoolId: school.id,
      text: '教练态度恶劣，多次迟到',
      name: '李四',
      phone: '13900002222',
      idempotencyKey: `key-${randomUUID()}`,
    });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().complaint.schoolDueAt).toBe(new Date('2026-10-14T09:00:00+08:00').toISOString());
  });
});
