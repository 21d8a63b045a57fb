import { Type, type Static } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Stars = Type.Integer({ minimum: 1, maximum: 5 });
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const complaintKinds = ['complaint', 'suggestion'] as const;
/** 退费纠纷, 教学质量, 乱收费, 学时问题, 服务态度, 其他. */
export const complaintCategories = [
  'refund_dispute',
  'teaching_quality',
  'extra_fees',
  'training_hours',
  'service_attitude',
  'other',
] as const;
export const complaintTargets = ['school', 'coach', 'platform'] as const;
export const complaintStatuses = ['submitted', 'school_replied', 'escalated', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];
export const evaluationStatuses = ['published', 'held', 'hidden'] as const;
export type EvaluationStatus = (typeof evaluationStatuses)[number];

// Mainland mobile numbers: the only phones a callback or an SMS can reach.
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$' });
const TrackingNumber = Type.String({ pattern: '^TS[0-9]{12}$' });
const IdempotencyKey = Type.String({ minLength: 8, maxLength: 100 });

// ---- evaluations ----------------------------------------------------------------------------------

export const SchoolParamsSchema = Type.Object({ schoolId: Uuid });
export const IdParamsSchema = Type.Object({ id: Uuid });
export const AttachmentParamsSchema = Type.Object({ id: Uuid, attachmentId: Uuid });
export const PublicEvaluationsQuerySchema = PageQuerySchema;

export const CreateEvaluationSchema = Type.Object({
  stageSubmissionId: Uuid,
  overall: Stars,
  teaching: Stars,
  attitude: Stars,
  car: Stars,
  environment: Stars,
  text: Type.String({ maxLength: 500, default: '' }),
});
export type CreateEvaluation = Static<typeof CreateEvaluationSchema>;

const StarsFields = {
  overall: Type.Integer(),
  teaching: Type.Integer(),
  attitude: Type.Integer(),
  car: Type.Integer(),
  environment: Type.Integer(),
};

/** What anyone may read: no trainee identity. */
export const PublicEvaluationSchema = Type.Object({
  id: Type.String(),
  part: Type.Integer(),
  coachName: Nullable(Type.String()),
  ...StarsFields,
  text: Type.String(),
  createdAt: Type.String(),
});
export const PublicEvaluationPageSchema = pageOf(PublicEvaluationSchema);

export const EvaluationSchema = Type.Object({
  id: Type.String(),
  stageSubmissionId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  traineeId: Type.String(),
  part: Type.Integer(),
  ...StarsFields,
  text: Type.String(),
  status: literals(evaluationStatuses),
  holdReasons: Type.Array(Type.String()),
  moderationReason: Nullable(Type.String()),
  moderatedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const EvaluationResultSchema = Type.Object({ created: Type.Boolean(), evaluation: EvaluationSchema });
export const EvaluationPageSchema = pageOf(EvaluationSchema);

export const InvitationSchema = Type.Object({
  stageSubmissionId: Type.String(),
  part: Type.Integer(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  invitedAt: Type.String(),
  evaluation: Nullable(EvaluationSchema),
});
export const InvitationListSchema = Type.Object({ items: Type.Array(InvitationSchema) });

export const RatingSummarySchema = Type.Object({
  schoolId: Type.String(),
  count: Type.Integer(),
  overall: Nullable(Type.Number()),
  teaching: Nullable(Type.Number()),
  attitude: Nullable(Type.Number()),
  car: Nullable(Type.Number()),
  environment: Nullable(Type.Number()),
});
export type RatingSummary = Static<typeof RatingSummarySchema>;

export const RegulatorEvaluationsQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({ status: Type.Optional(literals(evaluationStatuses)), schoolId: Type.Optional(Uuid) }),
]);
export type RegulatorEvaluationsQuery = Static<typeof RegulatorEvaluationsQuerySchema>;

export const ModerateEvaluationSchema = Type.Object({
  // hide: take it down with a reason; publish: release a held one or restore a hidden one.
  action: literals(['hide', 'publish'] as const),
  reason: Type.String({ minLength: 1, maxLength: 200 }),
});
export type ModerateEvaluation = Static<typeof ModerateEvaluationSchema>;

// ---- complaints -----------------------------------------------------------------------------------

const AttachmentInput = Type.Object({
  contentType: literals(['image/jpeg', 'image/png'] as const),
  // A little over 300 KB once decoded, so an oversize image gets the service's clear error.
  dataBase64: Type.String({ minLength: 4, maxLength: 420_000 }),
});

const ComplaintFields = {
  kind: literals(complaintKinds),
  category: literals(complaintCategories),
  target: literals(complaintTargets),
  /** Required for school and coach targets. */
  schoolId: Type.Optional(Uuid),
  /** Required for the coach target; the coach must be filed with schoolId. */
  coachId: Type.Optional(Uuid),
  /** Required for the platform target: the county whose regulator handles it. */
  countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  text: Type.String({ minLength: 5, maxLength: 2000 }),
  attachments: Type.Array(AttachmentInput, { maxItems: 3, default: [] }),
  idempotencyKey: IdempotencyKey,
};
export const TraineeComplaintSchema = Type.Object(ComplaintFields);
export const PublicComplaintSchema = Type.Object({
  ...ComplaintFields,
  name: Type.String({ minLength: 2, maxLength: 30 }),
  phone: Phone,
});
export type ComplaintInput = Static<typeof TraineeComplaintSchema>;
export type PublicComplaintInput = Static<typeof PublicComplaintSchema>;

export const ComplaintLookupSchema = Type.Object({ trackingNumber: TrackingNumber, phone: Phone });
export type ComplaintLookup = Static<typeof ComplaintLookupSchema>;

export const SatisfactionSchema = Type.Object({ satisfied: Type.Boolean() });
export const PublicSatisfactionSchema = Type.Object({
  trackingNumber: TrackingNumber,
  phone: Phone,
  satisfied: Type.Boolean(),
});

export const ReplySchema = Type.Object({ text: Type.String({ minLength: 2, maxLength: 2000 }) });
export const RegulatorReplySchema = Type.Object({
  text: Type.String({ minLength: 2, maxLength: 2000 }),
  // resolved: answered on the merits; invalid: not a real complaint (spam, duplicate), closed and not
  // counted in the school's public rate.
  outcome: literals(['resolved', 'invalid'] as const),
});
export type RegulatorReply = Static<typeof RegulatorReplySchema>;

export const ComplaintSchema = Type.Object({
  id: Type.String(),
  trackingNumber: Type.String(),
  kind: literals(complaintKinds),
  category: literals(complaintCategories),
  target: literals(complaintTargets),
  schoolId: Nullable(Type.String()),
  schoolName: Nullable(Type.String()),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  countyCode: Type.String(),
  text: Type.String(),
  complainantName: Type.String(),
  /** Masked for schools, whole for the regulator and the complainant. */
  complainantPhone: Type.String(),
  byTrainee: Type.Boolean(),
  status: literals(complaintStatuses),
  escalationReason: Nullable(Type.String()),
  schoolDueAt: Nullable(Type.String()),
  regulatorDueAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
  schoolReply: Nullable(Type.String()),
  schoolRepliedAt: Nullable(Type.String()),
  regulatorReply: Nullable(Type.String()),
  regulatorRepliedAt: Nullable(Type.String()),
  satisfaction: Nullable(literals(['satisfied', 'unsatisfied'] as const)),
  closeReason: Nullable(Type.String()),
  attachments: Type.Array(
    Type.Object({ id: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer() }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ComplaintResultSchema = Type.Object({ created: Type.Boolean(), complaint: ComplaintSchema });
export const ComplaintPageSchema = pageOf(ComplaintSchema);
export const ComplaintListSchema = Type.Object({ items: Type.Array(ComplaintSchema) });

export const ComplaintsQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(literals(complaintStatuses)),
    overdue: Type.Optional(Type.Boolean()),
    schoolId: Type.Optional(Uuid),
  }),
]);
export type ComplaintsQuery = Static<typeof ComplaintsQuerySchema>;

export const ComplaintStatsSchema = Type.Object({
  byStatus: Type.Object(Object.fromEntries(complaintStatuses.map((s) => [s, Type.Integer()]))),
  /** Still with the school past its deadline (the job escalates them on its next run). */
  overdueAtSchool: Type.Integer(),
  /** With the regulator past its deadline. */
  overdueAtRegulator: Type.Integer(),
});

export const ComplaintRateSchema = Type.Object({
  schoolId: Type.String(),
  complaintCount: Type.Integer(),
  activeVehicleCount: Type.Integer(),
  /** complaints of the last 12 months × 100 ÷ active cars, 2 decimals; null without cars. */
  per100Cars: Nullable(Type.Number()),
  windowFrom: Type.String(),
  windowTo: Type.String(),
});
export type ComplaintRate = Static<typeof ComplaintRateSchema>;
