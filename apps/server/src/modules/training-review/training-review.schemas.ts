import { Type, type Static } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Part = Type.Integer({ minimum: 1, maximum: 4 });
const Verdict = Type.Union(['pending', 'valid', 'partial', 'invalid'].map((v) => Type.Literal(v)));
/** 未申诉 none, 待处理 pending, 已完成 done, 驳回 rejected. */
const AppealStatus = Type.Union(['none', 'pending', 'done', 'rejected'].map((v) => Type.Literal(v)));
const RecordNumber = Type.String({ minLength: 26, maxLength: 26 });
const Note = Type.String({ minLength: 1, maxLength: 500 });

export const LogParamsSchema = Type.Object({ logId: Uuid });
export const IdParamsSchema = Type.Object({ id: Uuid });
export const PhotoParamsSchema = Type.Object({ photoId: Uuid });

export const ReasonSchema = Type.Object({ code: Type.String(), text: Type.String() });

export const LogSummarySchema = Type.Object({
  id: Type.String(),
  source: Type.String(),
  traineeId: Type.String(),
  traineeName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  vehiclePlate: Nullable(Type.String()),
  courseCode: Type.String(),
  licenceClass: Type.String(),
  part: Type.Integer(),
  startedAt: Type.String(),
  endedAt: Type.String(),
  totalMinutes: Type.Integer(),
  creditedMinutes: Type.Integer(),
  mileageM: Type.Integer(),
  verdict: Verdict,
  sessionReasons: Type.Array(ReasonSchema),
  schoolReview: Type.String(),
  appealStatus: AppealStatus,
});

export const AppealSchema = Type.Object({
  id: Type.String(),
  teachingLogId: Type.String(),
  traineeId: Type.String(),
  traineeName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  reason: Type.String(),
  status: AppealStatus,
  stage: Type.Union([Type.Literal('school'), Type.Literal('regulator')]),
  schoolReply: Nullable(Type.String()),
  schoolRepliedAt: Nullable(Type.String()),
  regulatorReply: Nullable(Type.String()),
  regulatorRepliedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  log: Type.Object({
    startedAt: Type.String(),
    part: Type.Integer(),
    verdict: Verdict,
    creditedMinutes: Type.Integer(),
    totalMinutes: Type.Integer(),
  }),
});

export const LogDetailSchema = Type.Composite([
  LogSummarySchema,
  Type.Object({
    minutes: Type.Array(
      Type.Object({
        recordNumber: Type.String(),
        recordedAt: Type.String(),
        valid: Type.Boolean(),
        autoValid: Type.Boolean(),
        reasons: Type.Array(ReasonSchema),
        overridden: Type.Boolean(),
        overrideNote: Nullable(Type.String()),
        latitude: Nullable(Type.Number()),
        longitude: Nullable(Type.Number()),
        mileageM: Type.Integer(),
      }),
    ),
    photos: Type.Array(
      Type.Object({
        id: Type.String(),
        takenAt: Nullable(Type.String()),
        eventType: Type.Integer(),
        faceConfidence: Nullable(Type.Integer()),
        complete: Type.Boolean(),
      }),
    ),
    track: Type.Object({ points: Type.Integer(), maxSpeedKmh: Type.Number(), mileageM: Type.Integer() }),
    appeals: Type.Array(AppealSchema),
  }),
]);

export const PartProgressSchema = Type.Object({
  part: Type.Integer(),
  requiredMinutes: Nullable(Type.Integer()),
  requiredMileageM: Nullable(Type.Integer()),
  /** Classroom minutes the part needs at least (null when the syllabus is missing). */
  classroomMinMinutes: Nullable(Type.Integer()),
  creditedMinutes: Type.Integer(),
  classroomMinutes: Type.Integer(),
  mileageM: Type.Integer(),
  /** Sessions not audited yet: their minutes are not counted. */
  pendingSessions: Type.Integer(),
  complete: Type.Boolean(),
});

export const LedgerSchema = Type.Object({
  syllabus: Nullable(Type.Object({ edition: Type.String(), effectiveFrom: Type.String() })),
  parts: Type.Array(PartProgressSchema),
  items: Type.Array(LogSummarySchema),
});

export const CreateAppealSchema = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
  idempotencyKey: Type.String({ minLength: 8, maxLength: 100 }),
});
export type CreateAppeal = Static<typeof CreateAppealSchema>;

export const LogQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    traineeId: Type.Optional(Uuid),
    coachId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    verdict: Type.Optional(Verdict),
    part: Type.Optional(Part),
  }),
]);
export type LogQuery = Static<typeof LogQuerySchema>;
export const LogPageSchema = pageOf(LogSummarySchema);

const MinuteChange = Type.Object({ recordNumber: RecordNumber, valid: Type.Boolean() });
export const ReviewMinutesSchema = Type.Object({
  minutes: Type.Array(MinuteChange, { minItems: 1, maxItems: 2000 }),
  note: Note,
});

export const AppealQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(Type.Union(['pending', 'done', 'rejected'].map((v) => Type.Literal(v)))),
  }),
]);
export const AppealPageSchema = pageOf(AppealSchema);

export const SchoolAppealReplySchema = Type.Object({
  decision: Type.Union([Type.Literal('uphold'), Type.Literal('reject'), Type.Literal('escalate')]),
  reply: Note,
  minutes: Type.Optional(Type.Array(MinuteChange, { maxItems: 2000 })),
});
export const RegulatorAppealReplySchema = Type.Object({
  decision: Type.Union([Type.Literal('uphold'), Type.Literal('reject')]),
  reply: Note,
  minutes: Type.Optional(Type.Array(MinuteChange, { maxItems: 2000 })),
});

export const StageCandidatePageSchema = pageOf(
  Type.Object({
    traineeId: Type.String(),
    traineeName: Type.String(),
    traineeNumber: Type.String(),
    licenceClass: Type.String(),
    syllabusMissing: Type.Boolean(),
    parts: Type.Array(
      Type.Composite([
        PartProgressSchema,
        Type.Object({
          submission: Nullable(Type.Object({ id: Type.String(), status: Type.String() })),
        }),
      ]),
    ),
  }),
);

export const SubmitStageSchema = Type.Object({ traineeId: Uuid, part: Part });

const RejectionItem = Type.Object({ teachingLogId: Uuid, reason: Note });
export const SubmissionSchema = Type.Object({
  id: Type.String(),
  traineeId: Type.String(),
  traineeName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  part: Type.Integer(),
  creditedMinutes: Type.Integer(),
  mileageM: Type.Integer(),
  teachingLogIds: Type.Array(Type.String()),
  recordSha256: Type.String(),
  status: Type.Union(['submitted', 'approved', 'rejected'].map((v) => Type.Literal(v))),
  submittedAt: Type.String(),
  reviewedAt: Nullable(Type.String()),
  rejection: Nullable(Type.Array(RejectionItem)),
});
export const SubmissionPageSchema = pageOf(SubmissionSchema);
export const SubmissionQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(Type.Union(['submitted', 'approved', 'rejected'].map((v) => Type.Literal(v)))),
  }),
]);
export const SubmissionDetailSchema = Type.Composite([
  SubmissionSchema,
  Type.Object({
    logs: Type.Array(LogSummarySchema),
    signatureValid: Type.Boolean(),
    publicKeyPem: Nullable(Type.String()),
  }),
]);
export const RejectStageSchema = Type.Object({
  logs: Type.Array(RejectionItem, { minItems: 1, maxItems: 500 }),
});
