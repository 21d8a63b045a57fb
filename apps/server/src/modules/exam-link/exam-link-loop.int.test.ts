import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRegions, newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { createExamLinkClient, createPoliceSandbox } from '../../../../../tools/police-sandbox/src/index.ts';
import { seedTrainingReferenceData } from '../training-hours/index.ts';
import { newIntegrationClient } from './exam-link.fixtures.ts';

/**
 * Must-show 3 of issue 4, the whole loop through the real modules: a trainee completes part 1 (C1:
 * 12 学时 of classroom lessons on three days, under the 4-学时 daily theory cap) → the school files the
 * stage submission → the county regulator approves it → the police sandbox, in-process over real HTTP
 * on an ephemeral port and signing every request, sees the trainee in its eligibility feed, books and
 * posts a result → the school's pass rates change, credited to the coach who taught most minutes.
 */
describe('exam link: complete part → stage approval → police sandbox → pass rates', () => {
  let ctx: TestContext;
  let baseUrl: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    await ensureRegions(ctx.app.db);
    await seedTrainingReferenceData(ctx.app.db, regions.province, [regions.city]);
    baseUrl = await ctx.http.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => ctx.close());

  it('turns an approved part into an exam result the pass rates count', async () => {
    const db = ctx.app.db;
    const school = await newSchool(db, { countyCode: regions.county });
    const [mostMinutes, fewerMinutes] = [
      await newCoach(db, ctx.app.vault, school.id),
      await newCoach(db, ctx.app.vault, school.id),
    ];
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const staff = await loginAs(
      ctx.http,
      (await newUser(db, 'school_staff', { schoolId: school.id })).username,
      'school',
    );
    const admin = await loginAs(
      ctx.http,
      (await newUser(db, 'school_admin', { schoolId: school.id })).username,
      'school',
    );
    const regulator = await loginAs(
      ctx.http,
      (await newUser(db, 'regulator_county', { regionCode: regions.county })).username,
      'regulator',
    );
    const inject = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      ctx.http.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

    // 1. A complete part: three mornings of four classroom hours (part 1 of C1 needs 12).
    for (const [day, coach] of [
      ['2026-10-28', mostMinutes],
      ['2026-10-29', mostMinutes],
      ['2026-10-30', fewerMinutes],
    ] as const) {
      const res = await inject(staff, 'POST', '/api/training/sessions', {
        traineeId: trainee.id,
        kind: 'classroom',
        courseCode: '2211010000',
        startedAt: `${day}T09:00:00+08:00`,
        endedAt: `${day}T13:00:00+08:00`,
        coachId: coach.id,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(await ctx.app.trainingHours.completedParts(trainee.id)).toContain(1);

    // 2. Stage submission by the school, 3. approval by the regulator.
    const submitted = await inject(admin, 'POST', '/api/school/stage-submissions', {
      traineeId: trainee.id,
      part: 1,
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const approved = await inject(
      regulator,
      'POST',
      `/api/regulator/stage-submissions/${submitted.json().id}/approve`,
    );
    expect(approved.statusCode, approved.body).toBe(200);

    // The school's figures before the police side has said anything.
    const liaison = await loginAs(
      ctx.http,
      (await newUser(db, 'police_liaison', { regionCode: regions.city })).username,
      'regulator',
    );
    const passRates = async () =>
      (await inject(liaison, 'GET', `/api/exam-link/pass-rates?schoolId=${school.id}`)).json();
    const before = await passRates();
    expect(before.parts[0]).toEqual({ part: 1, attempts: 0, passed: 0, passRate: null });
    expect(before.coaches).toEqual([]);

    // 4. The police sandbox polls over real HTTP, signing with its own key, on the server's clock.
    const police = await newIntegrationClient(db, { regionCode: regions.city });
    const sandboxAt = (seed: string) =>
      createPoliceSandbox({
        client: createExamLinkClient({
          url: baseUrl,
          clientKey: police.clientKey,
          privateKeyPem: police.privateKeyPem,
          now: () => ctx.clock.now().getTime(),
        }),
        passProbability: 1,
        seed,
        today: () => '2026-11-02',
      });
    const sandbox = sandboxAt('loop');
    const report = await sandbox.tick();
    expect(report).toEqual({ seen: 1, booked: 1, passed: 1, failed: 0, refused: 0 });

    const stored = await db
      .selectFrom('examResults')
      .select(['kind', 'part', 'passed', 'coachId', 'examDate'])
      .where('traineeId', '=', trainee.id)
      .orderBy('kind')
      .execute();
    expect(stored).toEqual([
      { kind: 'booking', part: 1, passed: null, coachId: null, examDate: '2026-11-02' },
      { kind: 'result', part: 1, passed: true, coachId: mostMinutes.id, examDate: '2026-11-02' },
    ]);

    // 5. Pass rates changed: the school's part 1, and the coach who taught 480 of the 720 minutes.
    const after = await passRates();
    expect(after.parts[0]).toEqual({ part: 1, attempts: 1, passed: 1, passRate: 1 });
    expect(after.coaches).toEqual([
      { coachId: mostMinutes.id, coachName: mostMinutes.name, part: 1, attempts: 1, passed: 1, passRate: 1 },
    ]);
    const publicFigure = await ctx.http.inject({
      method: 'GET',
      url: `/api/public/schools/${school.id}/pass-rates`,
    });
    expect(publicFigure.json().parts[0]).toEqual(after.parts[0]);

    // A restarted sandbox reads the feed from the start again: the server sees duplicates only.
    const restarted = sandboxAt('loop');
    expect(await restarted.tick()).toMatchObject({ seen: 1, passed: 1 });
    expect((await passRates()).parts[0]).toEqual(after.parts[0]);
    expect(await sandbox.tick()).toMatchObject({ seen: 0 });
  });
});
