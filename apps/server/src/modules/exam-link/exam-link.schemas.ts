import { Type, type Static } from '@sinclair/typebox';

const Part = Type.Integer({ minimum: 1, maximum: 4, description: '培训部分 / 科目 1–4' });
const Day = Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Uuid = Type.String({ format: 'uuid' });
/** The police side's own id for a booking or result: a resend with the same id is the same record. */
const ExternalId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

export const EligibilityLookupSchema = Type.Object({
  idNumber: Type.String({ minLength: 18, maxLength: 18, description: 'GB 11643 identity number' }),
  name: Type.String({ minLength: 1, maxLength: 50 }),
});
export type EligibilityLookup = Static<typeof EligibilityLookupSchema>;

const PartEligibilitySchema = Type.Object({
  part: Part,
  eligible: Type.Boolean(),
  eligibleSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const EligibilityLookupResultSchema = Type.Object({
  trainees: Type.Array(
    Type.Object({
      traineeId: Uuid,
      name: Type.String(),
      idNumberMasked: Type.String(),
      schoolId: Uuid,
      schoolName: Type.String(),
      parts: Type.Array(PartEligibilitySchema),
    }),
  ),
});
export type EligibilityLookupResult = Static<typeof EligibilityLookupResultSchema>;

export const EligibilityFeedQuerySchema = Type.Object({
  after: Type.Integer({ minimum: 0, default: 0, description: 'the `next` cursor of the previous page' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export type EligibilityFeedQuery = Static<typeof EligibilityFeedQuerySchema>;

export const EligibilityFeedSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      traineeId: Uuid,
      name: Type.String(),
      idNumberMasked: Type.String(),
      licenceClass: Type.String(),
      schoolId: Uuid,
      schoolName: Type.String(),
      part: Part,
      eligibleAt: Type.String({ format: 'date-time' }),
    }),
  ),
  /** Pass as `after` next time; equals the request's `after` when nothing new arrived. */
  next: Type.Integer(),
});
export type EligibilityFeed = Static<typeof EligibilityFeedSchema>;

export const ExamBookingSchema = Type.Object({
  externalId: ExternalId,
  traineeId: Uuid,
  part: Part,
  examDate: Day,
});
export type ExamBooking = Static<typeof ExamBookingSchema>;

export const ExamResultSchema = Type.Object({
  externalId: ExternalId,
  traineeId: Uuid,
  part: Part,
  examDate: Day,
  passed: Type.Boolean(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type ExamResult = Static<typeof ExamResultSchema>;

export const ExamRecordReceiptSchema = Type.Object({
  id: Uuid,
  /** True when this external id had been received before: nothing new was stored. */
  duplicate: Type.Boolean(),
});
export type ExamRecordReceipt = Static<typeof ExamRecordReceiptSchema>;

export const PassRateQuerySchema = Type.Object({ schoolId: Uuid });
export const SchoolParamsSchema = Type.Object({ schoolId: Uuid });

const RateSchema = {
  attempts: Type.Integer({ description: 'exam results received (each sitting counts once)' }),
  passed: Type.Integer(),
  /** passed ÷ attempts, 4 decimals; null with no attempts. */
  passRate: Type.Union([Type.Number(), Type.Null()]),
};

export const PartRateSchema = Type.Object({ part: Part, ...RateSchema });
export type PartRate = Static<typeof PartRateSchema>;

export const PublicPassRatesSchema = Type.Object({
  schoolId: Uuid,
  schoolName: Type.String(),
  parts: Type.Array(PartRateSchema),
});
export type PublicPassRates = Static<typeof PublicPassRatesSchema>;

export const PassRatesSchema = Type.Object({
  schoolId: Uuid,
  schoolName: Type.String(),
  parts: Type.Array(PartRateSchema),
  coaches: Type.Array(Type.Object({ coachId: Uuid, coachName: Type.String(), part: Part, ...RateSchema })),
});
export type PassRates = Static<typeof PassRatesSchema>;
