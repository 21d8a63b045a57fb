import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  canAccessSchool,
  isInRegion,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { offsetOf } from '../../shared/paging.ts';
import { Permission } from '../../shared/permissions.ts';
import { addWorkingDays } from '../../shared/working-days.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import {
  MAX_ATTACHMENT_BYTES,
  maskPhone,
  newTrackingNumber,
  per100Cars,
  rateWindowStart,
  sniffImageType,
} from './feedback-rules.ts';
import type { FeedbackRepository, FeedbackScope } from './feedback.repository.ts';
import type {
  ComplaintInput,
  ComplaintLookup,
  ComplaintRate,
  ComplaintStatus,
  ComplaintsQuery,
  PublicComplaintInput,
  RegulatorReply,
} from './feedback.schemas.ts';

export type ComplaintPolicy = {
  /** Working days the school has to reply before the complaint goes to the county regulator. */
  schoolReplyWorkingDays: number;
  /** Working days the regulator has once a complaint reaches it. */
  regulatorReplyWorkingDays: number;
  /** Calendar days a complainant has to rate a school's reply before the complaint closes as no_feedback. */
  feedbackDays: number;
};
export const defaultComplaintPolicy: ComplaintPolicy = {
  schoolReplyWorkingDays: 5,
  regulatorReplyWorkingDays: 5,
  feedbackDays: 7,
};

type ComplaintRow = Awaited<
  ReturnType<ReturnType<FeedbackRepository['complaintColumns']>['executeTakeFirstOrThrow']>
>;
type Viewer = 'complainant' | 'school' | 'regulator';
type Attachment = { id: string; complaintId: string; contentType: string; sizeBytes: number };

const iso = (d: Date | null) => d?.toISOString() ?? null;

function isOverdue(r: Pick<ComplaintRow, 'status' | 'schoolDueAt' | 'regulatorDueAt'>, now: Date): boolean {
  if (r.status === 'submitted') return r.schoolDueAt !== null && r.schoolDueAt < now;
  if (r.status === 'escalated') return r.regulatorDueAt !== null && r.regulatorDueAt < now;
  return false;
}

function toComplaint(r: ComplaintRow, viewer: Viewer, now: Date, attachments: Attachment[]) {
  return {
    id: r.id,
    trackingNumber: r.trackingNumber,
    kind: r.kind as ComplaintInput['kind'],
    category: r.category as ComplaintInput['category'],
    target: r.target as ComplaintInput['target'],
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    coachId: r.coachId,
    coachName: r.coachName,
    countyCode: r.countyCode,
    text: r.body,
    complainantName: r.complainantName,
    // The school learns who complains (real-name) but reaches them through the platform's contact, not a
    // number it could pass to a recruiter or use to pressure them; the regulator sees it whole.
    complainantPhone: viewer === 'school' ? maskPhone(r.complainantPhone) : r.complainantPhone,
    byTrainee: r.traineeId !== null,
    status: r.status as ComplaintStatus,
    escalationReason: r.escalationReason,
    schoolDueAt: iso(r.schoolDueAt),
    regulatorDueAt: iso(r.regulatorDueAt),
    overdue: isOverdue(r, now),
    schoolReply: r.schoolReply,
    schoolRepliedAt: iso(r.schoolRepliedAt),
    regulatorReply: r.regulatorReply,
    regulatorRepliedAt: iso(r.regulatorRepliedAt),
    satisfaction: r.satisfaction as 'satisfied' | 'unsatisfied' | null,
    closeReason: r.closeReason,
    attachments: attachments
      .filter((a) => a.complaintId === r.id)
      .map((a) => ({ id: a.id, contentType: a.contentType, sizeBytes: a.sizeBytes })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * 投诉建议: filed real-name by a signed-in trainee or by a visitor giving name and phone; routed to the
 * school (reply within 5 working days) and supervised by the county regulator, who takes over when the
 * school is late or the complainant is unsatisfied with its reply.
 */
export function createComplaintsService(deps: {
  db: Kysely<DB>;
  repo: FeedbackRepository;
  audit: AuditLogService;
  clock: Clock;
  /** The holidays and 调休 workdays the deadlines count working days with. */
  calendar: WorkingCalendar;
  policy?: Partial<ComplaintPolicy>;
}) {
  const { db, repo, audit, clock, calendar } = deps;
  const policy: ComplaintPolicy = { ...defaultComplaintPolicy, ...deps.policy };

  /**
   * `days` working days after `now` (China time, holidays and 调休 included). Computed when the deadline
   * is set and stored: a later change to the calendar does not move deadlines already given.
   */
  async function dueAfter(executor: Kysely<DB>, now: Date, days: number): Promise<Date> {
    return addWorkingDays(now, days, await calendar.exceptionsFrom(executor, now));
  }

  async function present(rows: ComplaintRow[], viewer: Viewer) {
    const attachments = await repo.findAttachmentsOf(
      db,
      rows.map((r) => r.id),
    );
    const now = clock.now();
    return rows.map((r) => toComplaint(r, viewer, now, attachments));
  }
  const presentOne = async (row: ComplaintRow, viewer: Viewer) => (await present([row], viewer))[0]!;

  const byId = (id: string) => repo.complaintColumns(db).where('k.id', '=', id).executeTakeFirst();

  /** Where the complaint goes: the school's (or coach's school's) county, or the named county for the platform. */
  async function routeOf(input: ComplaintInput) {
    const invalid = (message: string) => new AppError('feedback.complaint_target_invalid', { message });
    if (input.target === 'platform') {
      if (input.schoolId || input.coachId) throw invalid('a platform complaint names no school or coach');
      if (!input.countyCode || !(await repo.findCounty(db, input.countyCode))) {
        throw invalid('a platform complaint names the county it belongs to');
      }
      return { schoolId: null, coachId: null, countyCode: input.countyCode };
    }
    if (!input.schoolId) throw invalid('a school or coach complaint names the school');
    const school = await repo.findSchool(db, input.schoolId);
    if (!school) throw invalid('no such school');
    if (input.target === 'coach') {
      const coach = input.coachId ? await repo.findCoach(db, input.coachId) : undefined;
      if (!coach || coach.schoolId !== school.id) throw invalid('the coach is not filed with this school');
      return { schoolId: school.id, coachId: coach.id, countyCode: school.countyCode };
    }
    if (input.coachId) throw invalid('a school complaint names no coach');
    return { schoolId: school.id, coachId: null, countyCode: school.countyCode };
  }

  /** Decodes and checks every attachment before anything is written: one bad image refuses the lot. */
  function decodeAttachments(input: ComplaintInput) {
    return input.attachments.map((a, position) => {
      const data = Buffer.from(a.dataBase64, 'base64');
      const fail = (message: string) =>
        new AppError('feedback.attachment_invalid', { message, details: { position } });
      if (data.length === 0 || data.length > MAX_ATTACHMENT_BYTES) {
        throw fail(`attachment ${position} is ${data.length} bytes; 1..${MAX_ATTACHMENT_BYTES} allowed`);
      }
      const actual = sniffImageType(data);
      if (actual !== a.contentType) {
        throw fail(`attachment ${position} is not the ${a.contentType} image it claims to be`);
      }
      return { position, contentType: actual, sizeBytes: data.length, data };
    });
  }

  async function file(
    actor: Actor | null,
    input: ComplaintInput,
    complainant: { traineeId: string | null; name: string; phone: string },
  ) {
    // Keys are the complainant's own: two people choosing the same key never meet.
    const key = `${complainant.traineeId ? `t:${complainant.traineeId}` : `p:${complainant.phone}`}:${input.idempotencyKey}`;
    const replay = async () => {
      const existing = await repo.complaintColumns(db).where('k.idempotencyKey', '=', key).executeTakeFirst();
      if (!existing) return null;
      if (
        existing.body !== input.text ||
        existing.category !== input.category ||
        existing.target !== input.target ||
        existing.kind !== input.kind ||
        existing.complainantName !== complainant.name
      ) {
        throw new AppError('feedback.idempotency_conflict');
      }
      return { created: false, complaint: await presentOne(existing, 'complainant') };
    };
    const earlier = await replay();
    if (earlier) return earlier;

    const route = await routeOf(input);
    const attachments = decodeAttachments(input);
    const now = clock.now();
    const toRegulator = route.schoolId === null;
    const dueAt = await dueAfter(
      db,
      now,
      toRegulator ? policy.regulatorReplyWorkingDays : policy.schoolReplyWorkingDays,
    );
    for (let attempt = 0; ; attempt++) {
      const trackingNumber = newTrackingNumber(now);
      try {
        const id = await db.transaction().execute(async (tx) => {
          const row = await tx
            .insertInto('complaints')
            .values({
              trackingNumber,
              kind: input.kind,
              category: input.category,
              target: input.target,
              ...route,
              body: input.text,
              traineeId: complainant.traineeId,
              complainantName: complainant.name,
              complainantPhone: complainant.phone,
              idempotencyKey: key,
              // A complaint about the platform has no school to answer it: it starts with the regulator.
              status: toRegulator ? 'escalated' : 'submitted',
              escalationReason: toRegulator ? 'platform_target' : null,
              schoolDueAt: toRegulator ? null : dueAt,
              regulatorDueAt: toRegulator ? dueAt : null,
              createdAt: now,
              updatedAt: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (attachments.length > 0) {
            await tx
              .insertInto('complaintAttachments')
              .values(attachments.map((a) => ({ ...a, complaintId: row.id })))
              .execute();
          }
          if (route.schoolId) await repo.refreshComplaintStats(tx, rateWindowStart(now), [route.schoolId]);
          await audit.append(tx, actor, {
            action: 'feedback.complaint.filed',
            entityType: 'complaint',
            entityId: row.id,
            regionCode: route.countyCode,
            schoolId: route.schoolId,
            details: {
              trackingNumber,
              kind: input.kind,
              category: input.category,
              target: input.target,
              byTrainee: complainant.traineeId !== null,
              attachments: attachments.length,
            },
          });
          return row.id;
        });
        return { created: true, complaint: await presentOne((await byId(id))!, 'complainant') };
      } catch (err) {
        const pg = err as { code?: string; constraint?: string };
        if (pg.code !== '23505') throw err;
        const raced = await replay();
        if (raced) return raced;
        // A tracking number drawn twice on one day (1 in a million per pair): draw again.
        if (pg.constraint?.includes('tracking_number') && attempt < 5) continue;
        throw err;
      }
    }
  }

  /** The complainant's own complaint: a trainee's by account, an anonymous one by tracking number and phone. */
  async function complainantsComplaint(who: { traineeId: string } | ComplaintLookup, id?: string) {
    const row =
      'traineeId' in who
        ? await repo
            .complaintColumns(db)
            .where('k.id', '=', id!)
            .where('k.traineeId', '=', who.traineeId)
            .executeTakeFirst()
        : await repo
            .complaintColumns(db)
            .where('k.trackingNumber', '=', who.trackingNumber)
            .where('k.complainantPhone', '=', who.phone)
            .executeTakeFirst();
    // A wrong phone answers exactly like an unknown number, so numbers cannot be confirmed by guessing.
    if (!row) throw new AppError('feedback.complaint_not_found');
    return row;
  }

  async function rate(actor: Actor | null, row: ComplaintRow, satisfied: boolean) {
    const value = satisfied ? 'satisfied' : 'unsatisfied';
    if (row.satisfaction === value) return presentOne(row, 'complainant'); // a retry
    const afterSchool = row.status === 'school_replied';
    const afterRegulator =
      row.status === 'resolved' && row.regulatorReply !== null && row.satisfaction === null;
    if (!afterSchool && !afterRegulator) {
      throw new AppError('feedback.complaint_state', {
        message: `a ${row.status} complaint cannot be rated now`,
      });
    }
    const now = clock.now();
    // Unsatisfied with the school's answer: the county regulator takes it over with its own deadline.
    // After the regulator's answer the rating is recorded only; the next step is outside the platform.
    const reopen = afterSchool && !satisfied;
    const regulatorDueAt = reopen ? await dueAfter(db, now, policy.regulatorReplyWorkingDays) : null;
    await db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('complaints')
        .set({
          satisfaction: value,
          satisfactionAt: now,
          updatedAt: now,
          ...(afterSchool
            ? reopen
              ? {
                  status: 'escalated',
                  escalationReason: 'unsatisfied',
                  regulatorDueAt,
                }
              : { status: 'resolved' }
            : {}),
        })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where('satisfaction', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('feedback.complaint_state');
      await audit.append(tx, actor, {
        action: reopen ? 'feedback.complaint.reopened' : 'feedback.complaint.rated',
        entityType: 'complaint',
        entityId: row.id,
        regionCode: row.countyCode,
        schoolId: row.schoolId,
        details: { trackingNumber: row.trackingNumber, satisfaction: value },
      });
    });
    return presentOne((await byId(row.id))!, 'complainant');
  }

  async function page(scope: FeedbackScope, query: ComplaintsQuery, viewer: Viewer) {
    let q = repo.scopedComplaints(db, scope);
    if (query.status) q = q.where('k.status', '=', query.status);
    if (query.schoolId) q = q.where('k.schoolId', '=', query.schoolId);
    if (query.overdue) {
      const now = clock.now();
      q = q.where((w) =>
        w.or([
          w.and([w('k.status', '=', 'submitted'), w('k.schoolDueAt', '<', now)]),
          w.and([w('k.status', '=', 'escalated'), w('k.regulatorDueAt', '<', now)]),
        ]),
      );
    }
    const [rows, total] = await Promise.all([
      q
        .orderBy('k.createdAt', 'desc')
        .orderBy('k.id')
        .limit(query.pageSize)
        .offset(offsetOf(query))
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      items: await present(rows, viewer),
      total: Number(total.n),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** A complaint inside the actor's scope; outside it answers like a missing one. */
  async function scopedComplaint(actor: Actor, id: string) {
    const row = await byId(id);
    const visible =
      row &&
      (row.schoolId
        ? canAccessSchool(actor, { id: row.schoolId, countyCode: row.countyCode })
        : schoolScopeOf(actor).kind === 'region' && isInRegion(actor.regionCode!, row.countyCode));
    if (!row || !visible) throw new AppError('feedback.complaint_not_found');
    return row;
  }

  function regionScope(actor: Actor): FeedbackScope {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('auth.forbidden');
    return scope;
  }
  function schoolScope(actor: Actor): FeedbackScope {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'school') throw new AppError('auth.forbidden');
    return scope;
  }

  async function attachment(actor: Actor, id: string, attachmentId: string) {
    await scopedComplaint(actor, id);
    const found = await repo.findAttachment(db, id, attachmentId);
    if (!found) throw new AppError('feedback.complaint_not_found', { message: 'no such attachment' });
    return found;
  }

  /** Complaints of the last 12 months per 100 active cars, for each school asked about (0 when none). */
  async function complaintRatePer100Cars(schoolIds: readonly string[]): Promise<ComplaintRate[]> {
    if (schoolIds.length === 0) return [];
    const now = clock.now();
    const from = rateWindowStart(now);
    const rows = new Map((await repo.complaintCounts(db, schoolIds, from)).map((r) => [r.schoolId, r]));
    return schoolIds.flatMap((schoolId) => {
      const r = rows.get(schoolId);
      if (!r) return [];
      const complaintCount = Number(r.complaintCount ?? 0);
      const activeVehicleCount = Number(r.activeVehicleCount ?? 0);
      return [
        {
          schoolId,
          complaintCount,
          activeVehicleCount,
          per100Cars: per100Cars(complaintCount, activeVehicleCount),
          windowFrom: from.toISOString(),
          windowTo: now.toISOString(),
        },
      ];
    });
  }

  return {
    complaintRatePer100Cars,

    async publicComplaintRate(schoolId: string) {
      const [rate] = await complaintRatePer100Cars([schoolId]);
      if (!rate) throw new AppError('registry.school_not_found');
      return rate;
    },

    /** A signed-in trainee files under the roster's real name and phone. */
    async fileAsTrainee(actor: Actor, input: ComplaintInput) {
      requirePermission(actor, Permission.traineeFeedbackWrite);
      const trainee = actor.traineeId ? await repo.findTrainee(db, actor.traineeId) : undefined;
      if (!trainee) throw new AppError('auth.forbidden', { message: 'not a trainee account' });
      return file(actor, input, { traineeId: trainee.id, name: trainee.name, phone: trainee.phone });
    },

    /** A visitor files real-name: the name and a mobile phone are required (the phone is the lookup key). */
    async fileAnonymously(input: PublicComplaintInput) {
      const { name, phone, ...rest } = input;
      return file(null, rest, { traineeId: null, name: name.trim(), phone });
    },

    async lookup(input: ComplaintLookup) {
      return presentOne(await complainantsComplaint(input), 'complainant');
    },

    async myComplaints(actor: Actor) {
      requirePermission(actor, Permission.traineeFeedbackWrite);
      if (!actor.traineeId) throw new AppError('auth.forbidden');
      const rows = await repo
        .complaintColumns(db)
        .where('k.traineeId', '=', actor.traineeId)
        .orderBy('k.createdAt', 'desc')
        .execute();
      return { items: await present(rows, 'complainant') };
    },

    async rateAsTrainee(actor: Actor, id: string, satisfied: boolean) {
      requirePermission(actor, Permission.traineeFeedbackWrite);
      if (!actor.traineeId) throw new AppError('auth.forbidden');
      return rate(actor, await complainantsComplaint({ traineeId: actor.traineeId }, id), satisfied);
    },

    async rateByPhone(input: ComplaintLookup & { satisfied: boolean }) {
      return rate(null, await complainantsComplaint(input), input.satisfied);
    },

    // ---- the school's inbox ------------------------------------------------------------------------
    async schoolInbox(actor: Actor, query: ComplaintsQuery) {
      requirePermission(actor, Permission.schoolComplaintsRead);
      return page(schoolScope(actor), query, 'school');
    },

    async schoolComplaint(actor: Actor, id: string) {
      requirePermission(actor, Permission.schoolComplaintsRead);
      schoolScope(actor);
      return presentOne(await scopedComplaint(actor, id), 'school');
    },

    schoolAttachment(actor: Actor, id: string, attachmentId: string) {
      requirePermission(actor, Permission.schoolComplaintsRead);
      schoolScope(actor);
      return attachment(actor, id, attachmentId);
    },

    /**
     * The school's one reply. On time it waits for the complainant's rating; after the deadline (the
     * complaint is with the regulator) it is recorded for the regulator to read and changes nothing else.
     */
    async schoolReply(actor: Actor, id: string, text: string) {
      requirePermission(actor, Permission.schoolComplaintsReply);
      schoolScope(actor);
      const row = await scopedComplaint(actor, id);
      if (row.schoolReply !== null) {
        if (row.schoolReply === text) return presentOne(row, 'school'); // a retry
        throw new AppError('feedback.complaint_state', { message: 'the school has replied already' });
      }
      const late = row.status === 'escalated' && row.escalationReason === 'school_overdue';
      if (row.status !== 'submitted' && !late) {
        throw new AppError('feedback.complaint_state', {
          message: `a ${row.status} complaint takes no school reply`,
        });
      }
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('complaints')
          .set({
            schoolReply: text,
            schoolRepliedAt: now,
            schoolRepliedBy: actor.userId,
            updatedAt: now,
            ...(late ? {} : { status: 'school_replied' }),
          })
          .where('id', '=', id)
          .where('status', '=', row.status)
          .where('schoolReply', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('feedback.complaint_state');
        await audit.append(tx, actor, {
          action: 'feedback.complaint.school_replied',
          entityType: 'complaint',
          entityId: id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: { trackingNumber: row.trackingNumber, late },
        });
      });
      return presentOne((await byId(id))!, 'school');
    },

    // ---- the regulator's supervision ---------------------------------------------------------------
    regulatorComplaints(actor: Actor, query: ComplaintsQuery) {
      requirePermission(actor, Permission.regulatorComplaintsRead);
      return page(regionScope(actor), query, 'regulator');
    },

    async regulatorComplaint(actor: Actor, id: string) {
      requirePermission(actor, Permission.regulatorComplaintsRead);
      regionScope(actor);
      return presentOne(await scopedComplaint(actor, id), 'regulator');
    },

    regulatorAttachment(actor: Actor, id: string, attachmentId: string) {
      requirePermission(actor, Permission.regulatorComplaintsRead);
      regionScope(actor);
      return attachment(actor, id, attachmentId);
    },

    /** Counts by status and overdue counts of the regulator's region. */
    async regulatorStats(actor: Actor) {
      requirePermission(actor, Permission.regulatorComplaintsRead);
      const scope = regionScope(actor);
      if (scope.kind !== 'region') throw new AppError('auth.forbidden');
      const now = clock.now();
      const row = await db
        .selectFrom('complaints')
        .select([
          sql<number>`count(*) FILTER (WHERE status = 'submitted')::int`.as('submitted'),
          sql<number>`count(*) FILTER (WHERE status = 'school_replied')::int`.as('schoolReplied'),
          sql<number>`count(*) FILTER (WHERE status = 'escalated')::int`.as('escalated'),
          sql<number>`count(*) FILTER (WHERE status = 'resolved')::int`.as('resolved'),
          sql<number>`count(*) FILTER (WHERE status = 'closed')::int`.as('closed'),
          sql<number>`count(*) FILTER (WHERE status = 'submitted' AND school_due_at < ${now})::int`.as(
            'overdueAtSchool',
          ),
          sql<number>`count(*) FILTER (WHERE status = 'escalated' AND regulator_due_at < ${now})::int`.as(
            'overdueAtRegulator',
          ),
        ])
        .where('countyCode', 'like', `${scope.prefix}%`)
        .executeTakeFirstOrThrow();
      return {
        byStatus: {
          submitted: row.submitted,
          school_replied: row.schoolReplied,
          escalated: row.escalated,
          resolved: row.resolved,
          closed: row.closed,
        },
        overdueAtSchool: row.overdueAtSchool,
        overdueAtRegulator: row.overdueAtRegulator,
      };
    },

    /**
     * The regulator answers any open complaint of its region (it need not wait for the school):
     * `resolved` on the merits, or `invalid`, which closes it and removes it from the school's rate.
     */
    async regulatorReply(actor: Actor, id: string, input: RegulatorReply) {
      requirePermission(actor, Permission.regulatorComplaintsHandle);
      regionScope(actor);
      const row = await scopedComplaint(actor, id);
      const status: ComplaintStatus = input.outcome === 'invalid' ? 'closed' : 'resolved';
      if (row.regulatorReply !== null) {
        if (row.regulatorReply === input.text && row.status === status) return presentOne(row, 'regulator');
        throw new AppError('feedback.complaint_state', { message: 'the regulator has replied already' });
      }
      if (!['submitted', 'school_replied', 'escalated'].includes(row.status)) {
        throw new AppError('feedback.complaint_state', { message: `a ${row.status} complaint is finished` });
      }
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('complaints')
          .set({
            status,
            regulatorReply: input.text,
            regulatorRepliedAt: now,
            regulatorRepliedBy: actor.userId,
            closeReason: input.outcome === 'invalid' ? 'invalid' : null,
            updatedAt: now,
          })
          .where('id', '=', id)
          .where('status', '=', row.status)
          .where('regulatorReply', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('feedback.complaint_state');
        if (row.schoolId && input.outcome === 'invalid') {
          await repo.refreshComplaintStats(tx, rateWindowStart(now), [row.schoolId]);
        }
        await audit.append(tx, actor, {
          action: 'feedback.complaint.regulator_replied',
          entityType: 'complaint',
          entityId: id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: { trackingNumber: row.trackingNumber, outcome: input.outcome, from: row.status },
        });
      });
      return presentOne((await byId(id))!, 'regulator');
    },

    /**
     * The jobs loop's step, idempotent (each change is conditioned on the state it changes):
     * schools past their deadline lose the complaint to the regulator; replies left unrated for
     * `feedbackDays` close as no_feedback; the public rate's rolling window moves on.
     */
    async detectOverdue() {
      const now = clock.now();
      const result = await db.transaction().execute(async (tx) => {
        const escalated = await tx
          .updateTable('complaints')
          .set({
            status: 'escalated',
            escalationReason: 'school_overdue',
            regulatorDueAt: await dueAfter(tx, now, policy.regulatorReplyWorkingDays),
            updatedAt: now,
          })
          .where('status', '=', 'submitted')
          .where('schoolDueAt', '<', now)
          .returning(['id', 'trackingNumber', 'countyCode', 'schoolId'])
          .execute();
        const closed = await tx
          .updateTable('complaints')
          .set({ status: 'closed', closeReason: 'no_feedback', updatedAt: now })
          .where('status', '=', 'school_replied')
          .where('schoolRepliedAt', '<', new Date(now.getTime() - policy.feedbackDays * 86_400_000))
          .returning(['id', 'trackingNumber', 'countyCode', 'schoolId'])
          .execute();
        for (const [rows, action] of [
          [escalated, 'feedback.complaint.escalated'],
          [closed, 'feedback.complaint.closed'],
        ] as const) {
          for (const r of rows) {
            await audit.append(tx, null, {
              action,
              entityType: 'complaint',
              entityId: r.id,
              regionCode: r.countyCode,
              schoolId: r.schoolId,
              details: {
                trackingNumber: r.trackingNumber,
                reason: action === 'feedback.complaint.escalated' ? 'school_overdue' : 'no_feedback',
              },
            });
          }
        }
        const statsChanged = await repo.refreshComplaintStats(tx, rateWindowStart(now));
        return { escalated: escalated.length, closed: closed.length, statsChanged };
      });
      return result;
    },
  };
}
export type ComplaintsService = ReturnType<typeof createComplaintsService>;
