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
let classroomSeq = 1000;

/** The school's training ground: a square around 117.005 E, 36.605 N. */
const ground = [
  [117.0, 36.6],
  [117.01, 36.6],
  [117.01, 36.61],
  [117.0, 36.61],
  [117.0, 36.6],
];
const OUTSIDE_LONGITUDE = 117.05;

/**
 * One finished terminal session as the gateway stores it (sign-in and sign-out, minute records, photos at
 * the sign-in and sign-out checkpoints), assembled and audited by the engine. Each minute is driven inside
 * the training ground with the engine running unless it is marked `outOfFence`, so the engine's verdict is
 * what the test expects, not a value written by hand. 300 m per minute.
 */
async function seedLog(
  ctx: TestContext,
  s: { schoolId: string; traineeId: string; coachId: string; terminalId: string; vehicleId: string },
  opts: { part: number; start: string; minutes: ('driven' | 'outOfFence')[] },
) {
  const db = ctx.app.db;
  const classroomId = ++classroomSeq;
  const startedAt = new Date(opts.start);
  const endedAt = new Date(startedAt.getTime() + opts.minutes.length * 60_000);
  // 实操 (method 1), C1, the part, subject 1.
  const courseCode = formatCourseCode(1, 'C1', opts.part, 1);
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
      reportedMinutes: opts.minutes.length,
      reportedMileageDecikm: opts.minutes.length * 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const recordNumbers = opts.minutes.map(() => `R${String(++recordSeq).padStart(25, '0')}`);
  await db
    .insertInto('minuteRecords')
    .values(
      opts.minutes.map((kind, i) => ({
        recordNumber: recordNumbers[i]!,
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
        longitude: kind === 'outOfFence' ? OUTSIDE_LONGITUDE : 117.005,
        gnssSpeedKmh: 20,
        reportType: 1,
        engineRpm: 1500,
        recorderSpeedDecikmh: 200,
      })),
    )
    .execute();
  await db
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
        byteSize: 3,
        packetsTotal: 1,
        status: 'complete',
        data: Buffer.from([0xff, 0xd8, 0xff]),
      })),
    )
    .execute();
  await ctx.app.trainingHours.assembleFinishedSessions();
  await ctx.app.trainingHours.auditTrainee(s.traineeId);
  const log = await db
    .selectFrom('teachingLogs')
    .select('id')
    .where('traineeSignInId', '=', signIn.id)
    .executeTakeFirstOrThrow();
  return { id: log.id, recordNumbers };
}

async function seedSchool(ctx: TestContext, countyCode: string = regions.county) {
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
  const ids = {
    schoolId: school.id,
    traineeId: trainee.id,
    coachId: coach.id,
    terminalId: terminal.id,
    vehicleId: vehicle.id,
  };
  const traineeUser = await newUser(db, 'trainee', { traineeId: trainee.id, schoolId: school.id });
  const admin = await newUser(db, 'school_admin', { schoolId: school.id });
  return {
    school,
    trainee,
    ids,
    traineeCookie: await loginAs(ctx.http, traineeUser.username, 'public'),
    adminCookie: await loginAs(ctx.http, admin.username, 'school'),
  };
}

describe('training review', () => {
  let ctx: TestContext;
  let a: Awaited<ReturnType<typeof seedSchool>>;
  let b: Awaited<ReturnType<typeof seedSchool>>;
  let countyRegulator: string;
  let otherCountyRegulator: string;
  let outOfFenceLog: { id: string; recordNumbers: string[] };
  let otherTraineeLog: { id: string; recordNumbers: string[] };

  beforeAll(async () => {
    ctx = await createTestContext();
    a = await seedSchool(ctx);
    b = await seedSchool(ctx, regions.otherCounty);
    // Part 2 of C1 needs 3 credited minutes and 500 m in this test syllabus: small enough to seed.
    const version = await ctx.app.db
      .insertInto('syllabusVersions')
      .values({
        provinceCode: '370000',
        licenceClass: 'C1',
        edition: '测试大纲',
        effectiveFrom: '2026-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.app.db
      .insertInto('syllabusParts')
      .values(
        [1, 2, 3, 4].map((part) => ({
          syllabusVersionId: version.id,
          part,
          requiredMinutes: part === 2 ? 3 : part === 4 ? 60 : 600,
          requiredMileageM: part === 2 ? 500 : 0,
          // Part 4 needs its hour in the classroom: a remote hour alone does not complete it.
          classroomMinMinutes: part === 4 ? 60 : 0,
        })),
      )
      .execute();
    outOfFenceLog = await seedLog(ctx, a.ids, {
      part: 2,
      start: '2026-10-30T09:00:00+08:00',
      minutes: ['driven', 'outOfFence', 'driven'],
    });
    otherTraineeLog = await seedLog(ctx, b.ids, {
      part: 2,
      start: '2026-10-30T10:00:00+08:00',
      minutes: ['driven'],
    });
    const reg = await newUser(ctx.app.db, 'regulator_county', { regionCode: regions.county });
    const other = await newUser(ctx.app.db, 'regulator_county', { regionCode: regions.otherCounty });
    countyRegulator = await loginAs(ctx.http, reg.username, 'regulator');
    otherCountyRegulator = await loginAs(ctx.http, other.username, 'regulator');
  });
  afterAll(() => ctx.close());

  const req = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.http.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('shows the trainee only their own logs, with the verdict and each voided minute’s reason in Chinese', async () => {
    const ledger = await req(a.traineeCookie, 'GET', '/api/me/training-logs');
    const detail = await req(a.traineeCookie, 'GET', `/api/me/training-logs/${outOfFenceLog.id}`);
    const stranger = await req(a.traineeCookie, 'GET', `/api/me/training-logs/${otherTraineeLog.id}`);

    expect(ledger.statusCode).toBe(200);
    expect(ledger.json().items.map((l: { id: string }) => l.id)).toEqual([outOfFenceLog.id]);
    expect(ledger.json().items[0]).toMatchObject({
      verdict: 'partial',
      creditedMinutes: 2,
      appealStatus: 'none',
    });
    expect(ledger.json().parts.find((p: { part: number }) => p.part === 2)).toMatchObject({
      requiredMinutes: 3,
      creditedMinutes: 2,
      complete: false,
    });
    const voided = detail.json().minutes.filter((m: { valid: boolean }) => !m.valid);
    expect(voided).toHaveLength(1);
    expect(voided[0].reasons[0].code).toBe('outside_teaching_area');
    expect(voided[0].reasons[0].text).toMatch(/教学区域/);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().code).toBe('training.log_not_found');
  });

  it('refuses a trainee the school and regulator routes', async () => {
    const school = await req(a.traineeCookie, 'GET', '/api/school/training-logs');
    const regulator = await req(a.traineeCookie, 'GET', '/api/regulator/stage-submissions');

    expect(school.statusCode).toBe(403);
    expect(regulator.statusCode).toBe(403);
  });

  it('files one appeal per idempotency key, and only one open appeal per log', async () => {
    const body = { reason: '当天一直在训练场内，没有离开', idempotencyKey: 'appeal-key-0001' };
    const first = await req(
      a.traineeCookie,
      'POST',
      `/api/me/training-logs/${outOfFenceLog.id}/appeals`,
      body,
    );
    const retry = await req(
      a.traineeCookie,
      'POST',
      `/api/me/training-logs/${outOfFenceLog.id}/appeals`,
      body,
    );
    const second = await req(a.traineeCookie, 'POST', `/api/me/training-logs/${outOfFenceLog.id}/appeals`, {
      ...body,
      idempotencyKey: 'appeal-key-0002',
    });
    const onStranger = await req(
      a.traineeCookie,
      'POST',
      `/api/me/training-logs/${otherTraineeLog.id}/appeals`,
      {
        ...body,
        idempotencyKey: 'appeal-key-0003',
      },
    );
    const rows = await ctx.app.db
      .selectFrom('appeals')
      .selectAll()
      .where('teachingLogId', '=', outOfFenceLog.id)
      .execute();

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('training.appeal_open');
    expect(onStranger.statusCode).toBe(404);
    expect(rows).toHaveLength(1);
    const ledger = await req(a.traineeCookie, 'GET', '/api/me/training-logs');
    expect(ledger.json().items[0].appealStatus).toBe('pending');
  });

  it('shows a school its own logs and appeals only, filtered', async () => {
    const own = await req(a.adminCookie, 'GET', '/api/school/training-logs?verdict=partial&part=2');
    const none = await req(a.adminCookie, 'GET', '/api/school/training-logs?verdict=valid');
    const stranger = await req(a.adminCookie, 'GET', `/api/school/training-logs/${otherTraineeLog.id}`);
    const appealsA = await req(a.adminCookie, 'GET', '/api/school/appeals?status=pending');
    const appealsB = await req(b.adminCookie, 'GET', '/api/school/appeals');

    expect(own.json().items.map((l: { id: string }) => l.id)).toEqual([outOfFenceLog.id]);
    expect(none.json().total).toBe(0);
    expect(stranger.statusCode).toBe(404);
    expect(appealsA.json().items).toHaveLength(1);
    expect(appealsB.json().items).toHaveLength(0);
  });

  it('marks minutes in first review through overrides, keeps the automatic verdict, refuses foreign minutes', async () => {
    const log = await seedLog(ctx, a.ids, {
      part: 3,
      start: '2026-10-31T09:00:00+08:00',
      minutes: ['driven', 'driven'],
    });
    const foreign = await req(a.adminCookie, 'POST', `/api/school/training-logs/${log.id}/review`, {
      minutes: [{ recordNumber: outOfFenceLog.recordNumbers[0], valid: false }],
      note: '误操作',
    });
    const reviewed = await req(a.adminCookie, 'POST', `/api/school/training-logs/${log.id}/review`, {
      minutes: [{ recordNumber: log.recordNumbers[1], valid: false }],
      note: '学员中途下车',
    });

    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().code).toBe('training.minute_not_in_log');
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({
      creditedMinutes: 1,
      verdict: 'partial',
      schoolReview: 'reviewed',
    });
    const minute = reviewed.json().minutes[1];
    expect(minute).toMatchObject({
      valid: false,
      autoValid: true,
      overridden: true,
      overrideNote: '学员中途下车',
    });
    const audit = await ctx.app.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', log.id)
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['training.minutes.overridden']);
  });

  it('refuses a stage submission while the part is short of the syllabus', async () => {
    const res = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: a.trainee.id,
      part: 2,
    });

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'training.stage_incomplete',
      details: { creditedMinutes: 2, requiredMinutes: 3 },
    });
  });

  it('refuses a part whose hours are reached but not its classroom minimum (the engine’s accounting)', async () => {
    const trainee = await newTrainee(ctx.app.db, ctx.app.vault, a.school.id);
    const session = await req(a.adminCookie, 'POST', '/api/training/sessions', {
      traineeId: trainee.id,
      kind: 'remote',
      courseCode: formatCourseCode(4, 'C1', 4, 1),
      startedAt: '2026-11-01T10:00:00+08:00',
      endedAt: '2026-11-01T11:00:00+08:00',
    });
    const res = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: trainee.id,
      part: 4,
    });
    const candidates = await req(a.adminCookie, 'GET', '/api/school/stage-candidates?pageSize=100');

    expect(session.statusCode).toBe(201);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'training.stage_incomplete',
      details: { creditedMinutes: 60, requiredMinutes: 60, classroomMinutes: 0, classroomMinMinutes: 60 },
    });
    const mine = candidates.json().items.find((t: { traineeId: string }) => t.traineeId === trainee.id);
    expect(mine.parts[3]).toMatchObject({
      part: 4,
      creditedMinutes: 60,
      classroomMinutes: 0,
      complete: false,
    });
  });

  it('escalates an appeal to the county regulator, who alone sees it, and upholds it by restoring the minute', async () => {
    const appeal = (await req(a.adminCookie, 'GET', '/api/school/appeals')).json().items[0];
    const byOtherSchool = await req(b.adminCookie, 'POST', `/api/school/appeals/${appeal.id}/reply`, {
      decision: 'reject',
      reply: '不是本校',
    });
    const escalated = await req(a.adminCookie, 'POST', `/api/school/appeals/${appeal.id}/reply`, {
      decision: 'escalate',
      reply: '围栏数据需监管核实',
    });
    const seenByCounty = await req(countyRegulator, 'GET', '/api/regulator/appeals?status=pending');
    const seenByOther = await req(otherCountyRegulator, 'GET', '/api/regulator/appeals');
    const schoolAgain = await req(a.adminCookie, 'POST', `/api/school/appeals/${appeal.id}/reply`, {
      decision: 'reject',
      reply: '再次处理',
    });
    const detailForCounty = await req(
      countyRegulator,
      'GET',
      `/api/regulator/training-logs/${outOfFenceLog.id}`,
    );
    const detailForOther = await req(
      otherCountyRegulator,
      'GET',
      `/api/regulator/training-logs/${outOfFenceLog.id}`,
    );
    const foreignMinute = await req(countyRegulator, 'POST', `/api/regulator/appeals/${appeal.id}/reply`, {
      decision: 'uphold',
      reply: '恢复',
      minutes: [{ recordNumber: otherTraineeLog.recordNumbers[0], valid: true }],
    });
    const stillPending = await req(countyRegulator, 'GET', '/api/regulator/appeals?status=pending');
    const upheld = await req(countyRegulator, 'POST', `/api/regulator/appeals/${appeal.id}/reply`, {
      decision: 'uphold',
      reply: '核实在围栏内，恢复该分钟',
      minutes: [{ recordNumber: outOfFenceLog.recordNumbers[1], valid: true }],
    });

    expect(byOtherSchool.statusCode).toBe(404);
    expect(escalated.json()).toMatchObject({ status: 'pending', stage: 'regulator' });
    expect(seenByCounty.json().items.map((x: { id: string }) => x.id)).toEqual([appeal.id]);
    expect(seenByOther.json().items).toHaveLength(0);
    expect(schoolAgain.statusCode).toBe(409);
    expect(detailForCounty.json().minutes.filter((m: { valid: boolean }) => !m.valid)).toHaveLength(1);
    expect(detailForOther.statusCode).toBe(404);
    // The refused override rolled the answer back with it: the appeal was still open for the real one.
    expect(foreignMinute.json().code).toBe('training.minute_not_in_log');
    expect(stillPending.json().items.map((x: { id: string }) => x.id)).toEqual([appeal.id]);
    expect(upheld.json()).toMatchObject({ status: 'done', regulatorReply: '核实在围栏内，恢复该分钟' });
    const overriddenBy = await ctx.app.db
      .selectFrom('minuteVerdicts')
      .innerJoin('users', 'users.id', 'minuteVerdicts.overrideBy')
      .select('users.role')
      .where('recordNumber', '=', outOfFenceLog.recordNumbers[1]!)
      .executeTakeFirstOrThrow();
    expect(overriddenBy.role).toBe('regulator_county');
    const ledger = await req(a.traineeCookie, 'GET', '/api/me/training-logs');
    expect(ledger.json().items.find((l: { id: string }) => l.id === outOfFenceLog.id)).toMatchObject({
      creditedMinutes: 3,
      appealStatus: 'done',
    });
  });

  it('submits a complete part as a signed record with a PDF; the county regulator approves it and exactly one event is published', async () => {
    const submitted = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: a.trainee.id,
      part: 2,
    });
    const again = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: a.trainee.id,
      part: 2,
    });
    const id = submitted.json().id;
    const pdf = await req(a.adminCookie, 'GET', `/api/school/stage-submissions/${id}/pdf`);
    const otherSchoolPdf = await req(b.adminCookie, 'GET', `/api/school/stage-submissions/${id}/pdf`);
    const queueOther = await req(otherCountyRegulator, 'GET', '/api/regulator/stage-submissions');
    const approveByOther = await req(
      otherCountyRegulator,
      'POST',
      `/api/regulator/stage-submissions/${id}/approve`,
    );
    const approved = await req(countyRegulator, 'POST', `/api/regulator/stage-submissions/${id}/approve`);
    const approvedAgain = await req(
      countyRegulator,
      'POST',
      `/api/regulator/stage-submissions/${id}/approve`,
    );
    const events = await ctx.app.db
      .selectFrom('domainEvents')
      .selectAll()
      .where('type', '=', 'stage.approved')
      .execute();

    expect(submitted.statusCode).toBe(201);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      part: 2,
      creditedMinutes: 3,
      mileageM: 900,
      teachingLogIds: [outOfFenceLog.id],
      signatureValid: true,
    });
    expect(submitted.json().recordSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('training.stage_exists');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(otherSchoolPdf.statusCode).toBe(404);
    expect(queueOther.json().items).toHaveLength(0);
    expect(approveByOther.statusCode).toBe(404);
    expect(approved.json().status).toBe('approved');
    expect(approvedAgain.statusCode).toBe(409);
    expect(approvedAgain.json().code).toBe('training.stage_reviewed');
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      stageSubmissionId: id,
      traineeId: a.trainee.id,
      schoolId: a.school.id,
      part: 2,
    });
    expect(events[0]!.dispatchedAt).not.toBeNull();
  });

  it('detects a tampered record: the signature no longer verifies', async () => {
    const submission = await ctx.app.db
      .selectFrom('stageSubmissions')
      .select(['id', 'record'])
      .executeTakeFirstOrThrow();
    const record = submission.record as { totals: { creditedMinutes: number } };
    record.totals.creditedMinutes += 600;
    await ctx.app.db
      .updateTable('stageSubmissions')
      .set({ record: JSON.stringify(record) })
      .where('id', '=', submission.id)
      .execute();

    const res = await req(countyRegulator, 'GET', `/api/regulator/stage-submissions/${submission.id}`);

    expect(res.json().signatureValid).toBe(false);
  });

  it('rejects a submission naming its logs and reasons; a log outside it is refused', async () => {
    const db = ctx.app.db;
    const trainee = await newTrainee(db, ctx.app.vault, a.school.id);
    const ids = { ...a.ids, traineeId: trainee.id };
    const log = await seedLog(ctx, ids, {
      part: 2,
      start: '2026-10-29T09:00:00+08:00',
      minutes: ['driven', 'driven', 'driven'],
    });
    const submitted = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: trainee.id,
      part: 2,
    });
    const id = submitted.json().id;
    const stranger = await req(countyRegulator, 'POST', `/api/regulator/stage-submissions/${id}/reject`, {
      logs: [{ teachingLogId: randomUUID(), reason: '不存在' }],
    });
    const rejected = await req(countyRegulator, 'POST', `/api/regulator/stage-submissions/${id}/reject`, {
      logs: [{ teachingLogId: log.id, reason: '照片与本人不符' }],
    });
    const resubmitted = await req(a.adminCookie, 'POST', '/api/school/stage-submissions', {
      traineeId: trainee.id,
      part: 2,
    });

    expect(stranger.statusCode).toBe(400);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      rejection: [{ teachingLogId: log.id, reason: '照片与本人不符' }],
    });
    expect(resubmitted.statusCode).toBe(201);
  });
});
