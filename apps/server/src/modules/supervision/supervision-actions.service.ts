import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { requirePermission, schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { WorkOrdersService } from '../work-orders/index.ts';
import type { SupervisionRepository } from './supervision.repository.ts';
import { actionSubject, chinaDate, isCalendarDate, isPenalty, type ActionKind } from './supervision.rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Actions recorded late are fine; a date before the platform's era is a typing error. */
const EARLIEST = '2000-01-01';
/** Kinds whose finding may go to the school as a work order (工单, category rectification). */
const WORK_ORDER_KINDS: ReadonlySet<ActionKind> = new Set(['qualification_check', 'rectification_order']);
/** Kinds whose record must say what was found or decided. */
const NOTE_REQUIRED: ReadonlySet<ActionKind> = new Set([
  'rectification_order',
  'penalty_school',
  'penalty_coach',
]);

export type NewAction = {
  kind: ActionKind;
  countyCode?: string | undefined;
  schoolId?: string | undefined;
  coachId?: string | undefined;
  enforcementId?: string | undefined;
  happenedOn?: string | undefined;
  note?: string | undefined;
  /** qualification_check / rectification_order: push the finding to the school as a work order. */
  createWorkOrder?: boolean | undefined;
};

const mismatch = (message: string, field: string) =>
  new AppError('supervision.subject_mismatch', { message, details: { field } });

/**
 * The actions regulators record (RULES §4; seed 001 工作举措 and 附件2): qualification checks, rectification
 * orders, graded interviews, centralized enforcement per county and the penalties decided on the spot.
 * Region-scoped: a county regulator records in its county, a city in its counties. Append-only.
 */
export function createSupervisionActionsService(deps: {
  db: Kysely<DB>;
  repo: SupervisionRepository;
  audit: AuditLogService;
  clock: Clock;
  workOrders: Pick<WorkOrdersService, 'createWorkOrder'>;
}) {
  const { db, repo, audit, clock, workOrders } = deps;

  function regionOf(actor: Actor): string {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('auth.forbidden', { message: 'not a regulator' });
    return scope.prefix;
  }

  /** Where the action happened and whom it named, from the kind's subject. */
  async function resolveTarget(tx: Kysely<DB>, input: NewAction) {
    const subject = actionSubject(input.kind);
    if (subject === 'county') {
      if (input.schoolId) throw mismatch(`${input.kind} names no school`, 'schoolId');
      if (input.coachId) throw mismatch(`${input.kind} names no coach`, 'coachId');
      if (!input.countyCode) throw mismatch(`${input.kind} needs the county`, 'countyCode');
      const county = await repo.findRegion(tx, input.countyCode);
      if (!county || county.level !== 'county') {
        throw mismatch(`${input.countyCode} is not a county`, 'countyCode');
      }
      return { countyCode: county.code, schoolId: null, coachId: null };
    }
    if (subject === 'school') {
      if (input.coachId) throw mismatch(`${input.kind} names a school, not a coach`, 'coachId');
      if (!input.schoolId) throw mismatch(`${input.kind} needs the school`, 'schoolId');
      const school = UUID.test(input.schoolId) ? await repo.findSchool(tx, input.schoolId) : undefined;
      if (!school) throw new AppError('registry.school_not_found');
      if (input.countyCode && input.countyCode !== school.countyCode) {
        throw mismatch('the school is not in that county', 'countyCode');
      }
      return { countyCode: school.countyCode, schoolId: school.id, coachId: null };
    }
    if (!input.coachId) throw mismatch(`${input.kind} needs the coach`, 'coachId');
    const coach = UUID.test(input.coachId) ? await repo.findCoach(tx, input.coachId) : undefined;
    if (!coach) throw new AppError('registry.coach_not_found');
    if (input.schoolId && input.schoolId !== coach.schoolId) {
      throw mismatch('the coach is not of that school', 'schoolId');
    }
    if (input.countyCode && input.countyCode !== coach.countyCode) {
      throw mismatch('the coach’s school is not in that county', 'countyCode');
    }
    return { countyCode: coach.countyCode, schoolId: coach.schoolId, coachId: coach.id };
  }

  /** A penalty on the spot points to an enforcement of the same county and takes its day. */
  async function resolveEnforcement(tx: Kysely<DB>, input: NewAction, countyCode: string) {
    if (!isPenalty(input.kind)) {
      if (input.enforcementId) throw mismatch(`${input.kind} belongs to no enforcement`, 'enforcementId');
      return null;
    }
    if (!input.enforcementId) {
      throw new AppError('supervision.enforcement_required', {
        message: 'a penalty on the spot names the centralized enforcement it was decided at',
      });
    }
    const enforcement = UUID.test(input.enforcementId)
      ? await repo.findAction(tx, input.enforcementId)
      : undefined;
    if (!enforcement || enforcement.kind !== 'enforcement') {
      throw new AppError('supervision.enforcement_required', { message: 'no such enforcement' });
    }
    if (enforcement.countyCode !== countyCode) {
      throw mismatch('the enforcement was held in another county', 'enforcementId');
    }
    if (input.happenedOn && input.happenedOn !== enforcement.happenedOn) {
      throw new AppError('supervision.date_invalid', {
        message: `a penalty on the spot happens on the enforcement's day (${enforcement.happenedOn})`,
        details: { field: 'happenedOn' },
      });
    }
    return enforcement;
  }

  /**
   * The finding goes to the school as a work order (工单, category rectification) once the action is
   * committed: the work-orders service reads through its own connection, so it cannot join our
   * transaction on the single-connection embedded database. The action's checks already cover what the
   * order needs (a school of the actor's region, a note), so this step failing is an outage, not input.
   */
  async function pushWorkOrder(
    actor: Actor,
    kind: ActionKind,
    actionId: string,
    schoolId: string,
    note: string,
  ) {
    const school = await repo.findSchool(db, schoolId);
    const title = kind === 'rectification_order' ? '限期整改' : '资质核查发现问题';
    const { workOrder } = await workOrders.createWorkOrder(actor, {
      sourceKind: 'inspection',
      sourceId: actionId,
      category: 'rectification',
      title: `${title}：${school?.name ?? ''}`.slice(0, 100),
      description: note,
      schoolId,
    });
    return workOrder.number;
  }

  return {
    async record(actor: Actor, input: NewAction) {
      requirePermission(actor, Permission.regulatorActionsWrite);
      const prefix = regionOf(actor);
      // 分级约谈: the city interviews its counties' authorities, the county interviews its schools.
      if (input.kind === 'interview_authority' && actor.role === 'regulator_county') {
        throw new AppError('supervision.kind_not_allowed', {
          message: 'county authorities are interviewed by their city or province',
        });
      }
      const note = (input.note ?? '').trim();
      if ((NOTE_REQUIRED.has(input.kind) || input.createWorkOrder) && !note) {
        throw new AppError('supervision.note_required', { message: `${input.kind} needs a note` });
      }
      if (input.createWorkOrder && !WORK_ORDER_KINDS.has(input.kind)) {
        throw mismatch(`${input.kind} does not create a work order`, 'createWorkOrder');
      }
      const day = chinaDate(clock.now());
      if (input.happenedOn !== undefined) {
        if (!isCalendarDate(input.happenedOn) || input.happenedOn < EARLIEST) {
          throw new AppError('supervision.date_invalid', {
            message: `${input.happenedOn} is not a date`,
            details: { field: 'happenedOn' },
          });
        }
        if (input.happenedOn > day) {
          throw new AppError('supervision.date_invalid', {
            message: 'an action is recorded after it happened',
            details: { field: 'happenedOn' },
          });
        }
      } else if (!isPenalty(input.kind)) {
        throw new AppError('supervision.date_invalid', {
          message: 'happenedOn is required',
          details: { field: 'happenedOn' },
        });
      }

      const { id, schoolId } = await db.transaction().execute(async (tx) => {
        const target = await resolveTarget(tx, input);
        if (!target.countyCode.startsWith(prefix)) {
          throw new AppError('auth.forbidden', { message: 'outside the region' });
        }
        const enforcement = await resolveEnforcement(tx, input, target.countyCode);
        const happenedOn = enforcement?.happenedOn ?? input.happenedOn ?? day;
        const { id } = await repo.insertAction(tx, {
          kind: input.kind,
          ...target,
          enforcementId: enforcement?.id ?? null,
          happenedOn,
          note,
          createdBy: actor.userId,
          createdAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'supervision.action.recorded',
          entityType: 'supervision_actions',
          entityId: id,
          regionCode: target.countyCode,
          schoolId: target.schoolId,
          details: { kind: input.kind, coachId: target.coachId, happenedOn, note },
        });
        return { id, schoolId: target.schoolId };
      });
      const workOrderNumber =
        input.createWorkOrder && schoolId ? await pushWorkOrder(actor, input.kind, id, schoolId, note) : null;
      const row = await repo.findActionView(db, id);
      if (!row) throw new AppError('internal.error', { message: 'recorded action vanished' });
      return { ...toApi(row), workOrderNumber };
    },

    async list(
      actor: Actor,
      query: { kind?: ActionKind | undefined; from?: string | undefined; to?: string | undefined },
    ) {
      requirePermission(actor, Permission.regulatorActionsWrite);
      const rows = await repo.listActions(db, { prefix: regionOf(actor), ...query });
      return { items: rows.map(toApi) };
    },
  };
}

function toApi<R extends { kind: string; createdAt: Date }>(row: R) {
  return { ...row, kind: row.kind as ActionKind, createdAt: row.createdAt.toISOString() };
}

export type SupervisionActionsService = ReturnType<typeof createSupervisionActionsService>;
