import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newUser, regions } from '../../../test/factories.ts';
import { setUpGateway, type GatewayTest } from '../../../test/gateway-fixtures.ts';
import { loginAs } from '../../../test/harness.ts';
import { driveSessions, fileTeachingGround, simRegistry } from '../../../test/sim-sessions.ts';

/*
 * Anomaly scoring wired end to end: the terminal simulator drives a 跑马机 car and an honest car through
 * the real gateway over TCP; the sessions become teaching logs, are audited, queued by the trigger and
 * scored by the jobs' entry point; then the routes are read as regulators and schools of different
 * regions would.
 */

let t: GatewayTest;
const sims = simRegistry();
const cookies: Record<string, string> = {};
const userIds: Record<string, string> = {};
let paomaLog = '';
let honestLog = '';
let honestTrainee = '';
const DAY = '2026-11-02';

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.ctx.http.inject({ method, url, ...(payload ? { payload } : {}), headers: { cookie: cookies[who]! } });

const flaggedEvents = async (logId: string) =>
  (await t.ctx.app.db.selectFrom('domainEvents').select(['type', 'payload']).execute()).filter(
    (e) =>
      e.type === 'anomaly.session_flagged' &&
      (e.payload as { teachingLogId: string }).teachingLogId === logId,
  );

beforeAll(async () => {
  t = await setUpGateway({ MINUTE_RECORD_FUTURE_TOLERANCE_S: '86400' });
  const db = t.ctx.app.db;
  await fileTeachingGround(t);

  const paoma = await driveSessions(t, sims, { profile: 'paoma', minutes: [8], seed: 'anomaly-paoma' });
  paomaLog = paoma.logIds[0]!;
  const honest = await driveSessions(t, sims, { profile: 'honest', minutes: [8], seed: 'anomaly-honest' });
  honestLog = honest.logIds[0]!;
  honestTrainee = honest.traineeId;

  const otherSchool = await newSchool(db, { countyCode: regions.otherCounty });
  const users = {
    county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
    otherCounty: await newUser(db, 'regulator_county', { regionCode: regions.otherCounty }),
    city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
    province: await newUser(db, 'regulator_province', { regionCode: regions.province }),
    school: await newUser(db, 'school_admin', { schoolId: t.school.id }),
    otherSchool: await newUser(db, 'school_admin', { schoolId: otherSchool.id }),
  };
  for (const [name, u] of Object.entries(users)) {
    userIds[name] = u.id;
    cookies[name] = await loginAs(t.ctx.http, u.username, name.includes('chool') ? 'school' : 'regulator');
  }
}, 60_000);

afterAll(async () => {
  await sims.stop();
  await t.ctx.close();
});

describe('scoring closed sessions', () => {
  it('queues audited terminal sessions and scores them: 跑马机 high with its explanation, honest none/low', async () => {
    const db = t.ctx.app.db;
    const queued = await db.selectFrom('anomalyDue').select('teachingLogId').execute();
    expect(queued.map((q) => q.teachingLogId).sort()).toEqual([paomaLog, honestLog].sort());

    const r = await t.ctx.app.anomaly.scoreDue();
    expect(r.scored).toBe(2);
    expect(r.flagged).toEqual([paomaLog]);
    expect(await db.selectFrom('anomalyDue').select('teachingLogId').execute()).toEqual([]);

    const risks = await db.selectFrom('sessionRisks').selectAll().execute();
    const paoma = risks.find((x) => x.teachingLogId === paomaLog)!;
    expect(paoma).toMatchObject({ level: 'high', countyCode: regions.county, sessionDay: DAY });
    expect(paoma.score).toBeGreaterThanOrEqual(60);
    expect(paoma.detectors).toContain('pulse-gnss-mismatch');
    expect(paoma.detectors).toContain('mileage-without-movement');
    expect(paoma.flaggedAt).not.toBeNull();

    const honest = risks.find((x) => x.teachingLogId === honestLog)!;
    expect(honest.level).toBe('none');
    expect(honest.flaggedAt).toBeNull();

    const pulse = await db
      .selectFrom('sessionFindings')
      .selectAll()
      .where('teachingLogId', '=', paomaLog)
      .where('detector', '=', 'pulse-gnss-mismatch')
      .execute();
    expect(pulse.length).toBeGreaterThanOrEqual(1);
    const counted = pulse.find((f) => f.counted)!;
    expect(counted.latitude).not.toBeNull();
    const evidence = counted.evidence as { meanRecorderKmh: number; meanGnssKmh: number };
    expect(evidence.meanRecorderKmh).toBeGreaterThan(10);
    expect(evidence.meanGnssKmh).toBe(0);

    // The honest car drove a real track: its fingerprint is stored for later replay checks.
    const prints = await db.selectFrom('sessionFingerprints').select(['teachingLogId', 'pathM']).execute();
    expect(prints.map((p) => p.teachingLogId)).toContain(honestLog);
    expect(prints.map((p) => p.teachingLogId)).not.toContain(paomaLog);

    const events = await flaggedEvents(paomaLog);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      teachingLogId: paomaLog,
      schoolId: t.school.id,
      regionCode: regions.county,
      score: paoma.score,
    });
  });

  it('re-scoring is idempotent: same rows, no second event', async () => {
    const db = t.ctx.app.db;
    const snapshot = async () => ({
      risks: (
        await db.selectFrom('sessionRisks').select(['teachingLogId', 'score', 'level', 'detectors']).execute()
      )
        .map((r) => JSON.stringify(r))
        .sort(),
      findings: (
        await db
          .selectFrom('sessionFindings')
          .select(['teachingLogId', 'detector', 'counted', 'evidence'])
          .execute()
      )
        .map((f) => JSON.stringify(f))
        .sort(),
      prints: Number(
        (
          await db
            .selectFrom('sessionFingerprints')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const before = await snapshot();
    const again = await t.ctx.app.anomaly.scoreSessions([paomaLog, honestLog]);
    expect(again.flagged).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(await flaggedEvents(paomaLog)).toHaveLength(1);
  });

  it('a theory session of the same trainee during the drive is 交叉培训: both sides learn of it', async () => {
    const db = t.ctx.app.db;
    const honest = await db
      .selectFrom('teachingLogs')
      .select(['schoolId', 'startedAt', 'endedAt'])
      .where('id', '=', honestLog)
      .executeTakeFirstOrThrow();
    const classroomId = randomUUID();
    await db
      .insertInto('teachingLogs')
      .values({
        id: classroomId,
        source: 'classroom',
        traineeId: honestTrainee,
        schoolId: honest.schoolId,
        courseCode: '2C10110000',
        licenceClass: 'C1',
        part: 1,
        startedAt: honest.startedAt,
        endedAt: honest.endedAt,
      })
      .execute();
    await t.ctx.app.anomaly.scoreSessions([honestLog]);
    const findings = await db
      .selectFrom('sessionFindings')
      .select(['detector', 'evidence'])
      .where('teachingLogId', '=', honestLog)
      .where('detector', '=', 'trainee-overlap')
      .execute();
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toMatchObject({ otherSessionId: classroomId, kinds: 'practical+theory' });
  });
});

describe('routes', () => {
  it('lists the region’s scored sessions by risk, with the counted findings', async () => {
    const res = await call(
      'county',
      'GET',
      `/api/regulator/anomalies/sessions?from=${DAY}&to=${DAY}&level=high`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { teachingLogId: string }) => i.teachingLogId)).toContain(paomaLog);
    const item = body.items.find((i: { teachingLogId: string }) => i.teachingLogId === paomaLog);
    expect(item.findings.every((f: { counted: boolean }) => f.counted)).toBe(true);
    expect(item.plate).toMatch(/^鲁A/);

    const byDetector = await call(
      'city',
      'GET',
      `/api/regulator/anomalies/sessions?from=${DAY}&to=${DAY}&detector=pulse-gnss-mismatch`,
    );
    expect(byDetector.json().items.map((i: { teachingLogId: string }) => i.teachingLogId)).toEqual([
      paomaLog,
    ]);
  });

  it('shows one session with every finding and its evidence', async () => {
    const res = await call('county', 'GET', `/api/regulator/anomalies/sessions/${paomaLog}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.level).toBe('high');
    expect(body.contributions[0].points).toBeGreaterThanOrEqual(50);
    expect(body.findings.some((f: { detector: string }) => f.detector === 'mileage-without-movement')).toBe(
      true,
    );
  });

  it('keeps regions apart: another county sees nothing and cannot narrow into ours', async () => {
    const detail = await call('otherCounty', 'GET', `/api/regulator/anomalies/sessions/${paomaLog}`);
    expect(detail.statusCode).toBe(404);
    expect(detail.json().code).toBe('anomaly.session_not_found');
    const list = await call('otherCounty', 'GET', `/api/regulator/anomalies/sessions?from=${DAY}&to=${DAY}`);
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    const narrowed = await call(
      'otherCounty',
      'GET',
      `/api/regulator/anomalies/daily?from=${DAY}&to=${DAY}&regionCode=${regions.county}`,
    );
    expect(narrowed.statusCode).toBe(403);
  });

  it('gives the school its own sessions only', async () => {
    const own = await call('school', 'GET', `/api/school/anomalies/sessions/${paomaLog}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().teachingLogId).toBe(paomaLog);
    const other = await call('otherSchool', 'GET', `/api/school/anomalies/sessions/${paomaLog}`);
    expect(other.statusCode).toBe(404);
  });

  it('aggregates for the dashboard: a map grid and daily counts', async () => {
    const map = await call('city', 'GET', `/api/regulator/anomalies/map?from=${DAY}&to=${DAY}&cellDeg=0.01`);
    expect(map.statusCode).toBe(200);
    const cells = map.json().cells as {
      latitude: number;
      longitude: number;
      count: number;
      sessions: number;
      byDetector: Record<string, number>;
    }[];
    const total = cells.reduce((s, c) => s + c.count, 0);
    expect(total).toBeGreaterThanOrEqual(2);
    for (const c of cells) {
      // A cell's count is the sum of its detectors; its sessions are distinct (the 跑马机 session alone
      // gives two findings in one place).
      expect(c.count).toBe(Object.values(c.byDetector).reduce((n, v) => n + v, 0));
      expect(c.sessions).toBeGreaterThanOrEqual(1);
      expect(c.sessions).toBeLessThanOrEqual(c.count);
    }
    expect(cells.some((c) => c.sessions < c.count)).toBe(true);
    expect(cells.some((c) => (c.byDetector['pulse-gnss-mismatch'] ?? 0) > 0)).toBe(true);
    expect(Math.abs(cells[0]!.latitude - t.school.latitude)).toBeLessThan(0.01);

    const daily = await call('city', 'GET', `/api/regulator/anomalies/daily?from=2026-11-01&to=${DAY}`);
    expect(daily.json().days).toEqual([
      { day: '2026-11-01', scored: 0, high: 0, medium: 0, low: 0 },
      expect.objectContaining({ day: DAY, scored: 2 }),
    ]);
    expect(daily.json().days[1].high).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad input with a clear code and changes nothing', async () => {
    const backwards = await call(
      'county',
      'GET',
      `/api/regulator/anomalies/sessions?from=${DAY}&to=2026-11-01`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().code).toBe('anomaly.range_invalid');
    const unknown = await call('county', 'GET', `/api/regulator/anomalies/sessions/${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('anomaly.session_not_found');
    const malformed = await call('county', 'GET', '/api/regulator/anomalies/sessions/not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    const tooLong = await call('city', 'GET', '/api/regulator/anomalies/daily?from=2026-01-01&to=2026-11-02');
    expect(tooLong.json().code).toBe('anomaly.range_invalid');

    const before = await t.ctx.app.db
      .selectFrom('sessionRisks')
      .select(['teachingLogId', 'computedAt'])
      .execute();
    const wrongWay = await call('city', 'POST', '/api/regulator/anomalies/rescore', {
      from: DAY,
      to: '2026-11-01',
    });
    expect(wrongWay.json().code).toBe('anomaly.range_invalid');
    expect(wrongWay.statusCode).toBe(400);
    const longRun = await call('city', 'POST', '/api/regulator/anomalies/rescore', {
      from: '2026-10-01',
      to: DAY,
    });
    expect(longRun.statusCode).toBe(400);
    expect(longRun.json().code).toBe('anomaly.range_invalid');
    const outside = await call('city', 'POST', '/api/regulator/anomalies/rescore', {
      from: DAY,
      to: DAY,
      regionCode: regions.otherCity,
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('auth.forbidden');
    const county = await call('county', 'POST', '/api/regulator/anomalies/rescore', { from: DAY, to: DAY });
    expect(county.statusCode).toBe(403);
    expect(
      await t.ctx.app.db.selectFrom('sessionRisks').select(['teachingLogId', 'computedAt']).execute(),
    ).toEqual(before);
    // Nothing was queued either.
    expect(await t.ctx.app.db.selectFrom('anomalyRescoreRuns').select('id').execute()).toEqual([]);
  });
});

describe('bulk re-scoring runs', () => {
  const runUrl = '/api/regulator/anomalies/rescore';
  const requestedEntries = async (runId: string) =>
    t.ctx.app.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'action', 'regionCode', 'details'])
      .where('action', '=', 'anomaly.rescore.requested')
      .where('entityId', '=', runId)
      .execute();

  it('queues a run (202), answers a retry with the same run (200), and the job completes it', async () => {
    t.ctx.clock.set(new Date(t.ctx.clock.now().getTime() + 3_600_000));
    const res = await call('city', 'POST', runUrl, { from: DAY, to: DAY });
    expect(res.statusCode).toBe(202);
    const queued = res.json();
    expect(queued).toMatchObject({
      regionCode: regions.city,
      from: DAY,
      to: DAY,
      status: 'queued',
      sessionsExpected: 2,
      sessionsScored: 0,
      attempts: 0,
      requestedBy: { userId: userIds.city },
      finishedAt: null,
    });

    // Nothing is scored by the request itself.
    const risks = await t.ctx.app.db.selectFrom('sessionRisks').select('computedAt').execute();
    expect(risks.every((r) => r.computedAt.getTime() < t.ctx.clock.now().getTime())).toBe(true);

    const retry = await call('city', 'POST', runUrl, { from: DAY, to: DAY });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(queued.id);
    expect(await t.ctx.app.db.selectFrom('anomalyRescoreRuns').select('id').execute()).toHaveLength(1);
    // One audit entry for the request, naming who asked; the retry added none.
    const entries = await requestedEntries(queued.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: userIds.city,
      regionCode: regions.city,
      details: { from: DAY, to: DAY, sessionsExpected: 2 },
    });

    const finished = await t.ctx.app.anomaly.runNextRescore();
    expect(finished).toMatchObject({
      id: queued.id,
      status: 'done',
      sessionsScored: 2,
      batches: 1,
      flagged: 0,
    });
    expect(await t.ctx.app.anomaly.runNextRescore()).toBeNull();

    const got = await call('city', 'GET', `${runUrl}/${queued.id}`);
    expect(got.statusCode).toBe(200);
    const done = got.json();
    expect(done).toMatchObject({
      status: 'done',
      sessionsExpected: 2,
      sessionsScored: 2,
      attempts: 1,
      error: null,
    });
    expect(done.levels.high).toBeGreaterThanOrEqual(1);
    expect(Object.values(done.levels as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2);
    expect(done.rulesetVersion).toBe(t.ctx.app.anomaly.rulesetVersion);
    expect(done.finishedAt).toBe(t.ctx.clock.now().toISOString());

    // Scored now, by the run; the 跑马机 session was flagged long ago and is not announced again.
    const after = await t.ctx.app.db.selectFrom('sessionRisks').select('computedAt').execute();
    expect(after.every((r) => r.computedAt.getTime() === t.ctx.clock.now().getTime())).toBe(true);
    expect(await flaggedEvents(paomaLog)).toHaveLength(1);
    // The batch's audit entry names the regulator who asked for the run.
    const scored = await t.ctx.app.db
      .selectFrom('auditLog')
      .select('actorUserId')
      .where('action', '=', 'anomaly.sessions.scored')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(scored.actorUserId).toBe(userIds.city);

    // Once done, the same days can be run again: a new run.
    t.ctx.clock.advance(60_000);
    const again = await call('city', 'POST', runUrl, { from: DAY, to: DAY });
    expect(again.statusCode).toBe(202);
    expect(again.json().id).not.toBe(queued.id);
    expect((await t.ctx.app.anomaly.runNextRescore())?.status).toBe('done');

    const list = await call('city', 'GET', runUrl);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([again.json().id, queued.id]);
  });

  it('keeps runs to their region: a county sees runs over itself only, never the city’s or another county’s', async () => {
    const cityRun = (await call('city', 'GET', runUrl)).json().items[0] as { id: string };
    const res = await call('city', 'POST', runUrl, { from: DAY, to: DAY, regionCode: regions.county });
    expect(res.statusCode).toBe(202);
    const countyRun = res.json();
    expect(countyRun).toMatchObject({ regionCode: regions.county, sessionsExpected: 2 });

    expect((await call('county', 'GET', `${runUrl}/${countyRun.id}`)).statusCode).toBe(200);
    const cityOne = await call('county', 'GET', `${runUrl}/${cityRun.id}`);
    expect(cityOne.statusCode).toBe(404);
    expect(cityOne.json().code).toBe('anomaly.run_not_found');
    const otherOne = await call('otherCounty', 'GET', `${runUrl}/${countyRun.id}`);
    expect(otherOne.statusCode).toBe(404);
    expect(otherOne.json().code).toBe('anomaly.run_not_found');

    expect((await call('county', 'GET', runUrl)).json().items.map((r: { id: string }) => r.id)).toEqual([
      countyRun.id,
    ]);
    expect((await call('otherCounty', 'GET', runUrl)).json().items).toEqual([]);
    const narrowed = await call('otherCounty', 'GET', `${runUrl}?regionCode=${regions.county}`);
    expect(narrowed.statusCode).toBe(403);
    // The city sees its own runs and the one over its county.
    expect((await call('city', 'GET', runUrl)).json().items).toHaveLength(3);
    // Schools have no business with runs; a malformed id is a 400.
    expect((await call('school', 'GET', runUrl)).statusCode).toBe(403);
    expect((await call('city', 'GET', `${runUrl}/not-a-uuid`)).statusCode).toBe(400);

    expect((await t.ctx.app.anomaly.runNextRescore())?.status).toBe('done');
  });

  it('restarts a run a crashed process left running, and fails it after the third start', async () => {
    const db = t.ctx.app.db;
    const res = await call('city', 'POST', runUrl, { from: '2026-11-01', to: DAY });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    // A process took it and died before its first batch.
    const crash = async (attempts: number) =>
      db
        .updateTable('anomalyRescoreRuns')
        .set({
          status: 'running',
          attempts,
          startedAt: t.ctx.clock.now(),
          updatedAt: t.ctx.clock.now(),
          finishedAt: null,
        })
        .where('id', '=', id)
        .execute();
    await crash(1);

    // Still within the heartbeat window: left alone (it may be a slow batch of a live process).
    t.ctx.clock.advance(60_000);
    expect(await t.ctx.app.anomaly.runNextRescore()).toBeNull();
    expect((await call('city', 'GET', `${runUrl}/${id}`)).json().status).toBe('running');
    // Retrying the request meanwhile finds the running run.
    const retry = await call('city', 'POST', runUrl, { from: '2026-11-01', to: DAY });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id, status: 'running' });

    t.ctx.clock.advance(16 * 60_000);
    const resumed = await t.ctx.app.anomaly.runNextRescore();
    expect(resumed).toMatchObject({ id, status: 'done', attempts: 2, sessionsScored: 2, error: null });

    // A run that was started three times already is failed, not started a fourth time.
    await crash(3);
    t.ctx.clock.advance(16 * 60_000);
    expect(await t.ctx.app.anomaly.runNextRescore()).toBeNull();
    const failed = (await call('city', 'GET', `${runUrl}/${id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.error).toMatch(/^abandoned/);
    expect(failed.finishedAt).toBe(t.ctx.clock.now().toISOString());
  });

  it('goes on after the last stored batch when a crashed run is restarted, keeping its totals', async () => {
    const db = t.ctx.app.db;
    const res = await call('city', 'POST', runUrl, { from: '2026-11-01', to: DAY });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    const inRange = await db
      .selectFrom('teachingLogs')
      .innerJoin('sessionRisks', 'sessionRisks.teachingLogId', 'teachingLogs.id')
      .select(['teachingLogs.id', 'teachingLogs.startedAt', 'sessionRisks.computedAt', 'sessionRisks.level'])
      .where('teachingLogs.startedAt', '>=', new Date('2026-11-01T00:00:00+08:00'))
      .where('teachingLogs.startedAt', '<', new Date('2026-11-03T00:00:00+08:00'))
      .orderBy('teachingLogs.startedAt')
      .orderBy('teachingLogs.id')
      .execute();
    expect(inRange).toHaveLength(2);
    const [first, second] = inRange as [(typeof inRange)[number], (typeof inRange)[number]];
    // A process scored and stored a first batch of one session, wrote its progress, and died.
    await db
      .updateTable('anomalyRescoreRuns')
      .set({
        status: 'running',
        attempts: 1,
        rulesetVersion: t.ctx.app.anomaly.rulesetVersion,
        sessionsScored: 1,
        batches: 1,
        levelNone: first.level === 'none' ? 1 : 0,
        levelHigh: first.level === 'high' ? 1 : 0,
        resumeAfterStartedAt: first.startedAt,
        resumeAfterLogId: first.id,
        startedAt: t.ctx.clock.now(),
        updatedAt: t.ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    t.ctx.clock.advance(16 * 60_000);
    const resumed = await t.ctx.app.anomaly.runNextRescore();
    expect(resumed).toMatchObject({ id, status: 'done', attempts: 2, sessionsScored: 2, batches: 2 });
    expect(resumed!.levels.none + resumed!.levels.high).toBe(2);
    // Only the session after the stored batch was scored again.
    const risks = await db
      .selectFrom('sessionRisks')
      .select(['teachingLogId', 'computedAt'])
      .where('teachingLogId', 'in', [first.id, second.id])
      .execute();
    const computedAt = new Map(risks.map((r) => [r.teachingLogId, r.computedAt.getTime()]));
    expect(computedAt.get(first.id)).toBe(first.computedAt.getTime());
    expect(computedAt.get(second.id)).toBe(t.ctx.clock.now().getTime());

    // With other thresholds in force since the crash, the run begins again: one ruleset per run.
    await db
      .updateTable('anomalyRescoreRuns')
      .set({
        status: 'running',
        attempts: 1,
        rulesetVersion: 'an-older-ruleset',
        finishedAt: null,
        updatedAt: t.ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    t.ctx.clock.advance(16 * 60_000);
    const again = await t.ctx.app.anomaly.runNextRescore();
    expect(again).toMatchObject({ id, status: 'done', sessionsScored: 2, batches: 1 });
    const firstAgain = await db
      .selectFrom('sessionRisks')
      .select('computedAt')
      .where('teachingLogId', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(firstAgain.computedAt.getTime()).toBe(t.ctx.clock.now().getTime());
  });

  it('puts the run in hand back in the queue when the jobs edge stops, without using up an attempt', async () => {
    const res = await call('province', 'POST', runUrl, { from: DAY, to: DAY });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    // Already stopping: no run is taken.
    expect(await t.ctx.app.anomaly.runNextRescore({ signal: AbortSignal.abort() })).toBeNull();
    // Stopping once the run was taken: it ends after the batch in hand and goes back to the queue.
    let reads = 0;
    const stopsAfterStart = {
      get aborted() {
        return reads++ > 0;
      },
    } as AbortSignal;
    expect(await t.ctx.app.anomaly.runNextRescore({ signal: stopsAfterStart })).toMatchObject({
      id,
      status: 'queued',
      attempts: 0,
    });
    expect(reads).toBe(2);
    expect(await t.ctx.app.anomaly.runNextRescore()).toMatchObject({ id, status: 'done', attempts: 1 });
  });
});
