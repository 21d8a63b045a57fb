import { parseCourseCode } from '@jiapei/jt808';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { canAccessSchool, requirePermission, schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError, type FieldIssue } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { rethrowUniqueViolation } from '../../shared/db-errors.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { mergeParams, paramsFromJson, validateParams, type AuditParamsPatch } from './audit-params.ts';
import { ReasonCode, reasonCatalogue } from './reason-codes.ts';
import { LICENCE_CLASSES } from './reference-data.ts';
import {
  assembleFinishedSessions,
  auditDue,
  auditTrainee,
  cityOf,
  ensureCityRuleSet,
  inTransaction,
  methodOfSource,
  provinceOf,
} from './teaching-logs.ts';
import { createTrainingHoursRepository } from './training-hours.repository.ts';

export type SyllabusPartInput = {
  part: number;
  requiredMinutes: number;
  requiredMileageM?: number;
  classroomMinMinutes?: number;
  simulatorMaxMinutes?: number;
};
export type CreateSyllabusVersion = {
  licenceClass: string;
  edition: string;
  effectiveFrom: string;
  minMileageM: number;
  parts: SyllabusPartInput[];
};
export type CreateAuditRuleSet = {
  cityCode?: string;
  schoolId?: string;
  effectiveFrom: string;
  params: AuditParamsPatch;
};
export type CreateSchoolSession = {
  traineeId: string;
  kind: 'classroom' | 'simulator' | 'remote';
  courseCode: string;
  startedAt: string;
  endedAt: string;
  coachId?: string;
};
export type TeachingLogFilter = {
  schoolId?: string;
  traineeId?: string;
  /** GB/T 2260 prefix of the schools' county codes (a regulator's subtree). */
  regionPrefix?: string;
  part?: number;
  verdict?: 'pending' | 'valid' | 'partial' | 'invalid';
  flagged?: boolean;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
};

export type OverrideOptions = {
  /** A transaction of the caller's: the overrides commit (or roll back) with its other writes. */
  executor?: Kysely<DB>;
  /** Why, for the audit log (e.g. `{ appealId }`). */
  context?: Record<string, string>;
  /**
   * The voids of this call are findings of a regulator (人工审核 partial or invalid): the 75 % rule never
   * credits those minutes back. A school's 初审 and an appeal answer do not set it.
   */
  finalVoids?: boolean;
};

/** The longest school-entered session accepted; anything longer is a typing error, not a lesson. */
const MAX_SCHOOL_SESSION_MS = 12 * 3_600_000;
/** A school may enter a session that ended up to this long ago; older ones need a regulator. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const todayCst = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Syllabus, audit rules, teaching-log assembly, the automatic audit and hours accounting. */
export function createTrainingHoursService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
}) {
  const { db, clock, audit } = deps;
  const repo = createTrainingHoursRepository();

  async function schoolOf(schoolId: string, executor: Kysely<DB> = db) {
    return executor
      .selectFrom('schools')
      .select(['id', 'countyCode'])
      .where('id', '=', schoolId)
      .executeTakeFirst();
  }

  /** The province whose syllabus an actor reads: a regulator's own, or the school's. */
  async function provinceOfActor(actor: Actor): Promise<string> {
    if (actor.regionCode) return provinceOf(actor.regionCode);
    const school = actor.schoolId ? await schoolOf(actor.schoolId) : undefined;
    if (!school) throw new AppError('auth.forbidden', { message: 'actor has no region or school' });
    return provinceOf(school.countyCode);
  }

  async function syllabusOf(provinceCode: string, on: string) {
    const versions = await repo.findSyllabusVersions(db, provinceCode);
    const parts = await repo.findSyllabusParts(
      db,
      versions.map((v) => v.id),
    );
    const withParts = versions.map((v) => ({
      id: v.id,
      licenceClass: v.licenceClass,
      edition: v.edition,
      effectiveFrom: v.effectiveFrom,
      minMileageM: v.minMileageM,
      createdAt: v.createdAt,
      parts: parts
        .filter((p) => p.syllabusVersionId === v.id)
        .map((p) => ({
          part: p.part,
          requiredMinutes: p.requiredMinutes,
          requiredMileageM: p.requiredMileageM,
          classroomMinMinutes: p.classroomMinMinutes,
          simulatorMaxMinutes: p.simulatorMaxMinutes,
        })),
    }));
    const known = new Set([...LICENCE_CLASSES, ...withParts.map((v) => v.licenceClass)]);
    const classes = [...known].map((licenceClass) => {
      const all = withParts.filter((v) => v.licenceClass === licenceClass);
      // Versions are ordered newest effective date first, so the first not after `on` is in force.
      const inForce = all.find((v) => v.effectiveFrom <= on) ?? null;
      return { licenceClass, missing: inForce === null, inForce, versions: all };
    });
    return { provinceCode, on, classes };
  }

  async function requireTrainee(traineeId: string) {
    const t = await db
      .selectFrom('trainees')
      .innerJoin('schools', 'schools.id', 'trainees.schoolId')
      .select(['trainees.id', 'trainees.schoolId', 'trainees.licenceClass', 'schools.countyCode'])
      .where('trainees.id', '=', traineeId)
      .executeTakeFirst();
    if (!t) throw new AppError('training.trainee_not_found');
    return t;
  }

  /**
   * Hours per part: credited minutes (the automatic verdict, or the school's override where set, as
   * the audit already folds in) and mileage against the syllabus in force today for the trainee's
   * province and class. Simulator minutes count up to the part's simulator maximum; a part with a
   * classroom minimum also needs that many classroom minutes.
   */
  async function getTraineeProgress(traineeId: string) {
    const trainee = await requireTrainee(traineeId);
    const provinceCode = provinceOf(trainee.countyCode);
    const on = todayCst(clock.now());
    const version = await repo.findSyllabusInForce(db, provinceCode, trainee.licenceClass, on);
    const parts = version ? await repo.findSyllabusParts(db, [version.id]) : [];
    const logs = await db
      .selectFrom('teachingLogs')
      .select(['part', 'source', 'creditedMinutes', 'mileageM', 'verdict'])
      .where('traineeId', '=', traineeId)
      .execute();
    const perPart = [1, 2, 3, 4].map((part) => {
      const mine = logs.filter((l) => l.part === part);
      const sum = (source: string | null) =>
        mine.filter((l) => source === null || l.source === source).reduce((s, l) => s + l.creditedMinutes, 0);
      const rule = parts.find((p) => p.part === part);
      const simulator = sum('simulator');
      const simulatorCounted =
        rule && rule.simulatorMaxMinutes > 0 ? Math.min(simulator, rule.simulatorMaxMinutes) : simulator;
      const creditedMinutes = sum(null) - simulator + simulatorCounted;
      const classroomMinutes = sum('classroom');
      const mileageM = mine.filter((l) => l.creditedMinutes > 0).reduce((s, l) => s + l.mileageM, 0);
      const complete =
        !!rule &&
        creditedMinutes >= rule.requiredMinutes &&
        mileageM >= rule.requiredMileageM &&
        classroomMinutes >= rule.classroomMinMinutes;
      return {
        part,
        requiredMinutes: rule?.requiredMinutes ?? null,
        requiredMileageM: rule?.requiredMileageM ?? null,
        classroomMinMinutes: rule?.classroomMinMinutes ?? null,
        creditedMinutes,
        classroomMinutes,
        simulatorMinutes: simulator,
        mileageM,
        sessions: mine.length,
        pendingSessions: mine.filter((l) => l.verdict === 'pending').length,
        complete,
      };
    });
    return {
      traineeId,
      schoolId: trainee.schoolId,
      licenceClass: trainee.licenceClass,
      provinceCode,
      syllabus: version
        ? {
            id: version.id,
            edition: version.edition,
            effectiveFrom: version.effectiveFrom,
            minMileageM: version.minMileageM,
          }
        : null,
      syllabusMissing: !version,
      totalCreditedMinutes: perPart.reduce((s, p) => s + p.creditedMinutes, 0),
      totalMileageM: perPart.reduce((s, p) => s + p.mileageM, 0),
      parts: perPart,
    };
  }

  async function getTeachingLog(id: string, executor: Kysely<DB> = db) {
    const log = await repo.findLog(executor, id);
    if (!log) throw new AppError('training.log_not_found');
    const [minutes, photos] = await Promise.all([
      repo.findLogMinutes(executor, id),
      log.terminalId && log.classroomId !== null
        ? repo.findLogPhotos(executor, log.terminalId, log.classroomId)
        : Promise.resolve([]),
    ]);
    return {
      ...log,
      // An override decides valid/void, but a minute past the day's cap stays uncredited whatever the
      // override says (the engine never lifts the cap), so the flag must not claim otherwise.
      minutes: minutes.map((m) => ({
        ...m,
        credited: (m.overrideValid ?? m.valid) && !m.reasons.includes(ReasonCode.dailyCapExceeded),
      })),
      photos,
    };
  }

  return {
    /** The reason-code catalogue (code → zh, en), for the ledger API and the UI. */
    reasonCatalogue,

    // --- syllabus -------------------------------------------------------------------------------
    async getSyllabus(actor: Actor, query: { on?: string } = {}) {
      return syllabusOf(await provinceOfActor(actor), query.on ?? todayCst(clock.now()));
    },

    /** A new version for the province regulator's own province; audited. */
    async createSyllabusVersion(actor: Actor, input: CreateSyllabusVersion): Promise<{ id: string }> {
      requirePermission(actor, Permission.syllabusWrite);
      if (!actor.regionCode?.endsWith('0000')) {
        throw new AppError('auth.forbidden', { message: 'the syllabus is set by a province' });
      }
      const provinceCode = actor.regionCode;
      const issues: FieldIssue[] = [];
      if (!/^[A-Z][0-9]?$/.test(input.licenceClass)) {
        issues.push({ field: 'licenceClass', message: 'e.g. C1' });
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveFrom) || Number.isNaN(Date.parse(input.effectiveFrom))) {
        issues.push({ field: 'effectiveFrom', message: 'a date YYYY-MM-DD' });
      }
      if (input.minMileageM < 300_000) {
        issues.push({ field: 'minMileageM', message: 'a province minimum is not below 300 km (RULES §1)' });
      }
      const partNumbers = input.parts.map((p) => p.part).sort();
      if (partNumbers.join() !== '1,2,3,4') {
        issues.push({ field: 'parts', message: 'exactly parts 1, 2, 3 and 4' });
      }
      for (const p of input.parts) {
        const values = [
          p.requiredMinutes,
          p.requiredMileageM ?? 0,
          p.classroomMinMinutes ?? 0,
          p.simulatorMaxMinutes ?? 0,
        ];
        if (!values.every((v) => Number.isInteger(v) && v >= 0)) {
          issues.push({ field: `parts.${p.part}`, message: 'minutes and metres are whole numbers ≥ 0' });
        } else if (
          (p.classroomMinMinutes ?? 0) > p.requiredMinutes ||
          (p.simulatorMaxMinutes ?? 0) > p.requiredMinutes
        ) {
          issues.push({
            field: `parts.${p.part}`,
            message: 'classroom or simulator minutes exceed the part',
          });
        }
      }
      if (issues.length) throw new AppError('training.syllabus_invalid', { details: issues });
      try {
        return await db.transaction().execute(async (tx) => {
          const v = await tx
            .insertInto('syllabusVersions')
            .values({
              provinceCode,
              licenceClass: input.licenceClass,
              edition: input.edition,
              effectiveFrom: input.effectiveFrom,
              minMileageM: input.minMileageM,
              createdBy: actor.userId,
              createdAt: clock.now(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('syllabusParts')
            .values(
              input.parts.map((p) => ({
                syllabusVersionId: v.id,
                part: p.part,
                requiredMinutes: p.requiredMinutes,
                requiredMileageM: p.requiredMileageM ?? 0,
                classroomMinMinutes: p.classroomMinMinutes ?? 0,
                simulatorMaxMinutes: p.simulatorMaxMinutes ?? 0,
              })),
            )
            .execute();
          await audit.append(tx, actor, {
            action: 'training.syllabus.created',
            entityType: 'syllabus_version',
            entityId: v.id,
            regionCode: provinceCode,
            details: { ...input },
          });
          return v;
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new AppError('training.version_exists', { cause: err });
        }
        return rethrowUniqueViolation(err);
      }
    },

    // --- audit rules ----------------------------------------------------------------------------
    /** The city's versions (and a school's overrides) with the parameters each one applies. */
    async getAuditRules(actor: Actor, query: { cityCode?: string; schoolId?: string } = {}) {
      const { cityCode, schoolId } = await ruleScope(actor, query);
      await db.transaction().execute((tx) => ensureCityRuleSet(tx, repo, cityCode));
      const sets = await repo.findRuleSets(db, cityCode);
      const visible = sets.filter(
        (s) => s.schoolId === null || s.schoolId === schoolId || (!schoolId && actor.regionCode),
      );
      return {
        cityCode,
        schoolId: schoolId ?? null,
        versions: visible.map((s) => ({
          id: s.id,
          schoolId: s.schoolId,
          version: s.version,
          effectiveFrom: s.effectiveFrom.toISOString(),
          params: paramsFromJson(s.params),
        })),
      };
    },

    /**
     * A new version for a city (city regulator, or a province regulator naming the city), or a school
     * override (schoolId). The patch is laid over the latest version of the same scope (a school's
     * first override over the city's latest), so each stored row is a complete parameter set and the
     * id a verdict records says exactly which numbers were applied. Logs from `effectiveFrom` on are
     * marked for re-audit (the jobs edge does it; re-auditing is idempotent).
     */
    async createAuditRuleSet(actor: Actor, input: CreateAuditRuleSet) {
      requirePermission(actor, Permission.auditRulesWrite);
      const { cityCode, schoolId } = await ruleScope(actor, input);
      const effectiveFrom = new Date(input.effectiveFrom);
      if (Number.isNaN(effectiveFrom.getTime())) {
        throw new AppError('training.rules_invalid', {
          details: [{ field: 'effectiveFrom', message: 'a date-time' }],
        });
      }
      return db.transaction().execute(async (tx) => {
        await ensureCityRuleSet(tx, repo, cityCode);
        const sets = await repo.findRuleSets(tx, cityCode);
        const base =
          sets.find((s) => schoolId !== undefined && s.schoolId === schoolId) ??
          sets.find((s) => s.schoolId === null);
        const params = mergeParams(paramsFromJson(base?.params), input.params);
        const issues = validateParams(params);
        if (issues.length) throw new AppError('training.rules_invalid', { details: issues });
        const version = await repo.nextRuleVersion(tx, cityCode, schoolId ?? null);
        const row = await tx
          .insertInto('auditRuleSets')
          .values({
            regionCode: cityCode,
            schoolId: schoolId ?? null,
            version,
            effectiveFrom,
            params: JSON.stringify(params),
            createdBy: actor.userId,
            createdAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const due = await repo.markDueFrom(
          tx,
          schoolId ? { schoolId } : { cityPrefix: cityCode.slice(0, 4) },
          effectiveFrom,
        );
        await audit.append(tx, actor, {
          action: 'training.rules.created',
          entityType: 'audit_rule_set',
          entityId: row.id,
          regionCode: cityCode,
          schoolId: schoolId ?? null,
          details: { version, effectiveFrom: effectiveFrom.toISOString(), params, logsToReaudit: due },
        });
        return { id: row.id, version, params, logsToReaudit: due };
      });
    },

    // --- sessions entered by the school -----------------------------------------------------------
    /** A classroom, simulator or remote session (no terminal). Audited at once; the log id is returned. */
    async createSchoolSession(actor: Actor, input: CreateSchoolSession): Promise<{ id: string }> {
      requirePermission(actor, Permission.schoolSessionWrite);
      const trainee = await requireTrainee(input.traineeId).catch(() => null);
      if (!trainee || !canAccessSchool(actor, { id: trainee.schoolId, countyCode: trainee.countyCode })) {
        throw new AppError('training.trainee_not_found');
      }
      const issues: FieldIssue[] = [];
      const course = parseCourseCode(input.courseCode);
      const startedAt = new Date(input.startedAt);
      const endedAt = new Date(input.endedAt);
      const now = clock.now();
      if (!course) issues.push({ field: 'courseCode', message: 'not a valid 10-digit 课程编码' });
      else {
        if (course.method !== methodOfSource[input.kind]) {
          issues.push({
            field: 'courseCode',
            message: `课程方式 ${course.method} does not match ${input.kind}`,
          });
        }
        if (course.vehicleClass !== trainee.licenceClass) {
          issues.push({ field: 'courseCode', message: `the trainee trains for ${trainee.licenceClass}` });
        }
        const allowedParts = input.kind === 'simulator' ? [2, 3] : [1, 4];
        if (!allowedParts.includes(course.part)) {
          issues.push({
            field: 'courseCode',
            message: `${input.kind} sessions belong to parts ${allowedParts.join(' or ')}`,
          });
        }
      }
      if (Number.isNaN(startedAt.getTime()) || Number.isNaN(endedAt.getTime())) {
        issues.push({ field: 'startedAt', message: 'date-times with an offset' });
      } else {
        if (endedAt <= startedAt) {
          issues.push({ field: 'endedAt', message: 'the session ends before it starts' });
        }
        if (endedAt.getTime() - startedAt.getTime() > MAX_SCHOOL_SESSION_MS) {
          issues.push({ field: 'endedAt', message: 'a session lasts at most 12 hours' });
        }
        if (endedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
          issues.push({ field: 'endedAt', message: 'the session has not ended yet' });
        }
      }
      if (input.coachId) {
        const coach = await db
          .selectFrom('coaches')
          .select('schoolId')
          .where('id', '=', input.coachId)
          .executeTakeFirst();
        if (coach?.schoolId !== trainee.schoolId) {
          issues.push({ field: 'coachId', message: 'not a coach of this school' });
        }
      }
      if (issues.length === 0) {
        // One trainee cannot sit two sessions at once (理论与实操交叉培训 included).
        const overlap = await db
          .selectFrom('teachingLogs')
          .select('id')
          .where('traineeId', '=', trainee.id)
          .where('startedAt', '<', endedAt)
          .where('endedAt', '>', startedAt)
          .executeTakeFirst();
        if (overlap) issues.push({ field: 'startedAt', message: `overlaps teaching log ${overlap.id}` });
      }
      if (issues.length || !course) throw new AppError('training.session_invalid', { details: issues });
      const id = await db.transaction().execute(async (tx) => {
        const logId = await repo.insertLog(tx, {
          source: input.kind,
          traineeSignInId: null,
          traineeId: trainee.id,
          schoolId: trainee.schoolId,
          coachId: input.coachId ?? null,
          vehicleId: null,
          terminalId: null,
          classroomId: null,
          courseCode: input.courseCode,
          licenceClass: course.vehicleClass,
          part: course.part,
          startedAt,
          endedAt,
        });
        await audit.append(tx, actor, {
          action: 'training.session.created',
          entityType: 'teaching_log',
          entityId: logId,
          regionCode: trainee.countyCode,
          schoolId: trainee.schoolId,
          details: { ...input },
        });
        return logId!;
      });
      await auditTrainee(db, repo, trainee.id, clock.now());
      return { id };
    },

    // --- engine (jobs, tests, seeds) --------------------------------------------------------------
    /** Assembles finished terminal sessions into teaching logs; returns logs created. */
    assembleFinishedSessions: (limit?: number) => assembleFinishedSessions(db, repo, clock.now(), limit),
    /** Audits trainees whose logs are due (new logs, changed rules); returns trainees audited. */
    auditDue: (limit?: number) => auditDue(db, repo, clock.now(), limit),
    /** Re-audits every log of one trainee now (idempotent). */
    auditTrainee: (traineeId: string) => auditTrainee(db, repo, traineeId, clock.now()),

    // --- accounting and reads for the review flow and the exam link --------------------------------
    getTraineeProgress,

    /** Parts whose hours (and mileage, classroom minimum) are reached. */
    async completedParts(traineeId: string): Promise<number[]> {
      const progress = await getTraineeProgress(traineeId);
      return progress.parts.filter((p) => p.complete).map((p) => p.part);
    },

    /** Logs matching the filter, newest first. Scope is the caller's job (pass schoolId or regionPrefix). */
    async listTeachingLogs(filter: TeachingLogFilter) {
      let q = db.selectFrom('teachingLogs as l').innerJoin('schools as s', 's.id', 'l.schoolId');
      if (filter.schoolId) q = q.where('l.schoolId', '=', filter.schoolId);
      if (filter.traineeId) q = q.where('l.traineeId', '=', filter.traineeId);
      if (filter.regionPrefix) q = q.where('s.countyCode', 'like', `${filter.regionPrefix}%`);
      if (filter.part) q = q.where('l.part', '=', filter.part);
      if (filter.verdict) q = q.where('l.verdict', '=', filter.verdict);
      if (filter.flagged !== undefined) q = q.where('l.flagged', '=', filter.flagged);
      if (filter.from) q = q.where('l.startedAt', '>=', filter.from);
      if (filter.to) q = q.where('l.startedAt', '<', filter.to);
      const [items, total] = await Promise.all([
        q
          .selectAll('l')
          .orderBy('l.startedAt', 'desc')
          .limit(filter.limit ?? 50)
          .offset(filter.offset ?? 0)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    /** One log with its minutes (automatic verdict, reasons, override) and photo metadata (no bytes). */
    getTeachingLog,

    /**
     * 初审: the school marks minutes of one log valid or invalid with a note. The automatic verdict is
     * kept beside the override; the trainee's logs are re-audited so credited minutes follow (the 75 %
     * rule and the daily cap apply to overridden minutes too). Audited.
     */
    overrideMinutes: (
      actor: Actor,
      logId: string,
      recordNumbers: string[],
      valid: boolean,
      note: string,
      options: OverrideOptions = {},
    ) =>
      overrideMinuteSet(
        actor,
        logId,
        recordNumbers.map((recordNumber) => ({ recordNumber, valid })),
        note,
        options,
      ),

    overrideMinuteSet,
  };

  /**
   * Overrides of several minutes of one log, some valid and some not, with one note. A school user
   * (`school.training.review`, own school) or a regulator answering an escalated appeal
   * (`regulator.stage.review`, own region) may do it; the actor is recorded on each minute and in the
   * audit log. With `options.executor` (a transaction) the overrides and the re-audit commit with the
   * caller's own writes, or not at all. Unknown record numbers change nothing.
   */
  async function overrideMinuteSet(
    actor: Actor,
    logId: string,
    changes: { recordNumber: string; valid: boolean }[],
    note: string,
    options: OverrideOptions = {},
  ) {
    const executor = options.executor ?? db;
    const log = await repo.findLog(executor, logId);
    const school = log ? await schoolOf(log.schoolId, executor) : undefined;
    const byRegulator = actor.regionCode !== null && actor.regionCode !== undefined;
    requirePermission(actor, byRegulator ? Permission.regulatorStageReview : Permission.schoolTrainingReview);
    if (!log || !school || !canAccessSchool(actor, school)) {
      throw new AppError('training.log_not_found');
    }
    if (!byRegulator && schoolScopeOf(actor).kind !== 'school') throw new AppError('training.log_not_found');
    // The last word on a minute wins when a change names it twice.
    const byNumber = new Map(changes.map((c) => [c.recordNumber, c.valid]));
    await inTransaction(executor, async (tx) => {
      // A regulator's word on a minute (人工审核, an escalated appeal) is not the school's to undo: its
      // 初审 comes before, and a changed decision goes through the regulator's reopen.
      if (!byRegulator) {
        const decided = await repo.regulatorOverridden(tx, logId, [...byNumber.keys()]);
        if (decided.length > 0) {
          throw new AppError('training.decided_by_regulator', {
            details: [{ field: 'minutes', message: `${decided.length} of them were decided by a regulator` }],
          });
        }
      }
      const now = clock.now();
      for (const valid of [true, false]) {
        const numbers = [...byNumber].filter(([, v]) => v === valid).map(([n]) => n);
        if (numbers.length === 0) continue;
        const changed = await repo.setOverrides(tx, logId, numbers, {
          valid,
          note,
          by: actor.userId,
          at: now,
          // Only a regulator's finding is final; a school's void stays under the 75 % rule.
          final: byRegulator && options.finalVoids === true,
        });
        if (changed !== numbers.length) {
          throw new AppError('training.minute_not_in_log', {
            details: [
              {
                field: 'minutes',
                message: `${numbers.length - changed} of them are not minutes of this log`,
              },
            ],
          });
        }
      }
      await tx
        .updateTable('teachingLogs')
        .set(
          byRegulator
            ? { auditDue: true }
            : {
                schoolReview: 'reviewed',
                schoolReviewedBy: actor.userId,
                schoolReviewedAt: now,
                auditDue: true,
              },
        )
        .where('id', '=', logId)
        .execute();
      await audit.append(tx, actor, {
        action: 'training.minutes.overridden',
        entityType: 'teaching_log',
        entityId: logId,
        regionCode: school.countyCode,
        schoolId: school.id,
        details: {
          valid: [...byNumber].filter(([, v]) => v).map(([n]) => n),
          invalid: [...byNumber].filter(([, v]) => !v).map(([n]) => n),
          note,
          ...(options.context ? { context: options.context } : {}),
        },
      });
      // Re-audited inside the same transaction: the credited minutes never show the override without
      // the 75 % rule and the daily cap applied to it.
      await auditTrainee(tx, repo, log.traineeId, now);
    });
    return getTeachingLog(logId, executor);
  }

  /** Which city (and school) a rules request is about, checked against the actor's scope. */
  async function ruleScope(
    actor: Actor,
    query: { cityCode?: string | undefined; schoolId?: string | undefined },
  ) {
    let schoolId = query.schoolId;
    let cityCode: string;
    if (actor.regionCode) {
      const own = actor.regionCode;
      if (own.endsWith('0000')) {
        if (!query.cityCode && !schoolId) {
          throw new AppError('training.rules_invalid', {
            details: [{ field: 'cityCode', message: 'name the city' }],
          });
        }
        cityCode = query.cityCode ?? '';
      } else {
        cityCode = cityOf(own);
        if (query.cityCode && query.cityCode !== cityCode) {
          throw new AppError('auth.forbidden', { message: 'city outside scope' });
        }
      }
      if (schoolId) {
        const school = await schoolOf(schoolId);
        if (!school || !canAccessSchool(actor, school)) throw new AppError('auth.forbidden');
        cityCode = cityOf(school.countyCode);
      }
      if (
        !/^\d{4}00$/.test(cityCode) ||
        cityCode.endsWith('0000') ||
        !cityCode.startsWith(own.slice(0, own.endsWith('0000') ? 2 : 4))
      ) {
        throw new AppError('auth.forbidden', { message: 'city outside scope' });
      }
    } else {
      const school = actor.schoolId ? await schoolOf(actor.schoolId) : undefined;
      if (!school) throw new AppError('auth.forbidden');
      schoolId = school.id;
      cityCode = cityOf(school.countyCode);
    }
    return { cityCode, schoolId };
  }
}
export type TrainingHoursService = ReturnType<typeof createTrainingHoursService>;
