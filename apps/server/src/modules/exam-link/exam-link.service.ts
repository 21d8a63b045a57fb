import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { canAccessSchool, regionPrefix, requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus, DomainEvents } from '../../shared/domain-events.ts';
import { isValidIdNumber, type IdNumberVault } from '../../shared/identity-number.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { examLinkError } from './exam-link.errors.ts';
import { createExamLinkRepository, type ExamRecordKind } from './exam-link.repository.ts';
import type {
  EligibilityFeed,
  EligibilityFeedQuery,
  EligibilityLookup,
  EligibilityLookupResult,
  ExamBooking,
  ExamRecordReceipt,
  ExamResult,
  PartRate,
  PassRates,
  PublicPassRates,
} from './exam-link.schemas.ts';
import { createIntegrationAuth, type IntegrationClient } from './integration-auth.ts';

export const PARTS = [1, 2, 3, 4] as const;

/** passed ÷ attempts rounded to 4 decimals; null when nobody sat the exam (not 0 %, which would lie). */
export function passRate(passed: number, attempts: number): number | null {
  if (attempts <= 0) return null;
  return Math.round((passed / attempts) * 10_000) / 10_000;
}

/** Fills in the parts nobody sat, so every answer lists parts 1–4 in order. */
export function partRates(rows: Array<{ part: number; attempts: number; passed: number }>): PartRate[] {
  return PARTS.map((part) => {
    const row = rows.find((r) => r.part === part);
    const attempts = row?.attempts ?? 0;
    const passed = row?.passed ?? 0;
    return { part, attempts, passed, passRate: passRate(passed, attempts) };
  });
}

/** Today's date in China (+08:00), which is the calendar exam dates are written in. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The police side: eligibility from stage approvals, bookings and results posted back, pass rates.
 * Integration-client calls take the verified client first (its region scopes every row); user calls
 * take the actor first.
 */
export function createExamLinkService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  vault: IdNumberVault;
}) {
  const { db, clock, audit, events, vault } = deps;
  const repo = createExamLinkRepository();
  const integrationAuth = createIntegrationAuth({ db, clock });

  /**
   * A regulator's stage approval makes the trainee eligible for that part's exam. Runs in the
   * dispatcher's transaction; a redelivered event finds the row already there and changes nothing.
   */
  async function grantEligibility(payload: DomainEvents['stage.approved'], tx: Kysely<DB>) {
    const inserted = await repo.insertEligibility(tx, {
      traineeId: payload.traineeId,
      part: payload.part,
      stageSubmissionId: payload.stageSubmissionId,
      eligibleAt: new Date(payload.approvedAt),
    });
    if (!inserted) return;
    await audit.append(tx, null, {
      action: 'exam.eligibility.granted',
      entityType: 'trainee',
      entityId: payload.traineeId,
      schoolId: payload.schoolId,
      details: { part: payload.part, stageSubmissionId: payload.stageSubmissionId, seq: inserted.seq },
    });
  }
  events.subscribe('stage.approved', grantEligibility);

  /** Unknown and out-of-region trainees get the same answer, so the police side learns nothing of others. */
  async function requireTrainee(client: IntegrationClient, traineeId: string) {
    const trainee = await repo.findTraineeInRegion(db, traineeId, regionPrefix(client.regionCode));
    if (!trainee) throw examLinkError('trainee_unknown', `no trainee ${traineeId} in the client's region`);
    return trainee;
  }

  async function record(
    client: IntegrationClient,
    kind: ExamRecordKind,
    input: ExamBooking & { passed: boolean | null; score: number | null },
  ): Promise<ExamRecordReceipt> {
    const trainee = await requireTrainee(client, input.traineeId);
    const eligibility = await repo.findEligibility(db, trainee.id, input.part);
    if (!eligibility) {
      throw examLinkError('not_eligible', `trainee has no approved stage record for part ${input.part}`);
    }
    if (kind === 'result' && input.examDate > chinaDay(clock.now())) {
      throw examLinkError('exam_date_in_future', `a result for ${input.examDate} cannot exist yet`);
    }
    const coachId = kind === 'result' ? await repo.leadingCoach(db, trainee.id, input.part) : null;
    return db.transaction().execute(async (tx) => {
      const inserted = await repo.insertExamRecord(tx, {
        traineeId: trainee.id,
        schoolId: trainee.schoolId,
        coachId,
        part: input.part,
        kind,
        examDate: input.examDate,
        passed: input.passed,
        score: input.score,
        integrationClientId: client.id,
        externalId: input.externalId,
        receivedAt: clock.now(),
      });
      if (!inserted) {
        // A resend: the same id must carry the same facts, else one of the two is wrong.
        const existing = await repo.findExamRecord(tx, client.id, kind, input.externalId);
        if (!existing) throw new AppError('internal.error', { message: 'conflicting row vanished' });
        const same =
          existing.traineeId === trainee.id &&
          existing.part === input.part &&
          existing.examDate === input.examDate &&
          existing.passed === input.passed &&
          existing.score === input.score;
        if (!same) {
          throw examLinkError(
            'external_id_reused',
            `${kind} ${input.externalId} was received with other facts`,
          );
        }
        return { id: existing.id, duplicate: true };
      }
      await audit.append(tx, null, {
        action: `exam.${kind}.received`,
        entityType: 'trainee',
        entityId: trainee.id,
        schoolId: trainee.schoolId,
        details: {
          integrationClient: client.clientKey,
          externalId: input.externalId,
          part: input.part,
          examDate: input.examDate,
          ...(kind === 'result' ? { passed: input.passed, score: input.score } : {}),
        },
      });
      return { id: inserted.id, duplicate: false };
    });
  }

  async function countsFor(schoolId: string) {
    return partRates(await repo.schoolResultCounts(db, schoolId));
  }

  return {
    /** For the HTTP auth hook: verifies signed requests of integration clients. */
    integrationAuth,

    /** Exposed for tests and replays; normally reached through the `stage.approved` subscription. */
    grantEligibility,

    /**
     * Eligibility by identity number and name. The number is matched through its keyed hash (never
     * decrypted, never echoed back); the name must match too, so a number alone reveals nothing.
     */
    async lookupEligibility(
      client: IntegrationClient,
      input: EligibilityLookup,
    ): Promise<EligibilityLookupResult> {
      const idNumber = input.idNumber.trim().toUpperCase();
      if (!isValidIdNumber(idNumber)) {
        throw new AppError('registry.invalid_id_number', {
          details: [{ field: 'body.idNumber', message: 'not a valid GB 11643 number' }],
        });
      }
      const name = input.name.trim();
      const matches = (
        await repo.findTraineesByIdHash(db, vault.lookupHash(idNumber), regionPrefix(client.regionCode))
      ).filter((t) => t.name === name);
      if (matches.length === 0) {
        throw examLinkError('trainee_unknown', 'no trainee with this identity number and name in the region');
      }
      const granted = await repo.eligibilityOf(
        db,
        matches.map((t) => t.id),
      );
      return {
        trainees: matches.map((t) => ({
          traineeId: t.id,
          name: t.name,
          idNumberMasked: t.idNumberMasked,
          schoolId: t.schoolId,
          schoolName: t.schoolName,
          parts: PARTS.map((part) => {
            const row = granted.find((g) => g.traineeId === t.id && g.part === part);
            return { part, eligible: !!row, eligibleSince: row ? row.eligibleAt.toISOString() : null };
          }),
        })),
      };
    },

    /** Newly eligible trainees of the client's region after a cursor, oldest first. */
    async eligibilityFeed(client: IntegrationClient, query: EligibilityFeedQuery): Promise<EligibilityFeed> {
      const rows = await repo.listEligibleAfter(
        db,
        regionPrefix(client.regionCode),
        query.after,
        query.limit,
      );
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          traineeId: r.traineeId,
          name: r.name,
          idNumberMasked: r.idNumberMasked,
          licenceClass: r.licenceClass,
          schoolId: r.schoolId,
          schoolName: r.schoolName,
          part: r.part,
          eligibleAt: r.eligibleAt.toISOString(),
        })),
        next: rows.at(-1)?.seq ?? query.after,
      };
    },

    postBooking(client: IntegrationClient, input: ExamBooking): Promise<ExamRecordReceipt> {
      return record(client, 'booking', { ...input, passed: null, score: null });
    },

    postResult(client: IntegrationClient, input: ExamResult): Promise<ExamRecordReceipt> {
      return record(client, 'result', input);
    },

    /** Per part for a school and per leading coach; regulators and police liaison of the region. */
    async passRates(actor: Actor, schoolId: string): Promise<PassRates> {
      requirePermission(actor, Permission.examStatsRead);
      const school = await repo.findSchool(db, schoolId);
      if (!school) throw new AppError('registry.school_not_found');
      if (!canAccessSchool(actor, school)) {
        throw new AppError('auth.forbidden', { message: 'school outside scope' });
      }
      const coaches = await repo.coachResultCounts(db, schoolId);
      return {
        schoolId: school.id,
        schoolName: school.name,
        parts: await countsFor(school.id),
        coaches: coaches.map((c) => ({
          coachId: c.coachId!,
          coachName: c.coachName,
          part: c.part,
          attempts: c.attempts,
          passed: c.passed,
          passRate: passRate(c.passed, c.attempts),
        })),
      };
    },

    /** The public figure per school: per part only, no coach names. */
    async publicPassRates(schoolId: string): Promise<PublicPassRates> {
      const school = await repo.findSchool(db, schoolId);
      if (!school) throw new AppError('registry.school_not_found');
      return { schoolId: school.id, schoolName: school.name, parts: await countsFor(school.id) };
    },
  };
}
export type ExamLinkService = ReturnType<typeof createExamLinkService>;
