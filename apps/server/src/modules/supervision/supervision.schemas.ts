import { Type } from '@sinclair/typebox';
import { ACTION_KINDS, COACH_SANCTIONS, SCHOOL_SANCTIONS } from './supervision.rules.ts';

const Uuid = Type.String({ format: 'uuid' });
/** The shape only: whether it is a real calendar day (and not in the future) is the service's call. */
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Subject = literals(['school', 'coach'] as const);
const SanctionSchema = literals([...new Set([...SCHOOL_SANCTIONS, ...COACH_SANCTIONS])]);
const ActionKindSchema = literals(ACTION_KINDS);

export const EntryParamsSchema = Type.Object({ id: Uuid });

export const EntryQuerySchema = Type.Object({
  subject: Type.Optional(Subject),
  /** current (default): not lifted, not past its last day; lifted: removed after review; all: the history. */
  state: Type.Optional(literals(['current', 'lifted', 'all'] as const)),
});

export const EntrySchema = Type.Object({
  id: Uuid,
  subject: Subject,
  schoolId: Uuid,
  schoolName: Type.String(),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  countyCode: Type.String(),
  reason: Type.String(),
  sanction: Type.String(),
  fromDate: Day,
  untilDate: Nullable(Day),
  liftedAt: Nullable(Type.String({ format: 'date-time' })),
  liftedOn: Nullable(Day),
  liftNote: Nullable(Type.String()),
  liftedBy: Nullable(Type.String()),
  /** Null for entries carried over from before the key-supervision list (seed data). */
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const EntryListSchema = Type.Object({
  /** The day "active" was judged on (China time). */
  today: Day,
  items: Type.Array(
    Type.Composite([
      EntrySchema,
      Type.Object({ status: literals(['active', 'upcoming', 'ended', 'lifted'] as const) }),
    ]),
  ),
});

export const CreateEntrySchema = Type.Object(
  {
    subject: Subject,
    /** The school (subject school); for a coach optional, and then it must be the coach's school. */
    schoolId: Type.Optional(Uuid),
    coachId: Type.Optional(Uuid),
    reason: Type.String({ maxLength: 500 }),
    /** school: rectify | enrolment_stopped | business_suspended; coach: suspended | rectify. */
    sanction: SanctionSchema,
    /** Defaults to today (China time); at most 31 days ahead. */
    fromDate: Type.Optional(Day),
    /** Last day; omitted: until lifted after review. */
    untilDate: Type.Optional(Day),
  },
  { additionalProperties: false },
);

export const LiftEntrySchema = Type.Object(
  { note: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
);

export const PublishNoticeSchema = Type.Object(
  {
    month: Month,
    /** The city; a city regulator may omit it (its own), a province regulator names one of its cities. */
    cityCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);

const NoticeItemSchema = Type.Object({
  subject: Subject,
  schoolName: Type.String(),
  /** Masked: the surname and, for longer names, the last character (张*明). */
  coachName: Nullable(Type.String()),
  countyCode: Type.String(),
  reason: Type.String(),
  sanction: Type.String(),
  fromDate: Day,
  untilDate: Nullable(Day),
  liftedOn: Nullable(Day),
});

export const NoticeSchema = Type.Object({
  cityCode: Type.String(),
  cityName: Type.String(),
  month: Month,
  publishedAt: Type.String({ format: 'date-time' }),
  items: Type.Array(NoticeItemSchema),
});

export const NoticeParamsSchema = Type.Object({
  cityCode: Type.String({ pattern: '^[0-9]{6}$' }),
  month: Month,
});

export const NoticeListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      cityCode: Type.String(),
      cityName: Type.String(),
      month: Month,
      publishedAt: Type.String({ format: 'date-time' }),
      /** Entries in the notice. */
      count: Type.Integer(),
    }),
  ),
});

// ---- supervision actions -------------------------------------------------------------------------------

export const CreateActionSchema = Type.Object(
  {
    kind: ActionKindSchema,
    /** Required for interview_authority and enforcement (the county); else derived from the school. */
    countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    schoolId: Type.Optional(Uuid),
    coachId: Type.Optional(Uuid),
    /** penalty_school / penalty_coach: the enforcement (集中执法) the penalty was decided at. */
    enforcementId: Type.Optional(Uuid),
    /** Not in the future; penalties default to their enforcement's day. */
    happenedOn: Type.Optional(Day),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /** qualification_check / rectification_order: send the finding (the note) to the school as a work order. */
    createWorkOrder: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ActionSchema = Type.Object({
  id: Uuid,
  kind: ActionKindSchema,
  countyCode: Type.String(),
  countyName: Type.String(),
  schoolId: Nullable(Type.String()),
  schoolName: Nullable(Type.String()),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  enforcementId: Nullable(Type.String()),
  happenedOn: Day,
  note: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
/** The answer to recording: the action and, when one was asked for, the work order's number. */
export const RecordedActionSchema = Type.Composite([
  ActionSchema,
  Type.Object({ workOrderNumber: Nullable(Type.String()) }),
]);

export const ActionQuerySchema = Type.Object({
  kind: Type.Optional(ActionKindSchema),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

export const ActionListSchema = Type.Object({ items: Type.Array(ActionSchema) });
