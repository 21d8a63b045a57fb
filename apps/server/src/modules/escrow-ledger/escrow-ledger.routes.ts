import type { FastifyRequest } from 'fastify';
import { actorOf, type Api } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import { CALLBACK_HEADERS } from './bank-client.ts';
import {
  BankCallbackAckSchema,
  BankCallbackSchema,
  ContractParamsSchema,
  EscrowOverviewSchema,
  IdempotencySchema,
  MyEscrowSchema,
  PaymentIntentSchema,
  ReconcileRequestSchema,
  ReconciliationSchema,
  SchoolSettlementQuerySchema,
  SchoolSettlementSchema,
  SettlementSchema,
  TransferRequestSchema,
  TransferResultSchema,
  WithdrawalResultSchema,
} from './escrow-ledger.schemas.ts';
import type { EscrowLedgerService } from './escrow-ledger.service.ts';

const auth = (permission: Permission) => ({ auth: { permission } });

/** The callback's bytes as sent: its HMAC covers them, and re-serialised JSON need not match. */
const rawBodies = new WeakMap<FastifyRequest, string>();

export function escrowLedgerRoutes(escrow: EscrowLedgerService) {
  return async (app: Api) => {
    app.get(
      '/api/escrow/my',
      {
        config: auth(Permission.traineeEscrowRead),
        schema: {
          tags: ['escrow'],
          summary: "The trainee's contracts: funded, in escrow, released, refunded",
          response: { 200: MyEscrowSchema },
        },
      },
      async (request) => escrow.myEscrow(actorOf(request)),
    );

    app.post(
      '/api/escrow/my/contracts/:id/payments',
      {
        config: auth(Permission.traineeEscrowWrite),
        schema: {
          tags: ['escrow'],
          summary:
            'Start paying what is due into escrow: returns the bank page to pay on (escrowed only after the bank confirms)',
          params: ContractParamsSchema,
          body: IdempotencySchema,
          response: { 200: PaymentIntentSchema },
        },
      },
      async (request) => escrow.startPayment(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/escrow/my/contracts/:id/withdrawal',
      {
        config: auth(Permission.traineeEscrowRead),
        schema: {
          tags: ['escrow'],
          summary: 'What a withdrawal would refund, line by line (or what it did, once withdrawn)',
          params: ContractParamsSchema,
          response: { 200: SettlementSchema },
        },
      },
      async (request) => escrow.previewWithdrawal(actorOf(request), request.params.id),
    );

    app.post(
      '/api/escrow/my/contracts/:id/withdrawal',
      {
        config: auth(Permission.traineeEscrowWrite),
        schema: {
          tags: ['escrow'],
          summary:
            'Withdraw: training received goes to the school, the rest back to the trainee; a retry answers the same',
          params: ContractParamsSchema,
          response: { 200: WithdrawalResultSchema },
        },
      },
      async (request) => escrow.withdraw(actorOf(request), request.params.id),
    );

    app.post(
      '/api/escrow/my/contracts/:id/transfer',
      {
        config: auth(Permission.traineeEscrowWrite),
        schema: {
          tags: ['escrow'],
          summary:
            "Transfer: the remaining escrow (less training received) moves to the trainee's new signed contract",
          params: ContractParamsSchema,
          body: TransferRequestSchema,
          response: { 200: TransferResultSchema },
        },
      },
      async (request) => escrow.transfer(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/escrow/school/settlement',
      {
        config: auth(Permission.schoolEscrowRead),
        schema: {
          tags: ['escrow'],
          summary: "A school's settlement: funded, still in escrow, released (paid or pending), refunded",
          querystring: SchoolSettlementQuerySchema,
          response: { 200: SchoolSettlementSchema },
        },
      },
      async (request) => escrow.schoolSettlement(actorOf(request), request.query),
    );

    app.get(
      '/api/escrow/regulator/overview',
      {
        config: auth(Permission.regulatorEscrowRead),
        schema: {
          tags: ['escrow'],
          summary: 'Escrow by school in the region, overdue refunds, recent reconciliations and alerts',
          response: { 200: EscrowOverviewSchema },
        },
      },
      async (request) => escrow.regulatorOverview(actorOf(request)),
    );

    app.post(
      '/api/escrow/regulator/reconciliations',
      {
        config: auth(Permission.regulatorEscrowReconcile),
        schema: {
          tags: ['escrow'],
          summary: "Reconcile one day (+08:00) against the bank's statement now",
          body: ReconcileRequestSchema,
          response: { 200: ReconciliationSchema },
        },
      },
      async (request) => escrow.runReconciliation(actorOf(request), request.body.day),
    );

    // The bank's callbacks carry no session: the service verifies their HMAC over the raw body. A
    // nested plugin keeps the raw-body parser to this one route.
    await app.register(async (bank) => {
      bank.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        rawBodies.set(request, body as string);
        try {
          done(null, JSON.parse(body as string));
        } catch (err) {
          (err as { statusCode?: number }).statusCode = 400;
          done(err as Error, undefined);
        }
      });
      bank.post(
        '/api/escrow/bank/callbacks',
        {
          config: { auth: { public: true } },
          schema: {
            tags: ['escrow'],
            summary: 'Signed callbacks from the supervised-account bank (HMAC-SHA256 over timestamp.body)',
            body: BankCallbackSchema,
            response: { 200: BankCallbackAckSchema },
          },
        },
        async (request) =>
          escrow.handleBankCallback({
            rawBody: rawBodies.get(request) ?? '',
            timestamp: headerOf(request, CALLBACK_HEADERS.timestamp),
            signature: headerOf(request, CALLBACK_HEADERS.signature),
          }),
      );
    });
  };
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}
