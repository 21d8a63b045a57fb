import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  hasPermission,
  regionPrefix,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus, DomainEvents } from '../../shared/domain-events.ts';
import { offsetOf, type PageQuery } from '../../shared/paging.ts';
import { Permission, regionScopedRoles, type Role } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import {
  isReasonCode,
  ReasonCode,
  reasonCatalogue,
  type TrainingHoursService,
} from '../training-hours/index.ts';
import { FAULT_REASON_CODES, type ReviewReasonCode, type TieKind } from './decision-reasons.ts';
import { createManualReviewRepository, type QueueFilter } from './manual-review.repository.ts';
import {
  chooseSample,
  cityOfCounty,
  cstMonth,
  defaultSamplingPercent,
  type SampleTally,
} from './sampling.ts';

export type Decision = 'valid' | 'partial' | 'invalid';
export type DecideInput = {
  decision: Decision;
  /** Partial only: the minutes (record numbers) that stay valid; every other minute becomes invalid. */
  validRecordNumbers?: string[];
  reasonCodes: ReviewReasonCode[];
  note: string;
};
type Baseline = { recordNumber: string; valid: boolean }[];

const riskLevelOf = (score: number | null) =>
  score === null || score <= 0 ? 'none' : score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low';

const reasonTexts = (codes: readonly string[]) =>
  codes.map((code) =>
    isReasonCode(code)
      ? { code, zh: reasonCatalogue[code].zh, en: reasonCatalogue[code].en }
      : { code, zh: code, en: code },
  );

/** Text of the overrides a decision writes, in the minutes' override note (the school and trainee read it). */
const overrideNoteOf = (decision: Decision, note: string) =>
  `人工审核${{ valid: '有效', partial: '部分有效', invalid: '无效' }[decision]}${note ? `：${note}` : ''}`;

/**
 * 人工审核 (RULES §4, issue 6): the sample and the high-risk sessions in one queue per region, the
 * review workspace, decisions that flow into credited minutes through the training-hours overrides,
 * reopening with a reason, declared ties (回避), and each city's sampling ratio.
 */
export function createManualReviewService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  trainingHours: TrainingHoursService;
}) {
  const { db, clock, audit, events, trainingHours } = deps;
  const repo = createManualReviewRepository();

  function prefixOf(actor: Actor): string {
    requirePermission(actor, Permission.regulatorReviewWrite);
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('auth.forbidden', { message: 'reviews are regional' });
    return scope.prefix;
  }

  type ReviewRow = NonNullable<Awaited<ReturnType<typeof repo.findReview>>>;

  async function requireReview(actor: Actor, id: string, executor: Kysely<DB> = db): Promise<ReviewRow> {
    const row = await repo.findReview(executor, prefixOf(actor), id);
    if (!row) throw new AppError('review.not_found');
    return row;
  }

  async function refuseTied(actor: Actor, schoolId: string, executor: Kysely<DB> = db) {
    const tied = await repo.activeTieSchools(executor, actor.userId);
    if (tied.has(schoolId)) {
      throw new AppError('review.reviewer_tied', {
        message: 'the reviewer declared a tie to this school',
        details: { schoolId },
      });
    }
  }

  const toItem = (r: ReviewRow, tied: Set<string>) => ({
    id: r.id,
    teachingLogId: r.teachingLogId,
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    countyCode: r.countyCode,
    traineeId: r.traineeId,
    traineeName: r.traineeName,
    coachName: r.coachName,
    vehiclePlate: r.vehiclePlate,
    part: r.part,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt.toISOString(),
    totalMinutes: r.totalMinutes,
    creditedMinutes: r.creditedMinutes,
    logVerdict: r.verdict as 'pending' | 'valid' | 'partial' | 'invalid',
    reason: r.reason as 'sample' | 'high_risk',
    riskScore: r.riskScore,
    riskLevel: riskLevelOf(r.riskScore) as 'none' | 'low' | 'medium' | 'high',
    riskDetectors: r.riskDetectors,
    status: r.status as 'queued' | 'decided',
    decision: (r.decision ?? null) as Decision | null,
    validMinutes: r.validMinutes,
    creditedBefore: r.creditedBefore,
    creditedAfter: r.creditedAfter,
    reasonCodes: r.reasonCodes,
    note: r.note,
    reviewerName: r.reviewerName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    tiedToMe: tied.has(r.schoolId),
  });

  async function workspace(actor: Actor, id: string) {
    const r = await requireReview(actor, id);
    await refuseTied(actor, r.schoolId);
    const [history, minutes, track, photos, fences, hasRegisteredPhoto] = await Promise.all([
      repo.history(db, r.id),
      repo.minutes(db, r.teachingLogId),
      repo.track(db, r),
      repo.photos(db, r),
      repo.fences(db, r.schoolId),
      repo.hasRegisteredPhoto(db, r.traineeId),
    ]);
    return {
      ...toItem(r, new Set()),
      history: history.map((h) => ({
        id: Number(h.id),
        kind: h.kind as 'decided' | 'reopened',
        decision: (h.decision ?? null) as Decision | null,
        validMinutes: h.validMinutes,
        validRecordNumbers: h.validRecordNumbers,
        reasonCodes: h.reasonCodes,
        note: h.note,
        creditedBefore: h.creditedBefore,
        creditedAfter: h.creditedAfter,
        actorName: h.actorName,
        at: h.at.toISOString(),
      })),
      log: {
        id: r.teachingLogId,
        traineeNumber: r.traineeNumber,
        courseCode: r.courseCode.trim(),
        mileageM: r.mileageM,
        validMinutes: r.logValidMinutes,
        flagged: r.flagged,
        sessionReasons: reasonTexts(r.sessionReasons),
      },
      trainee: {
        id: r.traineeId,
        name: r.traineeName,
        hasRegisteredPhoto,
      },
      photos: photos.map((p) => ({
        id: p.id,
        takenAt: p.takenAt?.toISOString() ?? null,
        eventType: p.eventType,
        faceConfidence: p.faceConfidence,
        complete: p.status === 'complete',
        hasImage: p.hasImage,
        latitude: p.latitude,
        longitude: p.longitude,
      })),
      track: track.map((p) => ({
        at: p.fixTime.toISOString(),
        latitude: p.latitude,
        longitude: p.longitude,
        gnssSpeedKmh: p.speedKmh,
        recorderSpeedKmh: p.recorderSpeedDecikmh === null ? null : p.recorderSpeedDecikmh / 10,
      })),
      minutes: minutes.map((m) => ({
        recordNumber: m.recordNumber,
        recordedAt: m.recordedAt.toISOString(),
        latitude: m.latitude,
        longitude: m.longitude,
        gnssSpeedKmh: m.gnssSpeedKmh,
        recorderSpeedKmh: m.recorderSpeedDecikmh === null ? null : m.recorderSpeedDecikmh / 10,
        maxSpeedKmh: m.maxSpeedDecikmh / 10,
        mileageM: m.mileageDecikm * 100,
        engineRpm: m.engineRpm,
        autoValid: m.valid,
        reasons: reasonTexts(m.reasons),
        overrideValid: m.overrideValid,
        overrideNote: m.overrideNote,
        // As the engine counts it: an override decides, but a minute past the day's cap never counts.
        credited: (m.overrideValid ?? m.valid) && !m.reasons.includes(ReasonCode.dailyCapExceeded),
      })),
      fences: fences.map((f) => ({
        id: f.id,
        name: f.name,
        kind: f.kind as 'training_ground' | 'road_route',
        coordinates: (f.polygon as { coordinates: number[][][] }).coordinates,
      })),
    };
  }

  /**
   * The overrides one decision writes over every minute of the log. `valid` restores the verdicts the
   * log had before its first decision (the automatic audit and the school's 初审: a manual review finds
   * no fault, it does not lift the rules); `partial` keeps exactly the chosen minutes; `invalid` voids all.
   */
  function changesOf(input: DecideInput, baseline: Baseline) {
    switch (input.decision) {
      case 'valid':
        return baseline.map((m) => ({ recordNumber: m.recordNumber, valid: m.valid }));
      case 'invalid':
        return baseline.map((m) => ({ recordNumber: m.recordNumber, valid: false }));
      case 'partial': {
        const keep = new Set(input.validRecordNumbers ?? []);
        return baseline.map((m) => ({ recordNumber: m.recordNumber, valid: keep.has(m.recordNumber) }));
      }
    }
  }

  function checkDecision(input: DecideInput, baseline: Baseline) {
    const issues: { field: string; message: string }[] = [];
    if (input.decision !== 'valid' && !input.reasonCodes.some((c) => FAULT_REASON_CODES.includes(c))) {
      issues.push({ field: 'reasonCodes', message: 'a partial or invalid decision names what is wrong' });
    }
    if (input.reasonCodes.includes('other') && input.note.trim() === '') {
      issues.push({ field: 'note', message: 'reason "other" needs a note' });
    }
    if (input.decision === 'partial') {
      const chosen = new Set(input.validRecordNumbers ?? []);
      const known = new Set(baseline.map((m) => m.recordNumber));
      const strangers = [...chosen].filter((n) => !known.has(n));
      if (chosen.size === 0 || chosen.size >= known.size) {
        issues.push({
          field: 'validRecordNumbers',
          message: 'partial keeps some minutes but not all of them (else decide valid or invalid)',
        });
      }
      if (strangers.length > 0) {
        issues.push({
          field: 'validRecordNumbers',
          message: `${strangers.length} are not minutes of this log`,
        });
      }
    } else if (input.validRecordNumbers && input.validRecordNumbers.length > 0) {
      issues.push({ field: 'validRecordNumbers', message: 'only a partial decision names minutes' });
    }
    if (issues.length) throw new AppError('review.decision_invalid', { details: issues });
  }

  async function decide(actor: Actor, id: string, input: DecideInput) {
    const r = await requireReview(actor, id);
    await refuseTied(actor, r.schoolId);
    if (r.status !== 'queued') throw new AppError('review.already_decided');
    const note = input.note.trim();
    const now = clock.now();
    const decided = await db.transaction().execute(async (tx) => {
      const locked = await repo.lockReview(tx, id);
      if (!locked || locked.status !== 'queued') throw new AppError('review.already_decided');
      const before = await trainingHours.getTeachingLog(r.teachingLogId, tx);
      // The log's own verdicts before any manual review, kept from the first decision on so a later
      // 'valid' restores them, not what an earlier decision of this review wrote.
      const baseline: Baseline =
        (locked.baseline as Baseline | null) ??
        before.minutes.map((m) => ({
          recordNumber: m.recordNumber,
          valid: m.overrideValid ?? m.reasons.every((code) => code === ReasonCode.dailyCapExceeded),
        }));
      checkDecision(input, baseline);
      const changes = changesOf(input, baseline);
      // The engine writes the overrides, re-audits the trainee (75 % rule, daily cap) and appends
      // `training.minutes.overridden`, all in this transaction. The minutes a partial or invalid decision
      // voids are findings, final: the 75 % rule does not credit them back. A valid decision restores the
      // baseline, whose voids stay under the rule as they were.
      const after = await trainingHours.overrideMinuteSet(
        actor,
        r.teachingLogId,
        changes,
        overrideNoteOf(input.decision, note),
        { executor: tx, context: { manualReviewId: id }, finalVoids: input.decision !== 'valid' },
      );
      const validRecordNumbers = changes.filter((c) => c.valid).map((c) => c.recordNumber);
      const updated = await tx
        .updateTable('manualReviews')
        .set({
          status: 'decided',
          decision: input.decision,
          validMinutes: validRecordNumbers.length,
          creditedBefore: before.creditedMinutes,
          creditedAfter: after.creditedMinutes,
          reasonCodes: input.reasonCodes,
          note,
          reviewerId: actor.userId,
          decidedAt: now,
          baseline: JSON.stringify(baseline),
        })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('review.already_decided');
      await tx
        .insertInto('manualReviewHistory')
        .values({
          reviewId: id,
          kind: 'decided',
          decision: input.decision,
          validMinutes: validRecordNumbers.length,
          validRecordNumbers: input.decision === 'partial' ? validRecordNumbers : [],
          reasonCodes: input.reasonCodes,
          note,
          creditedBefore: before.creditedMinutes,
          creditedAfter: after.creditedMinutes,
          actorId: actor.userId,
          at: now,
        })
        .execute();
      await audit.append(tx, actor, {
        action: 'review.decided',
        entityType: 'manual_review',
        entityId: id,
        regionCode: r.countyCode,
        schoolId: r.schoolId,
        details: {
          teachingLogId: r.teachingLogId,
          decision: input.decision,
          validMinutes: validRecordNumbers.length,
          reasonCodes: input.reasonCodes,
          note,
          creditedBefore: before.creditedMinutes,
          creditedAfter: after.creditedMinutes,
        },
      });
      const payload: DomainEvents['review.decided'] = {
        reviewId: id,
        teachingLogId: r.teachingLogId,
        schoolId: r.schoolId,
        coachId: r.coachId,
        regionCode: r.countyCode,
        decision: input.decision,
        validMinutes: validRecordNumbers.length,
        reasons: input.reasonCodes,
        reviewerId: actor.userId,
        decidedAt: now.toISOString(),
      };
      await events.publish(tx, 'review.decided', payload);
      return true;
    });
    // Subscribers (the work orders) see the decision right away; the jobs loop is the safety net.
    if (decided) await events.dispatchPending(db);
    return workspace(actor, id);
  }

  async function reopen(actor: Actor, id: string, input: { reason: string }) {
    const r = await requireReview(actor, id);
    await refuseTied(actor, r.schoolId);
    const reason = input.reason.trim();
    if (reason === '') throw new AppError('review.reopen_reason_required');
    if (r.status !== 'decided') throw new AppError('review.not_decided');
    try {
      await db.transaction().execute(async (tx) => {
        const locked = await repo.lockReview(tx, id);
        if (!locked || locked.status !== 'decided') throw new AppError('review.not_decided');
        // The decision stays in force (its overrides, the credited minutes) until the next one; the
        // row shows the review open again, and the history keeps the decision it reopened.
        await tx
          .updateTable('manualReviews')
          .set({
            status: 'queued',
            decision: null,
            validMinutes: null,
            creditedBefore: null,
            creditedAfter: null,
            reasonCodes: [],
            note: '',
            reviewerId: null,
            decidedAt: null,
          })
          .where('id', '=', id)
          .execute();
        await tx
          .insertInto('manualReviewHistory')
          .values({ reviewId: id, kind: 'reopened', note: reason, actorId: actor.userId, at: clock.now() })
          .execute();
        await audit.append(tx, actor, {
          action: 'review.reopened',
          entityType: 'manual_review',
          entityId: id,
          regionCode: r.countyCode,
          schoolId: r.schoolId,
          details: { teachingLogId: r.teachingLogId, reason, reopenedDecision: r.decision },
        });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('review.open_exists', { cause: err });
      }
      throw err;
    }
    return workspace(actor, id);
  }

  // ---- the queue's two doors: the sample and high-risk sessions --------------------------------------

  /** The ratio in force for a city: its newest row, else the RULES §4 default. */
  async function percentOf(executor: Kysely<DB>, cityCode: string) {
    const [latest] = await repo.ratios(executor, [cityCode]);
    return latest?.percent ?? defaultSamplingPercent(cityCode);
  }

  /**
   * Samples terminal logs audited since the last run (each log once, ever). One transaction under an
   * advisory lock, so two jobs processes never count the same month twice. Returns logs looked at and
   * reviews queued.
   */
  async function sampleDue(limit = 500): Promise<{ examined: number; queued: number }> {
    return db.transaction().execute(async (tx) => {
      // One sampler at a time (its own lock id; the audit chain's is 7266).
      await sql`SELECT pg_advisory_xact_lock(7267)`.execute(tx);
      const logs = await repo.unsampledLogs(tx, limit);
      const percents = new Map<string, number>();
      const tallies = new Map<string, SampleTally>();
      let queued = 0;
      for (const log of logs) {
        const cityCode = cityOfCounty(log.countyCode);
        const month = cstMonth(log.startedAt);
        let percent = percents.get(cityCode);
        if (percent === undefined) {
          percent = await percentOf(tx, cityCode);
          percents.set(cityCode, percent);
        }
        const key = `${cityCode}:${month}`;
        let tally = tallies.get(key);
        if (!tally) {
          tally = await repo.tally(tx, cityCode, month);
          tallies.set(key, tally);
        }
        const choice = chooseSample(log.id, percent, tally);
        await tx
          .insertInto('reviewSamples')
          .values({
            teachingLogId: log.id,
            cityCode,
            month,
            bucket: choice.bucket,
            percent,
            selectedBy: choice.selectedBy,
            sampledAt: clock.now(),
          })
          .execute();
        if (!choice.selectedBy) continue;
        // A log already in review (flagged high-risk first) is not queued twice.
        const existing = await repo.reviewsOfLog(tx, log.id);
        if (existing.length > 0) continue;
        const review = await tx
          .insertInto('manualReviews')
          .values({
            teachingLogId: log.id,
            schoolId: log.schoolId,
            countyCode: log.countyCode,
            reason: 'sample',
            createdAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.append(tx, null, {
          action: 'review.queued',
          entityType: 'manual_review',
          entityId: review.id,
          regionCode: log.countyCode,
          schoolId: log.schoolId,
          details: {
            teachingLogId: log.id,
            reason: 'sample',
            bucket: choice.bucket,
            percent,
            selectedBy: choice.selectedBy,
          },
        });
        queued++;
      }
      return { examined: logs.length, queued };
    });
  }

  /**
   * `anomaly.session_flagged`: a high-risk session joins the queue once. An open review of the log
   * (the sample got there first) takes the risk on; a log whose review already carried a risk is left
   * alone (the event may be delivered again); a log reviewed before it was flagged gets a new review.
   */
  async function onSessionFlagged(payload: DomainEvents['anomaly.session_flagged'], tx: Kysely<DB>) {
    const reviews = await repo.reviewsOfLog(tx, payload.teachingLogId);
    if (reviews.some((r) => r.reason === 'high_risk' || r.riskScore !== null)) return;
    const school = await tx
      .selectFrom('schools')
      .select(['id', 'countyCode'])
      .where('id', '=', payload.schoolId)
      .executeTakeFirst();
    if (!school) return;
    const open = reviews.find((r) => r.status === 'queued');
    const risk = { riskScore: payload.score, riskDetectors: payload.detectors };
    let reviewId: string;
    if (open) {
      await tx.updateTable('manualReviews').set(risk).where('id', '=', open.id).execute();
      reviewId = open.id;
    } else {
      const row = await tx
        .insertInto('manualReviews')
        .values({
          teachingLogId: payload.teachingLogId,
          schoolId: school.id,
          countyCode: school.countyCode,
          reason: 'high_risk',
          ...risk,
          createdAt: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      reviewId = row.id;
    }
    await audit.append(tx, null, {
      action: open ? 'review.risk_attached' : 'review.queued',
      entityType: 'manual_review',
      entityId: reviewId,
      regionCode: school.countyCode,
      schoolId: school.id,
      details: { teachingLogId: payload.teachingLogId, reason: 'high_risk', ...risk },
    });
  }
  events.subscribe('anomaly.session_flagged', onSessionFlagged);

  // ---- sampling ratios --------------------------------------------------------------------------

  /** Cities whose ratio the actor sees: a county's or city's own city, every city of a province. */
  async function citiesOf(actor: Actor) {
    const own = actor.regionCode;
    if (!own || !regionScopedRoles.has(actor.role)) throw new AppError('auth.forbidden');
    let q = db.selectFrom('regions').select(['code', 'name']).where('level', '=', 'city');
    q = own.endsWith('0000')
      ? q.where('code', 'like', `${regionPrefix(own)}%`)
      : q.where('code', '=', cityOfCounty(own));
    return q.orderBy('code').execute();
  }

  async function samplingSettings(actor: Actor) {
    requirePermission(actor, Permission.regulatorReviewWrite);
    const cities = await citiesOf(actor);
    const rows = await repo.ratios(
      db,
      cities.map((c) => c.code),
    );
    const month = cstMonth(clock.now());
    const items = [];
    for (const city of cities) {
      const mine = rows.filter((r) => r.cityCode === city.code);
      const tally = await repo.tally(db, city.code, month);
      items.push({
        cityCode: city.code,
        cityName: city.name,
        percent: mine[0]?.percent ?? defaultSamplingPercent(city.code),
        defaultPercent: defaultSamplingPercent(city.code),
        isDefault: mine.length === 0,
        month,
        logsThisMonth: tally.seen,
        sampledThisMonth: tally.selected,
        history: mine.slice(0, 10).map((r) => ({
          percent: r.percent,
          note: r.note,
          setAt: r.setAt.toISOString(),
          setByName: r.setByName,
        })),
      });
    }
    return { items, canSet: hasPermission(actor, Permission.regulatorReviewSettings) };
  }

  async function setSamplingPercent(
    actor: Actor,
    cityCode: string,
    input: { percent: number; note: string },
  ) {
    requirePermission(actor, Permission.regulatorReviewSettings);
    // The city sets its own ratio (RULES §4 is per city); a province names no ratio for its cities here.
    if (actor.regionCode !== cityCode || cityCode.endsWith('0000') || !cityCode.endsWith('00')) {
      throw new AppError('auth.forbidden', { message: 'a city sets its own sampling ratio' });
    }
    await db.transaction().execute(async (tx) => {
      const previous = await percentOf(tx, cityCode);
      const row = await tx
        .insertInto('reviewSamplingRatios')
        .values({
          cityCode,
          percent: input.percent,
          note: input.note.trim(),
          setBy: actor.userId,
          setAt: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.append(tx, actor, {
        action: 'review.sampling.set',
        entityType: 'review_sampling_ratio',
        entityId: String(row.id),
        regionCode: cityCode,
        details: { percent: input.percent, previous, note: input.note.trim() },
      });
    });
    return samplingSettings(actor);
  }

  // ---- ties (回避) --------------------------------------------------------------------------------

  async function listTies(actor: Actor) {
    const prefix = prefixOf(actor);
    const manager = hasPermission(actor, Permission.regulatorReviewSettings);
    let q = db
      .selectFrom('reviewerSchoolTies as rt')
      .innerJoin('users as u', 'u.id', 'rt.userId')
      .innerJoin('schools as s', 's.id', 'rt.schoolId')
      .innerJoin('users as d', 'd.id', 'rt.declaredBy')
      .select([
        'rt.id',
        'rt.userId',
        'u.displayName as userName',
        'rt.schoolId',
        's.name as schoolName',
        'rt.kind',
        'rt.note',
        'd.displayName as declaredByName',
        'rt.declaredAt',
        'rt.endedAt',
        'rt.endReason',
      ]);
    // The city sees every tie of its region's regulators; a reviewer sees their own.
    q = manager ? q.where('u.regionCode', 'like', `${prefix}%`) : q.where('rt.userId', '=', actor.userId);
    const rows = await q.orderBy('rt.endedAt', 'desc').orderBy('rt.declaredAt', 'desc').limit(500).execute();
    return {
      items: rows.map((t) => ({
        id: t.id,
        userId: t.userId,
        userName: t.userName,
        schoolId: t.schoolId,
        schoolName: t.schoolName,
        kind: t.kind as TieKind,
        note: t.note,
        declaredByName: t.declaredByName,
        declaredAt: t.declaredAt.toISOString(),
        endedAt: t.endedAt?.toISOString() ?? null,
        endReason: t.endReason,
      })),
      canManage: manager,
    };
  }

  async function declareTie(
    actor: Actor,
    input: { schoolId: string; kind: TieKind; note: string; userId?: string | undefined },
  ) {
    const prefix = prefixOf(actor);
    const userId = input.userId ?? actor.userId;
    if (userId !== actor.userId) {
      // Recording someone else's tie is the city's job (it knows of the relative or the old employer).
      requirePermission(actor, Permission.regulatorReviewSettings);
      const user = await db
        .selectFrom('users')
        .select(['role', 'regionCode'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user || !regionScopedRoles.has(user.role as Role) || !user.regionCode?.startsWith(prefix)) {
        throw new AppError('request.invalid', {
          details: [{ field: 'userId', message: 'not a regulator of your region' }],
        });
      }
    }
    const school = await db
      .selectFrom('schools')
      .select(['id', 'countyCode'])
      .where('id', '=', input.schoolId)
      .executeTakeFirst();
    if (!school || !school.countyCode.startsWith(prefix)) throw new AppError('registry.school_not_found');
    try {
      await db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('reviewerSchoolTies')
          .values({
            userId,
            schoolId: school.id,
            kind: input.kind,
            note: input.note.trim(),
            declaredBy: actor.userId,
            declaredAt: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.append(tx, actor, {
          action: 'review.tie.declared',
          entityType: 'reviewer_school_tie',
          entityId: row.id,
          regionCode: school.countyCode,
          schoolId: school.id,
          details: { userId, kind: input.kind, note: input.note.trim() },
        });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('review.tie_exists', { cause: err });
      }
      throw err;
    }
    return listTies(actor);
  }

  async function endTie(actor: Actor, id: string, input: { reason: string }) {
    const prefix = prefixOf(actor);
    // Only the city ends a tie: a reviewer lifting their own would open the door they declared shut.
    requirePermission(actor, Permission.regulatorReviewSettings);
    const reason = input.reason.trim();
    if (reason === '') {
      throw new AppError('request.invalid', {
        details: [{ field: 'reason', message: 'say why the tie ends' }],
      });
    }
    const tie = await db
      .selectFrom('reviewerSchoolTies as rt')
      .innerJoin('users as u', 'u.id', 'rt.userId')
      .innerJoin('schools as s', 's.id', 'rt.schoolId')
      .select(['rt.id', 'rt.userId', 'rt.schoolId', 's.countyCode'])
      .where('rt.id', '=', id)
      .where('rt.endedAt', 'is', null)
      .where('u.regionCode', 'like', `${prefix}%`)
      .executeTakeFirst();
    if (!tie) throw new AppError('review.tie_not_found');
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('reviewerSchoolTies')
        .set({ endedAt: clock.now(), endedBy: actor.userId, endReason: reason })
        .where('id', '=', id)
        .where('endedAt', 'is', null)
        .execute();
      await audit.append(tx, actor, {
        action: 'review.tie.ended',
        entityType: 'reviewer_school_tie',
        entityId: id,
        regionCode: tie.countyCode,
        schoolId: tie.schoolId,
        details: { userId: tie.userId, reason },
      });
    });
    return listTies(actor);
  }

  return {
    async queue(actor: Actor, filter: QueueFilter, page: PageQuery) {
      const prefix = prefixOf(actor);
      const [{ items, total }, tied] = await Promise.all([
        repo.findQueue(db, prefix, filter, { limit: page.pageSize, offset: offsetOf(page) }),
        repo.activeTieSchools(db, actor.userId),
      ]);
      return { items: items.map((r) => toItem(r, tied)), total, page: page.page, pageSize: page.pageSize };
    },
    workspace,
    decide,
    reopen,

    /** The trainee's registered photo (enrolment), for the comparison; only through a review in scope. */
    async registeredPhoto(actor: Actor, id: string) {
      const r = await requireReview(actor, id);
      await refuseTied(actor, r.schoolId);
      const photo = await repo.registeredPhoto(db, r.traineeId);
      if (!photo) throw new AppError('training.photo_not_found');
      return { contentType: photo.contentType, data: photo.bytes };
    },

    /** A photo the terminal took in the reviewed session. */
    async sessionPhoto(actor: Actor, id: string, photoId: string) {
      const r = await requireReview(actor, id);
      await refuseTied(actor, r.schoolId);
      const photo = await repo.sessionPhoto(db, r, photoId);
      if (!photo?.data) throw new AppError('training.photo_not_found');
      return { contentType: 'image/jpeg', data: photo.data };
    },

    samplingSettings,
    setSamplingPercent,
    listTies,
    declareTie,
    endTie,

    /** The jobs edge's loop; tests call it directly. */
    sampleDue,
  };
}
export type ManualReviewService = ReturnType<typeof createManualReviewService>;
