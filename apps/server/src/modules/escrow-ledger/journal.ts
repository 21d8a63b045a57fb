import { createHash } from 'node:crypto';
import { AppError } from '../../shared/app-error.ts';

/**
 * The journal's pure rules. A posting's amount is signed: debit positive, credit negative, integer 分.
 * A transaction balances when its postings sum to zero; an account's balance on its normal side is
 * the sum of its postings (debit-normal) or its negation (credit-normal).
 */
export type Posting = { account: string; amountFen: number };
export type NormalSide = 'debit' | 'credit';

export const AccountKind = {
  bankCash: 'bank_cash',
  escrow: 'escrow',
  schoolPayable: 'school_payable',
  refundPayable: 'refund_payable',
} as const;
export type AccountKind = (typeof AccountKind)[keyof typeof AccountKind];

export const BANK_CASH = 'bank_cash';
export const escrowAccount = (contractId: string) => `escrow:${contractId}`;
export const schoolPayableAccount = (schoolId: string) => `school_payable:${schoolId}`;
export const refundPayableAccount = (contractId: string) => `refund_payable:${contractId}`;

export type AccountSpec = {
  code: string;
  kind: AccountKind;
  normalSide: NormalSide;
  floorZero: boolean;
  contractId: string | null;
  schoolId: string | null;
};

/** The account behind a code, so callers name accounts by code and never build specs by hand. */
export function accountSpec(code: string): AccountSpec {
  if (code === BANK_CASH) {
    return {
      code,
      kind: 'bank_cash',
      normalSide: 'debit',
      floorZero: false,
      contractId: null,
      schoolId: null,
    };
  }
  const [prefix, id] = code.split(':') as [string, string | undefined];
  if (!id) throw new AppError('internal.error', { message: `bad account code ${code}` });
  switch (prefix) {
    case 'escrow':
      return { code, kind: 'escrow', normalSide: 'credit', floorZero: true, contractId: id, schoolId: null };
    case 'school_payable':
      return {
        code,
        kind: 'school_payable',
        normalSide: 'credit',
        floorZero: true,
        contractId: null,
        schoolId: id,
      };
    case 'refund_payable':
      return {
        code,
        kind: 'refund_payable',
        normalSide: 'credit',
        floorZero: true,
        contractId: id,
        schoolId: null,
      };
    default:
      throw new AppError('internal.error', { message: `bad account code ${code}` });
  }
}

export function balanceOnNormalSide(side: NormalSide, sumFen: number): number {
  return side === 'debit' ? sumFen : -sumFen;
}

/** Throws unless the postings are whole 分, non-zero, on distinct accounts, at least two, summing to 0. */
export function assertBalanced(postings: readonly Posting[]): void {
  const problem = unbalancedReason(postings);
  if (problem) throw new AppError('internal.error', { message: `unbalanced journal entry: ${problem}` });
}

export function unbalancedReason(postings: readonly Posting[]): string | null {
  if (postings.length < 2) return 'fewer than two postings';
  const seen = new Set<string>();
  let sum = 0;
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0) {
      return `bad amount ${p.amountFen} on ${p.account}`;
    }
    if (seen.has(p.account)) return `account ${p.account} posted twice`;
    seen.add(p.account);
    sum += p.amountFen;
  }
  return sum === 0 ? null : `postings sum to ${sum}`;
}

/** The facts an idempotency key stands for: a retry with the same key must hash the same. */
export function requestHash(entry: {
  kind: string;
  contractId: string | null;
  bankRef: string | null;
  postings: readonly Posting[];
}): string {
  const postings = [...entry.postings]
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0))
    .map((p) => `${p.account}=${p.amountFen}`);
  return createHash('sha256')
    .update([entry.kind, entry.contractId ?? '', entry.bankRef ?? '', ...postings].join('\n'))
    .digest('hex');
}
