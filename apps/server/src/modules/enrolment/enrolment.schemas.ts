import { Type } from '@sinclair/typebox';

const Fen = Type.Integer({ description: 'integer 分' });
const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const IdempotencyKey = Type.String({
  minLength: 8,
  maxLength: 100,
  description: 'one per user action; a retry sends the same key and gets the same result',
});

export const IdParamsSchema = Type.Object({ id: Uuid });

/** The escrow ledger's release plans (its release-plan.ts checks them again: percentages add up to 100). */
export const ReleasePlanSchema = Type.Union([
  Type.Object({
    kind: Type.Literal('stages'),
    steps: Type.Array(
      Type.Union([
        Type.Object({ on: Type.Literal('enrolment'), percent: Type.Integer({ minimum: 0, maximum: 100 }) }),
        Type.Object({
          on: Type.Literal('part'),
          part: Type.Integer({ minimum: 1, maximum: 4 }),
          percent: Type.Integer({ minimum: 0, maximum: 100 }),
        }),
      ]),
      { minItems: 1, maxItems: 5 },
    ),
  }),
  Type.Object({ kind: Type.Literal('hours'), upfrontPercent: Type.Integer({ minimum: 0, maximum: 100 }) }),
]);

// ---- templates ----------------------------------------------------------------------------------
export const TemplateInputSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 50_000, description: 'contract text with {{placeholders}}' }),
  releasePlan: ReleasePlanSchema,
  refundRule: Type.String({ minLength: 1, maxLength: 5_000 }),
  disputeClause: Type.String({ minLength: 1, maxLength: 5_000 }),
  perHourFen: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
});
export const CreateTemplateSchema = Type.Composite([
  TemplateInputSchema,
  Type.Object({ idempotencyKey: IdempotencyKey }),
]);
export const PublishTemplateSchema = Type.Object({
  effectiveFrom: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
});
export const TemplateSchema = Type.Object({
  id: Uuid,
  cityCode: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  releasePlan: ReleasePlanSchema,
  refundRule: Type.String(),
  disputeClause: Type.String(),
  perHourFen: Fen,
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  effectiveFrom: Type.Union([Instant, Type.Null()]),
  publishedAt: Type.Union([Instant, Type.Null()]),
  inForce: Type.Boolean({ description: 'the version contracts are generated from now' }),
  pending: Type.Boolean({ description: 'published, in force from a later date' }),
  createdAt: Instant,
  updatedAt: Instant,
});
export const PlaceholderSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  required: Type.Boolean(),
});
export const TemplateListSchema = Type.Object({
  templates: Type.Array(TemplateSchema),
  placeholders: Type.Array(PlaceholderSchema),
});

// ---- enrolment ----------------------------------------------------------------------------------
export const PhotoSchema = Type.Object({
  contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
  base64: Type.String({ maxLength: 300_000, description: 'the image bytes, base64; at most 200 KB decoded' }),
});
export const AnonymousEnrolmentSchema = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 30 }),
  idNumber: Type.String({ minLength: 18, maxLength: 18, description: 'GB 11643, check digit verified' }),
  phone: Type.String({ pattern: '^1[3-9][0-9]{9}$' }),
  photo: PhotoSchema,
  password: Type.String({ minLength: 8, maxLength: 128, description: 'for the new trainee account' }),
  schoolId: Uuid,
  classTypeId: Uuid,
  idempotencyKey: IdempotencyKey,
});
export const TraineeEnrolmentSchema = Type.Object({
  schoolId: Uuid,
  classTypeId: Uuid,
  idempotencyKey: IdempotencyKey,
  photo: Type.Optional(PhotoSchema),
});
export const SignSchema = Type.Object({
  signedName: Type.String({ minLength: 1, maxLength: 30, description: "typed; must be the trainee's name" }),
  consent: Type.Boolean({ description: 'must be true: "I have read and agree"' }),
  textSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'textSha256 of the contract as shown' }),
});
export const PaymentRequestSchema = Type.Object({ idempotencyKey: IdempotencyKey });
export const PaymentSchema = Type.Object({
  id: Uuid,
  contractId: Uuid,
  amountFen: Fen,
  status: Type.String(),
  payUrl: Type.String(),
});
export const SchoolContractsQuerySchema = Type.Object({
  status: Type.Optional(
    Type.Union(
      ['awaiting_trainee_signature', 'awaiting_school_signature', 'active', 'transferred', 'cancelled'].map(
        (s) => Type.Literal(s),
      ),
    ),
  ),
});

const ContractStatusSchema = Type.Union(
  ['awaiting_trainee_signature', 'awaiting_school_signature', 'active', 'transferred', 'cancelled'].map((s) =>
    Type.Literal(s),
  ),
);

export const ContractSchema = Type.Object({
  id: Uuid,
  contractNumber: Type.String(),
  status: ContractStatusSchema,
  school: Type.Object({ id: Uuid, name: Type.String() }),
  classType: Type.Object({ id: Uuid, name: Type.String(), licenceClass: Type.String() }),
  trainee: Type.Object({
    id: Uuid,
    name: Type.String(),
    traineeNumber: Type.String(),
    idNumberMasked: Type.String(),
    phone: Type.String(),
  }),
  template: Type.Object({ id: Uuid, version: Type.Integer(), title: Type.String(), cityCode: Type.String() }),
  priceFen: Fen,
  perHourFen: Fen,
  releasePlan: ReleasePlanSchema,
  terms: Type.Record(Type.String(), Type.String(), { description: 'every placeholder and its value' }),
  text: Type.String({ description: 'the full contract text, exactly as signed' }),
  textSha256: Sha256,
  traineeSignature: Type.Union([
    Type.Object({ signedName: Type.String(), signedAt: Instant, sha256: Sha256 }),
    Type.Null(),
  ]),
  schoolSignature: Type.Union([
    Type.Object({
      signedAt: Instant,
      signature: Type.String({ description: 'RSA-SHA256, base64' }),
      algorithm: Type.String(),
      publicKeyPem: Type.String(),
    }),
    Type.Null(),
  ]),
  escrow: Type.Union([Type.Object({ contractId: Uuid, status: Type.String() }), Type.Null()]),
  transferFromContractId: Type.Union([Uuid, Type.Null()]),
  transferDone: Type.Union([Type.Boolean(), Type.Null()]),
  verification: Type.Object({
    textHashValid: Type.Boolean(),
    traineeSignatureValid: Type.Union([Type.Boolean(), Type.Null()]),
    schoolSignatureValid: Type.Union([Type.Boolean(), Type.Null()]),
    valid: Type.Boolean(),
  }),
  createdAt: Instant,
});
export const AnonymousEnrolmentResultSchema = Type.Object({
  username: Type.String({ description: 'the new login: the 16-digit trainee number' }),
  contract: ContractSchema,
});
export const ContractSummarySchema = Type.Object({
  id: Uuid,
  contractNumber: Type.String(),
  status: ContractStatusSchema,
  schoolId: Uuid,
  schoolName: Type.String(),
  traineeId: Uuid,
  traineeName: Type.String(),
  classTypeName: Type.String(),
  priceFen: Fen,
  traineeSignedAt: Type.Union([Instant, Type.Null()]),
  schoolSignedAt: Type.Union([Instant, Type.Null()]),
  escrowContractId: Type.Union([Uuid, Type.Null()]),
  createdAt: Instant,
});
export const ContractListSchema = Type.Object({ contracts: Type.Array(ContractSummarySchema) });
