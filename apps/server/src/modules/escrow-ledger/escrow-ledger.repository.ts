import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { accountSpec, type Posting } from './journal.ts';

type Tx = Kysely<DB>;

/** The only file touching the escrow tables. Returns rows; holds no rules. */
export function createEscrowLedgerRepository() {
  return {
    // ---- journal ------------------------------------------------------------------------------
    async ensureAccounts(tx: Tx, codes: readonly string[]): Promise<void> {
      const rows = codes.map(accountSpec).filter((a) => a.kind !== 'bank_cash');
      if (rows.length === 0) return;
      await tx
        .insertInto('ledgerAccounts')
        .values(rows)
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    },

    /** Row locks on the accounts (in code order, so two writers never deadlock). */
    async lockAccounts(tx: Tx, codes: readonly string[]): Promise<void> {
      if (codes.length === 0) return;
      await tx
        .selectFrom('ledgerAccounts')
        .select('code')
        .where('code', 'in', [...codes].sort())
        .orderBy('code')
        .forUpdate()
        .execute();
    },

    /** Raw sums of postings (debit positive) per account. */
    async sums(tx: Tx, codes: readonly string[]): Promise<Map<string, number>> {
      const out = new Map(codes.map((c) => [c, 0]));
      if (codes.length === 0) return out;
      const rows = await tx
        .selectFrom('ledgerPostings')
        .select(['accountCode', sql<number>`sum(amount_fen)::bigint`.as('sum')])
        .where('accountCode', 'in', codes)
        .groupBy('accountCode')
        .execute();
      for (const r of rows) out.set(r.accountCode, Number(r.sum));
      return out;
    },

    findTransactionByKey(tx: Tx, key: string) {
      return tx
        .selectFrom('ledgerTransactions')
        .select(['id', 'requestHash', 'kind', 'contractId', 'bankRef'])
        .where('idempotencyKey', '=', key)
        .executeTakeFirst();
    },

    /** Undefined when the key exists already (a concurrent or earlier writer took it). */
    insertTransaction(
      tx: Tx,
      row: {
        idempotencyKey: string;
        requestHash: string;
        kind: string;
        contractId: string | null;
        bankRef: string | null;
        bankBookedAt: Date | null;
        memo: Record<string, unknown>;
      },
    ) {
      return tx
        .insertInto('ledgerTransactions')
        .values({ ...row, memo: JSON.stringify(row.memo) })
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    async insertPostings(tx: Tx, transactionId: number, postings: readonly Posting[]): Promise<void> {
      await tx
        .insertInto('ledgerPostings')
        .values(postings.map((p) => ({ transactionId, accountCode: p.account, amountFen: p.amountFen })))
        .execute();
    },

    // ---- contracts ----------------------------------------------------------------------------
    insertContract(
      tx: Tx,
      row: {
        traineeId: string;
        schoolId: string;
        classTypeId: string | null;
        priceFen: number;
        perHourFen: number;
        releasePlan: unknown;
        minutesAtStart: number;
        transferredFrom: string | null;
      },
    ) {
      return tx
        .insertInto('escrowContracts')
        .values({ ...row, releasePlan: JSON.stringify(row.releasePlan) })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    findContract(tx: Tx, id: string, options: { forUpdate?: boolean } = {}) {
      let q = tx
        .selectFrom('escrowContracts as c')
        .innerJoin('schools as s', 's.id', 'c.schoolId')
        .select([
          'c.id',
          'c.traineeId',
          'c.schoolId',
          'c.classTypeId',
          'c.priceFen',
          'c.perHourFen',
          'c.releasePlan',
          'c.minutesAtStart',
          'c.status',
          'c.transferredFrom',
          'c.createdAt',
          's.countyCode',
          's.name as schoolName',
        ])
        .where('c.id', '=', id);
      if (options.forUpdate) q = q.forUpdate('c');
      return q.executeTakeFirst();
    },

    findContractsOfTrainee(tx: Tx, traineeId: string) {
      return tx
        .selectFrom('escrowContracts')
        .select(['id'])
        .where('traineeId', '=', traineeId)
        .orderBy('createdAt')
        .execute();
    },

    async setContractStatus(tx: Tx, id: string, status: string, at: Date): Promise<void> {
      await tx.updateTable('escrowContracts').set({ status, updatedAt: at }).where('id', '=', id).execute();
    },

    /** Per contract: how much came in (payments, transfers in) and went out, by journal kind. */
    async contractFlows(tx: Tx, contractIds: readonly string[]) {
      if (contractIds.length === 0) return [];
      return tx
        .selectFrom('ledgerPostings as p')
        .innerJoin('ledgerTransactions as t', 't.id', 'p.transactionId')
        .innerJoin('ledgerAccounts as a', 'a.code', 'p.accountCode')
        .select(['a.contractId', 't.kind', sql<number>`sum(-p.amount_fen)::bigint`.as('creditFen')])
        .where('a.kind', '=', 'escrow')
        .where('a.contractId', 'in', contractIds)
        .groupBy(['a.contractId', 't.kind'])
        .execute();
    },

    findTransactionsOfContract(tx: Tx, contractId: string) {
      return tx
        .selectFrom('ledgerTransactions')
        .select(['id', 'kind', 'idempotencyKey', 'bankRef', 'bankBookedAt', 'memo', 'createdAt'])
        .where('contractId', '=', contractId)
        .orderBy('id')
        .execute();
    },

    // ---- payment intents ----------------------------------------------------------------------
    findIntentByKey(tx: Tx, key: string) {
      return tx
        .selectFrom('escrowPaymentIntents')
        .selectAll()
        .where('idempotencyKey', '=', key)
        .executeTakeFirst();
    },
    findIntentByBankPayment(tx: Tx, bankPaymentId: string) {
      return tx
        .selectFrom('escrowPaymentIntents')
        .selectAll()
        .where('bankPaymentId', '=', bankPaymentId)
        .forUpdate()
        .executeTakeFirst();
    },
    findIntent(tx: Tx, id: string) {
      return tx.selectFrom('escrowPaymentIntents').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertIntent(tx: Tx, row: { contractId: string; idempotencyKey: string; amountFen: number }) {
      return tx
        .insertInto('escrowPaymentIntents')
        .values(row)
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .returningAll()
        .executeTakeFirst();
    },
    async markIntentPending(tx: Tx, id: string, bankPaymentId: string, payUrl: string): Promise<void> {
      await tx
        .updateTable('escrowPaymentIntents')
        .set({ bankPaymentId, payUrl, status: 'pending' })
        .where('id', '=', id)
        .where('status', '=', 'created')
        .execute();
    },
    async markIntentConfirmed(tx: Tx, id: string, bankPaymentId: string, at: Date): Promise<void> {
      await tx
        .updateTable('escrowPaymentIntents')
        .set({ status: 'confirmed', confirmedAt: at, bankPaymentId })
        .where('id', '=', id)
        .execute();
    },

    // ---- payouts ------------------------------------------------------------------------------
    insertPayout(
      tx: Tx,
      row: {
        contractId: string;
        kind: 'release' | 'refund';
        payableAccount: string;
        amountFen: number;
        beneficiary: string;
        sourceTransactionId: number;
      },
      at: Date,
    ) {
      return tx
        .insertInto('escrowPayouts')
        .values({ ...row, createdAt: at, nextAttemptAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
    },
    findPayout(tx: Tx, id: string, options: { forUpdate?: boolean } = {}) {
      let q = tx.selectFrom('escrowPayouts').selectAll().where('id', '=', id);
      if (options.forUpdate) q = q.forUpdate();
      return q.executeTakeFirst();
    },
    /** Due payouts, claimed so two workers never send the same one at once. */
    claimDuePayouts(tx: Tx, now: Date, limit: number) {
      return tx
        .selectFrom('escrowPayouts')
        .selectAll()
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', now)
        .orderBy('nextAttemptAt')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
    },
    async markPayoutAttempt(tx: Tx, id: string, error: string, nextAttemptAt: Date): Promise<void> {
      await tx
        .updateTable('escrowPayouts')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: error.slice(0, 500), nextAttemptAt }))
        .where('id', '=', id)
        .execute();
    },
    async markPayoutSettled(tx: Tx, id: string, bankTransferId: string, at: Date): Promise<void> {
      await tx
        .updateTable('escrowPayouts')
        .set({ status: 'settled', bankTransferId, settledAt: at })
        .where('id', '=', id)
        .execute();
    },

    // ---- callbacks ----------------------------------------------------------------------------
    /** False when the event was received before (a redelivery). */
    async insertCallback(tx: Tx, row: { eventId: string; type: string; body: unknown }): Promise<boolean> {
      const r = await tx
        .insertInto('bankCallbacks')
        .values({ ...row, body: JSON.stringify(row.body) })
        .onConflict((oc) => oc.column('eventId').doNothing())
        .returning('eventId')
        .executeTakeFirst();
      return !!r;
    },

    // ---- reconciliation -----------------------------------------------------------------------
    /** bank_cash movements booked in [from, to), by bank reference. */
    bankMovements(tx: Tx, from: Date, to: Date) {
      return tx
        .selectFrom('ledgerTransactions as t')
        .innerJoin('ledgerPostings as p', (j) =>
          j.onRef('p.transactionId', '=', 't.id').on('p.accountCode', '=', 'bank_cash'),
        )
        .select(['t.bankRef', 'p.amountFen', 't.kind'])
        .where('t.bankRef', 'is not', null)
        .where('t.bankBookedAt', '>=', from)
        .where('t.bankBookedAt', '<', to)
        .execute();
    },
    async bankCashBefore(tx: Tx, to: Date): Promise<number> {
      const r = await tx
        .selectFrom('ledgerTransactions as t')
        .innerJoin('ledgerPostings as p', (j) =>
          j.onRef('p.transactionId', '=', 't.id').on('p.accountCode', '=', 'bank_cash'),
        )
        .select(sql<number>`coalesce(sum(p.amount_fen), 0)::bigint`.as('sum'))
        .where('t.bankBookedAt', '<', to)
        .executeTakeFirstOrThrow();
      return Number(r.sum);
    },
  };
}
export type EscrowLedgerRepository = ReturnType<typeof createEscrowLedgerRepository>;
