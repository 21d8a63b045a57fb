import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import { offsetOf, type PageQuery } from '../../shared/paging.ts';
import { renderPdf, type PdfLine } from '../../shared/pdf.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { ReasonCode, type TrainingHoursService } from '../training-hours/index.ts';
import { reasonTexts } from './reason-text.ts';
import {
  canonicalJson,
  newSigningKeyPair,
  sha256Hex,
  signRecord,
  verifyRecord,
  type StageRecord,
} from './stage-record.ts';
import {
  createTrainingReviewRepository,
  type LogFilter,
  type LogScope,
} from './training-review.repository.ts';

type Verdict = 'pending' | 'valid' | 'partial' | 'invalid';
type AppealStatus = 'none' | 'pending' | 'done' | 'rejected';
type SubmissionStatus = 'submitted' | 'approved' | 'rejected';
// Database CHECK constraints hold these columns to the literal sets below.
const asVerdict = (v: string) => v as Verdict;

// Ideographic space between fields of a line in the PDF, as printed forms do.
const sep = '\u3000';
const partNames = ['', '第一部分', '第二部分', '第三部分', '第四部分'];
const verdictNames: Record<string, string> = {
  pending: '待评判',
  valid: '整体有效',
  partial: '部分有效',
  invalid: '整体无效',
};

/** The trainee's ledger and appeals, the school's first review, stage submission and regulator review. */
export function createTrainingReviewService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  trainingHours: TrainingHoursService;
}) {
  const { db, clock, audit, events, trainingHours } = deps;
  const repo = createTrainingReviewRepository();

  function logScopeOf(actor: Actor): LogScope {
    if (actor.role === 'trainee') {
      if (!actor.traineeId) {
        throw new AppError('auth.forbidden', { message: 'trainee account without trainee' });
      }
      return { kind: 'trainee', traineeId: actor.traineeId };
    }
    const scope = schoolScopeOf(actor);
    if (scope.kind === 'region') return { kind: 'region', prefix: scope.prefix };
    if (scope.kind === 'school') return { kind: 'school', schoolId: scope.schoolId };
    throw new AppError('auth.forbidden', { message: 'no training scope' });
  }

  type LogRow = NonNullable<Awaited<ReturnType<typeof repo.findLog>>>;
  const toLogSummary = (row: LogRow) => ({
    id: row.id,
    source: row.source,
    traineeId: row.traineeId,
    traineeName: row.traineeName,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    coachId: row.coachId,
    coachName: row.coachName,
    vehiclePlate: row.vehiclePlate,
    courseCode: row.courseCode.trim(),
    licenceClass: row.licenceClass,
    part: row.part,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt.toISOString(),
    totalMinutes: row.totalMinutes,
    creditedMinutes: row.creditedMinutes,
    mileageM: row.mileageM,
    verdict: asVerdict(row.verdict),
    sessionReasons: reasonTexts(row.sessionReasons),
    schoolReview: row.schoolReview,
    appealStatus: (row.appealStatus ?? 'none') as AppealStatus,
  });

  async function requireLog(actor: Actor, logId: string) {
    const log = await repo.findLog(db, logScopeOf(actor), logId);
    if (!log) throw new AppError('training.log_not_found');
    return log;
  }

  /**
   * The trainee with the engine's accounting per part (credited minutes with the simulator cap, the
   * classroom minimum, mileage against the syllabus in force): the ledger and 阶段报审 show and check the
   * same numbers the exam link uses.
   */
  async function progressOf(traineeId: string) {
    const trainee = await repo.trainee(db, traineeId);
    if (!trainee) throw new AppError('training.log_not_found', { message: 'trainee not found' });
    const progress = await trainingHours.getTraineeProgress(traineeId);
    return {
      trainee,
      syllabus: progress.syllabus
        ? { edition: progress.syllabus.edition, effectiveFrom: progress.syllabus.effectiveFrom }
        : null,
      parts: progress.parts.map((p) => ({
        part: p.part,
        requiredMinutes: p.requiredMinutes,
        requiredMileageM: p.requiredMileageM,
        classroomMinMinutes: p.classroomMinMinutes,
        creditedMinutes: p.creditedMinutes,
        classroomMinutes: p.classroomMinutes,
        mileageM: p.mileageM,
        pendingSessions: p.pendingSessions,
        complete: p.complete,
      })),
    };
  }

  async function logDetail(actor: Actor, logId: string) {
    const log = await requireLog(actor, logId);
    const [minutes, photos, track, appeals] = await Promise.all([
      repo.findMinutes(db, log.id),
      repo.findPhotos(db, log),
      repo.trackSummary(db, log),
      repo.appealColumns(db).where('a.teachingLogId', '=', log.id).orderBy('a.createdAt', 'desc').execute(),
    ]);
    return {
      ...toLogSummary(log),
      minutes: minutes.map((m) => ({
        recordNumber: m.recordNumber,
        recordedAt: m.recordedAt.toISOString(),
        // A minute over the daily cap never counts, whatever an override says (the engine's rule).
        valid: (m.overrideValid ?? m.valid) && !m.reasons.includes(ReasonCode.dailyCapExceeded),
        autoValid: m.valid,
        reasons: reasonTexts(m.reasons),
        overridden: m.overrideValid !== null,
        overrideNote: m.overrideNote,
        latitude: m.latitude,
        longitude: m.longitude,
        mileageM: m.mileageDecikm * 100,
      })),
      photos: photos.map((p) => ({
        id: p.id,
        takenAt: p.takenAt?.toISOString() ?? null,
        eventType: p.eventType,
        faceConfidence: p.faceConfidence,
        complete: p.status === 'complete',
      })),
      track: { points: track.points, maxSpeedKmh: track.maxSpeedKmh, mileageM: log.mileageM },
      appeals: appeals.map(toAppeal),
    };
  }

  type AppealRow = Awaited<ReturnType<ReturnType<typeof repo.appealColumns>['executeTakeFirstOrThrow']>>;
  function toAppeal(a: AppealRow) {
    return {
      id: a.id,
      teachingLogId: a.teachingLogId,
      traineeId: a.traineeId,
      traineeName: a.traineeName,
      schoolId: a.schoolId,
      schoolName: a.schoolName,
      reason: a.reason,
      status: a.status as AppealStatus,
      stage: a.stage as 'school' | 'regulator',
      schoolReply: a.schoolReply,
      schoolRepliedAt: a.schoolRepliedAt?.toISOString() ?? null,
      regulatorReply: a.regulatorReply,
      regulatorRepliedAt: a.regulatorRepliedAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
      log: {
        startedAt: a.logStartedAt.toISOString(),
        part: a.logPart,
        verdict: asVerdict(a.logVerdict),
        creditedMinutes: a.logCreditedMinutes,
        totalMinutes: a.logTotalMinutes,
      },
    };
  }

  async function requireAppeal(actor: Actor, appealId: string) {
    const scope = logScopeOf(actor);
    let q = repo.appealColumns(db).where('a.id', '=', appealId);
    if (scope.kind === 'school') q = q.where('a.schoolId', '=', scope.schoolId);
    else if (scope.kind === 'region') q = q.where('s.countyCode', 'like', `${scope.prefix}%`);
    else q = q.where('a.traineeId', '=', scope.traineeId);
    const appeal = await q.executeTakeFirst();
    if (!appeal) throw new AppError('training.appeal_not_found');
    return appeal;
  }

  async function answerAppeal(
    actor: Actor,
    appealId: string,
    stage: 'school' | 'regulator',
    input: {
      decision: 'uphold' | 'reject' | 'escalate';
      reply: string;
      minutes?: { recordNumber: string; valid: boolean }[];
    },
  ) {
    const appeal = await requireAppeal(actor, appealId);
    if (appeal.status !== 'pending' || appeal.stage !== stage) {
      throw new AppError('training.appeal_not_pending');
    }
    const changes = input.decision === 'uphold' ? (input.minutes ?? []) : [];
    const now = clock.now();
    // The answer and the minutes it restores commit together: an upheld appeal never leaves the minutes
    // unchanged, and a refused override (a minute of another log) leaves the appeal pending.
    await db.transaction().execute(async (tx) => {
      if (changes.length > 0) {
        await trainingHours.overrideMinuteSet(
          actor,
          appeal.teachingLogId,
          changes,
          `申诉处理：${input.reply}`,
          {
            executor: tx,
            context: { appealId: appeal.id },
          },
        );
      }
      const status =
        input.decision === 'uphold' ? 'done' : input.decision === 'reject' ? 'rejected' : 'pending';
      const replyColumns =
        stage === 'school'
          ? { schoolReply: input.reply, schoolRepliedAt: now }
          : { regulatorReply: input.reply, regulatorRepliedAt: now };
      const updated = await tx
        .updateTable('appeals')
        .set({
          ...replyColumns,
          status,
          stage: input.decision === 'escalate' ? 'regulator' : stage,
          updatedAt: now,
        })
        .where('id', '=', appeal.id)
        .where('status', '=', 'pending')
        .where('stage', '=', stage)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('training.appeal_not_pending');
      await audit.append(tx, actor, {
        action: `training.appeal.${input.decision}`,
        entityType: 'appeal',
        entityId: appeal.id,
        regionCode: appeal.countyCode,
        schoolId: appeal.schoolId,
        details: { stage, teachingLogId: appeal.teachingLogId, minutesChanged: changes.length },
      });
    });
    return toAppeal(await requireAppeal(actor, appealId));
  }

  async function listAppeals(
    actor: Actor,
    filter: { status?: string; stage?: 'school' | 'regulator' },
    page: PageQuery,
  ) {
    const scope = logScopeOf(actor);
    let q = repo.appealColumns(db);
    if (scope.kind === 'school') q = q.where('a.schoolId', '=', scope.schoolId);
    else if (scope.kind === 'region') q = q.where('s.countyCode', 'like', `${scope.prefix}%`);
    else q = q.where('a.traineeId', '=', scope.traineeId);
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.stage) q = q.where('a.stage', '=', filter.stage);
    const [rows, total] = await Promise.all([
      q.orderBy('a.createdAt', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toAppeal), total: Number(total.n), page: page.page, pageSize: page.pageSize };
  }

  type SubmissionRow = Awaited<
    ReturnType<ReturnType<typeof repo.submissionColumns>['executeTakeFirstOrThrow']>
  >;
  const toSubmission = (s: SubmissionRow) => ({
    id: s.id,
    traineeId: s.traineeId,
    traineeName: s.traineeName,
    schoolId: s.schoolId,
    schoolName: s.schoolName,
    part: s.part,
    creditedMinutes: s.creditedMinutes,
    mileageM: s.mileageM,
    teachingLogIds: s.teachingLogIds,
    recordSha256: s.recordSha256,
    status: s.status as SubmissionStatus,
    submittedAt: s.submittedAt.toISOString(),
    reviewedAt: s.reviewedAt?.toISOString() ?? null,
    rejection: (s.rejection as { teachingLogId: string; reason: string }[] | null) ?? null,
  });

  async function requireSubmission(actor: Actor, id: string) {
    const scope = logScopeOf(actor);
    let q = repo.submissionColumns(db).where('ss.id', '=', id);
    if (scope.kind === 'school') q = q.where('ss.schoolId', '=', scope.schoolId);
    else if (scope.kind === 'region') q = q.where('s.countyCode', 'like', `${scope.prefix}%`);
    else q = q.where('ss.traineeId', '=', scope.traineeId);
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError('training.stage_not_found');
    return row;
  }

  async function schoolKey(schoolId: string) {
    const existing = await repo.signingKey(db, schoolId);
    if (existing) return existing;
    await repo.insertSigningKey(db, { schoolId, ...newSigningKeyPair() });
    // Another request may have created it first; the stored one wins.
    return (await repo.signingKey(db, schoolId))!;
  }

  return {
    // ---- the trainee's ledger (我的学时) -------------------------------------------------------
    async myLedger(actor: Actor) {
      const scope = logScopeOf(actor);
      if (scope.kind !== 'trainee') throw new AppError('auth.forbidden');
      const [logs, progress] = await Promise.all([
        repo.findLogs(db, scope, {}, { limit: 1000, offset: 0 }),
        progressOf(scope.traineeId),
      ]);
      return {
        syllabus: progress.syllabus,
        parts: progress.parts,
        items: logs.items.map(toLogSummary),
      };
    },

    logDetail,

    async ownPhoto(actor: Actor, photoId: string) {
      const scope = logScopeOf(actor);
      if (scope.kind !== 'trainee') throw new AppError('auth.forbidden');
      const photo = await repo.findOwnPhoto(db, scope.traineeId, photoId);
      if (!photo || !photo.data) throw new AppError('training.photo_not_found');
      return photo.data;
    },

    async appeal(actor: Actor, logId: string, input: { reason: string; idempotencyKey: string }) {
      const log = await requireLog(actor, logId);
      if (log.traineeId !== actor.traineeId) throw new AppError('auth.forbidden');
      // Keys are the trainee's own: two trainees choosing the same key never meet.
      const key = `${log.traineeId}:${input.idempotencyKey}`;
      const replay = async () => {
        const existing = await repo.appealColumns(db).where('a.idempotencyKey', '=', key).executeTakeFirst();
        if (!existing) return null;
        if (existing.teachingLogId !== logId || existing.reason !== input.reason) {
          throw new AppError('training.appeal_idempotency_mismatch');
        }
        return { created: false, appeal: toAppeal(existing) };
      };
      const earlier = await replay();
      if (earlier) return earlier;
      try {
        const id = await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('appeals')
            .values({
              teachingLogId: log.id,
              traineeId: log.traineeId,
              schoolId: log.schoolId,
              reason: input.reason,
              idempotencyKey: key,
              createdAt: clock.now(),
              updatedAt: clock.now(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit.append(tx, actor, {
            action: 'training.appeal.filed',
            entityType: 'appeal',
            entityId: row.id,
            regionCode: log.countyCode,
            schoolId: log.schoolId,
            details: { teachingLogId: log.id },
          });
          return row.id;
        });
        const created = await repo.appealColumns(db).where('a.id', '=', id).executeTakeFirstOrThrow();
        return { created: true, appeal: toAppeal(created) };
      } catch (err) {
        const pg = err as { code?: string; constraint?: string };
        if (pg.code !== '23505') throw err;
        // A concurrent retry with the same key won the race: answer as the replay it is.
        const raced = await replay();
        if (raced) return raced;
        throw new AppError('training.appeal_open', { cause: err });
      }
    },

    // ---- the school (初审, appeals, 阶段报审) ----------------------------------------------------
    async findLogs(actor: Actor, filter: LogFilter, page: PageQuery) {
      const { items, total } = await repo.findLogs(db, logScopeOf(actor), filter, {
        limit: page.pageSize,
        offset: offsetOf(page),
      });
      return { items: items.map(toLogSummary), total, page: page.page, pageSize: page.pageSize };
    },

    async reviewMinutes(
      actor: Actor,
      logId: string,
      input: { minutes: { recordNumber: string; valid: boolean }[]; note: string },
    ) {
      const log = await requireLog(actor, logId);
      // The engine writes the overrides, re-audits (75 % rule, daily cap) and appends the audit entry.
      await trainingHours.overrideMinuteSet(actor, log.id, input.minutes, input.note);
      return logDetail(actor, logId);
    },

    listAppeals,
    answerSchoolAppeal: (actor: Actor, appealId: string, input: Parameters<typeof answerAppeal>[3]) =>
      answerAppeal(actor, appealId, 'school', input),
    answerRegulatorAppeal: (
      actor: Actor,
      appealId: string,
      input: {
        decision: 'uphold' | 'reject';
        reply: string;
        minutes?: { recordNumber: string; valid: boolean }[];
      },
    ) => answerAppeal(actor, appealId, 'regulator', input),

    /** The school's trainees with their part progress and submissions, for the 阶段报审 page. */
    async stageCandidates(actor: Actor, page: PageQuery) {
      const scope = logScopeOf(actor);
      if (scope.kind !== 'school') throw new AppError('auth.forbidden');
      const q = db.selectFrom('trainees').where('schoolId', '=', scope.schoolId);
      const [rows, total] = await Promise.all([
        q
          .select(['id'])
          .orderBy(
            // Trainees closest to a stage submission first: most credited minutes on top.
            sql`(SELECT COALESCE(SUM(tl.credited_minutes), 0) FROM teaching_logs tl WHERE tl.trainee_id = trainees.id)`,
            'desc',
          )
          .orderBy('id')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const items = [];
      for (const row of rows) {
        const progress = await progressOf(row.id);
        const submissions = await repo
          .submissionColumns(db)
          .where('ss.traineeId', '=', row.id)
          .orderBy('ss.submittedAt', 'desc')
          .execute();
        items.push({
          traineeId: row.id,
          traineeName: progress.trainee.name,
          traineeNumber: progress.trainee.traineeNumber,
          licenceClass: progress.trainee.licenceClass,
          syllabusMissing: progress.syllabus === null,
          parts: progress.parts.map((p) => ({
            ...p,
            submission: (() => {
              const s = submissions.find((x) => x.part === p.part);
              return s ? { id: s.id, status: s.status } : null;
            })(),
          })),
        });
      }
      return { items, total: Number(total.n), page: page.page, pageSize: page.pageSize };
    },

    async submitStage(actor: Actor, input: { traineeId: string; part: number }) {
      const scope = logScopeOf(actor);
      if (scope.kind !== 'school') throw new AppError('auth.forbidden');
      const trainee = await repo.trainee(db, input.traineeId);
      if (!trainee || trainee.schoolId !== scope.schoolId) {
        throw new AppError('training.log_not_found', { message: 'trainee not in this school' });
      }
      const progress = await progressOf(trainee.id);
      if (!progress.syllabus) throw new AppError('training.syllabus_missing');
      const part = progress.parts.find((p) => p.part === input.part)!;
      if (!part.complete) {
        throw new AppError('training.stage_incomplete', {
          details: {
            creditedMinutes: part.creditedMinutes,
            requiredMinutes: part.requiredMinutes,
            mileageM: part.mileageM,
            requiredMileageM: part.requiredMileageM,
            classroomMinutes: part.classroomMinutes,
            classroomMinMinutes: part.classroomMinMinutes,
          },
        });
      }
      const logs = await repo.findCreditingLogs(db, trainee.id, input.part);
      const now = clock.now();
      const record: StageRecord = {
        format: 'jiapei.stage-record/1',
        trainee: {
          id: trainee.id,
          name: trainee.name,
          traineeNumber: trainee.traineeNumber,
          licenceClass: trainee.licenceClass,
        },
        school: { id: trainee.schoolId, name: trainee.schoolName },
        part: input.part,
        syllabus: {
          edition: progress.syllabus.edition,
          requiredMinutes: part.requiredMinutes ?? 0,
          requiredMileageM: part.requiredMileageM ?? 0,
        },
        totals: { creditedMinutes: part.creditedMinutes, mileageM: part.mileageM, logCount: logs.length },
        logs: logs.map((l) => ({
          id: l.id,
          startedAt: l.startedAt.toISOString(),
          endedAt: l.endedAt.toISOString(),
          courseCode: l.courseCode.trim(),
          coachName: l.coachName,
          creditedMinutes: l.creditedMinutes,
          mileageM: l.mileageM,
          verdict: l.verdict,
        })),
        submittedAt: now.toISOString(),
      };
      const canonical = canonicalJson(record);
      const key = await schoolKey(trainee.schoolId);
      const signature = signRecord(canonical, key.privateKeyPem);
      try {
        const id = await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('stageSubmissions')
            .values({
              traineeId: trainee.id,
              schoolId: trainee.schoolId,
              part: input.part,
              creditedMinutes: part.creditedMinutes,
              mileageM: part.mileageM,
              teachingLogIds: logs.map((l) => l.id),
              record: canonical,
              recordSha256: sha256Hex(canonical),
              signature,
              submittedBy: actor.userId,
              submittedAt: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit.append(tx, actor, {
            action: 'training.stage.submitted',
            entityType: 'stage_submission',
            entityId: row.id,
            regionCode: trainee.countyCode,
            schoolId: trainee.schoolId,
            details: { traineeId: trainee.id, part: input.part, recordSha256: sha256Hex(canonical) },
          });
          return row.id;
        });
        return stageDetail(actor, id);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new AppError('training.stage_exists', { cause: err });
        }
        throw err;
      }
    },

    async listSubmissions(actor: Actor, filter: { status?: string }, page: PageQuery) {
      const scope = logScopeOf(actor);
      let q = repo.submissionColumns(db);
      if (scope.kind === 'school') q = q.where('ss.schoolId', '=', scope.schoolId);
      else if (scope.kind === 'region') q = q.where('s.countyCode', 'like', `${scope.prefix}%`);
      else throw new AppError('auth.forbidden');
      if (filter.status) q = q.where('ss.status', '=', filter.status);
      const [rows, total] = await Promise.all([
        q.orderBy('ss.submittedAt', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map(toSubmission),
        total: Number(total.n),
        page: page.page,
        pageSize: page.pageSize,
      };
    },

    stageDetail,

    async stagePdf(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
      const row = await requireSubmission(actor, id);
      const record = row.record as StageRecord;
      const lines: PdfLine[] = [
        { kind: 'title', text: `培训部分记录表（阶段报审）${partNames[record.part]}` },
        { kind: 'text', text: `培训机构：${record.school.name}` },
        {
          kind: 'text',
          text: `学员：${record.trainee.name}${sep}学员编号：${record.trainee.traineeNumber}${sep}车型：${record.trainee.licenceClass}`,
        },
        {
          kind: 'text',
          text: `大纲：${record.syllabus.edition}${sep}要求学时：${record.syllabus.requiredMinutes} 分钟${sep}要求里程：${record.syllabus.requiredMileageM / 1000} 公里`,
        },
        {
          kind: 'text',
          text: `有效学时合计：${record.totals.creditedMinutes} 分钟${sep}里程合计：${(record.totals.mileageM / 1000).toFixed(1)} 公里${sep}教学日志：${record.totals.logCount} 条`,
        },
        {
          kind: 'text',
          text: `报审时间：${record.submittedAt}${sep}状态：${{ submitted: '已递交审核', approved: '审核通过', rejected: '审核未通过' }[row.status] ?? row.status}`,
        },
        { kind: 'heading', text: '所依据的电子教学日志' },
        ...record.logs.map((l, i): PdfLine => ({
          kind: 'text',
          text: `${i + 1}. ${l.startedAt.slice(0, 16).replace('T', ' ')} 至 ${l.endedAt.slice(11, 16)}（UTC）${sep}课程 ${l.courseCode}${sep}教练 ${l.coachName ?? '—'}${sep}有效 ${l.creditedMinutes} 分钟${sep}里程 ${(l.mileageM / 1000).toFixed(1)} 公里${sep}${verdictNames[l.verdict] ?? l.verdict}`,
        })),
        { kind: 'heading', text: '签章（服务器保管的机构密钥，代替 UKey／电子签章）' },
        { kind: 'text', text: '记录摘要 SHA-256：' },
        { kind: 'mono', text: row.recordSha256 },
        { kind: 'text', text: '机构签名（RSA-SHA256，Base64）：' },
        { kind: 'mono', text: row.signature },
      ];
      return {
        fileName: `stage-${row.id}.pdf`,
        pdf: await renderPdf(lines, { title: `阶段报审 ${record.trainee.name}` }),
      };
    },

    // ---- the regulator (复审) -------------------------------------------------------------------
    async approveStage(actor: Actor, id: string) {
      const row = await requireSubmission(actor, id);
      if (row.status !== 'submitted') throw new AppError('training.stage_reviewed');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('stageSubmissions')
          .set({ status: 'approved', reviewedBy: actor.userId, reviewedAt: now })
          .where('id', '=', id)
          .where('status', '=', 'submitted')
          .executeTakeFirst();
        // Two regulators approving at once: only the one whose update took publishes the event.
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('training.stage_reviewed');
        await events.publish(tx, 'stage.approved', {
          stageSubmissionId: row.id,
          traineeId: row.traineeId,
          schoolId: row.schoolId,
          part: row.part,
          approvedAt: now.toISOString(),
        });
        await audit.append(tx, actor, {
          action: 'training.stage.approved',
          entityType: 'stage_submission',
          entityId: row.id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: { traineeId: row.traineeId, part: row.part },
        });
      });
      await events.dispatchPending(db);
      return stageDetail(actor, id);
    },

    async rejectStage(
      actor: Actor,
      id: string,
      input: { logs: { teachingLogId: string; reason: string }[] },
    ) {
      const row = await requireSubmission(actor, id);
      if (row.status !== 'submitted') throw new AppError('training.stage_reviewed');
      const stranger = input.logs.find((l) => !row.teachingLogIds.includes(l.teachingLogId));
      if (stranger) {
        throw new AppError('request.invalid', {
          details: [{ field: 'logs', message: `${stranger.teachingLogId} is not a log of this submission` }],
        });
      }
      await db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('stageSubmissions')
          .set({
            status: 'rejected',
            reviewedBy: actor.userId,
            reviewedAt: clock.now(),
            rejection: JSON.stringify(input.logs),
          })
          .where('id', '=', id)
          .where('status', '=', 'submitted')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('training.stage_reviewed');
        await audit.append(tx, actor, {
          action: 'training.stage.rejected',
          entityType: 'stage_submission',
          entityId: row.id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: { logs: input.logs },
        });
      });
      return stageDetail(actor, id);
    },
  };

  async function stageDetail(actor: Actor, id: string) {
    const row = await requireSubmission(actor, id);
    const logs = await repo.findLogsByIds(db, row.teachingLogIds);
    const key = await repo.signingKey(db, row.schoolId);
    const canonical = canonicalJson(row.record);
    return {
      ...toSubmission(row),
      logs: logs.map(toLogSummary),
      // Re-checked on every read: a changed record or signature shows here, not only in the audit log.
      signatureValid:
        key !== undefined &&
        sha256Hex(canonical) === row.recordSha256 &&
        verifyRecord(canonical, row.signature, key.publicKeyPem),
      publicKeyPem: key?.publicKeyPem ?? null,
    };
  }
}
export type TrainingReviewService = ReturnType<typeof createTrainingReviewService>;
