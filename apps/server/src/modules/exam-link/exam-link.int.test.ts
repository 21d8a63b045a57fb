import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import type { Database } from '../../db/connect.ts';
import {
  approveStageDirectly,
  newIntegrationClient,
  signedHeaders,
  type TestClient,
} from './exam-link.fixtures.ts';

/** Credited minutes of one coach with one trainee in one part, as the audit leaves them. */
async function teachingLog(
  db: Database,
  t: { id: string; schoolId: string },
  coachId: string,
  part: number,
  creditedMinutes: number,
  endedAt: string,
) {
  await db
    .insertInto('teachingLogs')
    .values({
      source: 'terminal',
      traineeId: t.id,
      schoolId: t.schoolId,
      coachId,
      courseCode: `1${part}21120000`,
      licenceClass: 'C1',
      part,
      startedAt: new Date(new Date(endedAt).getTime() - creditedMinutes * 60_000),
      endedAt,
      totalMinutes: creditedMinutes,
      validMinutes: creditedMinutes,
      creditedMinutes,
      verdict: 'valid',
    })
    .execute();
}

describe('exam link: eligibility, bookings, results, pass rates', () => {
  let ctx: TestContext;
  let police: TestClient;
  let school: Awaited<ReturnType<typeof newSchool>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    police = await newIntegrationClient(ctx.app.db, { regionCode: regions.city });
    school = await newSchool(ctx.app.db, { countyCode: regions.county });
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'POST', url: string, body?: object) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return ctx.http.inject({
      method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      headers: signedHeaders(
        police,
        { method, url, ...(payload !== undefined ? { body: payload } : {}) },
        { timestamp: ctx.clock.now().getTime() },
      ),
    });
  };
  const reasonOf = (res: { json(): { details?: { reason?: string } } }) => res.json().details?.reason;

  it('makes a trainee eligible from stage.approved, once, and lists it after the cursor', async () => {
    const before = (await call('GET', '/api/exam-link/eligibility?after=0&limit=500')).json().next as number;
    const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
    const approvedAt = new Date('2026-11-01T10:00:00+08:00');
    const submissionId = await approveStageDirectly(ctx.app, trainee, 2, approvedAt);

    // A redelivered event (crash between handler and mark) changes nothing.
    await ctx.app.examLink.grantEligibility(
      {
        stageSubmissionId: submissionId,
        traineeId: trainee.id,
        schoolId: school.id,
        part: 2,
        approvedAt: approvedAt.toISOString(),
      },
      ctx.app.db,
    );
    const rows = await ctx.app.db
      .selectFrom('examEligibility')
      .selectAll()
      .where('traineeId', '=', trainee.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ part: 2, stageSubmissionId: submissionId, eligibleAt: approvedAt });

    const page = (await call('GET', `/api/exam-link/eligibility?after=${before}&limit=10`)).json();
    expect(page.items).toEqual([
      {
        seq: rows[0]!.seq,
        traineeId: trainee.id,
        name: trainee.name,
        idNumberMasked: trainee.idNumberMasked,
        licenceClass: 'C1',
        schoolId: school.id,
        schoolName: school.name,
        part: 2,
        eligibleAt: approvedAt.toISOString(),
      },
    ]);
    expect(page.next).toBe(rows[0]!.seq);
    expect((await call('GET', `/api/exam-link/eligibility?after=${page.next}`)).json()).toEqual({
      items: [],
      next: page.next,
    });
  });

  it('looks eligibility up by identity number and name, per part, never echoing the number', async () => {
    const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
    const idNumber = ctx.app.vault.reveal(trainee.idNumberCipher);
    const approvedAt = new Date('2026-10-20T15:30:00+08:00');
    await approveStageDirectly(ctx.app, trainee, 1, approvedAt);

    const res = await call('POST', '/api/exam-link/eligibility/lookup', { idNumber, name: trainee.name });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(idNumber);
    expect(res.json().trainees).toEqual([
      {
        traineeId: trainee.id,
        name: trainee.name,
        idNumberMasked: trainee.idNumberMasked,
        schoolId: school.id,
        schoolName: school.name,
        parts: [
          { part: 1, eligible: true, eligibleSince: approvedAt.toISOString() },
          { part: 2, eligible: false, eligibleSince: null },
          { part: 3, eligible: false, eligibleSince: null },
          { part: 4, eligible: false, eligibleSince: null },
        ],
      },
    ]);

    const wrongName = await call('POST', '/api/exam-link/eligibility/lookup', { idNumber, name: '张三' });
    expect(wrongName.statusCode).toBe(404);
    expect(reasonOf(wrongName)).toBe('exam.trainee_unknown');

    const badNumber = await call('POST', '/api/exam-link/eligibility/lookup', {
      idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '1' ? '2' : '1'}`,
      name: trainee.name,
    });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().code).toBe('registry.invalid_id_number');
  });

  it('stores a booking and a result once per police id; a resend is a duplicate, changed facts are refused', async () => {
    const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
    await approveStageDirectly(ctx.app, trainee, 1, ctx.clock.now());

    const booking = {
      externalId: `bk-${trainee.id}`,
      traineeId: trainee.id,
      part: 1,
      examDate: '2026-11-10',
    };
    const first = await call('POST', '/api/exam-link/bookings', booking);
    expect(first.statusCode).toBe(201);
    const again = await call('POST', '/api/exam-link/bookings', booking);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, duplicate: true });

    const result = {
      externalId: `rs-${trainee.id}`,
      traineeId: trainee.id,
      part: 1,
      examDate: '2026-11-02',
      passed: true,
      score: 96,
    };
    const r1 = await call('POST', '/api/exam-link/results', result);
    const r2 = await call('POST', '/api/exam-link/results', result);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 200]);
    expect(r2.json().id).toBe(r1.json().id);

    const changed = await call('POST', '/api/exam-link/results', { ...result, passed: false, score: 70 });
    expect(changed.statusCode).toBe(409);
    expect(reasonOf(changed)).toBe('exam.external_id_reused');

    const stored = await ctx.app.db
      .selectFrom('examResults')
      .select(['kind', 'passed', 'score', 'examDate'])
      .where('traineeId', '=', trainee.id)
      .orderBy('kind')
      .execute();
    expect(stored).toEqual([
      { kind: 'booking', passed: null, score: null, examDate: '2026-11-10' },
      { kind: 'result', passed: true, score: 96, examDate: '2026-11-02' },
    ]);
  });

  it('refuses results for a part the trainee is not eligible for, unknown trainees and future exams', async () => {
    const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
    await approveStageDirectly(ctx.app, trainee, 1, ctx.clock.now());
    const base = { traineeId: trainee.id, examDate: '2026-11-01', passed: true, score: 90 };

    const notEligible = await call('POST', '/api/exam-link/results', { ...base, externalId: 'x-1', part: 3 });
    expect(notEligible.statusCode).toBe(400);
    expect(reasonOf(notEligible)).toBe('exam.not_eligible');
    const notEligibleBooking = await call('POST', '/api/exam-link/bookings', {
      externalId: 'x-2',
      traineeId: trainee.id,
      part: 2,
      examDate: '2026-11-20',
    });
    expect(reasonOf(notEligibleBooking)).toBe('exam.not_eligible');

    const unknown = await call('POST', '/api/exam-link/results', {
      ...base,
      externalId: 'x-3',
      part: 1,
      traineeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(reasonOf(unknown)).toBe('exam.trainee_unknown');

    // The test clock is 2026-11-02 09:00 in China: the 3rd has not happened yet.
    const future = await call('POST', '/api/exam-link/results', {
      ...base,
      externalId: 'x-4',
      part: 1,
      examDate: '2026-11-03',
    });
    expect(future.statusCode).toBe(400);
    expect(reasonOf(future)).toBe('exam.exam_date_in_future');

    const badScore = await call('POST', '/api/exam-link/results', {
      ...base,
      externalId: 'x-5',
      part: 1,
      score: 101,
    });
    expect(badScore.statusCode).toBe(400);

    const count = await ctx.app.db
      .selectFrom('examResults')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('traineeId', '=', trainee.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('computes pass rates per school and per leading coach from the results received', async () => {
    const db = ctx.app.db;
    const s = await newSchool(db, { countyCode: regions.otherCounty });
    const coachA = await newCoach(db, ctx.app.vault, s.id);
    const coachB = await newCoach(db, ctx.app.vault, s.id);
    const [t1, t2, t3] = [
      await newTrainee(db, ctx.app.vault, s.id),
      await newTrainee(db, ctx.app.vault, s.id),
      await newTrainee(db, ctx.app.vault, s.id),
    ];
    // t1: coach A taught most of part 2 (300 of 500 credited minutes); t2 and t3: coach B did.
    await teachingLog(db, t1, coachA.id, 2, 300, '2026-10-01T10:00:00+08:00');
    await teachingLog(db, t1, coachB.id, 2, 200, '2026-10-05T10:00:00+08:00');
    await teachingLog(db, t2, coachB.id, 2, 600, '2026-10-05T10:00:00+08:00');
    // t3's part-2 minutes are A's but only in part 3, so part 2 is B's.
    await teachingLog(db, t3, coachA.id, 3, 900, '2026-10-06T10:00:00+08:00');
    await teachingLog(db, t3, coachB.id, 2, 100, '2026-10-06T10:00:00+08:00');
    for (const t of [t1, t2, t3]) await approveStageDirectly(ctx.app, t, 2, ctx.clock.now());

    const regulator = await newUser(db, 'regulator_city', { regionCode: regions.city });
    const cookie = await loginAs(ctx.http, regulator.username, 'regulator');
    const rates = async () =>
      (
        await ctx.http.inject({
          method: 'GET',
          url: `/api/exam-link/pass-rates?schoolId=${s.id}`,
          headers: { cookie },
        })
      ).json();

    const empty = await rates();
    expect(empty.parts[1]).toEqual({ part: 2, attempts: 0, passed: 0, passRate: null });
    expect(empty.coaches).toEqual([]);

    const post = (t: { id: string }, n: number, passed: boolean, score: number) =>
      call('POST', '/api/exam-link/results', {
        externalId: `pr-${t.id}-${n}`,
        traineeId: t.id,
        part: 2,
        examDate: '2026-11-01',
        passed,
        score,
      });
    expect((await post(t1, 1, true, 90)).statusCode).toBe(201);
    expect((await post(t2, 1, false, 60)).statusCode).toBe(201);
    expect((await post(t2, 2, true, 85)).statusCode).toBe(201);
    expect((await post(t3, 1, false, 70)).statusCode).toBe(201);
    // A resend must not count twice.
    expect((await post(t3, 1, false, 70)).statusCode).toBe(200);

    const after = await rates();
    expect(after.parts).toEqual([
      { part: 1, attempts: 0, passed: 0, passRate: null },
      { part: 2, attempts: 4, passed: 2, passRate: 0.5 },
      { part: 3, attempts: 0, passed: 0, passRate: null },
      { part: 4, attempts: 0, passed: 0, passRate: null },
    ]);
    const byCoach = Object.fromEntries(
      after.coaches.map((c: { coachId: string; attempts: number; passed: number; passRate: number }) => [
        c.coachId,
        [c.attempts, c.passed, c.passRate],
      ]),
    );
    expect(byCoach).toEqual({ [coachA.id]: [1, 1, 1], [coachB.id]: [3, 1, 0.3333] });

    const pub = await ctx.http.inject({ method: 'GET', url: `/api/public/schools/${s.id}/pass-rates` });
    expect(pub.json()).toEqual({ schoolId: s.id, schoolName: s.name, parts: after.parts });
    expect(pub.body).not.toContain(coachA.name);
  });
});
