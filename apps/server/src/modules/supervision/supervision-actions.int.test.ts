import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

/**
 * 监管行动 over HTTP: what each regulator level records (附件2 资质核查, 分级约谈, 集中执法), region-scoped
 * (a county regulator in its county), penalties on the spot tied to their enforcement, and the bad input
 * that is refused with its code and writes nothing. The table is append-only.
 */
let ctx: TestContext;
const cookies: Record<string, string> = {};
let schoolA: Awaited<ReturnType<typeof newSchool>>;
let schoolB: Awaited<ReturnType<typeof newSchool>>;
let coachA: Awaited<ReturnType<typeof newCoach>>;
let coachB: Awaited<ReturnType<typeof newCoach>>;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.app.db;
  schoolA = await newSchool(db, { countyCode: regions.county });
  schoolB = await newSchool(db, { countyCode: regions.otherCounty });
  coachA = await newCoach(db, ctx.app.vault, schoolA.id);
  coachB = await newCoach(db, ctx.app.vault, schoolB.id);
  const users = {
    county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
    city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
    otherCity: await newUser(db, 'regulator_city', { regionCode: regions.otherCity }),
    school: await newUser(db, 'school_admin', { schoolId: schoolA.id }),
  };
  for (const [name, u] of Object.entries(users)) {
    cookies[name] = await loginAs(ctx.http, u.username, name === 'school' ? 'school' : 'regulator');
  }
});
afterAll(async () => {
  await ctx?.close();
});

const record = (who: string, payload: object) =>
  ctx.http.inject({
    method: 'POST',
    url: '/api/regulator/supervision-actions',
    payload,
    headers: { cookie: cookies[who]! },
  });
const listOf = async (who: string, query = '') =>
  (
    (
      await ctx.http.inject({
        method: 'GET',
        url: `/api/regulator/supervision-actions${query}`,
        headers: { cookie: cookies[who]! },
      })
    ).json() as { items: Array<{ id: string; kind: string; countyCode: string; happenedOn: string }> }
  ).items;
const actionCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM supervision_actions`.execute(ctx.app.db)).rows[0]!
    .n;

describe('supervision actions', () => {
  it('records each kind at the right level and region, penalties tied to their enforcement', async () => {
    const check = await record('county', {
      kind: 'qualification_check',
      schoolId: schoolA.id,
      happenedOn: '2026-10-28',
      note: '教练场面积与备案一致',
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({
      kind: 'qualification_check',
      countyCode: regions.county,
      countyName: '历下区',
      schoolId: schoolA.id,
      schoolName: schoolA.name,
      coachId: null,
      happenedOn: '2026-10-28',
    });
    const order = await record('county', {
      kind: 'rectification_order',
      schoolId: schoolA.id,
      happenedOn: '2026-10-28',
      note: '实际教学教练员与系统上报不一致，限期30日整改',
    });
    expect(order.statusCode, order.body).toBe(200);
    // An order that goes to the school as a work order (工单) in the same transaction.
    const pushed = await record('county', {
      kind: 'rectification_order',
      schoolId: schoolA.id,
      happenedOn: '2026-10-29',
      note: '教练车标识不符合标准，限期整改',
      createWorkOrder: true,
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const pushedAction = pushed.json() as { id: string; workOrderNumber: string | null };
    expect(pushedAction.workOrderNumber).toMatch(/^GD-370102-/);
    const workOrder = await ctx.app.db
      .selectFrom('workOrders')
      .select(['sourceKind', 'sourceId', 'schoolId', 'category', 'assigneeKind', 'description'])
      .where('number', '=', pushedAction.workOrderNumber!)
      .executeTakeFirstOrThrow();
    expect(workOrder).toEqual({
      sourceKind: 'inspection',
      sourceId: pushedAction.id,
      schoolId: schoolA.id,
      category: 'rectification',
      assigneeKind: 'school',
      description: '教练车标识不符合标准，限期整改',
    });
    const interviewSchool = await record('county', {
      kind: 'interview_school',
      schoolId: schoolA.id,
      happenedOn: '2026-10-30',
    });
    expect(interviewSchool.statusCode).toBe(200);
    // The city interviews its counties' authorities (分级约谈).
    const interviewCounty = await record('city', {
      kind: 'interview_authority',
      countyCode: regions.otherCounty,
      happenedOn: '2026-10-31',
      note: '工作进度滞后',
    });
    expect(interviewCounty.statusCode, interviewCounty.body).toBe(200);

    // 集中执法 in the county, with penalties on the spot that take its day.
    const enforcement = await record('county', {
      kind: 'enforcement',
      countyCode: regions.county,
      happenedOn: '2026-11-01',
    });
    expect(enforcement.statusCode, enforcement.body).toBe(200);
    const enforcementId = (enforcement.json() as { id: string }).id;
    const penaltySchool = await record('county', {
      kind: 'penalty_school',
      schoolId: schoolA.id,
      enforcementId,
      note: '学时造假，罚款',
    });
    expect(penaltySchool.json()).toMatchObject({ enforcementId, happenedOn: '2026-11-01' });
    const penaltyCoach = await record('county', {
      kind: 'penalty_coach',
      coachId: coachA.id,
      enforcementId,
      note: '私自遮挡摄像头',
    });
    expect(penaltyCoach.json()).toMatchObject({
      kind: 'penalty_coach',
      coachId: coachA.id,
      schoolId: schoolA.id,
      countyCode: regions.county,
    });

    // The county sees its county; the city sees both counties; another city sees none of it.
    const countyKinds = (await listOf('county')).map((a) => a.kind).sort();
    expect(countyKinds).toEqual([
      'enforcement',
      'interview_school',
      'penalty_coach',
      'penalty_school',
      'qualification_check',
      'rectification_order',
      'rectification_order',
    ]);
    expect((await listOf('city')).map((a) => a.kind)).toContain('interview_authority');
    expect(await listOf('otherCity')).toEqual([]);
    expect(
      (await listOf('city', '?kind=enforcement&from=2026-11-01&to=2026-11-30')).map((a) => a.id),
    ).toEqual([enforcementId]);
    const audited = await ctx.app.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'supervision.action.recorded')
      .execute();
    expect(audited).toHaveLength(8);
  });

  it('refuses bad input with its code and writes nothing', async () => {
    const enforcement = await record('county', {
      kind: 'enforcement',
      countyCode: regions.county,
      happenedOn: '2026-11-02',
    });
    const enforcementId = (enforcement.json() as { id: string }).id;
    const otherEnforcement = await record('city', {
      kind: 'enforcement',
      countyCode: regions.otherCounty,
      happenedOn: '2026-11-02',
    });
    const otherEnforcementId = (otherEnforcement.json() as { id: string }).id;
    const before = await actionCount();
    const cases: Array<[string, object, number, string]> = [
      // The kind needs the right subject.
      [
        'county',
        { kind: 'qualification_check', happenedOn: '2026-11-01' },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'county',
        { kind: 'qualification_check', schoolId: schoolA.id, coachId: coachA.id, happenedOn: '2026-11-01' },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'city',
        {
          kind: 'interview_authority',
          schoolId: schoolA.id,
          countyCode: regions.county,
          happenedOn: '2026-11-01',
        },
        400,
        'supervision.subject_mismatch',
      ],
      // A city is not a county authority.
      [
        'city',
        { kind: 'enforcement', countyCode: regions.city, happenedOn: '2026-11-01' },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'county',
        {
          kind: 'interview_school',
          schoolId: schoolA.id,
          countyCode: regions.otherCounty,
          happenedOn: '2026-11-01',
        },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'county',
        { kind: 'penalty_coach', schoolId: schoolA.id, enforcementId, note: 'x' },
        400,
        'supervision.subject_mismatch',
      ],
      // Dates: in the future, off the calendar, missing.
      [
        'county',
        { kind: 'interview_school', schoolId: schoolA.id, happenedOn: '2026-11-03' },
        400,
        'supervision.date_invalid',
      ],
      [
        'county',
        { kind: 'interview_school', schoolId: schoolA.id, happenedOn: '2026-02-30' },
        400,
        'supervision.date_invalid',
      ],
      ['county', { kind: 'interview_school', schoolId: schoolA.id }, 400, 'supervision.date_invalid'],
      // Only findings about a school go to it as work orders, and they say what to fix.
      [
        'county',
        {
          kind: 'interview_school',
          schoolId: schoolA.id,
          happenedOn: '2026-11-01',
          note: 'x',
          createWorkOrder: true,
        },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'county',
        {
          kind: 'qualification_check',
          schoolId: schoolA.id,
          happenedOn: '2026-11-01',
          createWorkOrder: true,
        },
        400,
        'supervision.note_required',
      ],
      // Orders and penalties say what was decided.
      [
        'county',
        { kind: 'rectification_order', schoolId: schoolA.id, happenedOn: '2026-11-01' },
        400,
        'supervision.note_required',
      ],
      // Penalties on the spot need their enforcement, of the same county and day.
      [
        'county',
        { kind: 'penalty_school', schoolId: schoolA.id, note: '罚款' },
        400,
        'supervision.enforcement_required',
      ],
      [
        'county',
        { kind: 'penalty_school', schoolId: schoolA.id, enforcementId: otherEnforcementId, note: '罚款' },
        400,
        'supervision.subject_mismatch',
      ],
      [
        'county',
        {
          kind: 'penalty_school',
          schoolId: schoolA.id,
          enforcementId,
          happenedOn: '2026-11-01',
          note: '罚款',
        },
        400,
        'supervision.date_invalid',
      ],
      [
        'county',
        { kind: 'interview_school', schoolId: schoolA.id, enforcementId, happenedOn: '2026-11-01' },
        400,
        'supervision.subject_mismatch',
      ],
      // Region scope: another county's school or coach; county authorities are interviewed from above.
      [
        'county',
        { kind: 'interview_school', schoolId: schoolB.id, happenedOn: '2026-11-01' },
        403,
        'auth.forbidden',
      ],
      [
        'county',
        { kind: 'penalty_coach', coachId: coachB.id, enforcementId: otherEnforcementId, note: 'x' },
        403,
        'auth.forbidden',
      ],
      [
        'county',
        { kind: 'interview_authority', countyCode: regions.county, happenedOn: '2026-11-01' },
        403,
        'supervision.kind_not_allowed',
      ],
      [
        'otherCity',
        { kind: 'enforcement', countyCode: regions.county, happenedOn: '2026-11-01' },
        403,
        'auth.forbidden',
      ],
      // Not a regulator at all.
      [
        'school',
        { kind: 'interview_school', schoolId: schoolA.id, happenedOn: '2026-11-01' },
        403,
        'auth.forbidden',
      ],
      ['county', { kind: 'raid', schoolId: schoolA.id, happenedOn: '2026-11-01' }, 400, 'request.invalid'],
    ];
    for (const [who, payload, status, code] of cases) {
      const res = await record(who, payload);
      expect([res.statusCode, res.json().code], `${who} ${JSON.stringify(payload)}`).toEqual([status, code]);
    }
    expect(await actionCount()).toBe(before);
    await expect(
      sql`DELETE FROM supervision_actions WHERE id = ${enforcementId}`.execute(ctx.app.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`UPDATE supervision_actions SET note = 'x' WHERE id = ${enforcementId}`.execute(ctx.app.db),
    ).rejects.toThrow(/append-only/);
  });
});
