import { formatCourseCode } from '@jiapei/jt808';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newCoach,
  newSchool,
  newTerminal,
  newTrainee,
  newUser,
  newVehicle,
  regions,
} from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

let recordSeq = 0;
let classroomSeq = 5000;

/** The school's training ground: a square around 117.005 E, 36.605 N. */
const ground = [
  [117.0, 36.6],
  [117.01, 36.6],
  [117.01, 36.61],
  [117.0, 36.61],
  [117.0, 36.6],
];
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

type Ids = { schoolId: string; traineeId: string; coachId: string; terminalId: string; vehicleId: string };

/**
 * One finished terminal session as the gateway stores it (sign-in/out, minute records driven inside the
 * ground with both speeds at 20 km/h, sign-in and sign-out photos), assembled and audited by the engine,
 * so every minute is valid and credited before any review.
 */
async function seedLog(ctx: TestContext, s: Ids, opts: { start: string; minutes: number }) {
  const db = ctx.app.db;
  const classroomId = ++classroomSeq;
  const startedAt = new Date(opts.start);
  const endedAt = new Date(startedAt.getTime() + opts.minutes * 60_000);
  const courseCode = formatCourseCode(1, 'C1', 2, 1);
  const signIn = await db
    .insertInto('traineeSignIns')
    .values({
      terminalId: s.terminalId,
      vehicleId: s.vehicleId,
      traineeId: s.traineeId,
      coachId: s.coachId,
      classroomId,
      courseCode,
      signedInAt: startedAt,
      signedOutAt: endedAt,
      reportedMinutes: opts.minutes,
      reportedMileageDecikm: opts.minutes * 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const recordNumbers = Array.from(
    { length: opts.minutes },
    () => `M${String(++recordSeq).padStart(25, '0')}`,
  );
  await db
    .insertInto('minuteRecords')
    .values(
      recordNumbers.map((recordNumber, i) => ({
        recordNumber,
        terminalId: s.terminalId,
        vehicleId: s.vehicleId,
        traineeId: s.traineeId,
        coachId: s.coachId,
        classroomId,
        recordedAt: new Date(startedAt.getTime() + i * 60_000),
        courseCode,
        recordStatus: 0,
        maxSpeedDecikmh: 200,
        mileageDecikm: 3,
        latitude: 36.605,
        longitude: 117.005,
        gnssSpeedKmh: 20,
        reportType: 1,
        engineRpm: 1500,
        recorderSpeedDecikmh: 200,
      })),
    )
    .execute();
  const photos = await db
    .insertInto('photos')
    .values(
      (
        [
          [17, startedAt],
          [18, endedAt],
        ] as const
      ).map(([eventType, takenAt], k) => ({
        terminalId: s.terminalId,
        photoNumber: String(classroomId * 10 + k).padStart(10, '0'),
        personNumber: '0'.repeat(16),
        uploadMode: 129,
        channel: 1,
        sizeCode: 1,
        classroomId,
        eventType,
        takenAt,
        byteSize: JPEG.length,
        packetsTotal: 1,
        status: 'complete',
        data: JPEG,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('positions')
    .values(
      [0, 1, 2].map((i) => ({
        terminalId: s.terminalId,
        fixTime: new Date(startedAt.getTime() + i * 30_000),
        receivedAt: new Date(startedAt.getTime() + i * 30_000),
        latitude: 36.605,
        longitude: 117.005 + i * 0.0005,
        speedKmh: 20,
        recorderSpeedDecikmh: 200,
        direction: 90,
      })),
    )
    .execute();
  await ctx.app.trainingHours.assembleFinishedSessions();
  await ctx.app.trainingHours.auditTrainee(s.traineeId);
  const log = await db
    .selectFrom('teachingLogs')
    .select(['id', 'creditedMinutes'])
    .where('traineeSignInId', '=', signIn.id)
    .executeTakeFirstOrThrow();
  return { id: log.id, recordNumbers, photoIds: photos.map((p) => p.id) };
}

async function seedSchool(ctx: TestContext, countyCode: string = regions.county): Promise<Ids> {
  const db = ctx.app.db;
  const school = await newSchool(db, { countyCode });
  const coach = await newCoach(db, ctx.app.vault, school.id);
  const vehicle = await newVehicle(db, school.id);
  const terminal = await newTerminal(db, school.id, { vehicleId: vehicle.id });
  const trainee = await newTrainee(db, ctx.app.vault, school.id);
  await db
    .insertInto('teachingAreas')
    .values({
      schoolId: school.id,
      name: '测试训练场',
      kind: 'training_ground',
      licenceClasses: ['C1'],
      polygon: JSON.stringify({ type: 'Polygon', coordinates: [ground] }),
      minLatitude: 36.6,
      minLongitude: 117.0,
      maxLatitude: 36.61,
      maxLongitude: 117.01,
      areaM2: 990_000,
    })
    .execute();
  return {
    schoolId: school.id,
    traineeId: trainee.id,
    coachId: coach.id,
    terminalId: terminal.id,
    vehicleId: vehicle.id,
  };
}

describe('manual review (人工审核)', () => {
  let ctx: TestContext;
  let a: Ids;
  let b: Ids;
  const cookies: Record<string, string> = {};
  const users: Record<string, { id: string }> = {};

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    ctx.http.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

  /** Publishes anomaly.session_flagged as the anomaly module does, and delivers it. */
  async function flag(logId: string, schoolId: string, score = 85) {
    await ctx.app.db.transaction().execute((tx) =>
      ctx.app.events.publish(tx, 'anomaly.session_flagged', {
        teachingLogId: logId,
        schoolId,
        regionCode: regions.county,
        score,
        detectors: ['pulse-gnss-mismatch', 'mileage-without-movement'],
      }),
    );
    await ctx.app.events.dispatchPending(ctx.app.db);
  }

  const reviewsOf = (logId: string) =>
    ctx.app.db
      .selectFrom('manualReviews')
      .selectAll()
      .where('teachingLogId', '=', logId)
      .orderBy('createdAt')
      .execute();
  const credited = async (logId: string) =>
    (
      await ctx.app.db
        .selectFrom('teachingLogs')
        .select('creditedMinutes')
        .where('id', '=', logId)
        .executeTakeFirstOrThrow()
    ).creditedMinutes;
  const auditActions = async (entityId: string) =>
    (
      await ctx.app.db
        .selectFrom('auditLog')
        .select('action')
        .where('entityId', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  /** A fresh 20-minute log of school A, one per day (the daily cap never bites), queued as high-risk. */
  let day = 1;
  async function queuedLog(ids: Ids = a) {
    day += 1;
    const log = await seedLog(ctx, ids, {
      start: `2026-10-${String(day).padStart(2, '0')}T09:00:00+08:00`,
      minutes: 20,
    });
    await flag(log.id, ids.schoolId);
    const [review] = await reviewsOf(log.id);
    return { ...log, reviewId: review!.id };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    a = await seedSchool(ctx);
    b = await seedSchool(ctx, regions.otherCounty);
    const db = ctx.app.db;
    const made = {
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      otherCounty: await newUser(db, 'regulator_county', { regionCode: regions.otherCounty }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
      tied: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      admin: await newUser(db, 'school_admin', { schoolId: a.schoolId }),
    };
    for (const [name, u] of Object.entries(made)) {
      users[name] = u;
      cookies[name] = await loginAs(ctx.http, u.username, name === 'admin' ? 'school' : 'regulator');
    }
  });
  afterAll(() => ctx.close());

  it('a high-risk session joins the queue once, however often the event arrives', async () => {
    const log = await seedLog(ctx, a, { start: '2026-10-01T09:00:00+08:00', minutes: 20 });
    await flag(log.id, a.schoolId, 90);
    await flag(log.id, a.schoolId, 90);
    const reviews = await reviewsOf(log.id);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ reason: 'high_risk', status: 'queued', riskScore: 90 });
    expect(await auditActions(reviews[0]!.id)).toEqual(['review.queued']);

    const queue = await call('county', 'GET', '/api/regulator/reviews?reason=high_risk&riskLevel=high');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(reviews[0]!.id);
    const low = await call('county', 'GET', '/api/regulator/reviews?riskLevel=low');
    expect(low.json().items.map((i: { id: string }) => i.id)).not.toContain(reviews[0]!.id);
  });

  it('the sampler takes each audited terminal log once, at the city ratio, and keeps the month’s floor', async () => {
    // 400 audited terminal logs of school B in November, written directly: sampling reads only the log.
    const rows = Array.from({ length: 400 }, (_, i) => ({
      id: randomUUID(),
      source: 'terminal',
      traineeId: b.traineeId,
      schoolId: b.schoolId,
      courseCode: formatCourseCode(1, 'C1', 2, 1),
      licenceClass: 'C1',
      part: 2,
      startedAt: new Date(Date.parse('2026-11-01T08:00:00+08:00') + i * 3_600_000),
      endedAt: new Date(Date.parse('2026-11-01T08:30:00+08:00') + i * 3_600_000),
      verdict: 'valid',
      auditedAt: new Date('2026-11-02T00:00:00Z'),
      auditDue: false,
    }));
    await ctx.app.db.insertInto('teachingLogs').values(rows).execute();
    // An unaudited log waits for its audit.
    const pending = randomUUID();
    await ctx.app.db
      .insertInto('teachingLogs')
      .values({ ...rows[0]!, id: pending, verdict: 'pending', auditedAt: null, auditDue: true })
      .execute();

    let examined = 0;
    for (;;) {
      const r = await ctx.app.manualReview.sampleDue(150);
      if (r.examined === 0) break;
      examined += r.examined;
    }
    const samples = await ctx.app.db
      .selectFrom('reviewSamples')
      .selectAll()
      .where(
        'teachingLogId',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(samples).toHaveLength(400);
    expect(examined).toBeGreaterThanOrEqual(400);
    expect(
      await ctx.app.db
        .selectFrom('reviewSamples')
        .select('teachingLogId')
        .where('teachingLogId', '=', pending)
        .execute(),
    ).toEqual([]);
    // 济南 370100 is not a RULES §4 city: 20 %.
    expect(new Set(samples.map((s) => s.percent))).toEqual(new Set([20]));
    const selected = samples.filter((s) => s.selectedBy !== null);
    // At least the ratio (the floor), and not far above it: the hash does most of the work.
    expect(selected.length).toBeGreaterThanOrEqual(80);
    expect(selected.length).toBeLessThanOrEqual(110);
    expect(samples.filter((s) => s.selectedBy === 'hash').length).toBeGreaterThan(50);
    // The hash part is recomputable from the log id alone.
    const { sampleBucket } = await import('./sampling.ts');
    for (const s of samples) {
      expect(s.bucket).toBe(sampleBucket(s.teachingLogId));
      if (s.selectedBy === 'hash') expect(s.bucket).toBeLessThan(2000);
    }
    // Each selected log is queued as a sample, once; a second run finds nothing new.
    const queued = await ctx.app.db
      .selectFrom('manualReviews')
      .select('teachingLogId')
      .where('reason', '=', 'sample')
      .where('schoolId', '=', b.schoolId)
      .execute();
    expect(new Set(queued.map((q) => q.teachingLogId))).toEqual(
      new Set(selected.map((s) => s.teachingLogId)),
    );
    expect(await ctx.app.manualReview.sampleDue()).toEqual({ examined: 0, queued: 0 });

    // The city raises its ratio: logs sampled from now on use 60 %.
    const set = await call('city', 'PUT', `/api/regulator/review-sampling/${regions.city}`, {
      percent: 60,
      note: '专项整治期间提高抽检比例',
    });
    expect(set.statusCode).toBe(200);
    const jinan = set.json().items.find((c: { cityCode: string }) => c.cityCode === regions.city);
    expect(jinan).toMatchObject({ percent: 60, defaultPercent: 20, isDefault: false });
    const later = Array.from({ length: 100 }, (_, i) => ({
      ...rows[0]!,
      id: randomUUID(),
      startedAt: new Date(Date.parse('2026-12-01T08:00:00+08:00') + i * 3_600_000),
      endedAt: new Date(Date.parse('2026-12-01T08:30:00+08:00') + i * 3_600_000),
    }));
    await ctx.app.db.insertInto('teachingLogs').values(later).execute();
    await ctx.app.manualReview.sampleDue(500);
    const december = await ctx.app.db
      .selectFrom('reviewSamples')
      .selectAll()
      .where('month', '=', '2026-12')
      .execute();
    expect(new Set(december.map((s) => s.percent))).toEqual(new Set([60]));
    expect(december.filter((s) => s.selectedBy).length).toBeGreaterThanOrEqual(60);
  });

  it('the ratio is set by the city for itself only; a county reviewer reads it', async () => {
    expect(
      (await call('county', 'PUT', `/api/regulator/review-sampling/${regions.city}`, { percent: 30 }))
        .statusCode,
    ).toBe(403);
    const other = await call('city', 'PUT', `/api/regulator/review-sampling/${regions.otherCity}`, {
      percent: 30,
    });
    expect(other.json().code).toBe('auth.forbidden');
    expect(
      (await call('city', 'PUT', `/api/regulator/review-sampling/${regions.city}`, { percent: 0 }))
        .statusCode,
    ).toBe(400);
    const read = await call('county', 'GET', '/api/regulator/review-sampling');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ canSet: false, items: [{ cityCode: regions.city, percent: 60 }] });
  });

  it('an invalid decision lowers the credited minutes, writes the audit trail and announces review.decided', async () => {
    const log = await queuedLog();
    expect(await credited(log.id)).toBe(20);
    const progressBefore = await ctx.app.trainingHours.getTraineeProgress(a.traineeId);

    const ws = await call('county', 'GET', `/api/regulator/reviews/${log.reviewId}`);
    expect(ws.statusCode).toBe(200);
    const body = ws.json();
    expect(body.minutes).toHaveLength(20);
    expect(body.minutes[0]).toMatchObject({ gnssSpeedKmh: 20, recorderSpeedKmh: 20, credited: true });
    expect(body.track).toHaveLength(3);
    expect(body.track[0]).toMatchObject({ gnssSpeedKmh: 20, recorderSpeedKmh: 20 });
    expect(body.fences).toHaveLength(1);
    expect(body.photos).toHaveLength(2);
    expect(body.photos.every((p: { hasImage: boolean }) => p.hasImage)).toBe(true);
    expect(body.trainee.hasRegisteredPhoto).toBe(false);

    const res = await call('county', 'POST', `/api/regulator/reviews/${log.reviewId}/decision`, {
      decision: 'invalid',
      reasonCodes: ['photo_mismatch', 'proxy_training'],
      note: '签到照片与报名照片不是同一人',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'decided',
      decision: 'invalid',
      validMinutes: 0,
      creditedBefore: 20,
      creditedAfter: 0,
    });
    expect(await credited(log.id)).toBe(0);
    const progressAfter = await ctx.app.trainingHours.getTraineeProgress(a.traineeId);
    expect(progressAfter.totalCreditedMinutes).toBe(progressBefore.totalCreditedMinutes - 20);

    expect(await auditActions(log.reviewId)).toEqual(['review.queued', 'review.decided']);
    expect(await auditActions(log.id)).toContain('training.minutes.overridden');
    const event = await ctx.app.db
      .selectFrom('domainEvents')
      .select('payload')
      .where('type', '=', 'review.decided')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      reviewId: log.reviewId,
      teachingLogId: log.id,
      schoolId: a.schoolId,
      coachId: a.coachId,
      regionCode: regions.county,
      decision: 'invalid',
      validMinutes: 0,
      reasons: ['photo_mismatch', 'proxy_training'],
      reviewerId: users.county!.id,
    });
    // The trainee and the school see why in the minutes' override note.
    const minutes = await ctx.app.trainingHours.getTeachingLog(log.id);
    expect(
      minutes.minutes.every((m) => m.overrideValid === false && m.overrideNote?.startsWith('人工审核无效')),
    ).toBe(true);

    // The school's 初审 cannot undo the regulator's decision afterwards.
    const undo = await call('admin', 'POST', `/api/school/training-logs/${log.id}/review`, {
      minutes: minutes.minutes.map((m) => ({ recordNumber: m.recordNumber, valid: true })),
      note: '驾校复核认为有效',
    });
    expect(undo.statusCode).toBe(409);
    expect(undo.json()).toMatchObject({ code: 'training.decided_by_regulator' });
    expect(await credited(log.id)).toBe(0);
  });

  it('a partial decision keeps exactly the chosen minutes valid and credits exactly those', async () => {
    const log = await queuedLog();
    const keep = log.recordNumbers.slice(0, 10);
    const res = await call('county', 'POST', `/api/regulator/reviews/${log.reviewId}/decision`, {
      decision: 'partial',
      validRecordNumbers: keep,
      reasonCodes: ['pulse_gnss_mismatch'],
      note: '后十分钟脉冲与卫星速度不符',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'partial', validMinutes: 10, creditedBefore: 20 });
    const detail = await ctx.app.trainingHours.getTeachingLog(log.id);
    expect(detail.minutes.filter((m) => m.credited).map((m) => m.recordNumber)).toEqual(keep);
    // The ten voided minutes are the reviewer's findings: the 75 % rule, which would credit ⌊10 × 4/3⌋ = 13
    // for minutes merely lost, does not credit faked ones back.
    expect(await credited(log.id)).toBe(10);
    expect(res.json().creditedAfter).toBe(10);
    expect(detail.verdict).toBe('partial');
    expect(res.json().history[0]).toMatchObject({ kind: 'decided', validRecordNumbers: keep });
  });

  it('refuses a malformed decision and changes nothing', async () => {
    const log = await queuedLog();
    const attempts = [
      {
        decision: 'partial',
        validRecordNumbers: log.recordNumbers,
        reasonCodes: ['track_anomaly'],
        note: '',
      },
      { decision: 'partial', validRecordNumbers: ['X'.repeat(26)], reasonCodes: ['track_anomaly'], note: '' },
      { decision: 'partial', validRecordNumbers: [], reasonCodes: ['track_anomaly'], note: '' },
      { decision: 'invalid', reasonCodes: ['confirmed_normal'], note: '' },
      { decision: 'invalid', reasonCodes: ['other'], note: ' ' },
      { decision: 'valid', validRecordNumbers: log.recordNumbers.slice(0, 2), reasonCodes: [], note: '' },
    ];
    for (const body of attempts) {
      const res = await call('county', 'POST', `/api/regulator/reviews/${log.reviewId}/decision`, body);
      expect({ body, code: res.json().code }).toEqual({ body, code: 'review.decision_invalid' });
    }
    const unknown = await call('county', 'POST', `/api/regulator/reviews/${log.reviewId}/decision`, {
      decision: 'invalid',
      reasonCodes: ['made_up'],
      note: '',
    });
    expect(unknown.statusCode).toBe(400);
    expect(await credited(log.id)).toBe(20);
    expect((await reviewsOf(log.id))[0]).toMatchObject({ status: 'queued', decision: null });
  });

  it('a reviewer tied to the school can neither open nor decide its sessions', async () => {
    const log = await queuedLog();
    const declared = await call('tied', 'POST', '/api/regulator/review-ties', {
      schoolId: a.schoolId,
      kind: 'former_employee',
      note: '2019–2022 年在该校任教练员',
    });
    expect(declared.statusCode).toBe(201);
    const again = await call('tied', 'POST', '/api/regulator/review-ties', {
      schoolId: a.schoolId,
      kind: 'relative',
    });
    expect(again.json().code).toBe('review.tie_exists');

    const queue = await call('tied', 'GET', `/api/regulator/reviews?schoolId=${a.schoolId}&status=queued`);
    expect(queue.json().items.find((i: { id: string }) => i.id === log.reviewId).tiedToMe).toBe(true);
    for (const [method, url, payload] of [
      ['GET', `/api/regulator/reviews/${log.reviewId}`, undefined],
      ['GET', `/api/regulator/reviews/${log.reviewId}/photos/${log.photoIds[0]}`, undefined],
      [
        'POST',
        `/api/regulator/reviews/${log.reviewId}/decision`,
        { decision: 'valid', reasonCodes: ['confirmed_normal'], note: '' },
      ],
    ] as const) {
      const res = await call('tied', method, url, payload);
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({
        url,
        status: 403,
        code: 'review.reviewer_tied',
      });
    }
    expect(await credited(log.id)).toBe(20);

    // Only the city ends a tie, with a reason; then the reviewer may work on the school again.
    const tieId = declared.json().items[0].id;
    expect(
      (await call('tied', 'POST', `/api/regulator/review-ties/${tieId}/end`, { reason: '误报' })).statusCode,
    ).toBe(403);
    const cityView = await call('city', 'GET', '/api/regulator/review-ties');
    expect(cityView.json().items.map((t: { id: string }) => t.id)).toContain(tieId);
    expect(
      (await call('city', 'POST', `/api/regulator/review-ties/${tieId}/end`, { reason: ' ' })).statusCode,
    ).toBe(400);
    const ended = await call('city', 'POST', `/api/regulator/review-ties/${tieId}/end`, {
      reason: '该教练员已于2022年离职，关系已核实解除',
    });
    expect(ended.statusCode).toBe(200);
    expect((await call('tied', 'GET', `/api/regulator/reviews/${log.reviewId}`)).statusCode).toBe(200);
    expect(await auditActions(tieId)).toEqual(['review.tie.declared', 'review.tie.ended']);
  });

  it('the city records a tie for a reviewer of its region, not for one elsewhere', async () => {
    const ok = await call('city', 'POST', '/api/regulator/review-ties', {
      schoolId: b.schoolId,
      kind: 'relative',
      note: '配偶在该校任职',
      userId: users.otherCounty!.id,
    });
    expect(ok.statusCode).toBe(201);
    const byCounty = await call('county', 'POST', '/api/regulator/review-ties', {
      schoolId: a.schoolId,
      kind: 'relative',
      userId: users.tied!.id,
    });
    expect(byCounty.statusCode).toBe(403);
    const schoolElsewhere = await call('county', 'POST', '/api/regulator/review-ties', {
      schoolId: b.schoolId,
      kind: 'relative',
    });
    expect(schoolElsewhere.json().code).toBe('registry.school_not_found');
  });

  it('deciding twice needs a reopen with a reason; the credited minutes follow the newest decision', async () => {
    const log = await queuedLog();
    const url = `/api/regulator/reviews/${log.reviewId}`;
    expect((await call('county', 'POST', `${url}/reopen`, { reason: '复核' })).json().code).toBe(
      'review.not_decided',
    );
    await call('county', 'POST', `${url}/decision`, {
      decision: 'invalid',
      reasonCodes: ['track_anomaly'],
      note: '',
    });
    expect(await credited(log.id)).toBe(0);

    const twice = await call('city', 'POST', `${url}/decision`, {
      decision: 'valid',
      reasonCodes: ['confirmed_normal'],
      note: '',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('review.already_decided');
    const blank = await call('city', 'POST', `${url}/reopen`, { reason: '   ' });
    expect(blank.json().code).toBe('review.reopen_reason_required');
    expect(await credited(log.id)).toBe(0);

    const reopened = await call('city', 'POST', `${url}/reopen`, {
      reason: '驾校申诉并提交了行车记录仪视频',
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'queued', decision: null });
    // The reopened decision stays in force until the next one.
    expect(await credited(log.id)).toBe(0);

    const valid = await call('city', 'POST', `${url}/decision`, {
      decision: 'valid',
      reasonCodes: ['confirmed_normal'],
      note: '视频核实为本人驾驶',
    });
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toMatchObject({
      decision: 'valid',
      validMinutes: 20,
      creditedBefore: 0,
      creditedAfter: 20,
    });
    expect(await credited(log.id)).toBe(20);
    expect(
      valid.json().history.map((h: { kind: string; decision: string | null }) => [h.kind, h.decision]),
    ).toEqual([
      ['decided', 'invalid'],
      ['reopened', null],
      ['decided', 'valid'],
    ]);
    expect(await auditActions(log.reviewId)).toEqual([
      'review.queued',
      'review.decided',
      'review.reopened',
      'review.decided',
    ]);
    // The history is append-only, in the database too.
    await expect(
      ctx.app.db
        .updateTable('manualReviewHistory')
        .set({ note: 'x' })
        .where('reviewId', '=', log.reviewId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('keeps reviews and their photos inside the reviewer’s region', async () => {
    const log = await queuedLog();
    const other = await call('otherCounty', 'GET', `/api/regulator/reviews/${log.reviewId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('review.not_found');
    const photo = await call(
      'otherCounty',
      'GET',
      `/api/regulator/reviews/${log.reviewId}/photos/${log.photoIds[0]}`,
    );
    expect(photo.statusCode).toBe(404);
    const decide = await call('otherCounty', 'POST', `/api/regulator/reviews/${log.reviewId}/decision`, {
      decision: 'invalid',
      reasonCodes: ['track_anomaly'],
      note: '',
    });
    expect(decide.statusCode).toBe(404);
    const queue = await call('otherCounty', 'GET', '/api/regulator/reviews?pageSize=100');
    expect(
      queue.json().items.every((i: { countyCode: string }) => i.countyCode === regions.otherCounty),
    ).toBe(true);
    expect((await call('admin', 'GET', '/api/regulator/reviews')).statusCode).toBe(403);
    expect((await call('city', 'GET', `/api/regulator/reviews/${log.reviewId}`)).statusCode).toBe(200);
    expect(await credited(log.id)).toBe(20);
  });

  it('serves the session photos and the registered photo only through the review', async () => {
    const log = await queuedLog();
    const url = `/api/regulator/reviews/${log.reviewId}`;
    const session = await call('county', 'GET', `${url}/photos/${log.photoIds[0]}`);
    expect(session.statusCode).toBe(200);
    expect(session.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(session.rawPayload)).toEqual(JPEG);
    expect((await call('county', 'GET', `${url}/trainee-photo`)).statusCode).toBe(404);
    await ctx.app.db
      .insertInto('traineePhotos')
      .values({
        traineeId: a.traineeId,
        contentType: 'image/png',
        bytes: Buffer.from('png'),
        sha256: '0'.repeat(64),
      })
      .execute();
    const registered = await call('county', 'GET', `${url}/trainee-photo`);
    expect(registered.statusCode).toBe(200);
    expect(registered.headers['content-type']).toBe('image/png');
    expect((await call('county', 'GET', url)).json().trainee.hasRegisteredPhoto).toBe(true);
    // A photo of another session is not reachable through this review.
    const another = await queuedLog();
    expect((await call('county', 'GET', `${url}/photos/${another.photoIds[0]}`)).statusCode).toBe(404);
  });

  it('a flagged session already sampled takes the risk on its open review; a decided one gets a new review', async () => {
    // At 100 % every log is sampled, so this log's sample review exists before the flag arrives.
    await call('city', 'PUT', `/api/regulator/review-sampling/${regions.city}`, { percent: 100 });
    const log = await seedLog(ctx, a, { start: '2026-10-25T09:00:00+08:00', minutes: 20 });
    await ctx.app.manualReview.sampleDue(1000);
    const [sampled] = await reviewsOf(log.id);
    expect(sampled).toMatchObject({ reason: 'sample', riskScore: null, status: 'queued' });
    await flag(log.id, a.schoolId, 70);
    await flag(log.id, a.schoolId, 70);
    expect(await reviewsOf(log.id)).toMatchObject([{ id: sampled!.id, reason: 'sample', riskScore: 70 }]);
    expect(await auditActions(sampled!.id)).toEqual(['review.queued', 'review.risk_attached']);

    // Reviewed before any flag: a later flag opens a new, high-risk review of the same log.
    const early = await seedLog(ctx, a, { start: '2026-10-26T09:00:00+08:00', minutes: 20 });
    await ctx.app.manualReview.sampleDue(1000);
    const [first] = await reviewsOf(early.id);
    await call('county', 'POST', `/api/regulator/reviews/${first!.id}/decision`, {
      decision: 'valid',
      reasonCodes: [],
      note: '',
    });
    await flag(early.id, a.schoolId, 65);
    await flag(early.id, a.schoolId, 65);
    const both = await reviewsOf(early.id);
    // Same instant on the test clock: compare without relying on insertion order.
    expect(both.map((r) => [r.reason, r.status]).sort()).toEqual([
      ['high_risk', 'queued'],
      ['sample', 'decided'],
    ]);
    // Reopening the first while the second is open would give the log two open reviews.
    const reopen = await call('county', 'POST', `/api/regulator/reviews/${first!.id}/reopen`, {
      reason: '再看一次',
    });
    expect(reopen.json().code).toBe('review.open_exists');
    await call('city', 'PUT', `/api/regulator/review-sampling/${regions.city}`, { percent: 20 });
  });
});
