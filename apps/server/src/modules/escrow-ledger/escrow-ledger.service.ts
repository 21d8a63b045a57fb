import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  canAccessSchool,
  regionPrefix,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus, DomainEvents } from '../../shared/domain-events.ts';
import type { MetricsRegistry } from '../../shared/metrics.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import {
  BankRefusal,
  CALLBACK_MAX_SKEW_MS,
  isCallbackSignatureValid,
  type BankClient,
} from './bank-client.ts';
import { createEscrowLedgerRepository } from './escrow-ledger.repository.ts';
import {
  BANK_CASH,
  escrowAccount,
  refundPayableAccount,
  schoolPayableAccount,
  type Posting,
} from './journal.ts';
import { findInvariantViolations, postEntry, type JournalEntry } from './ledger.ts';
import {
  hoursEarned,
  parseReleasePlan,
  stepAmounts,
  upfrontAmount,
  type ReleasePlan,
} from './release-plan.ts';
import { settleWithdrawal, type Settlement } from './settlement.ts';

type Tx = Kysely<DB>;

export type OpenContract = {
  traineeId: string;
  schoolId: string;
  classTypeId?: string | null;
  priceFen: number;
  perHourFen: number;
  releasePlan: unknown;
  /**
   * Credited minutes the trainee already has. Callers opening the contract inside their own transaction
   * pass it (read with `creditedMinutesOf` before the transaction): the ledger reads minutes through the
   * pool, which on the embedded database's single connection would wait for that transaction forever.
   */
  minutesAtStart?: number;
};

export type BankCallbackInput = {
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
};

type CallbackBody = {
  eventId: string;
  type: 'payment.succeeded' | 'transfer.succeeded';
  ref: string;
  merchantRef: string;
  amountFen: number;
  bookedAt: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The day in China (+08:00) an instant falls on, and that day's bounds as instants. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
function chinaDayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** Payouts the bank did not take: retried after 1 s, 2 s, 4 s … capped at 5 minutes. */
function payoutBackoffMs(attempts: number): number {
  return Math.min(300_000, 1_000 * 2 ** Math.min(attempts, 12));
}

/**
 * The escrow ledger's use cases. Money counts as escrowed only after the bank's signed callback; releases
 * follow the contract's plan (stage approvals, verified hours); withdrawal and transfer settle what the
 * training received is worth; payouts leave through the bank and are settled when it confirms; a daily
 * reconciliation compares the bank's statement with the journal.
 */
export function createEscrowLedgerService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  bank: BankClient;
  metrics: MetricsRegistry;
  /** Credited training minutes of a trainee so far (from the training-hours module). */
  creditedMinutes: (traineeId: string) => Promise<number>;
  options: { callbackSecret: string; callbackUrl: () => string; payReturnUrl?: () => string };
}) {
  const { db, clock, audit, events, bank, metrics, creditedMinutes, options } = deps;
  const repo = createEscrowLedgerRepository();

  const callbacksTotal = metrics.counter('escrow_bank_callbacks_total', 'Bank callbacks by result', [
    { result: 'accepted' },
    { result: 'duplicate' },
  ]);
  const reconciliationDifference = metrics.gauge(
    'escrow_reconciliation_difference_fen',
    'Bank closing balance minus ledger bank cash at the last reconciliation (分)',
  );
  const reconciliationAlerts = metrics.counter(
    'escrow_reconciliation_alerts_total',
    'Reconciliations that found a difference or unmatched movements',
    [{}],
  );
  const payoutFailures = metrics.counter(
    'escrow_payout_failures_total',
    'Payout attempts the bank did not take',
    [{}],
  );

  const post = (tx: Tx, entry: JournalEntry) => postEntry(tx, repo, entry);

  async function requireContract(tx: Tx, id: string, options: { forUpdate?: boolean } = {}) {
    if (!UUID.test(id)) throw new AppError('escrow.contract_not_found');
    const c = await repo.findContract(tx, id, options);
    if (!c) throw new AppError('escrow.contract_not_found');
    return { ...c, plan: parseReleasePlan(c.releasePlan) };
  }
  type Contract = Awaited<ReturnType<typeof requireContract>>;

  /** The trainee's own contract, or not found (another trainee's contract is not disclosed). */
  async function requireOwnContract(actor: Actor, id: string, forUpdate = false, tx: Tx = db) {
    const c = await requireContract(tx, id, { forUpdate });
    if (!actor.traineeId || c.traineeId !== actor.traineeId) throw new AppError('escrow.contract_not_found');
    return c;
  }

  async function figures(tx: Tx, contractIds: readonly string[]) {
    if (contractIds.length === 0) return new Map<string, ContractFigures>();
    const rows = await sql<{
      id: string;
      funded: number;
      escrow: number;
      released: number;
      refunded: number;
    }>`
      SELECT c.id,
        coalesce(e.funded, 0)::bigint AS funded, coalesce(e.balance, 0)::bigint AS escrow,
        coalesce(r.released, 0)::bigint AS released, coalesce(f.refunded, 0)::bigint AS refunded
      FROM escrow_contracts c
      LEFT JOIN LATERAL (SELECT sum(-amount_fen) FILTER (WHERE amount_fen < 0) AS funded, sum(-amount_fen) AS balance
        FROM ledger_postings WHERE account_code = 'escrow:' || c.id::text) e ON true
      LEFT JOIN LATERAL (SELECT sum(-p.amount_fen) AS released FROM ledger_transactions t
        JOIN ledger_postings p ON p.transaction_id = t.id AND p.amount_fen < 0
        JOIN ledger_accounts a ON a.code = p.account_code AND a.kind = 'school_payable'
        WHERE t.contract_id = c.id) r ON true
      LEFT JOIN LATERAL (SELECT sum(-amount_fen) AS refunded FROM ledger_postings
        WHERE account_code = 'refund_payable:' || c.id::text AND amount_fen < 0) f ON true
      WHERE c.id IN (${sql.join(contractIds)})`.execute(tx);
    return new Map(
      rows.rows.map((r) => [
        r.id,
        {
          fundedFen: Number(r.funded),
          escrowFen: Number(r.escrow),
          releasedFen: Number(r.released),
          refundedFen: Number(r.refunded),
        },
      ]),
    );
  }
  type ContractFigures = { fundedFen: number; escrowFen: number; releasedFen: number; refundedFen: number };
  const noFigures: ContractFigures = { fundedFen: 0, escrowFen: 0, releasedFen: 0, refundedFen: 0 };

  /** Escrow → school payable, and the payout that will move it out of the bank. At most once per key. */
  async function release(
    tx: Tx,
    contract: Contract,
    key: string,
    wantFen: number,
    memo: Record<string, unknown>,
  ) {
    if (await repo.findTransactionByKey(tx, key)) return null;
    const escrow = escrowAccount(contract.id);
    await repo.ensureAccounts(tx, [escrow]);
    await repo.lockAccounts(tx, [escrow]);
    const balance = -((await repo.sums(tx, [escrow])).get(escrow) ?? 0);
    // Never more than is held: a contract funded below its price releases what there is.
    const amountFen = Math.min(wantFen, balance);
    if (amountFen <= 0) return null;
    const payable = schoolPayableAccount(contract.schoolId);
    const posted = await post(tx, {
      key,
      kind: 'release',
      contractId: contract.id,
      memo,
      postings: [
        { account: escrow, amountFen },
        { account: payable, amountFen: -amountFen },
      ],
    });
    if (posted.duplicate) return null;
    await repo.insertPayout(
      tx,
      {
        contractId: contract.id,
        kind: 'release',
        payableAccount: payable,
        amountFen,
        beneficiary: `school:${contract.schoolId}`,
        sourceTransactionId: posted.transactionId,
      },
      clock.now(),
    );
    if (balance - amountFen === 0 && contract.status === 'active') {
      const f = (await figures(tx, [contract.id])).get(contract.id) ?? noFigures;
      if (f.fundedFen >= contract.priceFen) {
        await repo.setContractStatus(tx, contract.id, 'completed', clock.now());
      }
    }
    return { amountFen, transactionId: posted.transactionId };
  }

  /** Releases due at enrolment (a stages plan's enrolment step, an hours plan's up-front share). */
  async function releaseOnFunding(tx: Tx, contract: Contract) {
    const plan = contract.plan;
    if (plan.kind === 'stages') {
      const step = stepAmounts(plan, contract.priceFen).find((s) => s.key === 'enrolment');
      if (step && step.amountFen > 0) {
        await release(tx, contract, `release:${contract.id}:enrolment`, step.amountFen, {
          step: 'enrolment',
        });
      }
    } else {
      const up = upfrontAmount(plan, contract.priceFen);
      if (up > 0) await release(tx, contract, `release:${contract.id}:upfront`, up, { step: 'upfront' });
    }
  }

  /** A regulator approved a part: release that part's share of each active stages contract. Idempotent. */
  async function onStageApproved(payload: DomainEvents['stage.approved'], tx: Tx) {
    const contracts = await tx
      .selectFrom('escrowContracts')
      .select('id')
      .where('traineeId', '=', payload.traineeId)
      .where('schoolId', '=', payload.schoolId)
      .where('status', '=', 'active')
      .execute();
    for (const { id } of contracts) {
      const contract = await requireContract(tx, id, { forUpdate: true });
      if (contract.plan.kind !== 'stages') continue;
      const step = stepAmounts(contract.plan, contract.priceFen).find((s) => s.key === `part${payload.part}`);
      if (!step || step.amountFen === 0) continue;
      const done = await release(tx, contract, `release:${id}:part${payload.part}`, step.amountFen, {
        step: step.key,
        stageSubmissionId: payload.stageSubmissionId,
      });
      if (done) {
        await audit.append(tx, null, {
          action: 'escrow.released',
          entityType: 'escrow_contract',
          entityId: id,
          schoolId: contract.schoolId,
          regionCode: contract.countyCode,
          details: { part: payload.part, amountFen: done.amountFen, transactionId: done.transactionId },
        });
      }
    }
  }
  events.subscribe('stage.approved', onStageApproved);

  /** Settles a payout the bank has executed: payable → bank cash, once (keyed on the payout). */
  async function settlePayout(
    tx: Tx,
    payoutId: string,
    transferId: string,
    bookedAt: Date,
    amountFen: number,
  ) {
    const payout = await repo.findPayout(tx, payoutId, { forUpdate: true });
    if (!payout) throw new AppError('escrow.callback_unknown_payment', { message: `no payout ${payoutId}` });
    if (payout.amountFen !== amountFen) {
      throw new AppError('escrow.callback_amount_mismatch', {
        message: `payout ${payoutId} is ${payout.amountFen} 分, bank says ${amountFen}`,
      });
    }
    if (payout.bankTransferId && payout.bankTransferId !== transferId) {
      throw new AppError('escrow.callback_unknown_payment', {
        message: `payout ${payoutId} was settled by another transfer`,
      });
    }
    const posted = await post(tx, {
      key: `settle:${payout.id}`,
      kind: 'payout_settled',
      contractId: payout.contractId,
      bankRef: transferId,
      bankBookedAt: bookedAt,
      memo: { payoutId: payout.id, kind: payout.kind },
      postings: [
        { account: payout.payableAccount, amountFen: payout.amountFen },
        { account: BANK_CASH, amountFen: -payout.amountFen },
      ],
    });
    if (payout.status !== 'settled') await repo.markPayoutSettled(tx, payout.id, transferId, clock.now());
    return posted;
  }

  /** A confirmed payment: bank cash → escrow, then anything due at funding. Once per bank payment. */
  async function recordPayment(tx: Tx, body: CallbackBody) {
    const intent = UUID.test(body.merchantRef) ? await repo.findIntent(tx, body.merchantRef) : undefined;
    if (!intent || (intent.bankPaymentId && intent.bankPaymentId !== body.ref)) {
      throw new AppError('escrow.callback_unknown_payment', { message: `no payment intent for ${body.ref}` });
    }
    if (intent.amountFen !== body.amountFen) {
      throw new AppError('escrow.callback_amount_mismatch', {
        message: `intent ${intent.id} is ${intent.amountFen} 分, bank says ${body.amountFen}`,
      });
    }
    const contract = await requireContract(tx, intent.contractId, { forUpdate: true });
    const posted = await post(tx, {
      key: `payment:${body.ref}`,
      kind: 'payment',
      contractId: contract.id,
      bankRef: body.ref,
      bankBookedAt: new Date(body.bookedAt),
      memo: { intentId: intent.id },
      postings: [
        { account: BANK_CASH, amountFen: body.amountFen },
        { account: escrowAccount(contract.id), amountFen: -body.amountFen },
      ],
    });
    if (posted.duplicate) return posted;
    await repo.markIntentConfirmed(tx, intent.id, body.ref, clock.now());
    if (contract.status === 'awaiting_payment') {
      await repo.setContractStatus(tx, contract.id, 'active', clock.now());
      await releaseOnFunding(tx, { ...contract, status: 'active' });
    } else if (contract.status === 'withdrawn' || contract.status === 'transferred') {
      // Paid after leaving (an old payment page): the money goes straight back.
      await refundAll(tx, contract, `refund:late:${body.ref}`, { latePayment: body.ref }, null);
    }
    await audit.append(tx, null, {
      action: 'escrow.payment.confirmed',
      entityType: 'escrow_contract',
      entityId: contract.id,
      schoolId: contract.schoolId,
      regionCode: contract.countyCode,
      details: { amountFen: body.amountFen, bankPaymentId: body.ref, transactionId: posted.transactionId },
    });
    return posted;
  }

  /** Escrow → payables per the withdrawal settlement, and their payouts. */
  /**
   * `trainedMinutes` is read before the transaction opens (the training-hours module reads through its
   * own connection, and PGlite has one); null refunds everything (a payment that arrived after leaving).
   */
  async function refundAll(
    tx: Tx,
    contract: Contract,
    key: string,
    memo: Record<string, unknown>,
    trainedMinutes: number | null,
  ): Promise<Settlement> {
    const escrow = escrowAccount(contract.id);
    await repo.ensureAccounts(tx, [escrow]);
    await repo.lockAccounts(tx, [escrow]);
    const f = (await figures(tx, [contract.id])).get(contract.id) ?? noFigures;
    const settlement = settleWithdrawal({
      fundedFen: f.fundedFen,
      releasedFen: f.releasedFen,
      escrowFen: f.escrowFen,
      creditedMinutes: trainedMinutes ?? 0,
      perHourFen: trainedMinutes === null ? 0 : contract.perHourFen,
    });
    if (f.escrowFen === 0) return settlement;
    const postings: Posting[] = [{ account: escrow, amountFen: f.escrowFen }];
    if (settlement.schoolFen > 0) {
      postings.push({ account: schoolPayableAccount(contract.schoolId), amountFen: -settlement.schoolFen });
    }
    if (settlement.refundFen > 0) {
      postings.push({ account: refundPayableAccount(contract.id), amountFen: -settlement.refundFen });
    }
    const posted = await post(tx, {
      key,
      kind: 'refund',
      contractId: contract.id,
      memo: { ...memo, settlement },
      postings,
    });
    if (!posted.duplicate) await insertPayoutsFor(tx, contract, posted.transactionId, postings);
    return settlement;
  }

  async function insertPayoutsFor(tx: Tx, contract: Contract, transactionId: number, postings: Posting[]) {
    for (const p of postings) {
      if (p.amountFen >= 0) continue;
      if (p.account.startsWith('school_payable:')) {
        await repo.insertPayout(
          tx,
          {
            contractId: contract.id,
            kind: 'release',
            payableAccount: p.account,
            amountFen: -p.amountFen,
            beneficiary: `school:${contract.schoolId}`,
            sourceTransactionId: transactionId,
          },
          clock.now(),
        );
      } else if (p.account.startsWith('refund_payable:')) {
        await repo.insertPayout(
          tx,
          {
            contractId: contract.id,
            kind: 'refund',
            payableAccount: p.account,
            amountFen: -p.amountFen,
            beneficiary: `trainee:${contract.traineeId}`,
            sourceTransactionId: transactionId,
          },
          clock.now(),
        );
      }
    }
  }

  async function contractView(tx: Tx, contractIds: string[]) {
    const [f, intents, payouts, contracts] = await Promise.all([
      figures(tx, contractIds),
      contractIds.length
        ? tx
            .selectFrom('escrowPaymentIntents')
            .selectAll()
            .where('contractId', 'in', contractIds)
            .orderBy('createdAt')
            .execute()
        : [],
      contractIds.length
        ? tx
            .selectFrom('escrowPayouts')
            .selectAll()
            .where('contractId', 'in', contractIds)
            .orderBy('createdAt')
            .execute()
        : [],
      contractIds.length
        ? tx
            .selectFrom('escrowContracts as c')
            .innerJoin('schools as s', 's.id', 'c.schoolId')
            .select([
              'c.id',
              'c.schoolId',
              's.name as schoolName',
              'c.priceFen',
              'c.perHourFen',
              'c.releasePlan',
              'c.status',
              'c.createdAt',
              'c.transferredFrom',
            ])
            .where('c.id', 'in', contractIds)
            .orderBy('c.createdAt')
            .execute()
        : [],
    ]);
    return contracts.map((c) => ({
      id: c.id,
      schoolId: c.schoolId,
      schoolName: c.schoolName,
      priceFen: c.priceFen,
      perHourFen: c.perHourFen,
      releasePlan: c.releasePlan as ReleasePlan,
      status: c.status,
      transferredFrom: c.transferredFrom,
      ...(f.get(c.id) ?? noFigures),
      payments: intents
        .filter((i) => i.contractId === c.id)
        .map((i) => ({
          id: i.id,
          amountFen: i.amountFen,
          status: i.status,
          payUrl: i.payUrl,
          createdAt: i.createdAt.toISOString(),
        })),
      payouts: payouts
        .filter((p) => p.contractId === c.id)
        .map((p) => ({
          id: p.id,
          kind: p.kind,
          amountFen: p.amountFen,
          status: p.status,
          createdAt: p.createdAt.toISOString(),
          settledAt: p.settledAt?.toISOString() ?? null,
        })),
    }));
  }

  /** Credited minutes since the contract began. Read outside transactions (see refundAll). */
  async function trainedMinutes(contract: { traineeId: string; minutesAtStart: number }): Promise<number> {
    return Math.max(0, (await creditedMinutes(contract.traineeId)) - contract.minutesAtStart);
  }

  async function withdrawalPreview(contract: Contract): Promise<Settlement> {
    const f = (await figures(db, [contract.id])).get(contract.id) ?? noFigures;
    const minutes = await trainedMinutes(contract);
    return settleWithdrawal({ ...f, creditedMinutes: minutes, perHourFen: contract.perHourFen });
  }

  return {
    /**
     * A contract as the ledger needs it. The enrolment module will call this when a contract is signed;
     * until then tests, the demo and the benchmark do. Reads the trainee's credited minutes through the
     * training-hours module's own connection first: on PGlite (one connection) do not call it while
     * holding another transaction open.
     */
    /** The trainee's credited minutes as the ledger counts them (for `OpenContract.minutesAtStart`). */
    creditedMinutesOf: (traineeId: string) => creditedMinutes(traineeId),

    async openContract(input: OpenContract, tx: Tx = db): Promise<{ id: string }> {
      const plan = parseReleasePlan(input.releasePlan);
      if (!Number.isSafeInteger(input.priceFen) || input.priceFen <= 0) {
        throw new AppError('request.invalid', { message: 'priceFen must be a positive integer' });
      }
      const minutesAtStart = input.minutesAtStart ?? (await creditedMinutes(input.traineeId));
      return repo.insertContract(tx, {
        traineeId: input.traineeId,
        schoolId: input.schoolId,
        classTypeId: input.classTypeId ?? null,
        priceFen: input.priceFen,
        perHourFen: input.perHourFen,
        releasePlan: plan,
        minutesAtStart,
        transferredFrom: null,
      });
    },

    // ---- the trainee ----------------------------------------------------------------------------
    async myEscrow(actor: Actor) {
      requirePermission(actor, Permission.traineeEscrowRead);
      if (!actor.traineeId) return { contracts: [] };
      const ids = (await repo.findContractsOfTrainee(db, actor.traineeId)).map((c) => c.id);
      return { contracts: await contractView(db, ids) };
    },

    /**
     * Starts a payment of what is still due: the intent is stored first (so the bank's callback always
     * finds it), then the bank payment is created with the intent as its reference. A retry with the
     * same key returns the same intent and, at the bank, the same payment.
     */
    async startPayment(actor: Actor, contractId: string, input: { idempotencyKey: string }) {
      requirePermission(actor, Permission.traineeEscrowWrite);
      const contract = await requireOwnContract(actor, contractId);
      let intent = await repo.findIntentByKey(db, input.idempotencyKey);
      if (intent && intent.contractId !== contract.id) {
        throw new AppError('escrow.idempotency_conflict', { message: 'key used for another contract' });
      }
      if (!intent) {
        if (contract.status !== 'awaiting_payment' && contract.status !== 'active') {
          throw new AppError('escrow.contract_not_active', { message: `contract is ${contract.status}` });
        }
        // One open payment per contract: a second tab or a double click gets the same bank page.
        const open = await db
          .selectFrom('escrowPaymentIntents')
          .selectAll()
          .where('contractId', '=', contract.id)
          .where('status', 'in', ['created', 'pending'])
          .executeTakeFirst();
        if (open) {
          intent = open;
        } else {
          const f = (await figures(db, [contract.id])).get(contract.id) ?? noFigures;
          const dueFen = contract.priceFen - f.fundedFen;
          if (dueFen <= 0) throw new AppError('escrow.nothing_due');
          intent =
            (await repo.insertIntent(db, {
              contractId: contract.id,
              idempotencyKey: input.idempotencyKey,
              amountFen: dueFen,
            })) ?? (await repo.findIntentByKey(db, input.idempotencyKey));
          if (!intent) throw new AppError('internal.error', { message: 'payment intent vanished' });
        }
      }
      if (intent.status === 'created' || !intent.payUrl) {
        const payment = await bank.createPayment({
          merchantRef: intent.id,
          amountFen: intent.amountFen,
          callbackUrl: options.callbackUrl(),
          ...(options.payReturnUrl ? { returnUrl: options.payReturnUrl() } : {}),
          description: `escrow ${contract.id}`,
        });
        await repo.markIntentPending(db, intent.id, payment.paymentId, payment.payUrl);
        intent = {
          ...intent,
          status: intent.status === 'created' ? 'pending' : intent.status,
          payUrl: payment.payUrl,
          bankPaymentId: payment.paymentId,
        };
      }
      return {
        id: intent.id,
        contractId: contract.id,
        amountFen: intent.amountFen,
        status: intent.status,
        payUrl: intent.payUrl ?? '',
      };
    },

    async previewWithdrawal(actor: Actor, contractId: string): Promise<Settlement> {
      requirePermission(actor, Permission.traineeEscrowRead);
      const contract = await requireOwnContract(actor, contractId);
      if (contract.status === 'withdrawn') {
        const done = await repo.findTransactionByKey(db, `refund:${contract.id}`);
        if (done) {
          const memo = await db
            .selectFrom('ledgerTransactions')
            .select('memo')
            .where('id', '=', done.id)
            .executeTakeFirstOrThrow();
          return (memo.memo as { settlement: Settlement }).settlement;
        }
      }
      return withdrawalPreview(contract);
    },

    /** 退学: settles the contract (training value to the school, the rest back) once; a retry returns the same. */
    async withdraw(actor: Actor, contractId: string): Promise<Settlement & { status: string }> {
      requirePermission(actor, Permission.traineeEscrowWrite);
      const outside = await requireOwnContract(actor, contractId);
      const trained = await trainedMinutes(outside);
      const settlement = await db.transaction().execute(async (tx) => {
        const contract = await requireOwnContract(actor, contractId, true, tx);
        const key = `refund:${contract.id}`;
        const earlier = await repo.findTransactionByKey(tx, key);
        if (contract.status === 'withdrawn' && earlier) {
          const row = await tx
            .selectFrom('ledgerTransactions')
            .select('memo')
            .where('id', '=', earlier.id)
            .executeTakeFirstOrThrow();
          return (row.memo as { settlement: Settlement }).settlement;
        }
        if (
          contract.status !== 'active' &&
          contract.status !== 'awaiting_payment' &&
          contract.status !== 'withdrawn'
        ) {
          throw new AppError('escrow.contract_not_active', { message: `contract is ${contract.status}` });
        }
        const s = await refundAll(tx, contract, key, { reason: 'withdrawal' }, trained);
        await repo.setContractStatus(tx, contract.id, 'withdrawn', clock.now());
        await audit.append(tx, actor, {
          action: 'escrow.withdrawn',
          entityType: 'escrow_contract',
          entityId: contract.id,
          schoolId: contract.schoolId,
          regionCode: contract.countyCode,
          details: { schoolFen: s.schoolFen, refundFen: s.refundFen },
        });
        return s;
      });
      return { ...settlement, status: 'withdrawn' };
    },

    /**
     * 转学: the remaining escrow, less what training received is worth, moves to the trainee's new
     * (signed, unpaid) contract; hours stay with the trainee. Once per old contract.
     */
    async transfer(actor: Actor, fromId: string, input: { toContractId: string }) {
      requirePermission(actor, Permission.traineeEscrowWrite);
      const trained = await trainedMinutes(await requireOwnContract(actor, fromId));
      return db.transaction().execute(async (tx) => {
        // Lock both contracts in id order so two transfers touching the same pair cannot deadlock.
        const [first, second] = [fromId, input.toContractId].sort();
        await requireContract(tx, first!, { forUpdate: true });
        await requireContract(tx, second!, { forUpdate: true });
        const from = await requireOwnContract(actor, fromId, false, tx);
        const to = await requireOwnContract(actor, input.toContractId, false, tx);
        const key = `transfer:${from.id}`;
        const earlier = await repo.findTransactionByKey(tx, key);
        if (earlier) {
          const row = await tx
            .selectFrom('ledgerTransactions')
            .select('memo')
            .where('id', '=', earlier.id)
            .executeTakeFirstOrThrow();
          const memo = row.memo as { settlement: Settlement; toContractId: string };
          if (memo.toContractId !== to.id) {
            throw new AppError('escrow.transfer_invalid', { message: 'already transferred elsewhere' });
          }
          return { ...memo.settlement, toContractId: to.id };
        }
        if (from.id === to.id || to.status !== 'awaiting_payment' || from.status !== 'active') {
          throw new AppError('escrow.transfer_invalid', { message: `from ${from.status} to ${to.status}` });
        }
        const escrow = escrowAccount(from.id);
        await repo.lockAccounts(tx, [escrow]);
        const f = (await figures(tx, [from.id])).get(from.id) ?? noFigures;
        const s = settleWithdrawal({ ...f, creditedMinutes: trained, perHourFen: from.perHourFen });
        if (f.escrowFen > 0) {
          const postings: Posting[] = [{ account: escrow, amountFen: f.escrowFen }];
          if (s.schoolFen > 0) {
            postings.push({ account: schoolPayableAccount(from.schoolId), amountFen: -s.schoolFen });
          }
          if (s.refundFen > 0) postings.push({ account: escrowAccount(to.id), amountFen: -s.refundFen });
          const posted = await post(tx, {
            key,
            kind: 'transfer',
            contractId: from.id,
            memo: { settlement: s, toContractId: to.id },
            postings,
          });
          await insertPayoutsFor(tx, from, posted.transactionId, postings);
        }
        await repo.setContractStatus(tx, from.id, 'transferred', clock.now());
        await tx
          .updateTable('escrowContracts')
          .set({ transferredFrom: from.id })
          .where('id', '=', to.id)
          .execute();
        if (s.refundFen > 0) {
          await repo.setContractStatus(tx, to.id, 'active', clock.now());
          await releaseOnFunding(tx, { ...to, status: 'active' });
        }
        await audit.append(tx, actor, {
          action: 'escrow.transferred',
          entityType: 'escrow_contract',
          entityId: from.id,
          schoolId: from.schoolId,
          regionCode: from.countyCode,
          details: { toContractId: to.id, movedFen: s.refundFen, schoolFen: s.schoolFen },
        });
        return { ...s, toContractId: to.id };
      });
    },

    /**
     * Hours plans: release what the verified hours under this contract have earned beyond what was
     * released already. Keyed on the credited minutes, so the same count never releases twice.
     */
    async releaseForHours(contractId: string) {
      const minutes = await trainedMinutes(await requireContract(db, contractId));
      return db.transaction().execute(async (tx) => {
        const contract = await requireContract(tx, contractId, { forUpdate: true });
        if (contract.plan.kind !== 'hours' || contract.status !== 'active') return null;
        const earned = hoursEarned(contract.plan, contract.priceFen, contract.perHourFen, minutes);
        const f = (await figures(tx, [contract.id])).get(contract.id) ?? noFigures;
        const due = earned - f.releasedFen;
        if (due <= 0) return null;
        return release(tx, contract, `release:${contract.id}:hours:${minutes}`, due, {
          step: 'hours',
          minutes,
        });
      });
    },

    /**
     * The jobs loop's per-hour step: every active hours-plan contract whose trainee has more credited
     * minutes under it than its last hours release counted gets `releaseForHours`. The candidates come
     * from one query (the last release's minutes are in its memo); the minutes are read outside any
     * transaction (PGlite has one connection). Safe to repeat: `releaseForHours` is keyed on the minute
     * count and releases only what is earned beyond what was released.
     */
    async releaseDueHours(pageSize = 500): Promise<{ checked: number; released: number; amountFen: number }> {
      let checked = 0;
      let released = 0;
      let amountFen = 0;
      // Keyset pages over every candidate, so a large city is covered in one run, not the first page only.
      for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
        const page = await sql<{ id: string; traineeId: string; minutesAtStart: number; last: number }>`
          SELECT c.id, c.trainee_id AS "traineeId", c.minutes_at_start AS "minutesAtStart",
            coalesce((SELECT max((t.memo->>'minutes')::int) FROM ledger_transactions t
              WHERE t.contract_id = c.id AND t.kind = 'release' AND t.memo->>'step' = 'hours'), -1) AS last
          FROM escrow_contracts c
          WHERE c.status = 'active' AND c.release_plan->>'kind' = 'hours' AND c.id > ${after}
          ORDER BY c.id
          LIMIT ${pageSize}`.execute(db);
        for (const c of page.rows) {
          checked++;
          const minutes = await trainedMinutes(c);
          if (minutes <= Number(c.last)) continue;
          const r = await this.releaseForHours(c.id);
          if (r) {
            released++;
            amountFen += r.amountFen;
          }
        }
        if (page.rows.length < pageSize) break;
        after = page.rows[page.rows.length - 1]!.id;
      }
      return { checked, released, amountFen };
    },

    // ---- the bank -------------------------------------------------------------------------------
    /**
     * A signed callback from the bank. Refusals (bad signature, replay, unknown payment, wrong amount)
     * throw with the reason and write nothing; a redelivered event is acknowledged as a duplicate.
     */
    async handleBankCallback(input: BankCallbackInput): Promise<{ accepted: true; duplicate: boolean }> {
      const { rawBody, timestamp, signature } = input;
      if (
        !timestamp ||
        !signature ||
        !isCallbackSignatureValid(options.callbackSecret, timestamp, rawBody, signature)
      ) {
        throw new AppError('escrow.callback_bad_signature', {
          message: 'callback signature does not verify',
        });
      }
      const signedAt = Number(timestamp);
      if (!Number.isFinite(signedAt) || Math.abs(clock.now().getTime() - signedAt) > CALLBACK_MAX_SKEW_MS) {
        throw new AppError('escrow.callback_stale', { message: `callback signed at ${timestamp}` });
      }
      let body: CallbackBody;
      try {
        body = JSON.parse(rawBody) as CallbackBody;
      } catch (err) {
        throw new AppError('request.invalid', { message: 'callback body is not JSON', cause: err });
      }
      if (
        typeof body.eventId !== 'string' ||
        typeof body.ref !== 'string' ||
        typeof body.merchantRef !== 'string' ||
        !Number.isSafeInteger(body.amountFen) ||
        body.amountFen <= 0 ||
        Number.isNaN(Date.parse(body.bookedAt)) ||
        (body.type !== 'payment.succeeded' && body.type !== 'transfer.succeeded')
      ) {
        throw new AppError('request.invalid', { message: 'callback body lacks a field' });
      }
      const duplicate = await db.transaction().execute(async (tx) => {
        const posted =
          body.type === 'payment.succeeded'
            ? await recordPayment(tx, body)
            : UUID.test(body.merchantRef)
              ? await settlePayout(tx, body.merchantRef, body.ref, new Date(body.bookedAt), body.amountFen)
              : (() => {
                  throw new AppError('escrow.callback_unknown_payment', {
                    message: `no payout ${body.merchantRef}`,
                  });
                })();
        const fresh = await repo.insertCallback(tx, { eventId: body.eventId, type: body.type, body });
        return posted.duplicate || !fresh;
      });
      callbacksTotal.inc({ result: duplicate ? 'duplicate' : 'accepted' });
      // The callback is committed: a subscriber failing on some other event must not make the bank
      // resend it. The jobs loop dispatches again.
      await events.dispatchPending(db).catch(() => 0);
      return { accepted: true, duplicate };
    },

    /**
     * Sends due payouts to the bank, each settled in its own transaction when the bank confirms. Safe to
     * run concurrently and after a crash: the bank is idempotent on the payout id and the settlement is
     * keyed on it. Returns how many were settled.
     */
    async dispatchPayouts(limit = 100): Promise<number> {
      const due = await db
        .selectFrom('escrowPayouts')
        .selectAll()
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', clock.now())
        .orderBy('nextAttemptAt')
        .limit(limit)
        .execute();
      let settled = 0;
      for (const payout of due) {
        try {
          const t = await bank.createTransfer({
            merchantRef: payout.id,
            kind: payout.kind as 'release' | 'refund',
            amountFen: payout.amountFen,
            beneficiary: payout.beneficiary,
            callbackUrl: options.callbackUrl(),
          });
          await db
            .transaction()
            .execute((tx) => settlePayout(tx, payout.id, t.transferId, new Date(t.bookedAt), t.amountFen));
          settled++;
        } catch (err) {
          if (!(err instanceof AppError) && !(err instanceof BankRefusal)) throw err;
          payoutFailures.inc();
          await repo.markPayoutAttempt(
            db,
            payout.id,
            err.message,
            new Date(clock.now().getTime() + payoutBackoffMs(payout.attempts)),
          );
        }
      }
      return settled;
    },

    /**
     * Compares one China day of the bank's statement with the journal's bank-cash movements and the
     * closing balances. Any difference or unmatched movement raises an alert (row and metric).
     */
    async reconcileDay(day: string) {
      const statement = await bank.statement(day);
      const { from, to } = chinaDayBounds(day);
      const [movements, ledgerClosing] = await Promise.all([
        repo.bankMovements(db, from, to),
        repo.bankCashBefore(db, to),
      ]);
      const ours = new Map<string, number>();
      for (const m of movements) ours.set(m.bankRef!, (ours.get(m.bankRef!) ?? 0) + m.amountFen);
      const theirs = new Map<string, number>();
      for (const e of statement.entries) theirs.set(e.ref, (theirs.get(e.ref) ?? 0) + e.amountFen);
      const mismatches: Array<{ ref: string; bankFen: number | null; ledgerFen: number | null }> = [];
      for (const [ref, amount] of theirs) {
        if (ours.get(ref) !== amount) {
          mismatches.push({ ref, bankFen: amount, ledgerFen: ours.get(ref) ?? null });
        }
      }
      for (const [ref, amount] of ours) {
        if (!theirs.has(ref)) mismatches.push({ ref, bankFen: null, ledgerFen: amount });
      }
      const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
      const differenceFen = statement.closingFen - ledgerClosing;
      const result = await db.transaction().execute(async (tx) => {
        const run = await tx
          .insertInto('escrowReconciliations')
          .values({
            day,
            bankClosingFen: statement.closingFen,
            ledgerClosingFen: ledgerClosing,
            bankDayNetFen: sum(theirs),
            ledgerDayNetFen: sum(ours),
            differenceFen,
            mismatches: JSON.stringify(mismatches),
            ranAt: clock.now(),
          })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        let alertId: string | null = null;
        if (differenceFen !== 0 || mismatches.length > 0) {
          const alert = await tx
            .insertInto('escrowAlerts')
            .values({
              kind: 'reconciliation_difference',
              day,
              reconciliationId: run.id,
              differenceFen,
              details: JSON.stringify({ mismatches: mismatches.slice(0, 100), count: mismatches.length }),
              raisedAt: clock.now(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          alertId = alert.id;
        }
        return { id: run.id, alertId };
      });
      reconciliationDifference.set(differenceFen);
      if (result.alertId) reconciliationAlerts.inc();
      return {
        id: result.id,
        day,
        bankClosingFen: statement.closingFen,
        ledgerClosingFen: ledgerClosing,
        bankDayNetFen: sum(theirs),
        ledgerDayNetFen: sum(ours),
        differenceFen,
        mismatches,
        alertId: result.alertId,
      };
    },

    async runReconciliation(actor: Actor, day: string) {
      requirePermission(actor, Permission.regulatorEscrowReconcile);
      return this.reconcileDay(day);
    },

    // ---- the school and the regulator ------------------------------------------------------------
    async schoolSettlement(actor: Actor, query: { schoolId?: string } = {}) {
      requirePermission(actor, Permission.schoolEscrowRead);
      const schoolId = query.schoolId ?? actor.schoolId;
      if (!schoolId || !UUID.test(schoolId)) throw new AppError('auth.forbidden');
      const school = await db
        .selectFrom('schools')
        .select(['id', 'countyCode'])
        .where('id', '=', schoolId)
        .executeTakeFirst();
      if (!school || !canAccessSchool(actor, school)) throw new AppError('auth.forbidden');
      const ids = (
        await db
          .selectFrom('escrowContracts')
          .select('id')
          .where('schoolId', '=', schoolId)
          .orderBy('createdAt')
          .execute()
      ).map((r) => r.id);
      const contracts = await contractView(db, ids);
      const trainees = ids.length
        ? await db
            .selectFrom('escrowContracts as c')
            .innerJoin('trainees as t', 't.id', 'c.traineeId')
            .select(['c.id', 't.name'])
            .where('c.id', 'in', ids)
            .execute()
        : [];
      const nameOf = new Map(trainees.map((t) => [t.id, t.name]));
      const paidOut = (kind: string) =>
        contracts
          .flatMap((c) => c.payouts)
          .filter((p) => p.kind === kind && p.status === 'settled')
          .reduce((s, p) => s + p.amountFen, 0);
      // Per calendar month in China time (+08:00). Every release and every refund to the trainee has
      // exactly one payout, written with the journal transaction at the injected clock's time, so the
      // payouts carry the month: released = release payouts created, paid out = release payouts the
      // bank settled, refunded = refund payouts created. The months add up to the totals.
      const monthRows = await sql<{ month: string; released: string; paid: string; refunded: string }>`
        WITH moves AS (
          SELECT p.created_at AS at, p.amount_fen AS released, 0::bigint AS paid, 0::bigint AS refunded
            FROM escrow_payouts p JOIN escrow_contracts c ON c.id = p.contract_id
            WHERE c.school_id = ${schoolId} AND p.kind = 'release'
          UNION ALL
          SELECT p.settled_at, 0, p.amount_fen, 0
            FROM escrow_payouts p JOIN escrow_contracts c ON c.id = p.contract_id
            WHERE c.school_id = ${schoolId} AND p.kind = 'release' AND p.status = 'settled'
          UNION ALL
          SELECT p.created_at, 0, 0, p.amount_fen
            FROM escrow_payouts p JOIN escrow_contracts c ON c.id = p.contract_id
            WHERE c.school_id = ${schoolId} AND p.kind = 'refund'
        )
        SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
          sum(released)::bigint AS released, sum(paid)::bigint AS paid, sum(refunded)::bigint AS refunded
        FROM moves GROUP BY 1 ORDER BY 1 DESC`.execute(db);
      return {
        schoolId,
        months: monthRows.rows.map((m) => ({
          month: m.month,
          releasedFen: Number(m.released),
          paidOutFen: Number(m.paid),
          refundedFen: Number(m.refunded),
        })),
        totals: {
          fundedFen: contracts.reduce((s, c) => s + c.fundedFen, 0),
          escrowFen: contracts.reduce((s, c) => s + c.escrowFen, 0),
          releasedFen: contracts.reduce((s, c) => s + c.releasedFen, 0),
          releasedPaidFen: paidOut('release'),
          refundedFen: contracts.reduce((s, c) => s + c.refundedFen, 0),
        },
        contracts: contracts.map((c) => ({
          id: c.id,
          traineeName: nameOf.get(c.id) ?? '',
          status: c.status,
          priceFen: c.priceFen,
          fundedFen: c.fundedFen,
          escrowFen: c.escrowFen,
          releasedFen: c.releasedFen,
          refundedFen: c.refundedFen,
          pendingPayoutFen: c.payouts
            .filter((p) => p.kind === 'release' && p.status === 'pending')
            .reduce((s, p) => s + p.amountFen, 0),
        })),
      };
    },

    /** Per school in the actor's region: escrow held, released, refunded, payouts waiting (overdue after a day). */
    async regulatorOverview(actor: Actor) {
      requirePermission(actor, Permission.regulatorEscrowRead);
      const scope = schoolScopeOf(actor);
      if (scope.kind !== 'region') throw new AppError('auth.forbidden');
      const dayAgo = new Date(clock.now().getTime() - 86_400_000);
      const rows = await sql<{
        schoolId: string;
        schoolName: string;
        countyCode: string;
        contracts: number;
        escrowFen: number;
        releasedFen: number;
        refundedFen: number;
        pendingRefundFen: number;
        overdueRefunds: number;
      }>`
        SELECT s.id AS school_id, s.name AS school_name, s.county_code,
          count(DISTINCT c.id)::int AS contracts,
          coalesce((SELECT -sum(p.amount_fen) FROM ledger_postings p JOIN ledger_accounts a ON a.code = p.account_code
            JOIN escrow_contracts c2 ON c2.id = a.contract_id WHERE a.kind = 'escrow' AND c2.school_id = s.id), 0)::bigint AS escrow_fen,
          coalesce((SELECT -sum(p.amount_fen) FROM ledger_postings p WHERE p.account_code = 'school_payable:' || s.id::text AND p.amount_fen < 0), 0)::bigint AS released_fen,
          coalesce((SELECT sum(o.amount_fen) FROM escrow_payouts o JOIN escrow_contracts c3 ON c3.id = o.contract_id
            WHERE o.kind = 'refund' AND c3.school_id = s.id), 0)::bigint AS refunded_fen,
          coalesce((SELECT sum(o.amount_fen) FROM escrow_payouts o JOIN escrow_contracts c3 ON c3.id = o.contract_id
            WHERE o.kind = 'refund' AND o.status = 'pending' AND c3.school_id = s.id), 0)::bigint AS pending_refund_fen,
          (SELECT count(*) FROM escrow_payouts o JOIN escrow_contracts c3 ON c3.id = o.contract_id
            WHERE o.kind = 'refund' AND o.status = 'pending' AND o.created_at < ${dayAgo} AND c3.school_id = s.id)::int AS overdue_refunds
        FROM schools s JOIN escrow_contracts c ON c.school_id = s.id
        WHERE s.county_code LIKE ${`${scope.prefix}%`}
        GROUP BY s.id, s.name, s.county_code ORDER BY s.name`.execute(db);
      const reconciliations = await db
        .selectFrom('escrowReconciliations')
        .select([
          'id',
          'day',
          'differenceFen',
          'bankClosingFen',
          'ledgerClosingFen',
          'ranAt',
          sql<number>`jsonb_array_length(mismatches)`.as('mismatchCount'),
        ])
        .orderBy('ranAt', 'desc')
        .limit(10)
        .execute();
      const alerts = await db
        .selectFrom('escrowAlerts')
        .selectAll()
        .orderBy('raisedAt', 'desc')
        .limit(20)
        .execute();
      return {
        regionPrefix: regionPrefix(actor.regionCode ?? ''),
        schools: rows.rows.map((r) => ({
          ...r,
          escrowFen: Number(r.escrowFen),
          releasedFen: Number(r.releasedFen),
          refundedFen: Number(r.refundedFen),
          pendingRefundFen: Number(r.pendingRefundFen),
        })),
        reconciliations: reconciliations.map((r) => ({
          ...r,
          ranAt: r.ranAt.toISOString(),
          mismatchCount: Number(r.mismatchCount),
        })),
        alerts: alerts.map((a) => ({
          id: a.id,
          kind: a.kind,
          day: a.day,
          differenceFen: a.differenceFen,
          raisedAt: a.raisedAt.toISOString(),
        })),
      };
    },

    /** The ledger's invariants over all rows (tests, the crash test, the benchmark). */
    findInvariantViolations: () => findInvariantViolations(db),

    /**
     * Background work for ROLE all | jobs: payouts every `everyMs`; shortly after midnight (+08:00) the
     * previous day's reconciliation, once a day. Returns stop().
     */
    startWorker(
      log: { info(o: object, m: string): void; error(o: object, m: string): void },
      everyMs = 1_000,
    ) {
      let stopped = false;
      let timer: NodeJS.Timeout | null = null;
      let running: Promise<void> = Promise.resolve();
      let reconciledDay: string | null = null;
      const tick = async () => {
        try {
          const settled = await this.dispatchPayouts();
          if (settled) log.info({ settled }, 'escrow payouts settled');
          const yesterday = chinaDay(new Date(clock.now().getTime() - 86_400_000));
          if (reconciledDay !== yesterday) {
            const done = await db
              .selectFrom('escrowReconciliations')
              .select('id')
              .where('day', '=', yesterday)
              .executeTakeFirst();
            if (!done) {
              const r = await this.reconcileDay(yesterday);
              log.info(
                { day: yesterday, differenceFen: r.differenceFen, mismatches: r.mismatches.length },
                'escrow reconciled',
              );
            }
            reconciledDay = yesterday;
          }
        } catch (err) {
          log.error({ err }, 'escrow worker failed; retried next round');
        }
      };
      const schedule = () => {
        if (stopped) return;
        timer = setTimeout(() => {
          running = tick().finally(schedule);
        }, everyMs);
      };
      schedule();
      return {
        async stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
          await running;
        },
      };
    },
  };
}
export type EscrowLedgerService = ReturnType<typeof createEscrowLedgerService>;
