import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  isInRegion,
  regionPrefix,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus, DomainEvents } from '../../shared/domain-events.ts';
import { offsetOf } from '../../shared/paging.ts';
import { Permission, Role } from '../../shared/permissions.ts';
import { noExceptions } from '../../shared/working-days.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import {
  beijingDay,
  disposalRate,
  dueAfterReturn,
  dueAtFor,
  MAX_EVIDENCE_FILE_BYTES,
  periodBounds,
  REMINDER_HORIZON_MS,
  remindAtFor,
  reviewReasonText,
  sniffEvidenceType,
  workOrderNumber,
  type WorkOrderCategory,
} from './work-order-rules.ts';
import type { WorkOrdersRepository } from './work-orders.repository.ts';
import {
  pendingStatuses,
  type AssigneeKind,
  type CloseInput,
  type CreateWorkOrderInput,
  type DisposeInput,
  type Metrics,
  type MetricsQuery,
  type SourceKind,
  type WorkOrder,
  type WorkOrderDetail,
  type WorkOrdersQuery,
  type WorkOrderStatus,
} from './work-orders.schemas.ts';

type Row = Awaited<ReturnType<ReturnType<WorkOrdersRepository['columns']>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const isPending = (s: string) => (pendingStatuses as readonly string[]).includes(s);

function toWorkOrder(r: Row, now: Date): WorkOrder {
  return {
    id: r.id,
    number: r.number,
    sourceKind: r.sourceKind as SourceKind,
    sourceId: r.sourceId,
    category: r.category as WorkOrderCategory,
    title: r.title,
    description: r.description,
    countyCode: r.countyCode,
    countyName: r.countyName,
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    coachId: r.coachId,
    coachName: r.coachName,
    assigneeKind: r.assigneeKind as AssigneeKind,
    status: r.status as WorkOrderStatus,
    dueAt: r.dueAt.toISOString(),
    overdue: isPending(r.status) && r.dueAt < now,
    wasOverdue: r.wasOverdue,
    disposalRound: r.disposalRound,
    reminderSentAt: iso(r.reminderSentAt),
    escalatedAt: iso(r.escalatedAt),
    escalatedTo: r.escalatedTo,
    createdAt: r.createdAt.toISOString(),
    firstDisposedAt: iso(r.firstDisposedAt),
    disposedAt: iso(r.disposedAt),
    closedAt: iso(r.closedAt),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What a new order is about and where it goes; the rest (number, deadline) the service derives. */
export type WorkOrderDraft = {
  sourceKind: SourceKind;
  sourceId: string | null;
  category: WorkOrderCategory;
  title: string;
  description: string;
  countyCode: string;
  schoolId: string | null;
  coachId: string | null;
  assigneeKind: AssigneeKind;
};

/** How high a regulator sits; a disposal is verified from above the level that made it. */
const levelOf: Partial<Record<Actor['role'], number>> = {
  [Role.regulatorCounty]: 1,
  [Role.regulatorCity]: 2,
  [Role.regulatorProvince]: 3,
};
const assigneeLevel: Record<AssigneeKind, number> = { school: 0, county: 1, city: 2 };

/**
 * 工单: problems pushed to whoever must fix them, with deadlines, reminders and escalation, disposal with
 * evidence, verification and closure by the supervising regulator, reopening. See the module README.
 */
export function createWorkOrdersService(deps: {
  db: Kysely<DB>;
  repo: WorkOrdersRepository;
  audit: AuditLogService;
  clock: Clock;
  events: DomainEventBus;
  /** Holidays and 调休 workdays: deadlines count working days with them (computed once, then stored). */
  calendar: WorkingCalendar;
}) {
  const { db, repo, audit, clock, events, calendar } = deps;

  const byId = (executor: Kysely<DB>, id: string) =>
    repo.columns(executor).where('w.id', '=', id).executeTakeFirst();

  async function detail(executor: Kysely<DB>, row: Row): Promise<WorkOrderDetail> {
    const [history, evidence, files, points] = await Promise.all([
      repo.events(executor, row.id),
      repo.evidence(executor, row.id),
      repo.fileList(executor, row.id),
      repo.coachPointsOf(executor, row.id),
    ]);
    return {
      ...toWorkOrder(row, clock.now()),
      events: history.map((e) => ({
        action: e.action as WorkOrderDetail['events'][number]['action'],
        actorName: e.actorName,
        note: e.note,
        at: e.at.toISOString(),
      })),
      evidence: evidence.map((v) => ({
        id: v.id,
        round: v.round,
        text: v.body,
        createdByName: v.createdByName,
        createdAt: v.createdAt.toISOString(),
        files: files
          .filter((f) => f.evidenceId === v.id)
          .map((f) => ({
            id: f.id,
            fileName: f.fileName,
            contentType: f.contentType,
            sizeBytes: f.sizeBytes,
          })),
      })),
      coachPoints: points ?? null,
    };
  }

  /** The notice recipient of the assignee: the school, or the regulator's own region code. */
  const assigneeRecipient = (o: { assigneeKind: string; schoolId: string | null; countyCode: string }) =>
    o.assigneeKind === 'school'
      ? { schoolId: o.schoolId }
      : { regionCode: o.assigneeKind === 'city' ? `${o.countyCode.slice(0, 4)}00` : o.countyCode };

  /**
   * Writes one order in `tx` (the caller's transaction, so an order exists exactly when what caused it
   * committed). A source that has an order already returns that order: events may be delivered twice.
   */
  async function open(
    tx: Kysely<DB>,
    actor: Pick<Actor, 'userId' | 'role'> | null,
    draft: WorkOrderDraft,
    createdBy: string | null = actor?.userId ?? null,
  ): Promise<{ id: string; created: boolean }> {
    const existing = draft.sourceId ? await repo.idBySource(tx, draft.sourceKind, draft.sourceId) : undefined;
    if (existing) return { id: existing, created: false };
    const now = clock.now();
    const day = beijingDay(now);
    const number = workOrderNumber(draft.countyCode, day, await repo.nextSequence(tx, draft.countyCode, day));
    const id = await repo.insert(tx, {
      ...draft,
      number,
      dueAt: dueAtFor(draft.category, now, await calendar.exceptionsFrom(tx, now)),
      createdBy,
      createdAt: now,
    });
    if (!id) {
      // Lost a race with another delivery of the same source between the look-up and the insert.
      return { id: (await repo.idBySource(tx, draft.sourceKind, draft.sourceId!))!, created: false };
    }
    await repo.insertEvent(tx, {
      workOrderId: id,
      action: 'created',
      actorUserId: createdBy,
      note: null,
      at: now,
    });
    await repo.insertNotice(tx, { workOrderId: id, kind: 'assigned', ...assigneeRecipient(draft), at: now });
    await audit.append(tx, actor, {
      action: 'workorders.created',
      entityType: 'work_order',
      entityId: id,
      regionCode: draft.countyCode,
      schoolId: draft.schoolId,
      details: {
        number,
        sourceKind: draft.sourceKind,
        sourceId: draft.sourceId,
        category: draft.category,
        assignee: draft.assigneeKind,
      },
    });
    return { id, created: true };
  }

  /** A manual review found the log invalid or partly valid: the school must correct it (RULES §4). */
  events.subscribe('review.decided', async (p: DomainEvents['review.decided'], tx) => {
    if (p.decision === 'valid') return;
    const school = await repo.school(tx, p.schoolId);
    if (!school) return; // a review of a school that does not exist cannot be routed; nothing to push
    const invalid = p.decision === 'invalid';
    const reasons = reviewReasonText(p.reasons);
    // Pushed by the platform on the reviewer's decision: the audit entry is the system's, the order
    // names the reviewer as its creator.
    await open(
      tx,
      null,
      {
        sourceKind: 'review',
        sourceId: p.reviewId,
        category: invalid ? 'hours_fraud' : 'hours_irregular',
        title: invalid ? '人工审核认定教学日志整体无效' : '人工审核认定教学日志部分有效',
        description: `教学日志 ${p.teachingLogId} 经人工审核认定${invalid ? '整体无效' : `部分有效（有效 ${p.validMinutes} 分钟）`}。原因：${reasons}。请核查并纠正学时记录，说明原因并上传处置证据。`,
        countyCode: school.countyCode,
        schoolId: school.id,
        coachId: p.coachId,
        assigneeKind: 'school',
      },
      p.reviewerId,
    );
  });

  function regionOf(actor: Actor) {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region' || !actor.regionCode) throw new AppError('auth.forbidden');
    return { scope, regionCode: actor.regionCode };
  }

  const sourceInvalid = (message: string) => new AppError('workorders.source_invalid', { message });

  /** Where a regulator's order goes: the school concerned, else a county (or the city) of the region. */
  async function routeOf(actor: Actor, input: CreateWorkOrderInput): Promise<WorkOrderDraft> {
    const { regionCode } = regionOf(actor);
    const inRegion = (county: string) => {
      if (!isInRegion(regionCode, county)) throw sourceInvalid('the issue is outside your region');
    };
    const base = { title: input.title.trim(), description: input.description.trim() };
    const fromSchool = async (
      sourceKind: SourceKind,
      sourceId: string | null,
      category: WorkOrderCategory,
      schoolId: string,
      coachId: string | null,
      countyCode: string,
    ): Promise<WorkOrderDraft> => {
      inRegion(countyCode);
      return {
        ...base,
        sourceKind,
        sourceId,
        category,
        countyCode,
        schoolId,
        coachId,
        assigneeKind: 'school',
      };
    };

    switch (input.sourceKind) {
      case 'anomaly': {
        const log = input.sourceId ? await repo.teachingLog(db, input.sourceId) : undefined;
        if (!log) throw sourceInvalid('an anomaly order names the flagged teaching log');
        return fromSchool(
          'anomaly',
          log.id,
          input.category ?? 'hours_fraud',
          log.schoolId,
          log.coachId,
          log.countyCode,
        );
      }
      case 'complaint': {
        const c = input.sourceId ? await repo.complaint(db, input.sourceId) : undefined;
        if (!c) throw sourceInvalid('no such complaint');
        inRegion(c.countyCode);
        // 转工单 is for complaints that reached the regulator: escalated, or answered by it.
        if (c.status !== 'escalated' && c.regulatorReply === null) {
          throw sourceInvalid('only a complaint escalated to the regulator becomes a work order');
        }
        if (!c.schoolId) {
          return {
            ...base,
            sourceKind: 'complaint',
            sourceId: c.id,
            category: 'complaint',
            countyCode: c.countyCode,
            schoolId: null,
            coachId: null,
            assigneeKind: 'county',
          };
        }
        return fromSchool('complaint', c.id, 'complaint', c.schoolId, c.coachId, c.countyCode);
      }
      case 'appeal': {
        const a = input.sourceId ? await repo.appeal(db, input.sourceId) : undefined;
        if (!a) throw sourceInvalid('no such appeal');
        inRegion(a.countyCode);
        if (a.stage !== 'regulator') {
          throw sourceInvalid('only an appeal escalated to the regulator becomes a work order');
        }
        return fromSchool('appeal', a.id, 'appeal', a.schoolId, a.coachId, a.countyCode);
      }
      case 'inspection':
      case 'manual': {
        if (input.sourceKind === 'inspection' && !input.sourceId) {
          throw sourceInvalid('an inspection order names the inspection record');
        }
        const sourceId = input.sourceKind === 'inspection' ? input.sourceId! : null;
        const category = input.category ?? (input.sourceKind === 'inspection' ? 'rectification' : 'other');
        if (input.schoolId) {
          const school = await repo.school(db, input.schoolId);
          if (!school) throw sourceInvalid('no such school');
          let coachId: string | null = null;
          if (input.coachId) {
            const coach = await repo.coach(db, input.coachId);
            if (!coach || coach.schoolId !== school.id) {
              throw sourceInvalid('the coach is not filed with this school');
            }
            coachId = coach.id;
          }
          return fromSchool(input.sourceKind, sourceId, category, school.id, coachId, school.countyCode);
        }
        if (input.coachId) throw sourceInvalid('a coach is named together with the school');
        const county = input.countyCode ? await repo.region(db, input.countyCode) : undefined;
        if (!county || county.level !== 'county') {
          throw sourceInvalid('an issue without a school names its county');
        }
        inRegion(county.code);
        const assigneeKind = input.assignee ?? 'county';
        if (assigneeKind === 'city' && (levelOf[actor.role] ?? 0) < 2) {
          throw sourceInvalid('only a city or province regulator keeps an order at the city');
        }
        return {
          ...base,
          sourceKind: input.sourceKind,
          sourceId,
          category,
          countyCode: county.code,
          schoolId: null,
          coachId: null,
          assigneeKind,
        };
      }
    }
  }

  /** An order in the caller's scope; outside it answers like a missing one. */
  async function scoped(actor: Actor, id: string): Promise<Row> {
    const row = await repo.scoped(db, schoolScopeOf(actor)).where('w.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('workorders.not_found');
    return row;
  }

  function requireVerifier(actor: Actor, row: Row) {
    if ((levelOf[actor.role] ?? 0) <= assigneeLevel[row.assigneeKind as AssigneeKind]) {
      throw new AppError('workorders.not_verifier', {
        message: `a ${row.assigneeKind} disposal is verified by a higher regulator`,
      });
    }
  }

  function requireReason(reason: string): string {
    const trimmed = reason.trim();
    if (trimmed.length < 2) throw new AppError('workorders.reason_required');
    return trimmed;
  }

  function decodeFiles(input: DisposeInput) {
    return input.files.map((f, position) => {
      const data = Buffer.from(f.dataBase64, 'base64');
      const fail = (message: string) =>
        new AppError('workorders.evidence_invalid', { message, details: { position } });
      if (data.length === 0 || data.length > MAX_EVIDENCE_FILE_BYTES) {
        throw fail(`file ${position} is ${data.length} bytes; 1..${MAX_EVIDENCE_FILE_BYTES} allowed`);
      }
      if (sniffEvidenceType(data) !== f.contentType) {
        throw fail(`file ${position} is not the ${f.contentType} it claims to be`);
      }
      return {
        position,
        fileName: f.fileName.trim() || `file-${position + 1}`,
        contentType: f.contentType,
        sizeBytes: data.length,
        data,
      };
    });
  }

  async function dispose(actor: Actor, row: Row, input: DisposeInput) {
    if (!isPending(row.status)) {
      throw new AppError('workorders.state', { message: `a ${row.status} order takes no disposal` });
    }
    const files = decodeFiles(input);
    const now = clock.now();
    const round = row.disposalRound + 1;
    await db.transaction().execute(async (tx) => {
      const changed = await repo.transition(tx, row.id, pendingStatuses, {
        status: 'disposed',
        disposalRound: round,
        disposedAt: now,
        firstDisposedAt: row.firstDisposedAt ?? now,
        wasOverdue: row.wasOverdue || now > row.dueAt,
        updatedAt: now,
      });
      if (changed !== 1) throw new AppError('workorders.state');
      await repo.insertEvidence(
        tx,
        { workOrderId: row.id, round, body: input.text.trim(), createdBy: actor.userId, createdAt: now },
        files,
      );
      await repo.insertEvent(tx, {
        workOrderId: row.id,
        action: 'disposed',
        actorUserId: actor.userId,
        note: null,
        at: now,
      });
      // The verifier hears of it: the county for a school's disposal, the city for a county's.
      await repo.insertNotice(tx, {
        workOrderId: row.id,
        kind: 'disposed',
        regionCode: row.assigneeKind === 'school' ? row.countyCode : `${row.countyCode.slice(0, 4)}00`,
        at: now,
      });
      await audit.append(tx, actor, {
        action: 'workorders.disposed',
        entityType: 'work_order',
        entityId: row.id,
        regionCode: row.countyCode,
        schoolId: row.schoolId,
        details: { number: row.number, round, files: files.length, late: now > row.dueAt },
      });
    });
    return detail(db, (await byId(db, row.id))!);
  }

  async function page(actor: Actor, query: WorkOrdersQuery) {
    let q = repo.scoped(db, schoolScopeOf(actor));
    const now = clock.now();
    if (query.status) q = q.where('w.status', '=', query.status);
    if (query.sourceKind) q = q.where('w.sourceKind', '=', query.sourceKind);
    if (query.schoolId) q = q.where('w.schoolId', '=', query.schoolId);
    if (query.escalated !== undefined) q = q.where('w.escalatedAt', query.escalated ? 'is not' : 'is', null);
    if (query.overdue !== undefined) {
      q = query.overdue
        ? q.where('w.status', 'in', [...pendingStatuses]).where('w.dueAt', '<', now)
        : q.where((w) => w.or([w('w.status', 'not in', [...pendingStatuses]), w('w.dueAt', '>=', now)]));
    }
    if (query.from) q = q.where('w.createdAt', '>=', periodBounds(query.from, query.from).start);
    if (query.to) q = q.where('w.createdAt', '<', periodBounds(query.to, query.to).end);
    const [rows, total] = await Promise.all([
      q
        .orderBy('w.createdAt', 'desc')
        .orderBy('w.number', 'desc')
        .limit(query.pageSize)
        .offset(offsetOf(query))
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => toWorkOrder(r, now)),
      total: Number(total.n),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function file(actor: Actor, id: string, fileId: string) {
    await scoped(actor, id);
    const found = await repo.file(db, id, fileId);
    if (!found) throw new AppError('workorders.not_found', { message: 'no such file' });
    return found;
  }

  return {
    /**
     * Creates an order for other modules (supervision actions' inspection findings) and for the
     * regulator's create route; pass `executor` to write inside the caller's transaction.
     */
    async createWorkOrder(
      actor: Actor,
      input: CreateWorkOrderInput,
      options: { executor?: Kysely<DB> } = {},
    ): Promise<{ created: boolean; workOrder: WorkOrderDetail }> {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      const draft = await routeOf(actor, input);
      const write = async (tx: Kysely<DB>) => {
        const { id, created } = await open(tx, actor, draft);
        return { created, workOrder: await detail(tx, (await byId(tx, id))!) };
      };
      return options.executor ? write(options.executor) : db.transaction().execute(write);
    },

    // ---- the regulator -----------------------------------------------------------------------------
    regulatorList(actor: Actor, query: WorkOrdersQuery) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      return page(actor, query);
    },

    async regulatorDetail(actor: Actor, id: string) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      return detail(db, await scoped(actor, id));
    },

    regulatorFile(actor: Actor, id: string, fileId: string) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      return file(actor, id, fileId);
    },

    /** A county (or city) regulator disposes an order assigned to its own level, like a school would. */
    async regulatorDispose(actor: Actor, id: string, input: DisposeInput) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      const { regionCode } = regionOf(actor);
      const row = await scoped(actor, id);
      const own =
        (row.assigneeKind === 'county' && regionCode === row.countyCode) ||
        (row.assigneeKind === 'city' && regionCode === `${row.countyCode.slice(0, 4)}00`);
      if (!own) throw new AppError('auth.forbidden', { message: 'the order is assigned to someone else' });
      return dispose(actor, row, input);
    },

    /**
     * Verification: the disposal evidence convinces, the order closes. A confirmed violation by the
     * order's coach adds points to the coach's record (once per order).
     */
    async close(actor: Actor, id: string, input: CloseInput) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      const row = await scoped(actor, id);
      requireVerifier(actor, row);
      if (row.status === 'closed') {
        throw new AppError('workorders.state', { message: 'the order is closed already' });
      }
      if (row.status !== 'disposed' || !(await repo.hasEvidence(db, row.id, row.disposalRound))) {
        throw new AppError('workorders.evidence_missing', {
          message: `a ${row.status} order has no disposal evidence to verify`,
        });
      }
      if (input.violation && !row.coachId) {
        throw new AppError('workorders.violation_invalid', { message: 'the order names no coach' });
      }
      const now = clock.now();
      const note = input.note.trim();
      await db.transaction().execute(async (tx) => {
        const changed = await repo.transition(tx, row.id, ['disposed'], {
          status: 'closed',
          closedAt: now,
          closedBy: actor.userId,
          updatedAt: now,
        });
        if (changed !== 1) throw new AppError('workorders.state');
        await repo.insertEvent(tx, {
          workOrderId: row.id,
          action: 'closed',
          actorUserId: actor.userId,
          note,
          at: now,
        });
        const pointsAdded =
          input.violation && row.coachId
            ? await repo.addCoachPoints(tx, {
                coachId: row.coachId,
                points: input.violation.points,
                workOrderId: row.id,
                reason: input.violation.reason.trim(),
                createdBy: actor.userId,
                createdAt: now,
              })
            : false;
        await audit.append(tx, actor, {
          action: 'workorders.closed',
          entityType: 'work_order',
          entityId: row.id,
          regionCode: row.countyCode,
          schoolId: row.schoolId,
          details: {
            number: row.number,
            round: row.disposalRound,
            coachPoints: pointsAdded ? input.violation!.points : 0,
          },
        });
      });
      return detail(db, (await byId(db, row.id))!);
    },

    /** Verification failed: back to the assignee with the reason and a short new deadline. */
    async returnToAssignee(actor: Actor, id: string, reason: string) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      const row = await scoped(actor, id);
      requireVerifier(actor, row);
      const why = requireReason(reason);
      if (row.status !== 'disposed') {
        throw new AppError('workorders.state', { message: `a ${row.status} order cannot be returned` });
      }
      const now = clock.now();
      return reassign(actor, row, {
        from: ['disposed'],
        to: 'returned',
        why,
        dueAt: dueAfterReturn(now, await calendar.exceptionsFrom(db, now)),
      });
    },

    /** A closed order opens again (the problem came back, or the closing was wrong), with a reason. */
    async reopen(actor: Actor, id: string, reason: string) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      regionOf(actor);
      const row = await scoped(actor, id);
      requireVerifier(actor, row);
      const why = requireReason(reason);
      if (row.status !== 'closed') {
        throw new AppError('workorders.state', { message: `a ${row.status} order is not closed` });
      }
      const now = clock.now();
      return reassign(actor, row, {
        from: ['closed'],
        to: 'reopened',
        why,
        dueAt: dueAtFor(row.category as WorkOrderCategory, now, await calendar.exceptionsFrom(db, now)),
      });
    },

    /** Pushed, disposed, rate, overdue, due and cleared of a region and period (definitions in the README). */
    async metrics(actor: Actor, query: MetricsQuery): Promise<Metrics> {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      const own = regionOf(actor).regionCode;
      const regionCode = query.regionCode ?? own;
      if (!isInRegion(own, regionCode)) {
        throw new AppError('auth.forbidden', { message: 'outside your region' });
      }
      if (query.from > query.to) {
        throw new AppError('request.invalid', { message: 'the period ends before it starts' });
      }
      return workOrderMetrics(regionCode, query.from, query.to);
    },

    async regulatorNotices(actor: Actor) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      const { regionCode } = regionOf(actor);
      return { items: (await repo.notices(db, { regionCode }, 50)).map(toNotice) };
    },

    /** 教练员记分: a coach of the region, the total and the last 12 months. */
    async coachPoints(actor: Actor, coachId: string) {
      requirePermission(actor, Permission.regulatorWorkOrdersHandle);
      const { regionCode } = regionOf(actor);
      const coach = await repo.coach(db, coachId);
      if (!coach || !isInRegion(regionCode, coach.countyCode)) throw new AppError('registry.coach_not_found');
      const entries = await repo.coachPointEntries(db, coachId);
      const yearAgo = new Date(clock.now().getTime());
      yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
      return {
        coachId: coach.id,
        coachName: coach.name,
        schoolId: coach.schoolId,
        schoolName: coach.schoolName,
        total: entries.reduce((sum, e) => sum + e.points, 0),
        last12Months: entries.filter((e) => e.createdAt >= yearAgo).reduce((sum, e) => sum + e.points, 0),
        entries: entries.map((e) => ({
          workOrderId: e.workOrderId,
          number: e.number,
          points: e.points,
          reason: e.reason,
          createdAt: e.createdAt.toISOString(),
        })),
      };
    },

    // ---- the school --------------------------------------------------------------------------------
    schoolList(actor: Actor, query: WorkOrdersQuery) {
      requirePermission(actor, Permission.schoolWorkOrdersHandle);
      schoolOf(actor);
      return page(actor, query);
    },

    async schoolDetail(actor: Actor, id: string) {
      requirePermission(actor, Permission.schoolWorkOrdersHandle);
      schoolOf(actor);
      return detail(db, await scoped(actor, id));
    },

    schoolFile(actor: Actor, id: string, fileId: string) {
      requirePermission(actor, Permission.schoolWorkOrdersHandle);
      schoolOf(actor);
      return file(actor, id, fileId);
    },

    async schoolDispose(actor: Actor, id: string, input: DisposeInput) {
      requirePermission(actor, Permission.schoolWorkOrdersHandle);
      schoolOf(actor);
      return dispose(actor, await scoped(actor, id), input);
    },

    async schoolNotices(actor: Actor) {
      requirePermission(actor, Permission.schoolWorkOrdersHandle);
      return { items: (await repo.notices(db, { schoolId: schoolOf(actor) }, 50)).map(toNotice) };
    },

    // ---- the jobs loop -----------------------------------------------------------------------------
    /**
     * Reminders before the deadline and escalation after it, each conditioned on the state it changes
     * (no reminder yet, not escalated yet, still waiting for a disposal), so a repeated run does nothing.
     */
    async applyDeadlines(): Promise<{ reminded: number; escalated: number }> {
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        let reminded = 0;
        const upcoming = await repo.dueForReminder(tx, now, REMINDER_HORIZON_MS);
        const exceptions = upcoming.length > 0 ? await calendar.exceptionsFrom(tx, now) : noExceptions;
        for (const o of upcoming) {
          if (remindAtFor(o.dueAt, exceptions) > now) continue;
          const changed = await tx
            .updateTable('workOrders')
            .set({ reminderSentAt: now })
            .where('id', '=', o.id)
            .where('reminderSentAt', 'is', null)
            .where('status', 'in', [...pendingStatuses])
            .executeTakeFirst();
          if (Number(changed.numUpdatedRows) !== 1) continue;
          reminded++;
          await repo.insertEvent(tx, {
            workOrderId: o.id,
            action: 'reminded',
            actorUserId: null,
            note: null,
            at: now,
          });
          await repo.insertNotice(tx, {
            workOrderId: o.id,
            kind: 'reminder',
            ...assigneeRecipient(o),
            at: now,
          });
          await audit.append(tx, null, {
            action: 'workorders.reminded',
            entityType: 'work_order',
            entityId: o.id,
            regionCode: o.countyCode,
            schoolId: o.schoolId,
            details: { dueAt: o.dueAt.toISOString() },
          });
        }
        let escalated = 0;
        for (const o of await repo.overdueNotEscalated(tx, now)) {
          // One level above the assignee: the city for a school's or county's order, the province for a city's.
          const to = o.assigneeKind === 'city' ? o.provinceCode : o.cityCode;
          if (!to) continue;
          const changed = await tx
            .updateTable('workOrders')
            .set({ escalatedAt: now, escalatedTo: to, wasOverdue: true, updatedAt: now })
            .where('id', '=', o.id)
            .where('escalatedAt', 'is', null)
            .where('status', 'in', [...pendingStatuses])
            .executeTakeFirst();
          if (Number(changed.numUpdatedRows) !== 1) continue;
          escalated++;
          await repo.insertEvent(tx, {
            workOrderId: o.id,
            action: 'escalated',
            actorUserId: null,
            note: to,
            at: now,
          });
          await repo.insertNotice(tx, { workOrderId: o.id, kind: 'escalated', regionCode: to, at: now });
          await repo.insertNotice(tx, {
            workOrderId: o.id,
            kind: 'escalated',
            ...assigneeRecipient(o),
            at: now,
          });
          await audit.append(tx, null, {
            action: 'workorders.escalated',
            entityType: 'work_order',
            entityId: o.id,
            regionCode: o.countyCode,
            schoolId: o.schoolId,
            details: { to, dueAt: o.dueAt.toISOString() },
          });
        }
        return { reminded, escalated };
      });
    },

    workOrderMetrics,
  };

  /** The metrics of any region code (no actor): for the monthly report and the dashboard. */
  async function workOrderMetrics(regionCode: string, from: string, to: string): Promise<Metrics> {
    const { start, end } = periodBounds(from, to);
    const asOf = clock.now();
    const m = await repo.metrics(db, regionPrefix(regionCode), start, end, asOf);
    return {
      regionCode,
      from,
      to,
      asOf: asOf.toISOString(),
      pushed: m.pushed,
      disposed: m.disposed,
      disposalRate: disposalRate(m.disposed, m.pushed),
      overdue: m.overdue,
      dueInPeriod: m.dueInPeriod,
      closedOfDue: m.closedOfDue,
      cleared: m.closedOfDue === m.dueInPeriod,
    };
  }

  function schoolOf(actor: Actor): string {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'school') throw new AppError('auth.forbidden');
    return scope.schoolId;
  }

  async function reassign(
    actor: Actor,
    row: Row,
    step: { from: WorkOrderStatus[]; to: 'returned' | 'reopened'; why: string; dueAt: Date },
  ) {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const changed = await repo.transition(tx, row.id, step.from, {
        status: step.to,
        dueAt: step.dueAt,
        // A new deadline earns a new reminder.
        reminderSentAt: null,
        ...(step.to === 'reopened' ? { closedAt: null, closedBy: null } : {}),
        updatedAt: now,
      });
      if (changed !== 1) throw new AppError('workorders.state');
      await repo.insertEvent(tx, {
        workOrderId: row.id,
        action: step.to,
        actorUserId: actor.userId,
        note: step.why,
        at: now,
      });
      await repo.insertNotice(tx, { workOrderId: row.id, kind: step.to, ...assigneeRecipient(row), at: now });
      await audit.append(tx, actor, {
        action: `workorders.${step.to}`,
        entityType: 'work_order',
        entityId: row.id,
        regionCode: row.countyCode,
        schoolId: row.schoolId,
        details: { number: row.number, reason: step.why, dueAt: step.dueAt.toISOString() },
      });
    });
    return detail(db, (await byId(db, row.id))!);
  }
}

function toNotice(n: {
  id: number;
  kind: string;
  workOrderId: string;
  number: string;
  title: string;
  dueAt: Date;
  createdAt: Date;
}) {
  return {
    id: Number(n.id),
    kind: n.kind as 'assigned' | 'reminder' | 'escalated' | 'returned' | 'reopened' | 'disposed',
    workOrderId: n.workOrderId,
    number: n.number,
    title: n.title,
    dueAt: n.dueAt.toISOString(),
    createdAt: n.createdAt.toISOString(),
  };
}

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;
