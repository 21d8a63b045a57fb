import { Type, type Static } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';
import { evidenceContentTypes, workOrderCategories } from './work-order-rules.ts';

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const sourceKinds = ['anomaly', 'review', 'appeal', 'complaint', 'inspection', 'manual'] as const;
export type SourceKind = (typeof sourceKinds)[number];
export const workOrderStatuses = ['open', 'disposed', 'returned', 'reopened', 'closed'] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];
/** Waiting for the assignee: a disposal is due. */
export const pendingStatuses: readonly WorkOrderStatus[] = ['open', 'returned', 'reopened'];
export const assigneeKinds = ['school', 'county', 'city'] as const;
export type AssigneeKind = (typeof assigneeKinds)[number];
export const eventActions = [
  'created',
  'disposed',
  'returned',
  'closed',
  'reopened',
  'reminded',
  'escalated',
] as const;
export const noticeKinds = ['assigned', 'reminder', 'escalated', 'returned', 'reopened', 'disposed'] as const;

export const IdParamsSchema = Type.Object({ id: Uuid });
export const FileParamsSchema = Type.Object({ id: Uuid, fileId: Uuid });
export const CoachParamsSchema = Type.Object({ coachId: Uuid });

export const WorkOrderSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  sourceKind: literals(sourceKinds),
  sourceId: Nullable(Type.String()),
  category: literals(workOrderCategories),
  title: Type.String(),
  description: Type.String(),
  countyCode: Type.String(),
  countyName: Type.String(),
  schoolId: Nullable(Type.String()),
  schoolName: Nullable(Type.String()),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  assigneeKind: literals(assigneeKinds),
  status: literals(workOrderStatuses),
  dueAt: Type.String(),
  /** Waiting for a disposal past its deadline right now. */
  overdue: Type.Boolean(),
  /** Went past a deadline at least once (the overdue metric). */
  wasOverdue: Type.Boolean(),
  disposalRound: Type.Integer(),
  reminderSentAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  escalatedTo: Nullable(Type.String()),
  createdAt: Type.String(),
  firstDisposedAt: Nullable(Type.String()),
  disposedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export type WorkOrder = Static<typeof WorkOrderSchema>;

export const EvidenceFileSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
});
export const WorkOrderDetailSchema = Type.Composite([
  WorkOrderSchema,
  Type.Object({
    events: Type.Array(
      Type.Object({
        action: literals(eventActions),
        actorName: Nullable(Type.String()),
        note: Nullable(Type.String()),
        at: Type.String(),
      }),
    ),
    evidence: Type.Array(
      Type.Object({
        id: Type.String(),
        round: Type.Integer(),
        text: Type.String(),
        createdByName: Type.String(),
        createdAt: Type.String(),
        files: Type.Array(EvidenceFileSchema),
      }),
    ),
    /** 教练员记分 added when this order was closed with a confirmed violation. */
    coachPoints: Nullable(Type.Object({ points: Type.Integer(), reason: Type.String() })),
  }),
]);
export type WorkOrderDetail = Static<typeof WorkOrderDetailSchema>;
export const WorkOrderPageSchema = pageOf(WorkOrderSchema);
export const WorkOrderResultSchema = Type.Object({
  created: Type.Boolean(),
  workOrder: WorkOrderDetailSchema,
});

export const WorkOrdersQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(literals(workOrderStatuses)),
    sourceKind: Type.Optional(literals(sourceKinds)),
    overdue: Type.Optional(Type.Boolean()),
    escalated: Type.Optional(Type.Boolean()),
    schoolId: Type.Optional(Uuid),
    /** Pushed (created) from this Beijing day … */
    from: Type.Optional(Day),
    /** … to this one, included. */
    to: Type.Optional(Day),
  }),
]);
export type WorkOrdersQuery = Static<typeof WorkOrdersQuerySchema>;

/** What a regulator may create by hand; review orders come only from the review.decided event. */
export const createSourceKinds = ['anomaly', 'appeal', 'complaint', 'inspection', 'manual'] as const;
export const CreateWorkOrderSchema = Type.Object({
  sourceKind: literals(createSourceKinds),
  /** anomaly: the teaching log; appeal, complaint: its id (转工单); inspection: the inspection record. */
  sourceId: Type.Optional(Uuid),
  /** Defaults from the source (complaint, appeal, anomaly → hours_fraud); required otherwise. */
  category: Type.Optional(literals(workOrderCategories)),
  title: Type.String({ minLength: 2, maxLength: 100 }),
  description: Type.String({ minLength: 2, maxLength: 2000 }),
  /** The school concerned (inspection, manual); complaint, appeal and anomaly orders take the source's. */
  schoolId: Type.Optional(Uuid),
  coachId: Type.Optional(Uuid),
  /** For an issue without a school: the county it belongs to. */
  countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  /** Without a school: the county regulator by default; a city or province regulator may keep it at the city. */
  assignee: Type.Optional(literals(['county', 'city'] as const)),
});
export type CreateWorkOrderInput = Static<typeof CreateWorkOrderSchema>;

const EvidenceFileInput = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 120 }),
  contentType: literals(evidenceContentTypes),
  // A little over 1 MB once decoded, so an oversize file gets the service's clear error.
  dataBase64: Type.String({ minLength: 4, maxLength: 1_420_000 }),
});
export const DisposeSchema = Type.Object({
  text: Type.String({ minLength: 5, maxLength: 2000 }),
  files: Type.Array(EvidenceFileInput, { maxItems: 5, default: [] }),
});
export type DisposeInput = Static<typeof DisposeSchema>;

export const CloseSchema = Type.Object({
  note: Type.String({ minLength: 2, maxLength: 500 }),
  /** The coach's violation is confirmed: points added to the coach's record (教练员记分). */
  violation: Type.Optional(
    Type.Object({
      points: Type.Integer({ minimum: 1, maximum: 12 }),
      reason: Type.String({ minLength: 2, maxLength: 500 }),
    }),
  ),
});
export type CloseInput = Static<typeof CloseSchema>;

/** Why it goes back (return) or is opened again (reopen): required, so history always says why. */
export const ReasonSchema = Type.Object({ reason: Type.String({ maxLength: 500 }) });

export const MetricsQuerySchema = Type.Object({
  from: Day,
  to: Day,
  /** A region inside the caller's; the caller's own by default. */
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
});
export type MetricsQuery = Static<typeof MetricsQuerySchema>;
export const MetricsSchema = Type.Object({
  regionCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  /** Counts are as of this instant (now). */
  asOf: Type.String(),
  /** 推送: orders created in the period. */
  pushed: Type.Integer(),
  /** 已处置: of those, disposed at least once by asOf (closed ones included). */
  disposed: Type.Integer(),
  /** 处置率: disposed ÷ pushed, a percentage with one decimal; null when nothing was pushed. */
  disposalRate: Nullable(Type.Number()),
  /** 超期: of those pushed, the ones that went past a deadline at least once. */
  overdue: Type.Integer(),
  /** Orders whose current deadline falls in the period … */
  dueInPeriod: Type.Integer(),
  /** … and of those, the closed ones. */
  closedOfDue: Type.Integer(),
  /** 按时清零: every order due in the period is closed (true when none was due). */
  cleared: Type.Boolean(),
});
export type Metrics = Static<typeof MetricsSchema>;

export const NoticeListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: literals(noticeKinds),
      workOrderId: Type.String(),
      number: Type.String(),
      title: Type.String(),
      dueAt: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

export const CoachPointsSchema = Type.Object({
  coachId: Type.String(),
  coachName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  total: Type.Integer(),
  /** Points of the last 12 months (a 记分周期). */
  last12Months: Type.Integer(),
  entries: Type.Array(
    Type.Object({
      workOrderId: Type.String(),
      number: Type.String(),
      points: Type.Integer(),
      reason: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});
