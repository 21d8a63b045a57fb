/**
 * Teaching-log assembly and the database side of the audit: load one trainee's sessions, run the pure
 * audit (audit.ts), write verdicts. Functions take the connection so the service, the jobs and the demo
 * seed share them. Everything here is idempotent: assembling or auditing again changes nothing.
 */
import { parseCourseCode } from '@jiapei/jt808';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditTraineeSessions, type AuditSession, type CourseMethod } from './audit.ts';
import { DEFAULT_AUDIT_PARAMS, paramsFromJson, type AuditParams } from './audit-params.ts';
import { prepareFence, type Fence, type GeoJsonPolygonLike } from './fence.ts';
import type { LogRow, TrainingHoursRepository } from './training-hours.repository.ts';

/** The first rule set of a city that has none: the RULES §2 defaults, in force for all past sessions. */
const DEFAULT_RULES_EFFECTIVE_FROM = new Date('2000-01-01T00:00:00+08:00');

export const cityOf = (countyCode: string) => `${countyCode.slice(0, 4)}00`;
/** 课程方式 of each log source (REFERENCE §1.9). */
export const methodOfSource = { terminal: 1, classroom: 2, simulator: 3, remote: 4 } as const;

export const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;

/**
 * Runs `work` in the caller's transaction when `db` already is one (an override that must commit with
 * the appeal answering it), else in a new one. Kysely cannot nest transactions.
 */
export function inTransaction<T>(db: Kysely<DB>, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Closes sessions the terminal never signed out (lost power, lost link): a sign-in whose last minute
 * record (or the sign-in itself, without records) is older than the `autoSignOutMinutes` of the rule set
 * in force at its start (school override first, as for the audit) gets signed_out_at = that last time,
 * and `reported_minutes` stays NULL, which marks it auto-closed (its log carries the session reason
 * `session_auto_closed`). Idempotent; returns sessions closed.
 */
export async function closeAbandonedSessions(
  db: Kysely<DB>,
  repo: TrainingHoursRepository,
  now: Date,
  limit = 500,
): Promise<number> {
  const open = await repo.findOpenSignIns(db, limit);
  if (open.length === 0) return 0;
  const schools = await repo.findSchools(db, [...new Set(open.map((s) => s.schoolId))]);
  const cityBySchool = new Map(schools.map((s) => [s.id, cityOf(s.countyCode)]));
  const ruleSetsByCity = new Map<string, RuleSetRow[]>();
  for (const city of new Set(cityBySchool.values())) {
    await ensureCityRuleSet(db, repo, city);
    ruleSetsByCity.set(city, await repo.findRuleSets(db, city));
  }
  // Usually every open session has the same limit; one UPDATE per distinct limit.
  const idsByIdleMinutes = new Map<number, string[]>();
  for (const s of open) {
    const rule = pickRuleSet(
      ruleSetsByCity.get(cityBySchool.get(s.schoolId) ?? '') ?? [],
      s.schoolId,
      s.signedInAt,
    );
    const idle = paramsFromJson(rule?.params).autoSignOutMinutes;
    idsByIdleMinutes.set(idle, [...(idsByIdleMinutes.get(idle) ?? []), s.id]);
  }
  let closed = 0;
  for (const [idleMinutes, ids] of idsByIdleMinutes) {
    const before = new Date(now.getTime() - idleMinutes * 60_000);
    // The last time is computed again inside the UPDATE, so a record that arrived since the read above
    // keeps its session open.
    const result = await sql<{ id: string }>`
      UPDATE trainee_sign_ins s SET signed_out_at = last.at
      FROM (
        SELECT o.id, GREATEST(o.signed_in_at, COALESCE(
          (SELECT max(m.recorded_at) FROM minute_records m WHERE m.terminal_id = o.terminal_id
            AND m.classroom_id = o.classroom_id AND m.trainee_id = o.trainee_id), o.signed_in_at)) AS at
        FROM trainee_sign_ins o WHERE o.signed_out_at IS NULL AND o.id IN (${sql.join(ids)})
      ) last
      WHERE s.id = last.id AND s.signed_out_at IS NULL AND last.at < ${before}
      RETURNING s.id`.execute(db);
    closed += result.rows.length;
  }
  return closed;
}

/**
 * Creates a teaching log for each finished sign-in that has none (idempotent on trainee_sign_in_id). A
 * sign-in whose course code cannot be read cannot be placed in a part: it is quarantined with the reason
 * instead, so it is neither lost nor retried forever. Returns logs created.
 */
export async function assembleFinishedSessions(
  db: Kysely<DB>,
  repo: TrainingHoursRepository,
  now: Date,
  limit = 500,
): Promise<number> {
  await closeAbandonedSessions(db, repo, now);
  const signIns = await repo.findUnassembledSignIns(db, limit);
  let created = 0;
  for (const s of signIns) {
    const course = parseCourseCode(s.courseCode);
    if (!course || !course.vehicleClass) {
      await repo.quarantineSignIn(db, s.id, s.terminalId, 'invalid_course_code', now);
      continue;
    }
    const id = await repo.insertLog(db, {
      source: 'terminal',
      traineeSignInId: s.id,
      traineeId: s.traineeId,
      schoolId: s.schoolId,
      coachId: s.coachId,
      vehicleId: s.vehicleId,
      terminalId: s.terminalId,
      classroomId: s.classroomId,
      courseCode: s.courseCode,
      licenceClass: course.vehicleClass,
      part: course.part,
      startedAt: s.signedInAt,
      endedAt: s.signedOutAt!,
    });
    if (id) created++;
  }
  return created;
}

type RuleSetRow = Awaited<ReturnType<TrainingHoursRepository['findRuleSets']>>[number];

/** The city's first rule set (defaults) when it has none, so every verdict names the rules it used. */
export async function ensureCityRuleSet(
  db: Kysely<DB>,
  repo: TrainingHoursRepository,
  cityCode: string,
): Promise<void> {
  const existing = await repo.findRuleSets(db, cityCode);
  if (existing.length > 0) return;
  await db
    .insertInto('auditRuleSets')
    .values({
      regionCode: cityCode,
      schoolId: null,
      version: 1,
      effectiveFrom: DEFAULT_RULES_EFFECTIVE_FROM,
      params: JSON.stringify(DEFAULT_AUDIT_PARAMS),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The rule set for a session: the school's override if one is in force at its start, else the city's;
 * "in force" = the latest effective date not after the session's start (then the higher version). When
 * none is in force yet, the earliest one applies, so a session is never audited without rules.
 */
export function pickRuleSet(
  sets: readonly RuleSetRow[],
  schoolId: string,
  startedAt: Date,
): RuleSetRow | null {
  const latest = (candidates: RuleSetRow[]) =>
    candidates
      .filter((r) => r.effectiveFrom.getTime() <= startedAt.getTime())
      .sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || b.version - a.version)[0];
  const own = sets.filter((r) => r.schoolId === schoolId);
  const city = sets.filter((r) => r.schoolId === null);
  return (
    latest(own) ??
    latest(city) ??
    [...city].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0] ??
    null
  );
}

/**
 * Audits every teaching log of one trainee (the daily cap spans sessions) and writes the verdicts.
 * Overrides are read back as inputs and never written here. Returns the logs audited.
 */
export async function auditTrainee(
  db: Kysely<DB>,
  repo: TrainingHoursRepository,
  traineeId: string,
  now: Date,
): Promise<number> {
  const logs = await repo.findTraineeLogs(db, traineeId);
  if (logs.length === 0) return 0;
  const terminalLogs = logs.filter((l) => l.source === 'terminal' && l.terminalId && l.classroomId !== null);
  const sessionKey = (terminalId: string, classroomId: number) => `${terminalId}:${classroomId}`;

  const schoolIds = [...new Set(logs.map((l) => l.schoolId))];
  const [minutes, photos, coaches, vehicles, schools, areas] = await Promise.all([
    terminalLogs.length ? repo.findTraineeMinutes(db, traineeId) : Promise.resolve([]),
    repo.findSessionPhotos(
      db,
      [...new Set(terminalLogs.map((l) => l.terminalId!))],
      [...new Set(terminalLogs.map((l) => l.classroomId!))],
    ),
    repo.findCoaches(db, [...new Set(terminalLogs.flatMap((l) => (l.coachId ? [l.coachId] : [])))]),
    repo.findVehicles(db, [...new Set(terminalLogs.flatMap((l) => (l.vehicleId ? [l.vehicleId] : [])))]),
    repo.findSchools(db, schoolIds),
    repo.findActiveAreas(db, schoolIds),
  ]);

  const cityBySchool = new Map(schools.map((s) => [s.id, cityOf(s.countyCode)]));
  const ruleSetsByCity = new Map<string, RuleSetRow[]>();
  for (const city of new Set(cityBySchool.values())) {
    await ensureCityRuleSet(db, repo, city);
    ruleSetsByCity.set(city, await repo.findRuleSets(db, city));
  }

  const minutesBySession = new Map<string, typeof minutes>();
  for (const m of minutes) {
    const key = sessionKey(m.terminalId, m.classroomId);
    const list = minutesBySession.get(key);
    if (list) list.push(m);
    else minutesBySession.set(key, [m]);
  }
  const photosBySession = new Map<string, typeof photos>();
  for (const p of photos) {
    const key = sessionKey(p.terminalId, p.classroomId);
    const list = photosBySession.get(key);
    if (list) list.push(p);
    else photosBySession.set(key, [p]);
  }
  const coachById = new Map(coaches.map((c) => [c.id, c]));
  const vehicleById = new Map(vehicles.map((v) => [v.id, v]));
  const fences = new Map<string, Fence>();
  const fenceFor = (schoolId: string, licenceClass: string) => {
    const key = `${schoolId}:${licenceClass}`;
    let fence = fences.get(key);
    if (!fence) {
      fence = prepareFence(
        areas
          .filter((a) => a.schoolId === schoolId && a.licenceClasses.includes(licenceClass))
          .map((a) => a.polygon as GeoJsonPolygonLike),
      );
      fences.set(key, fence);
    }
    return fence;
  };

  const ruleSetOf = new Map<string, { id: string; params: AuditParams }>();
  const sessions: AuditSession[] = logs.map((log) => {
    const sets = ruleSetsByCity.get(cityBySchool.get(log.schoolId) ?? '') ?? [];
    const rule = pickRuleSet(sets, log.schoolId, log.startedAt);
    if (!rule) throw new Error(`no audit rule set for school ${log.schoolId}`);
    const params = paramsFromJson(rule.params);
    ruleSetOf.set(log.id, { id: rule.id, params });
    return toAuditSession(log, params, fenceFor(log.schoolId, log.licenceClass), {
      minutes: log.terminalId
        ? (minutesBySession.get(sessionKey(log.terminalId, log.classroomId!)) ?? [])
        : [],
      photos: log.terminalId ? (photosBySession.get(sessionKey(log.terminalId, log.classroomId!)) ?? []) : [],
      coach: log.coachId ? (coachById.get(log.coachId) ?? null) : null,
      vehicle: log.vehicleId ? (vehicleById.get(log.vehicleId) ?? null) : null,
    });
  });

  const results = auditTraineeSessions(sessions);
  const autoClosed = new Set(logs.filter((l) => l.autoClosed).map((l) => l.id));

  await inTransaction(db, async (tx) => {
    await repo.upsertMinuteVerdicts(
      tx,
      results.flatMap((r) =>
        r.minutes.map((m) => ({
          recordNumber: m.recordNumber,
          teachingLogId: r.id,
          valid: m.valid,
          reasons: m.reasons,
          auditRuleSetId: ruleSetOf.get(r.id)!.id,
        })),
      ),
    );
    await repo.updateLogVerdicts(
      tx,
      results.map((r) => ({
        id: r.id,
        totalMinutes: r.totalMinutes,
        validMinutes: r.validMinutes,
        creditedMinutes: r.creditedMinutes,
        mileageM: r.mileageM,
        verdict: r.verdict,
        sessionReasons: autoClosed.has(r.id)
          ? [...r.sessionReasons, 'session_auto_closed']
          : r.sessionReasons,
        flagged: r.flagged,
        auditRuleSetId: ruleSetOf.get(r.id)!.id,
      })),
      now,
    );
  });
  return results.length;
}

function toAuditSession(
  log: LogRow,
  params: AuditParams,
  fence: Fence,
  inputs: {
    minutes: Awaited<ReturnType<TrainingHoursRepository['findTraineeMinutes']>>;
    photos: Awaited<ReturnType<TrainingHoursRepository['findSessionPhotos']>>;
    coach: { status: string; licenceClasses: string[] } | null;
    vehicle: { status: string; licenceClass: string; inspectionValidUntil: string } | null;
  },
): AuditSession {
  const method = (parseCourseCode(log.courseCode)?.method ?? 1) as CourseMethod;
  const terminal = log.source === 'terminal';
  return {
    id: log.id,
    source: terminal ? 'terminal' : (log.source as AuditSession['source']),
    // School-entered sessions are counted by how they were taught, whatever the code says.
    method: terminal ? method : methodOfSource[log.source as keyof typeof methodOfSource],
    licenceClass: log.licenceClass,
    startedAtMs: log.startedAt.getTime(),
    endedAtMs: log.endedAt.getTime(),
    minutes: inputs.minutes.map((m) => ({
      recordNumber: m.recordNumber,
      atMs: m.recordedAt.getTime(),
      maxSpeedDecikmh: m.maxSpeedDecikmh,
      mileageDecikm: m.mileageDecikm,
      recorderSpeedDecikmh: m.recorderSpeedDecikmh,
      engineRpm: m.engineRpm,
      latitude: m.latitude,
      longitude: m.longitude,
      override: m.overrideValid,
      finalVoid: m.overrideFinal ?? false,
    })),
    photos: inputs.photos.map((p) => ({
      eventType: p.eventType,
      takenAtMs: p.takenAt ? p.takenAt.getTime() : null,
      usable: p.status !== 'incomplete',
    })),
    ...(terminal ? { coach: inputs.coach, vehicle: inputs.vehicle } : {}),
    fence,
    params,
  };
}

/** Audits trainees with logs marked due, a batch at a time. Returns trainees audited. */
export async function auditDue(
  db: Kysely<DB>,
  repo: TrainingHoursRepository,
  now: Date,
  limit = 50,
): Promise<number> {
  const trainees = await repo.findDueTrainees(db, limit);
  for (const traineeId of trainees) await auditTrainee(db, repo, traineeId, now);
  return trainees.length;
}

/**
 * The figures a terminal shows at trainee sign-in (0x8201), in one query: credited minutes over all
 * parts and in `part`, and mileage of the logs that credit minutes (a wholly void session drove
 * nothing), the same sums as `getTraineeProgress` before the syllabus caps (simulator maximum), which
 * need the syllabus and only matter when deciding a part is complete.
 */
export async function signInTotals(db: Kysely<DB>, traineeId: string, part: number) {
  const row = await db
    .selectFrom('teachingLogs')
    .select([
      sql<number>`COALESCE(SUM(credited_minutes), 0)`.as('totalMinutes'),
      sql<number>`COALESCE(SUM(credited_minutes) FILTER (WHERE part = ${part}), 0)`.as('partMinutes'),
      sql<number>`COALESCE(SUM(mileage_m) FILTER (WHERE credited_minutes > 0), 0)`.as('totalMileageM'),
      sql<number>`COALESCE(SUM(mileage_m) FILTER (WHERE credited_minutes > 0 AND part = ${part}), 0)`.as(
        'partMileageM',
      ),
    ])
    .where('traineeId', '=', traineeId)
    .executeTakeFirstOrThrow();
  return {
    totalMinutes: Number(row.totalMinutes),
    partMinutes: Number(row.partMinutes),
    totalMileageM: Number(row.totalMileageM),
    partMileageM: Number(row.partMileageM),
  };
}
