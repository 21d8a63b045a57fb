import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.ts';
import type { Actor } from '../../shared/access.ts';
import { Role } from '../../shared/permissions.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import {
  newCoach,
  newSchool,
  newTerminal,
  newTrainee,
  newUser,
  newVehicle,
  regions,
} from '../../../test/factories.ts';
import { seedTrainingReferenceData } from './reference-data.ts';

const MINUTE = 60_000;
/** A square ground around 117.005 E, 36.605 N. */
const ring = [
  [117.0, 36.6],
  [117.01, 36.6],
  [117.01, 36.61],
  [117.0, 36.61],
  [117.0, 36.6],
];

let ctx: TestContext;
let db: Database;
let school: Awaited<ReturnType<typeof newSchool>>;
let coach: Awaited<ReturnType<typeof newCoach>>;
let vehicle: Awaited<ReturnType<typeof newVehicle>>;
let terminal: Awaited<ReturnType<typeof newTerminal>>;
let schoolAdmin: Actor;
let cityRegulator: Actor;
let classroomSeq = 1000;
let recordSeq = 1;

const actorOf = (u: Awaited<ReturnType<typeof newUser>>): Actor => ({
  userId: u.id,
  username: u.username,
  role: u.role as Actor['role'],
  regionCode: u.regionCode,
  schoolId: u.schoolId,
  coachId: u.coachId,
  traineeId: u.traineeId,
});

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.app.db;
  school = await newSchool(db);
  coach = await newCoach(db, ctx.app.vault, school.id);
  vehicle = await newVehicle(db, school.id);
  terminal = await newTerminal(db, school.id, { vehicleId: vehicle.id });
  await db
    .insertInto('teachingAreas')
    .values({
      schoolId: school.id,
      name: '测试训练场',
      kind: 'training_ground',
      licenceClasses: ['C1'],
      polygon: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
      minLatitude: 36.6,
      minLongitude: 117.0,
      maxLatitude: 36.61,
      maxLongitude: 117.01,
      areaM2: 990_000,
    })
    .execute();
  await seedTrainingReferenceData(db, regions.province, [regions.city]);
  schoolAdmin = actorOf(await newUser(db, Role.schoolAdmin, { schoolId: school.id }));
  cityRegulator = actorOf(await newUser(db, Role.regulatorCity, { regionCode: regions.city }));
});

afterAll(async () => {
  await ctx.close();
});

/** Writes what the gateway would have stored for one finished session: sign-in, minutes, photos. */
async function writeSession(
  traineeId: string,
  startIso: string,
  minutes: number,
  options: { minute?: (i: number) => { longitude?: number; maxSpeedDecikmh?: number }; course?: string } = {},
) {
  const classroomId = classroomSeq++;
  const start = Date.parse(startIso);
  const end = start + minutes * MINUTE;
  const signIn = await db
    .insertInto('traineeSignIns')
    .values({
      terminalId: terminal.id,
      vehicleId: vehicle.id,
      traineeId,
      coachId: coach.id,
      classroomId,
      courseCode: options.course ?? '1212120000',
      signedInAt: new Date(start),
      signedOutAt: new Date(end),
      reportedMinutes: minutes,
      reportedMileageDecikm: minutes * 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const day = new Date(start + 8 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
  await db
    .insertInto('minuteRecords')
    .values(
      Array.from({ length: minutes }, (_, i) => ({
        recordNumber: `${terminal.terminalNumber}${day}${String(recordSeq++ % 10000).padStart(4, '0')}`,
        terminalId: terminal.id,
        vehicleId: vehicle.id,
        traineeId,
        coachId: coach.id,
        classroomId,
        recordedAt: new Date(start + i * MINUTE),
        courseCode: options.course ?? '1212120000',
        recordStatus: 0,
        maxSpeedDecikmh: options.minute?.(i).maxSpeedDecikmh ?? 150,
        mileageDecikm: 3,
        latitude: 36.605,
        longitude: options.minute?.(i).longitude ?? 117.005,
        gnssSpeedKmh: 15,
        reportType: 1,
        blind: false,
        engineRpm: 1500,
        recorderSpeedDecikmh: 150,
      })),
    )
    .execute();
  const photoTimes: Array<[number, number]> = [[17, start + 5_000]];
  for (let t = start + 15 * MINUTE; t <= end - 7.5 * MINUTE; t += 15 * MINUTE) photoTimes.push([19, t]);
  photoTimes.push([18, end]);
  await db
    .insertInto('photos')
    .values(
      photoTimes.map(([eventType, t], k) => ({
        terminalId: terminal.id,
        photoNumber: String(classroomId * 100 + k).padStart(10, '0'),
        personNumber: '0'.repeat(16),
        uploadMode: 129,
        channel: 1,
        sizeCode: 1,
        eventType,
        classroomId,
        takenAt: new Date(t),
        byteSize: 0,
        packetsTotal: 0,
        status: 'complete',
      })),
    )
    .execute();
  return signIn.id;
}

const logOf = (signInId: string) =>
  db.selectFrom('teachingLogs').selectAll().where('traineeSignInId', '=', signInId).executeTakeFirstOrThrow();
const verdictsOf = (logId: string) =>
  db
    .selectFrom('minuteVerdicts')
    .selectAll()
    .where('teachingLogId', '=', logId)
    .orderBy('recordNumber')
    .execute();

async function assembleAndAudit() {
  await ctx.app.trainingHours.assembleFinishedSessions();
  while ((await ctx.app.trainingHours.auditDue()) > 0);
}

describe('teaching-log assembly and audit', () => {
  it('turns a finished sign-in into one teaching log, once, and audits it', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-20T09:00:00+08:00', 60);

    await ctx.app.trainingHours.assembleFinishedSessions();
    await ctx.app.trainingHours.assembleFinishedSessions();
    await assembleAndAudit();

    const logs = await db
      .selectFrom('teachingLogs')
      .selectAll()
      .where('traineeId', '=', trainee.id)
      .execute();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      traineeSignInId: signIn,
      part: 2,
      licenceClass: 'C1',
      verdict: 'valid',
      totalMinutes: 60,
      creditedMinutes: 60,
      mileageM: 60 * 300,
      auditDue: false,
    });
    expect(logs[0]!.auditRuleSetId).not.toBeNull();
    expect(await verdictsOf(logs[0]!.id)).toHaveLength(60);
  });

  it("closes a session never signed out after the rule set's autoSignOutMinutes (150 by default), marks it, and leaves a live one open", async () => {
    const rules = await ctx.app.trainingHours.getAuditRules(cityRegulator, { schoolId: school.id });
    const inForce = rules.versions.find((v) => v.schoolId === null)!.params.autoSignOutMinutes;
    expect(inForce).toBe(150);
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const other = await newTrainee(db, ctx.app.vault, school.id);
    const abandoned = await writeSession(trainee.id, '2026-10-23T09:00:00+08:00', 20);
    // The clock stands at 2026-11-02 09:00; this one's last record is 08:44, 16 minutes ago.
    const live = await writeSession(other.id, '2026-11-02T08:25:00+08:00', 20);
    await db
      .updateTable('traineeSignIns')
      .set({ signedOutAt: null, reportedMinutes: null, reportedMileageDecikm: null })
      .where('id', 'in', [abandoned, live])
      .execute();
    const signedOutAt = async (id: string) =>
      (
        await db
          .selectFrom('traineeSignIns')
          .select('signedOutAt')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).signedOutAt?.toISOString() ?? null;

    await assembleAndAudit();
    await assembleAndAudit();

    expect(await signedOutAt(abandoned)).toBe(new Date('2026-10-23T09:19:00+08:00').toISOString());
    expect(await signedOutAt(live)).toBeNull();
    const log = await logOf(abandoned);
    expect(log.endedAt.toISOString()).toBe(await signedOutAt(abandoned));
    expect(log.sessionReasons).toContain('session_auto_closed');
    expect(log.totalMinutes).toBe(20);
    expect(
      await db.selectFrom('teachingLogs').select('id').where('traineeId', '=', other.id).execute(),
    ).toEqual([]);

    // A school override from today on with a 10-minute limit closes the live session (16 minutes idle)
    // at its last record; sessions that started before the override keep the city's 150.
    await expect(
      ctx.app.trainingHours.createAuditRuleSet(cityRegulator, {
        schoolId: school.id,
        effectiveFrom: '2026-11-02T00:00:00+08:00',
        params: { autoSignOutMinutes: 1 },
      }),
    ).rejects.toMatchObject({
      code: 'training.rules_invalid',
      details: [{ field: 'autoSignOutMinutes', message: 'an integer 2–720' }],
    });
    const override = await ctx.app.trainingHours.createAuditRuleSet(cityRegulator, {
      schoolId: school.id,
      effectiveFrom: '2026-11-02T00:00:00+08:00',
      params: { autoSignOutMinutes: 10 },
    });
    await assembleAndAudit();

    expect(await signedOutAt(live)).toBe(new Date('2026-11-02T08:44:00+08:00').toISOString());
    const liveLog = await logOf(live);
    expect(liveLog.sessionReasons).toContain('session_auto_closed');
    expect(liveLog.auditRuleSetId).toBe(override.id);
  });

  it('records why out-of-fence and long-stop minutes were voided', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-20T14:00:00+08:00', 60, {
      minute: (i) =>
        i >= 10 && i < 30 ? { longitude: 117.02 } : i >= 40 && i < 43 ? { maxSpeedDecikmh: 0 } : {},
    });

    await assembleAndAudit();

    const log = await logOf(signIn);
    const verdicts = await verdictsOf(log.id);
    expect(verdicts.filter((v) => v.reasons.includes('outside_teaching_area'))).toHaveLength(20);
    expect(verdicts.filter((v) => v.reasons.includes('long_stop'))).toHaveLength(3);
    expect(log.validMinutes).toBe(37);
    expect(log.creditedMinutes).toBe(49);
    expect(log.verdict).toBe('partial');
    expect(log.flagged).toBe(true);
    const detail = await ctx.app.trainingHours.getTeachingLog(log.id);
    expect(detail.photos.length).toBeGreaterThanOrEqual(5);
    expect(detail.minutes[10]!.reasons).toEqual(['outside_teaching_area']);
  });

  it('quarantines a sign-in whose course code cannot be placed in a part, instead of retrying it', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-21T09:00:00+08:00', 5, { course: '9999999999' });

    await ctx.app.trainingHours.assembleFinishedSessions();
    await ctx.app.trainingHours.assembleFinishedSessions();

    const quarantined = await db
      .selectFrom('quarantinedRecords')
      .selectAll()
      .where('dedupeKey', '=', `teaching_log:${signIn}`)
      .execute();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.reason).toBe('invalid_course_code');
  });
});

describe('re-audit', () => {
  it('writes the same verdicts when run again', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-22T09:00:00+08:00', 60, {
      minute: (i) => (i < 20 ? { longitude: 117.02 } : {}),
    });
    await assembleAndAudit();
    const log = await logOf(signIn);
    const before = { log: await logOf(signIn), verdicts: await verdictsOf(log.id) };

    await ctx.app.trainingHours.auditTrainee(trainee.id);

    const after = { log: await logOf(signIn), verdicts: await verdictsOf(log.id) };
    expect({ ...after.log, auditedAt: null }).toEqual({ ...before.log, auditedAt: null });
    expect(after.verdicts).toEqual(before.verdicts);
  });

  it('keeps a school override through a rule change and re-audits with the new rule set', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-23T09:00:00+08:00', 60, {
      minute: (i) => (i < 20 ? { longitude: 117.02 } : {}),
    });
    await assembleAndAudit();
    const log = await logOf(signIn);
    const voided = (await verdictsOf(log.id)).filter((v) => !v.valid).map((v) => v.recordNumber);

    const reviewed = await ctx.app.trainingHours.overrideMinutes(
      schoolAdmin,
      log.id,
      voided.slice(0, 10),
      true,
      '围栏备案滞后,现场核实在训练场内',
    );
    expect(reviewed.validMinutes).toBe(50);
    expect(reviewed.creditedMinutes).toBe(60);
    expect(reviewed.schoolReview).toBe('reviewed');

    const created = await ctx.app.trainingHours.createAuditRuleSet(cityRegulator, {
      effectiveFrom: '2026-10-01T00:00:00+08:00',
      params: { windows: { practical: { from: '09:30', to: '21:00' } } },
    });
    expect(created.logsToReaudit).toBeGreaterThan(0);
    await assembleAndAudit();

    const after = await logOf(signIn);
    const verdicts = await verdictsOf(log.id);
    expect(after.auditRuleSetId).toBe(created.id);
    expect(verdicts.filter((v) => v.overrideValid === true)).toHaveLength(10);
    expect(verdicts[0]!.reasons).toEqual(['outside_window', 'outside_teaching_area']);
    expect(verdicts[0]!.overrideValid).toBe(true);
    // 10 overridden minutes fall before 09:30 but an override wins over the window: 40 valid of 60.
    expect(after.validMinutes).toBe(40);
    expect(after.creditedMinutes).toBe(53);

    await ctx.app.trainingHours.createAuditRuleSet(cityRegulator, {
      effectiveFrom: '2026-10-01T00:00:00+08:00',
      params: { windows: { practical: { from: '07:00', to: '21:00' } } },
    });
    await assembleAndAudit();
  });

  it('cannot lift the daily cap with a school override: minutes past the cap stay uncredited', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const outsideFirst10 = { minute: (i: number) => (i < 10 ? { longitude: 117.02 } : {}) };
    // 240 valid minutes fill the day's practical cap (4 × 60); the afternoon session is past it.
    const morning = await writeSession(trainee.id, '2026-10-26T08:00:00+08:00', 240);
    const afternoon = await writeSession(trainee.id, '2026-10-26T13:00:00+08:00', 30, outsideFirst10);
    // The same session shape on a day with room, to show the override itself does count there.
    const nextDay = await writeSession(trainee.id, '2026-10-27T09:00:00+08:00', 30, outsideFirst10);
    await assembleAndAudit();
    const afternoonLog = await logOf(afternoon);
    const nextDayLog = await logOf(nextDay);
    expect((await logOf(morning)).creditedMinutes).toBe(240);
    expect(afternoonLog.creditedMinutes).toBe(0);
    // 20 of 30 valid is under 75 %: ⌊20 × 4/3⌋.
    expect(nextDayLog.creditedMinutes).toBe(26);

    const allOf = async (logId: string) => (await verdictsOf(logId)).map((v) => v.recordNumber);
    const note = '现场核实在训练场内';
    const capped = await ctx.app.trainingHours.overrideMinutes(
      schoolAdmin,
      afternoonLog.id,
      await allOf(afternoonLog.id),
      true,
      note,
    );
    const uncapped = await ctx.app.trainingHours.overrideMinutes(
      schoolAdmin,
      nextDayLog.id,
      await allOf(nextDayLog.id),
      true,
      note,
    );

    expect(uncapped.creditedMinutes).toBe(30);
    expect(capped.creditedMinutes).toBe(0);
    expect(capped.schoolReview).toBe('reviewed');
    expect(capped.minutes).toHaveLength(30);
    for (const m of capped.minutes) {
      expect(m.overrideValid).toBe(true);
      expect(m.credited).toBe(false);
      expect(m.reasons).toContain('daily_cap_exceeded');
    }
    // The re-audit ran in the override's transaction: the stored rows agree, and the day still holds 240.
    expect((await logOf(afternoon)).creditedMinutes).toBe(0);
    expect((await logOf(morning)).creditedMinutes).toBe(240);
    const progress = await ctx.app.trainingHours.getTraineeProgress(trainee.id);
    expect(progress.totalCreditedMinutes).toBe(240 + 30);
  });

  it('refuses an override of minutes that are not in the log, changing nothing', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const signIn = await writeSession(trainee.id, '2026-10-24T09:00:00+08:00', 10);
    await assembleAndAudit();
    const log = await logOf(signIn);

    await expect(
      ctx.app.trainingHours.overrideMinutes(schoolAdmin, log.id, ['X'.repeat(26)], false, 'x'),
    ).rejects.toMatchObject({ code: 'training.minute_not_in_log' });
    expect((await verdictsOf(log.id)).every((v) => v.overrideValid === null)).toBe(true);
  });
});

describe('school-entered sessions over HTTP', () => {
  it('rejects an impossible session with a reason and credits a 45-minute lesson as one 学时', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const user = await newUser(db, Role.schoolStaff, { schoolId: school.id });
    const cookie = await loginAs(ctx.http, user.username, 'school');
    const post = (payload: Record<string, unknown>) =>
      ctx.http.inject({ method: 'POST', url: '/api/training/sessions', headers: { cookie }, payload });

    const backwards = await post({
      traineeId: trainee.id,
      kind: 'classroom',
      courseCode: '2211010000',
      startedAt: '2026-10-25T10:00:00+08:00',
      endedAt: '2026-10-25T09:00:00+08:00',
    });
    const wrongMethod = await post({
      traineeId: trainee.id,
      kind: 'classroom',
      courseCode: '1211010000',
      startedAt: '2026-10-25T09:00:00+08:00',
      endedAt: '2026-10-25T09:45:00+08:00',
    });
    const lesson = await post({
      traineeId: trainee.id,
      kind: 'classroom',
      courseCode: '2211010000',
      startedAt: '2026-10-25T09:00:00+08:00',
      endedAt: '2026-10-25T09:45:00+08:00',
    });
    const overlapping = await post({
      traineeId: trainee.id,
      kind: 'remote',
      courseCode: '4211020000',
      startedAt: '2026-10-25T09:30:00+08:00',
      endedAt: '2026-10-25T10:30:00+08:00',
    });

    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'training.session_invalid' });
    expect(JSON.stringify(backwards.json().details)).toContain('ends before it starts');
    expect(wrongMethod.statusCode).toBe(400);
    expect(lesson.statusCode).toBe(201);
    expect(overlapping.statusCode).toBe(400);
    const log = await db
      .selectFrom('teachingLogs')
      .selectAll()
      .where('id', '=', lesson.json().id)
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ source: 'classroom', part: 1, verdict: 'valid', creditedMinutes: 60 });
  });
});

describe('syllabus and hours accounting', () => {
  it('shows C1 in force and classes without a table as missing; only a province regulator adds one', async () => {
    const province = await newUser(db, Role.regulatorProvince, { regionCode: regions.province });
    const city = await newUser(db, Role.regulatorCity, { regionCode: regions.city });
    const provinceCookie = await loginAs(ctx.http, province.username, 'regulator');
    const cityCookie = await loginAs(ctx.http, city.username, 'regulator');
    const body = {
      licenceClass: 'B2',
      edition: '省定大纲(测试)',
      effectiveFrom: '2026-01-01',
      minMileageM: 300_000,
      parts: [1, 2, 3, 4].map((part) => ({ part, requiredMinutes: 600 })),
    };

    const before = await ctx.http.inject({
      method: 'GET',
      url: '/api/training/syllabus',
      headers: { cookie: cityCookie },
    });
    const refused = await ctx.http.inject({
      method: 'POST',
      url: '/api/training/syllabus',
      headers: { cookie: cityCookie },
      payload: body,
    });
    const created = await ctx.http.inject({
      method: 'POST',
      url: '/api/training/syllabus',
      headers: { cookie: provinceCookie },
      payload: body,
    });
    const again = await ctx.http.inject({
      method: 'POST',
      url: '/api/training/syllabus',
      headers: { cookie: provinceCookie },
      payload: body,
    });
    const after = await ctx.http.inject({
      method: 'GET',
      url: '/api/training/syllabus',
      headers: { cookie: cityCookie },
    });

    const cls = (res: typeof before, c: string) =>
      (
        res.json().classes as Array<{
          licenceClass: string;
          missing: boolean;
          inForce: { parts: unknown[] } | null;
        }>
      ).find((x) => x.licenceClass === c);
    expect(cls(before, 'C1')).toMatchObject({ missing: false });
    expect(cls(before, 'C1')!.inForce!.parts).toHaveLength(4);
    expect(cls(before, 'B2')).toMatchObject({ missing: true, inForce: null });
    expect(refused.statusCode).toBe(403);
    expect(created.statusCode).toBe(201);
    expect(again.statusCode).toBe(409);
    expect(cls(after, 'B2')).toMatchObject({ missing: false });
  });

  it('sums credited minutes per part and completes a part at the syllabus hours', async () => {
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    for (let day = 1; day <= 4; day++) {
      await writeSession(trainee.id, `2026-09-0${day}T08:00:00+08:00`, 240);
    }
    await writeSession(trainee.id, '2026-09-04T13:00:00+08:00', 30);
    await assembleAndAudit();

    const progress = await ctx.app.trainingHours.getTraineeProgress(trainee.id);

    const part2 = progress.parts.find((p) => p.part === 2)!;
    expect(progress.syllabusMissing).toBe(false);
    expect(part2.requiredMinutes).toBe(16 * 60);
    // The 30-minute session on day 4 is over the daily cap: 4 × 240 = 960 credited.
    expect(part2.creditedMinutes).toBe(960);
    expect(part2.complete).toBe(true);
    expect(await ctx.app.trainingHours.completedParts(trainee.id)).toEqual([2]);
  });

  it('lets a city regulator read its rules and refuses another city', async () => {
    const rules = await ctx.app.trainingHours.getAuditRules(cityRegulator);

    expect(rules.cityCode).toBe(regions.city);
    expect(rules.versions.length).toBeGreaterThan(0);
    await expect(
      ctx.app.trainingHours.createAuditRuleSet(cityRegulator, {
        cityCode: regions.otherCity,
        effectiveFrom: '2026-10-01T00:00:00+08:00',
        params: {},
      }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
