import { describe, expect, it } from 'vitest';
import { requestHash, unbalancedReason } from './journal.ts';
import { hoursEarned, parseReleasePlan, stepAmounts } from './release-plan.ts';
import { settleWithdrawal } from './settlement.ts';

/** A small seeded generator (mulberry32): the same seed repeats a failing case. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('release plans', () => {
  it('split any price into steps that add up to it exactly, never negative', () => {
    const r = rng(7);
    const plan = parseReleasePlan({
      kind: 'stages',
      steps: [
        { on: 'enrolment', percent: 25 },
        { on: 'part', part: 1, percent: 15 },
        { on: 'part', part: 2, percent: 30 },
        { on: 'part', part: 3, percent: 30 },
      ],
    });
    if (plan.kind !== 'stages') throw new Error('stages expected');
    for (let i = 0; i < 2_000; i++) {
      const price = 1 + Math.floor(r() * 2_000_000);
      const steps = stepAmounts(plan, price);
      expect(steps.reduce((s, x) => s + x.amountFen, 0)).toBe(price);
      for (const s of steps) expect(s.amountFen).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuse plans that do not add up to 100 % or repeat a step', () => {
    expect(() => parseReleasePlan({ kind: 'stages', steps: [{ on: 'part', part: 1, percent: 90 }] })).toThrow(
      /100|add up/,
    );
    expect(() =>
      parseReleasePlan({
        kind: 'stages',
        steps: [
          { on: 'part', part: 1, percent: 50 },
          { on: 'part', part: 1, percent: 50 },
        ],
      }),
    ).toThrow(/twice/);
    expect(() => parseReleasePlan({ kind: 'weekly' })).toThrow();
  });

  it('earn hours plans no more than the price', () => {
    const plan = { kind: 'hours' as const, upfrontPercent: 30 };
    expect(hoursEarned(plan, 300_000, 20_000, 0)).toBe(90_000);
    expect(hoursEarned(plan, 300_000, 20_000, 90)).toBe(120_000);
    expect(hoursEarned(plan, 300_000, 20_000, 60 * 100)).toBe(300_000);
  });
});

describe('withdrawal settlement', () => {
  it('pays the school what training is owed, refunds the rest, and the two add up to the escrow', () => {
    const r = rng(11);
    for (let i = 0; i < 2_000; i++) {
      const escrowFen = Math.floor(r() * 500_000);
      const releasedFen = Math.floor(r() * 300_000);
      const s = settleWithdrawal({
        fundedFen: escrowFen + releasedFen,
        releasedFen,
        escrowFen,
        creditedMinutes: Math.floor(r() * 3_000),
        perHourFen: Math.floor(r() * 30_000),
      });
      expect(s.schoolFen + s.refundFen).toBe(escrowFen);
      expect(s.schoolFen).toBeGreaterThanOrEqual(0);
      expect(s.refundFen).toBeGreaterThanOrEqual(0);
      expect(s.lines.find((l) => l.code === 'refund')?.amountFen).toBe(s.refundFen);
    }
  });

  it('explains a typical case line by line', () => {
    // Paid 4,000 元; 25 % released at enrolment; 10 hours at 150 元 = 1,500 元 of training.
    const s = settleWithdrawal({
      fundedFen: 400_000,
      releasedFen: 100_000,
      escrowFen: 300_000,
      creditedMinutes: 600,
      perHourFen: 15_000,
    });
    expect(s.lines.map((l) => [l.code, l.amountFen])).toEqual([
      ['funded', 400_000],
      ['released_before', 100_000],
      ['escrow_remaining', 300_000],
      ['hours_trained', 0],
      ['training_value', 150_000],
      ['owed_to_school', 50_000],
      ['refund', 250_000],
    ]);
  });
});

describe('journal entries', () => {
  it('balance only when postings sum to zero over distinct accounts', () => {
    expect(unbalancedReason([{ account: 'a', amountFen: 5 }])).toMatch(/two/);
    expect(
      unbalancedReason([
        { account: 'a', amountFen: 5 },
        { account: 'b', amountFen: -4 },
      ]),
    ).toMatch(/sum/);
    expect(
      unbalancedReason([
        { account: 'a', amountFen: 5 },
        { account: 'a', amountFen: -5 },
      ]),
    ).toMatch(/twice/);
    expect(
      unbalancedReason([
        { account: 'a', amountFen: 0.5 },
        { account: 'b', amountFen: -0.5 },
      ]),
    ).toMatch(/bad/);
    expect(
      unbalancedReason([
        { account: 'a', amountFen: 5 },
        { account: 'b', amountFen: -5 },
      ]),
    ).toBeNull();
  });

  it('hash the same facts the same whatever the posting order', () => {
    const a = requestHash({
      kind: 'x',
      contractId: null,
      bankRef: null,
      postings: [
        { account: 'a', amountFen: 1 },
        { account: 'b', amountFen: -1 },
      ],
    });
    const b = requestHash({
      kind: 'x',
      contractId: null,
      bankRef: null,
      postings: [
        { account: 'b', amountFen: -1 },
        { account: 'a', amountFen: 1 },
      ],
    });
    const c = requestHash({
      kind: 'x',
      contractId: null,
      bankRef: null,
      postings: [
        { account: 'b', amountFen: -2 },
        { account: 'a', amountFen: 2 },
      ],
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
