import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** SQL of the training-hours module. Every function takes the connection or transaction to use. */

export type LogRow = {
  id: string;
  source: string;
  traineeId: string;
  schoolId: string;
  coachId: string | null;
  vehicleId: string | null;
  terminalId: string | null;
  classroomId: number | null;
  courseCode: string;
  licenceClass: string;
  part: number;
  startedAt: Date;
  endedAt: Date;
};

export type VerdictWrite = {
  recordNumber: string;
  teachingLogId: string;
  valid: boolean;
  reasons: string[];
  auditRuleSetId: string;
};

export type LogVerdictWrite = {
  id: string;
  totalMinutes: number;
  validMinutes: number;
  creditedMinutes: number;
  mileageM: number;
  verdict: string;
  sessionReasons: string[];
  flagged: boolean;
  auditRuleSetId: string;
};

const logColumns = [
  'id',
  'source',
  'traineeId',
  'schoolId',
  'coachId',
  'vehicleId',
  'terminalId',
  'classroomId',
  'courseCode',
  'licenceClass',
  'part',
  'startedAt',
  'endedAt',
] as const;

export function createTrainingHoursRepository() {
  return {
    // --- syllabus ---------------------------------------------------------------------------------
    findSyllabusVersions: (db: Kysely<DB>, provinceCode: string) =>
      db
        .selectFrom('syllabusVersions')
        .selectAll()
        .where('provinceCode', '=', provinceCode)
        .orderBy('licenceClass')
        .orderBy('effectiveFrom', 'desc')
        .execute(),

    findSyllabusParts: (db: Kysely<DB>, versionIds: string[]) =>
      versionIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('syllabusParts')
            .selectAll()
            .where('syllabusVersionId', 'in', versionIds)
            .orderBy('part')
            .execute(),

    /** The version in force on `on` (YYYY-MM-DD): the latest effective date not after it. */
    findSyllabusInForce: (db: Kysely<DB>, provinceCode: string, licenceClass: string, on: string) =>
      db
        .selectFrom('syllabusVersions')
        .selectAll()
        .where('provinceCode', '=', provinceCode)
        .where('licenceClass', '=', licenceClass)
        .where('effectiveFrom', '<=', on)
        .orderBy('effectiveFrom', 'desc')
        .limit(1)
        .executeTakeFirst(),

    // --- rule sets --------------------------------------------------------------------------------
    findRuleSets: (db: Kysely<DB>, regionCode: string) =>
      db
        .selectFrom('auditRuleSets')
        .selectAll()
        .where('regionCode', '=', regionCode)
        .orderBy('version', 'desc')
        .execute(),

    findRuleSetsByIds: (db: Kysely<DB>, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('auditRuleSets').selectAll().where('id', 'in', ids).execute(),

    async nextRuleVersion(db: Kysely<DB>, regionCode: string, schoolId: string | null): Promise<number> {
      const row = await db
        .selectFrom('auditRuleSets')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('regionCode', '=', regionCode)
        .where('schoolId', schoolId === null ? 'is' : '=', schoolId)
        .executeTakeFirst();
      return Number(row?.v ?? 0) + 1;
    },

    /** Marks the logs a new rule set applies to for re-audit; returns how many. */
    async markDueFrom(
      db: Kysely<DB>,
      scope: { cityPrefix: string } | { schoolId: string },
      from: Date,
    ): Promise<number> {
      let q = db.updateTable('teachingLogs').set({ auditDue: true }).where('startedAt', '>=', from);
      q =
        'schoolId' in scope
          ? q.where('schoolId', '=', scope.schoolId)
          : q.where('schoolId', 'in', (eb) =>
              eb.selectFrom('schools').select('id').where('countyCode', 'like', `${scope.cityPrefix}%`),
            );
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    // --- assembly ---------------------------------------------------------------------------------
    /** Finished sign-ins with neither a teaching log nor a quarantine entry, oldest first. */
    /** Sign-ins not yet signed out, oldest first, with the school whose rules decide when they close. */
    findOpenSignIns: (db: Kysely<DB>, limit: number) =>
      db
        .selectFrom('traineeSignIns as s')
        .innerJoin('terminals as t', 't.id', 's.terminalId')
        .select(['s.id', 's.signedInAt', 't.schoolId'])
        .where('s.signedOutAt', 'is', null)
        .orderBy('s.signedInAt')
        .limit(limit)
        .execute(),

    findUnassembledSignIns: (db: Kysely<DB>, limit: number) =>
      db
        .selectFrom('traineeSignIns as s')
        .innerJoin('terminals as t', 't.id', 's.terminalId')
        .select([
          's.id',
          's.terminalId',
          's.vehicleId',
          's.traineeId',
          's.coachId',
          's.classroomId',
          's.courseCode',
          's.signedInAt',
          's.signedOutAt',
          't.schoolId',
        ])
        .where('s.signedOutAt', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(selectFrom('teachingLogs as l').select('l.id').whereRef('l.traineeSignInId', '=', 's.id')),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('quarantinedRecords as q')
                .select('q.id')
                .where('q.kind', '=', 'teaching_log')
                .whereRef('q.dedupeKey', '=', sql<string>`'teaching_log:' || s.id::text`),
            ),
          ),
        )
        .orderBy('s.signedOutAt')
        .limit(limit)
        .execute(),

    /** Idempotent on the sign-in: a second call for the same session inserts nothing. */
    async insertLog(
      db: Kysely<DB>,
      row: Omit<LogRow, 'id'> & { traineeSignInId: string | null },
    ): Promise<string | null> {
      const r = await db
        .insertInto('teachingLogs')
        .values({ ...row, auditDue: true })
        .onConflict((oc) => oc.column('traineeSignInId').doNothing())
        .returning('id')
        .executeTakeFirst();
      return r?.id ?? null;
    },

    async quarantineSignIn(db: Kysely<DB>, signInId: string, terminalId: string, reason: string, at: Date) {
      await db
        .insertInto('quarantinedRecords')
        .values({
          terminalId,
          kind: 'teaching_log',
          reason,
          dedupeKey: `teaching_log:${signInId}`,
          payload: JSON.stringify({ traineeSignInId: signInId }),
          receivedAt: at,
        })
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .execute();
    },

    // --- audit inputs -----------------------------------------------------------------------------
    findDueTrainees: (db: Kysely<DB>, limit: number) =>
      db
        .selectFrom('teachingLogs')
        .select('traineeId')
        .distinct()
        .where('auditDue', '=', true)
        .limit(limit)
        .execute()
        .then((rows) => rows.map((r) => r.traineeId)),

    findTraineeLogs: (db: Kysely<DB>, traineeId: string): Promise<(LogRow & { autoClosed: boolean })[]> =>
      db
        .selectFrom('teachingLogs')
        .select(logColumns)
        // Closed by the engine, not the terminal: a terminal's sign-out always reports its minutes.
        .select(
          sql<boolean>`EXISTS (SELECT 1 FROM trainee_sign_ins s WHERE s.id = teaching_logs.trainee_sign_in_id
            AND s.reported_minutes IS NULL)`.as('autoClosed'),
        )
        .where('traineeId', '=', traineeId)
        .orderBy('startedAt')
        .execute(),

    findTraineeMinutes: (db: Kysely<DB>, traineeId: string) =>
      db
        .selectFrom('minuteRecords as m')
        .leftJoin('minuteVerdicts as v', 'v.recordNumber', 'm.recordNumber')
        .select([
          'm.recordNumber',
          'm.terminalId',
          'm.classroomId',
          'm.recordedAt',
          'm.maxSpeedDecikmh',
          'm.mileageDecikm',
          'm.recorderSpeedDecikmh',
          'm.engineRpm',
          'm.latitude',
          'm.longitude',
          'v.overrideValid',
          'v.overrideFinal',
        ])
        .where('m.traineeId', '=', traineeId)
        .orderBy('m.recordedAt')
        .execute(),

    findSessionPhotos: (db: Kysely<DB>, terminalIds: string[], classroomIds: number[]) =>
      terminalIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('photos')
            .select(['id', 'terminalId', 'classroomId', 'eventType', 'takenAt', 'status'])
            .where('terminalId', 'in', terminalIds)
            .where('classroomId', 'in', classroomIds)
            .execute(),

    findCoaches: (db: Kysely<DB>, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('coaches')
            .select(['id', 'status', 'licenceClasses'])
            .where('id', 'in', ids)
            .execute(),

    findVehicles: (db: Kysely<DB>, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('vehicles')
            .select(['id', 'status', 'licenceClass', 'inspectionValidUntil'])
            .where('id', 'in', ids)
            .execute(),

    findSchools: (db: Kysely<DB>, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('schools').select(['id', 'countyCode']).where('id', 'in', ids).execute(),

    findActiveAreas: (db: Kysely<DB>, schoolIds: string[]) =>
      schoolIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('teachingAreas')
            .select(['schoolId', 'licenceClasses', 'polygon'])
            .where('schoolId', 'in', schoolIds)
            .where('status', '=', 'active')
            .execute(),

    // --- audit outputs ----------------------------------------------------------------------------
    /**
     * One statement per batch (unnest), the same on PGlite and PostgreSQL. The override columns are not
     * touched: a school's 初审 decision survives every re-audit.
     */
    async upsertMinuteVerdicts(db: Kysely<DB>, rows: VerdictWrite[]): Promise<void> {
      for (let at = 0; at < rows.length; at += 5000) {
        const batch = rows.slice(at, at + 5000);
        await sql`
          INSERT INTO minute_verdicts (record_number, teaching_log_id, valid, reasons, audit_rule_set_id)
          SELECT r, l, v, string_to_array(x, ','), a FROM unnest(
            ${batch.map((r) => r.recordNumber)}::text[],
            ${batch.map((r) => r.teachingLogId)}::uuid[],
            ${batch.map((r) => r.valid)}::bool[],
            ${batch.map((r) => r.reasons.join(','))}::text[],
            ${batch.map((r) => r.auditRuleSetId)}::uuid[]
          ) AS u(r, l, v, x, a)
          ON CONFLICT (record_number) DO UPDATE SET
            teaching_log_id = EXCLUDED.teaching_log_id,
            valid = EXCLUDED.valid,
            reasons = EXCLUDED.reasons,
            audit_rule_set_id = EXCLUDED.audit_rule_set_id`.execute(db);
      }
    },

    async updateLogVerdicts(db: Kysely<DB>, rows: LogVerdictWrite[], at: Date): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        UPDATE teaching_logs AS l SET
          total_minutes = u.t, valid_minutes = u.v, credited_minutes = u.c, mileage_m = u.m,
          verdict = u.verdict, session_reasons = string_to_array(u.reasons, ','), flagged = u.f,
          audit_rule_set_id = u.rule, audited_at = ${at.toISOString()}::timestamptz, audit_due = false
        FROM unnest(
          ${rows.map((r) => r.id)}::uuid[],
          ${rows.map((r) => r.totalMinutes)}::int[],
          ${rows.map((r) => r.validMinutes)}::int[],
          ${rows.map((r) => r.creditedMinutes)}::int[],
          ${rows.map((r) => r.mileageM)}::int[],
          ${rows.map((r) => r.verdict)}::text[],
          ${rows.map((r) => r.sessionReasons.join(','))}::text[],
          ${rows.map((r) => r.flagged)}::bool[],
          ${rows.map((r) => r.auditRuleSetId)}::uuid[]
        ) AS u(id, t, v, c, m, verdict, reasons, f, rule)
        WHERE l.id = u.id`.execute(db);
    },

    // --- reads for the other modules --------------------------------------------------------------
    findLog: (db: Kysely<DB>, id: string) =>
      db.selectFrom('teachingLogs').selectAll().where('id', '=', id).executeTakeFirst(),

    findLogMinutes: (db: Kysely<DB>, logId: string) =>
      db
        .selectFrom('minuteVerdicts as v')
        .innerJoin('minuteRecords as m', 'm.recordNumber', 'v.recordNumber')
        .select([
          'm.recordNumber',
          'm.recordedAt',
          'm.maxSpeedDecikmh',
          'm.mileageDecikm',
          'm.engineRpm',
          'm.latitude',
          'm.longitude',
          'v.valid',
          'v.reasons',
          'v.overrideValid',
          'v.overrideNote',
          'v.overrideBy',
          'v.overrideAt',
        ])
        .where('v.teachingLogId', '=', logId)
        .orderBy('m.recordedAt')
        .execute(),

    findLogPhotos: (db: Kysely<DB>, terminalId: string, classroomId: number) =>
      db
        .selectFrom('photos')
        .select([
          'id',
          'photoNumber',
          'personNumber',
          'eventType',
          'takenAt',
          'latitude',
          'longitude',
          'faceConfidence',
          'byteSize',
          'status',
        ])
        .where('terminalId', '=', terminalId)
        .where('classroomId', '=', classroomId)
        .orderBy('takenAt')
        .execute(),

    /** Of these minutes of the log, the ones whose standing override a regulator made. */
    async regulatorOverridden(db: Kysely<DB>, logId: string, recordNumbers: string[]): Promise<string[]> {
      const rows = await db
        .selectFrom('minuteVerdicts as v')
        .innerJoin('users as u', 'u.id', 'v.overrideBy')
        .select('v.recordNumber')
        .where('v.teachingLogId', '=', logId)
        .where('v.recordNumber', 'in', recordNumbers)
        .where('u.role', 'in', ['regulator_county', 'regulator_city', 'regulator_province'])
        .execute();
      return rows.map((r) => r.recordNumber);
    },

    async setOverrides(
      db: Kysely<DB>,
      logId: string,
      recordNumbers: string[],
      change: { valid: boolean; note: string; by: string; at: Date; final?: boolean },
    ): Promise<number> {
      const r = await db
        .updateTable('minuteVerdicts')
        .set({
          overrideValid: change.valid,
          overrideFinal: !change.valid && change.final === true,
          overrideNote: change.note,
          overrideBy: change.by,
          overrideAt: change.at,
        })
        .where('teachingLogId', '=', logId)
        .where('recordNumber', 'in', recordNumbers)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

export type TrainingHoursRepository = ReturnType<typeof createTrainingHoursRepository>;
