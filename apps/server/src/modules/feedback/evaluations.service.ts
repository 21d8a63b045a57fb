import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { canAccessSchool, requirePermission, schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus, DomainEvents } from '../../shared/domain-events.ts';
import { offsetOf, type PageQuery } from '../../shared/paging.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { holdReasonsOf } from './feedback-rules.ts';
import type { FeedbackRepository } from './feedback.repository.ts';
import type {
  CreateEvaluation,
  EvaluationStatus,
  ModerateEvaluation,
  RatingSummary,
  RegulatorEvaluationsQuery,
} from './feedback.schemas.ts';

type EvaluationRow = Awaited<
  ReturnType<ReturnType<FeedbackRepository['evaluationColumns']>['executeTakeFirstOrThrow']>
>;

const toEvaluation = (r: EvaluationRow) => ({
  id: r.id,
  stageSubmissionId: r.stageSubmissionId,
  schoolId: r.schoolId,
  schoolName: r.schoolName,
  coachId: r.coachId,
  coachName: r.coachName,
  traineeId: r.traineeId,
  part: r.part,
  overall: r.overallStars,
  teaching: r.teachingStars,
  attitude: r.attitudeStars,
  car: r.carStars,
  environment: r.environmentStars,
  text: r.body,
  status: r.status as EvaluationStatus,
  holdReasons: r.holdReasons,
  moderationReason: r.moderationReason,
  moderatedAt: r.moderatedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

const toPublicEvaluation = (r: EvaluationRow) => ({
  id: r.id,
  part: r.part,
  coachName: r.coachName,
  overall: r.overallStars,
  teaching: r.teachingStars,
  attitude: r.attitudeStars,
  car: r.carStars,
  environment: r.environmentStars,
  text: r.body,
  createdAt: r.createdAt.toISOString(),
});

/** Two decimals, the way school_search rounds the overall rating. */
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/**
 * 服务评价: an approved stage invites its trainee to rate the school and the part's leading coach once.
 * Texts with phone numbers, links or banned words are held for a regulator; regulators hide or publish.
 */
export function createEvaluationsService(deps: {
  db: Kysely<DB>;
  repo: FeedbackRepository;
  audit: AuditLogService;
  clock: Clock;
  events: DomainEventBus;
}) {
  const { db, repo, audit, clock, events } = deps;

  /** Subscriber of stage.approved; idempotent on the stage submission (a redelivery inserts nothing). */
  async function inviteToEvaluate(event: DomainEvents['stage.approved'], tx: Kysely<DB>): Promise<void> {
    const coachId = await repo.leadingCoach(tx, event.traineeId, event.part);
    await repo.insertInvitation(tx, {
      stageSubmissionId: event.stageSubmissionId,
      traineeId: event.traineeId,
      schoolId: event.schoolId,
      coachId,
      part: event.part,
      invitedAt: new Date(event.approvedAt),
    });
  }
  events.subscribe('stage.approved', inviteToEvaluate);

  const getEvaluation = async (id: string) => {
    const row = await repo.evaluationColumns(db).where('e.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('feedback.evaluation_not_found');
    return row;
  };

  const sameContent = (row: EvaluationRow, input: CreateEvaluation) =>
    row.overallStars === input.overall &&
    row.teachingStars === input.teaching &&
    row.attitudeStars === input.attitude &&
    row.carStars === input.car &&
    row.environmentStars === input.environment &&
    row.body === input.text.trim();

  async function ratingSummaryOf(schoolIds: readonly string[]): Promise<RatingSummary[]> {
    if (schoolIds.length === 0) return [];
    const rows = new Map((await repo.findRatings(db, schoolIds)).map((r) => [r.schoolId, r]));
    return schoolIds.map((schoolId) => {
      const r = rows.get(schoolId);
      return {
        schoolId,
        count: r?.evaluationCount ?? 0,
        overall: round2(r?.overallAvg ?? null),
        teaching: round2(r?.teachingAvg ?? null),
        attitude: round2(r?.attitudeAvg ?? null),
        car: round2(r?.carAvg ?? null),
        environment: round2(r?.environmentAvg ?? null),
      };
    });
  }

  return {
    inviteToEvaluate,
    ratingSummaryOf,

    /** The trainee's invitations, newest first, each with its evaluation once written. */
    async myInvitations(actor: Actor) {
      requirePermission(actor, Permission.traineeFeedbackWrite);
      if (!actor.traineeId) throw new AppError('auth.forbidden', { message: 'not a trainee account' });
      const invitations = await repo.findInvitationsOf(db, actor.traineeId);
      const written = await repo.evaluationColumns(db).where('e.traineeId', '=', actor.traineeId).execute();
      const byStage = new Map(written.map((e) => [e.stageSubmissionId, toEvaluation(e)]));
      return {
        items: invitations.map((i) => ({
          ...i,
          invitedAt: i.invitedAt.toISOString(),
          evaluation: byStage.get(i.stageSubmissionId) ?? null,
        })),
      };
    },

    /**
     * One evaluation per approved stage. Sending the same evaluation again (a retry) answers
     * `created: false`; a different one for an evaluated stage is refused.
     */
    async evaluate(actor: Actor, input: CreateEvaluation) {
      requirePermission(actor, Permission.traineeFeedbackWrite);
      const invitation = await repo.findInvitation(db, input.stageSubmissionId);
      // Someone else's stage answers like a missing one: its existence is not the caller's business.
      if (!invitation || invitation.traineeId !== actor.traineeId) {
        throw new AppError('feedback.invitation_not_found');
      }
      const replay = async () => {
        const existing = await repo
          .evaluationColumns(db)
          .where('e.stageSubmissionId', '=', input.stageSubmissionId)
          .executeTakeFirst();
        if (!existing) return null;
        if (!sameContent(existing, input)) throw new AppError('feedback.evaluation_exists');
        return { created: false, evaluation: toEvaluation(existing) };
      };
      const earlier = await replay();
      if (earlier) return earlier;

      const text = input.text.trim();
      const holdReasons = holdReasonsOf(text);
      const status: EvaluationStatus = holdReasons.length > 0 ? 'held' : 'published';
      try {
        const id = await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('evaluations')
            .values({
              stageSubmissionId: invitation.stageSubmissionId,
              traineeId: invitation.traineeId,
              schoolId: invitation.schoolId,
              coachId: invitation.coachId,
              part: invitation.part,
              overallStars: input.overall,
              teachingStars: input.teaching,
              attitudeStars: input.attitude,
              carStars: input.car,
              environmentStars: input.environment,
              body: text,
              status,
              holdReasons,
              createdAt: clock.now(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (status === 'published') await repo.refreshRating(tx, invitation.schoolId);
          await audit.append(tx, actor, {
            action: 'feedback.evaluation.created',
            entityType: 'evaluation',
            entityId: row.id,
            regionCode: invitation.countyCode,
            schoolId: invitation.schoolId,
            details: { part: invitation.part, overall: input.overall, status, holdReasons },
          });
          return row.id;
        });
        return { created: true, evaluation: toEvaluation(await getEvaluation(id)) };
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        // A concurrent retry of the same evaluation won the race: answer as its replay.
        const raced = await replay();
        if (raced) return raced;
        throw err;
      }
    },

    /** Published evaluations of one school, newest first; nothing identifies the trainee. */
    async publicEvaluations(schoolId: string, page: PageQuery) {
      const base = repo
        .evaluationColumns(db)
        .where('e.schoolId', '=', schoolId)
        .where('e.status', '=', 'published');
      const [items, total] = await Promise.all([
        base
          .orderBy('e.createdAt', 'desc')
          .orderBy('e.id')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        db
          .selectFrom('evaluations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('schoolId', '=', schoolId)
          .where('status', '=', 'published')
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: items.map(toPublicEvaluation),
        total: Number(total.n),
        page: page.page,
        pageSize: page.pageSize,
      };
    },

    async publicRating(schoolId: string) {
      if (!(await repo.findSchool(db, schoolId))) throw new AppError('registry.school_not_found');
      const [summary] = await ratingSummaryOf([schoolId]);
      return summary!;
    },

    /** Evaluations of the regulator's region, by status (held ones are the moderation queue). */
    async regulatorEvaluations(actor: Actor, query: RegulatorEvaluationsQuery) {
      requirePermission(actor, Permission.regulatorEvaluationsModerate);
      const scope = schoolScopeOf(actor);
      if (scope.kind !== 'region') throw new AppError('auth.forbidden');
      let q = repo.evaluationColumns(db).where('s.countyCode', 'like', `${scope.prefix}%`);
      if (query.status) q = q.where('e.status', '=', query.status);
      if (query.schoolId) q = q.where('e.schoolId', '=', query.schoolId);
      const [items, total] = await Promise.all([
        q
          .orderBy('e.createdAt', 'desc')
          .orderBy('e.id')
          .limit(query.pageSize)
          .offset(offsetOf(query))
          .execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: items.map(toEvaluation),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** Hide (with the reason shown to the trainee) or publish; the rating summary follows in the same transaction. */
    async moderate(actor: Actor, id: string, input: ModerateEvaluation) {
      requirePermission(actor, Permission.regulatorEvaluationsModerate);
      const row = await getEvaluation(id);
      if (!canAccessSchool(actor, { id: row.schoolId, countyCode: row.countyCode })) {
        throw new AppError('feedback.evaluation_not_found');
      }
      const status: EvaluationStatus = input.action === 'hide' ? 'hidden' : 'published';
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('evaluations')
          .set({
            status,
            moderationReason: input.reason,
            moderatedBy: actor.userId,
            moderatedAt: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        await repo.refreshRating(tx, row.schoolId);
        await audit.append(tx, actor, {
          action: input.action === 'hide' ? 'feedback.evaluation.hidden' : 'feedback.evaluation.published',
          entityType: 'evaluation',
          entityId: id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: { from: row.status, to: status, reason: input.reason },
        });
      });
      return toEvaluation(await getEvaluation(id));
    },
  };
}
export type EvaluationsService = ReturnType<typeof createEvaluationsService>;
