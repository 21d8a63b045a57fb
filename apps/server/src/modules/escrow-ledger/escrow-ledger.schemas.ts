import { Type, type Static } from '@sinclair/typebox';
import { ReleasePlanSchema } from './release-plan.ts';

const Fen = Type.Integer({ description: 'integer 分' });
const Uuid = Type.String({ format: 'uuid' });

export const ContractParamsSchema = Type.Object({ id: Uuid });
export const IdempotencySchema = Type.Object({
  idempotencyKey: Type.String({
    minLength: 8,
    maxLength: 100,
    description: 'one per user action; a retry sends the same',
  }),
});
export const TransferRequestSchema = Type.Object({ toContractId: Uuid });

export const SettlementLineSchema = Type.Object({
  code: Type.Union(
    [
      'funded',
      'released_before',
      'escrow_remaining',
      'hours_trained',
      'training_value',
      'owed_to_school',
      'refund',
    ].map((c) => Type.Literal(c)),
  ),
  amountFen: Fen,
  minutes: Type.Optional(Type.Integer()),
  perHourFen: Type.Optional(Fen),
});
export const SettlementSchema = Type.Object({
  lines: Type.Array(SettlementLineSchema),
  schoolFen: Fen,
  refundFen: Fen,
});
export const WithdrawalResultSchema = Type.Composite([
  SettlementSchema,
  Type.Object({ status: Type.String() }),
]);
export const TransferResultSchema = Type.Composite([SettlementSchema, Type.Object({ toContractId: Uuid })]);

export const PaymentIntentSchema = Type.Object({
  id: Uuid,
  contractId: Uuid,
  amountFen: Fen,
  status: Type.String(),
  payUrl: Type.String(),
});

export const EscrowContractSchema = Type.Object({
  id: Uuid,
  schoolId: Uuid,
  schoolName: Type.String(),
  priceFen: Fen,
  perHourFen: Fen,
  releasePlan: ReleasePlanSchema,
  status: Type.String(),
  transferredFrom: Type.Union([Uuid, Type.Null()]),
  fundedFen: Fen,
  escrowFen: Fen,
  releasedFen: Fen,
  refundedFen: Fen,
  payments: Type.Array(
    Type.Object({
      id: Uuid,
      amountFen: Fen,
      status: Type.String(),
      payUrl: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  payouts: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      amountFen: Fen,
      status: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      settledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});
export const MyEscrowSchema = Type.Object({ contracts: Type.Array(EscrowContractSchema) });

export const SchoolSettlementQuerySchema = Type.Object({ schoolId: Type.Optional(Uuid) });
export const SchoolSettlementSchema = Type.Object({
  schoolId: Uuid,
  /** Newest month first; calendar months in China time (+08:00). */
  months: Type.Array(
    Type.Object({
      month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
      releasedFen: Fen,
      paidOutFen: Fen,
      refundedFen: Fen,
    }),
  ),
  totals: Type.Object({
    fundedFen: Fen,
    escrowFen: Fen,
    releasedFen: Fen,
    releasedPaidFen: Fen,
    refundedFen: Fen,
  }),
  contracts: Type.Array(
    Type.Object({
      id: Uuid,
      traineeName: Type.String(),
      status: Type.String(),
      priceFen: Fen,
      fundedFen: Fen,
      escrowFen: Fen,
      releasedFen: Fen,
      refundedFen: Fen,
      pendingPayoutFen: Fen,
    }),
  ),
});

export const EscrowOverviewSchema = Type.Object({
  regionPrefix: Type.String(),
  schools: Type.Array(
    Type.Object({
      schoolId: Uuid,
      schoolName: Type.String(),
      countyCode: Type.String(),
      contracts: Type.Integer(),
      escrowFen: Fen,
      releasedFen: Fen,
      refundedFen: Fen,
      pendingRefundFen: Fen,
      overdueRefunds: Type.Integer(),
    }),
  ),
  reconciliations: Type.Array(
    Type.Object({
      id: Uuid,
      day: Type.String({ format: 'date' }),
      differenceFen: Fen,
      bankClosingFen: Fen,
      ledgerClosingFen: Fen,
      mismatchCount: Type.Integer(),
      ranAt: Type.String({ format: 'date-time' }),
    }),
  ),
  alerts: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      day: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      differenceFen: Fen,
      raisedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const ReconcileRequestSchema = Type.Object({ day: Type.String({ format: 'date' }) });
export const ReconciliationSchema = Type.Object({
  id: Uuid,
  day: Type.String({ format: 'date' }),
  bankClosingFen: Fen,
  ledgerClosingFen: Fen,
  bankDayNetFen: Fen,
  ledgerDayNetFen: Fen,
  differenceFen: Fen,
  mismatches: Type.Array(
    Type.Object({
      ref: Type.String(),
      bankFen: Type.Union([Fen, Type.Null()]),
      ledgerFen: Type.Union([Fen, Type.Null()]),
    }),
  ),
  alertId: Type.Union([Uuid, Type.Null()]),
});

export const BankCallbackSchema = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 100 }),
  type: Type.Union([Type.Literal('payment.succeeded'), Type.Literal('transfer.succeeded')]),
  ref: Type.String({ minLength: 1, maxLength: 100 }),
  merchantRef: Type.String({ minLength: 1, maxLength: 100 }),
  amountFen: Fen,
  bookedAt: Type.String({ format: 'date-time' }),
});
export const BankCallbackAckSchema = Type.Object({ accepted: Type.Literal(true), duplicate: Type.Boolean() });
export type BankCallback = Static<typeof BankCallbackSchema>;
