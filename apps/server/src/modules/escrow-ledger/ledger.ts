import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/app-error.ts';
import type { EscrowLedgerRepository } from './escrow-ledger.repository.ts';
import { accountSpec, assertBalanced, balanceOnNormalSide, requestHash, type Posting } from './journal.ts';

export type JournalKind = 'payment' | 'release' | 'refund' | 'transfer' | 'payout_settled';

export type JournalEntry = {
  /** The idempotency key: a second post with this key returns the first transaction. */
  key: string;
  kind: JournalKind;
  contractId: string | null;
  bankRef?: string | null;
  bankBookedAt?: Date | null;
  memo?: Record<string, unknown>;
  postings: Posting[];
};

export type Posted = { transactionId: number; duplicate: boolean };

/**
 * Writes one balanced journal transaction in the caller's transaction, at most once per key.
 * Accounts that may not go below zero and lose money here are locked first and their balance checked
 * with this entry applied; the deferred trigger of 0009 checks the same again at commit.
 */
export async function postEntry(
  tx: Kysely<DB>,
  repo: EscrowLedgerRepository,
  entry: JournalEntry,
): Promise<Posted> {
  assertBalanced(entry.postings);
  const hash = requestHash({
    kind: entry.kind,
    contractId: entry.contractId,
    bankRef: entry.bankRef ?? null,
    postings: entry.postings,
  });
  // The key first: a retry finds its transaction and posts nothing; a new key claims its row (a
  // concurrent writer of the same key waits on it). If a check below fails, the whole database
  // transaction rolls back, the claimed row with it.
  const inserted = await repo.insertTransaction(tx, {
    idempotencyKey: entry.key,
    requestHash: hash,
    kind: entry.kind,
    contractId: entry.contractId,
    bankRef: entry.bankRef ?? null,
    bankBookedAt: entry.bankBookedAt ?? null,
    memo: entry.memo ?? {},
  });
  if (!inserted) {
    const earlier = await repo.findTransactionByKey(tx, entry.key);
    if (!earlier) throw new AppError('internal.error', { message: `journal key ${entry.key} vanished` });
    return sameOrConflict(earlier, entry.key, hash);
  }

  // Accounts that lose money here must already hold it (so they exist); only growing ones may be new.
  const shrinking: Posting[] = [];
  const growing: string[] = [];
  for (const p of entry.postings) {
    const spec = accountSpec(p.account);
    if (spec.floorZero && balanceOnNormalSide(spec.normalSide, p.amountFen) < 0) shrinking.push(p);
    else growing.push(p.account);
  }
  await repo.ensureAccounts(tx, growing);
  if (shrinking.length > 0) {
    const codes = shrinking.map((p) => p.account);
    await repo.lockAccounts(tx, codes);
    const sums = await repo.sums(tx, codes);
    for (const p of shrinking) {
      const spec = accountSpec(p.account);
      const before = balanceOnNormalSide(spec.normalSide, sums.get(p.account) ?? 0);
      const after = before + balanceOnNormalSide(spec.normalSide, p.amountFen);
      if (after < 0) {
        throw new AppError('escrow.insufficient_balance', {
          message: `${p.account} would go to ${after} 分`,
          details: { account: p.account, balanceFen: before },
        });
      }
    }
  }
  await repo.insertPostings(tx, inserted.id, entry.postings);
  return { transactionId: inserted.id, duplicate: false };
}

function sameOrConflict(row: { id: number; requestHash: string }, key: string, hash: string): Posted {
  if (row.requestHash.trim() !== hash) {
    throw new AppError('escrow.idempotency_conflict', {
      message: `journal key ${key} was used with other facts`,
    });
  }
  return { transactionId: row.id, duplicate: true };
}

/**
 * The ledger's invariants, checked from the rows alone (property tests, the crash test and the
 * benchmark call it): every transaction balances; no floor_zero account is below zero; every 分 in
 * an escrow came from a bank payment or another escrow (a transfer), and every 分 that left went to a
 * school payable or refund payable whose payout row, bank transfer and settlement agree. Returns the
 * violations found (empty when all hold).
 */
export async function findInvariantViolations(db: Kysely<DB>): Promise<string[]> {
  const out: string[] = [];
  const unbalanced = await sql<{ id: number; total: number; n: number }>`
    SELECT t.id, coalesce(sum(p.amount_fen), 0)::bigint AS total, count(p.*)::int AS n
    FROM ledger_transactions t LEFT JOIN ledger_postings p ON p.transaction_id = t.id
    GROUP BY t.id HAVING coalesce(sum(p.amount_fen), 0) <> 0 OR count(p.*) < 2`.execute(db);
  for (const r of unbalanced.rows) out.push(`transaction ${r.id} sums to ${r.total} over ${r.n} postings`);

  const negative = await sql<{ code: string; balance: number }>`
    SELECT a.code, (CASE WHEN a.normal_side = 'debit' THEN 1 ELSE -1 END * coalesce(sum(p.amount_fen), 0))::bigint AS balance
    FROM ledger_accounts a LEFT JOIN ledger_postings p ON p.account_code = a.code
    WHERE a.floor_zero GROUP BY a.code, a.normal_side
    HAVING CASE WHEN a.normal_side = 'debit' THEN 1 ELSE -1 END * coalesce(sum(p.amount_fen), 0) < 0`.execute(
    db,
  );
  for (const r of negative.rows) out.push(`account ${r.code} is below zero: ${r.balance}`);

  // Where each posting may come from: the allowed (transaction kind, account kind, sign) shapes.
  const shapes = await sql<{ kind: string; accountKind: string; sign: number; n: number }>`
    SELECT t.kind, a.kind AS account_kind, sign(p.amount_fen)::int AS sign, count(*)::int AS n
    FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
    JOIN ledger_accounts a ON a.code = p.account_code
    GROUP BY t.kind, a.kind, sign(p.amount_fen)`.execute(db);
  const allowed = new Set([
    'payment/bank_cash/1',
    'payment/escrow/-1',
    'release/escrow/1',
    'release/school_payable/-1',
    'refund/escrow/1',
    'refund/refund_payable/-1',
    // A withdrawal may release what training is owed and refund the rest in one transaction.
    'refund/school_payable/-1',
    'transfer/escrow/1',
    'transfer/escrow/-1',
    'transfer/school_payable/-1',
    'payout_settled/school_payable/1',
    'payout_settled/refund_payable/1',
    'payout_settled/bank_cash/-1',
  ]);
  for (const s of shapes.rows) {
    const shape = `${s.kind}/${s.accountKind}/${s.sign}`;
    if (!allowed.has(shape)) out.push(`${s.n} postings of untraceable shape ${shape}`);
  }

  // Bank cash moves only with a bank reference (a payment in, a settled payout out).
  const unreferenced = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
    WHERE p.account_code = 'bank_cash' AND t.bank_ref IS NULL`.execute(db);
  if ((unreferenced.rows[0]?.n ?? 0) > 0) {
    out.push(`${unreferenced.rows[0]!.n} bank cash postings without a bank reference`);
  }

  // Every payout equals what its source transaction put into the payable, and a settled payout was
  // settled exactly once, for its amount, against the same payable.
  const payouts = await sql<{ id: string; problem: string }>`
    SELECT o.id, CASE
      WHEN src.amount IS DISTINCT FROM o.amount_fen THEN 'source ' || coalesce(src.amount::text, 'none')
      WHEN o.status = 'settled' AND (st.n IS DISTINCT FROM 1 OR st.amount IS DISTINCT FROM o.amount_fen) THEN 'settled ' || coalesce(st.n, 0) || 'x ' || coalesce(st.amount::text, 'none')
      WHEN o.status = 'pending' AND st.n IS NOT NULL THEN 'pending but settled'
    END AS problem
    FROM escrow_payouts o
    LEFT JOIN LATERAL (SELECT -p.amount_fen AS amount FROM ledger_postings p
      WHERE p.transaction_id = o.source_transaction_id AND p.account_code = o.payable_account) src ON true
    LEFT JOIN LATERAL (SELECT count(*)::int AS n, sum(p.amount_fen)::bigint AS amount FROM ledger_transactions t
      JOIN ledger_postings p ON p.transaction_id = t.id AND p.account_code = o.payable_account
      WHERE t.idempotency_key = 'settle:' || o.id::text) st ON st.n > 0`.execute(db);
  for (const r of payouts.rows) if (r.problem) out.push(`payout ${r.id}: ${r.problem}`);

  // Every 分 credited to a payable is in a payout row (nothing released or refunded without one).
  const unpaid = await sql<{ code: string; credited: number; payouts: number }>`
    SELECT a.code, coalesce((SELECT -sum(p.amount_fen) FROM ledger_postings p WHERE p.account_code = a.code AND p.amount_fen < 0), 0)::bigint AS credited,
      coalesce((SELECT sum(o.amount_fen) FROM escrow_payouts o WHERE o.payable_account = a.code), 0)::bigint AS payouts
    FROM ledger_accounts a WHERE a.kind IN ('school_payable', 'refund_payable')`.execute(db);
  for (const r of unpaid.rows) {
    if (Number(r.credited) !== Number(r.payouts)) {
      out.push(`${r.code}: credited ${r.credited}, payouts ${r.payouts}`);
    }
  }

  // Conservation: what the bank took in = what is still held (escrows, payables) + what the bank paid out.
  const totals = await sql<{ paidIn: number; paidOut: number; held: number }>`
    SELECT
      coalesce((SELECT sum(amount_fen) FROM ledger_postings WHERE account_code = 'bank_cash' AND amount_fen > 0), 0)::bigint AS paid_in,
      coalesce((SELECT -sum(amount_fen) FROM ledger_postings WHERE account_code = 'bank_cash' AND amount_fen < 0), 0)::bigint AS paid_out,
      coalesce((SELECT -sum(p.amount_fen) FROM ledger_postings p JOIN ledger_accounts a ON a.code = p.account_code WHERE a.kind <> 'bank_cash'), 0)::bigint AS held`.execute(
    db,
  );
  const t = totals.rows[0]!;
  if (Number(t.paidIn) !== Number(t.held) + Number(t.paidOut)) {
    out.push(`paid in ${t.paidIn} ≠ held ${t.held} + paid out ${t.paidOut}`);
  }
  return out;
}
