import { Type } from '@sinclair/typebox';
import { PageQuerySchema, pageOf } from '../../shared/paging.ts';
import { REVIEW_REASON_CODES, TIE_KINDS } from './decision-reasons.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const DecisionSchema = Type.Union([Type.Literal('valid'), Type.Literal('partial'), Type.Literal('invalid')]);
const ReasonCodeSchema = Type.Union(REVIEW_REASON_CODES.map((c) => Type.Literal(c)));
const TieKindSchema = Type.Union(TIE_KINDS.map((k) => Type.Literal(k)));
const RiskLevelSchema = Type.Union([
  Type.Literal('none'),
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
]);
const ReasonTextSchema = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });

export const ReviewParamsSchema = Type.Object({ id: Uuid });
export const ReviewPhotoParamsSchema = Type.Object({ id: Uuid, photoId: Uuid });
export const CityParamsSchema = Type.Object({ cityCode: Type.String({ pattern: '^[0-9]{6}$' }) });

export const QueueQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    reason: Type.Optional(Type.Union([Type.Literal('sample'), Type.Literal('high_risk')])),
    status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('decided')])),
    schoolId: Type.Optional(Uuid),
    riskLevel: Type.Optional(RiskLevelSchema),
  }),
]);

export const ReviewItemSchema = Type.Object({
  id: Type.String(),
  teachingLogId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  countyCode: Type.String(),
  traineeId: Type.String(),
  traineeName: Type.String(),
  coachName: Nullable(Type.String()),
  vehiclePlate: Nullable(Type.String()),
  part: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.String({ format: 'date-time' }),
  totalMinutes: Type.Integer(),
  creditedMinutes: Type.Integer(),
  logVerdict: Type.Union([
    Type.Literal('pending'),
    Type.Literal('valid'),
    Type.Literal('partial'),
    Type.Literal('invalid'),
  ]),
  reason: Type.Union([Type.Literal('sample'), Type.Literal('high_risk')]),
  riskScore: Type.Union([Type.Integer(), Type.Null()]),
  riskLevel: RiskLevelSchema,
  riskDetectors: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('queued'), Type.Literal('decided')]),
  decision: Type.Union([DecisionSchema, Type.Null()]),
  validMinutes: Type.Union([Type.Integer(), Type.Null()]),
  creditedBefore: Type.Union([Type.Integer(), Type.Null()]),
  creditedAfter: Type.Union([Type.Integer(), Type.Null()]),
  reasonCodes: Type.Array(Type.String()),
  note: Type.String(),
  reviewerName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  /** The caller declared a tie to this school: they may not open or decide it. */
  tiedToMe: Type.Boolean(),
});
export const QueuePageSchema = pageOf(ReviewItemSchema);

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const WorkspaceSchema = Type.Composite([
  ReviewItemSchema,
  Type.Object({
    history: Type.Array(
      Type.Object({
        id: Type.Integer(),
        kind: Type.Union([Type.Literal('decided'), Type.Literal('reopened')]),
        decision: Type.Union([DecisionSchema, Type.Null()]),
        validMinutes: Type.Union([Type.Integer(), Type.Null()]),
        validRecordNumbers: Type.Array(Type.String()),
        reasonCodes: Type.Array(Type.String()),
        note: Type.String(),
        creditedBefore: Type.Union([Type.Integer(), Type.Null()]),
        creditedAfter: Type.Union([Type.Integer(), Type.Null()]),
        actorName: Type.String(),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
    log: Type.Object({
      id: Type.String(),
      traineeNumber: Type.String(),
      courseCode: Type.String(),
      mileageM: Type.Integer(),
      validMinutes: Type.Integer(),
      flagged: Type.Boolean(),
      sessionReasons: Type.Array(ReasonTextSchema),
    }),
    trainee: Type.Object({ id: Type.String(), name: Type.String(), hasRegisteredPhoto: Type.Boolean() }),
    photos: Type.Array(
      Type.Object({
        id: Type.String(),
        takenAt: Nullable(Type.String({ format: 'date-time' })),
        eventType: Type.Integer(),
        faceConfidence: Type.Union([Type.Integer(), Type.Null()]),
        complete: Type.Boolean(),
        /** Whether the image bytes are stored (the photo route answers 404 otherwise). */
        hasImage: Type.Boolean(),
        latitude: NullableNumber,
        longitude: NullableNumber,
      }),
    ),
    track: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        latitude: Type.Number(),
        longitude: Type.Number(),
        gnssSpeedKmh: Type.Number(),
        /** 行驶记录 (pulse) speed of the fix, when the terminal reported it. */
        recorderSpeedKmh: NullableNumber,
      }),
    ),
    minutes: Type.Array(
      Type.Object({
        recordNumber: Type.String(),
        recordedAt: Type.String({ format: 'date-time' }),
        latitude: NullableNumber,
        longitude: NullableNumber,
        gnssSpeedKmh: NullableNumber,
        /** 行驶记录 (pulse) speed, when the terminal reported it. */
        recorderSpeedKmh: NullableNumber,
        maxSpeedKmh: Type.Number(),
        mileageM: Type.Integer(),
        engineRpm: Type.Union([Type.Integer(), Type.Null()]),
        autoValid: Type.Boolean(),
        reasons: Type.Array(ReasonTextSchema),
        overrideValid: Type.Union([Type.Boolean(), Type.Null()]),
        overrideNote: Nullable(Type.String()),
        credited: Type.Boolean(),
      }),
    ),
    fences: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        kind: Type.Union([Type.Literal('training_ground'), Type.Literal('road_route')]),
        /** GeoJSON Polygon rings of [lon, lat]. */
        coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
      }),
    ),
  }),
]);

export const DecideSchema = Type.Object({
  decision: DecisionSchema,
  validRecordNumbers: Type.Optional(Type.Array(Type.String({ maxLength: 26 }), { maxItems: 1000 })),
  reasonCodes: Type.Array(ReasonCodeSchema, { maxItems: 10, uniqueItems: true }),
  note: Type.String({ maxLength: 1000, default: '' }),
});

export const ReopenSchema = Type.Object({ reason: Type.String({ maxLength: 1000 }) });

export const SamplingSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      cityCode: Type.String(),
      cityName: Type.String(),
      percent: Type.Integer(),
      defaultPercent: Type.Integer(),
      isDefault: Type.Boolean(),
      month: Type.String(),
      logsThisMonth: Type.Integer(),
      sampledThisMonth: Type.Integer(),
      history: Type.Array(
        Type.Object({
          percent: Type.Integer(),
          note: Type.String(),
          setAt: Type.String({ format: 'date-time' }),
          setByName: Type.String(),
        }),
      ),
    }),
  ),
  canSet: Type.Boolean(),
});
export const SetSamplingSchema = Type.Object({
  percent: Type.Integer({ minimum: 1, maximum: 100 }),
  note: Type.String({ maxLength: 500, default: '' }),
});

export const TiesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      userId: Type.String(),
      userName: Type.String(),
      schoolId: Type.String(),
      schoolName: Type.String(),
      kind: TieKindSchema,
      note: Type.String(),
      declaredByName: Type.String(),
      declaredAt: Type.String({ format: 'date-time' }),
      endedAt: Nullable(Type.String({ format: 'date-time' })),
      endReason: Nullable(Type.String()),
    }),
  ),
  canManage: Type.Boolean(),
});
export const DeclareTieSchema = Type.Object({
  schoolId: Uuid,
  kind: TieKindSchema,
  note: Type.String({ maxLength: 500, default: '' }),
  /** Another regulator of the region (the city records it); omitted: the caller's own tie. */
  userId: Type.Optional(Uuid),
});
export const EndTieSchema = Type.Object({ reason: Type.String({ maxLength: 500 }) });
