import { describe, expect, it } from 'vitest';
import { decideOutcome, passLine } from './decide.ts';

const outcomes = (passProbability: number, part: number, n = 5000) =>
  Array.from({ length: n }, (_, i) =>
    decideOutcome({ seed: 's', traineeId: `t-${i}`, part, attempt: 1, passProbability }),
  );

describe('exam decisions', () => {
  it('uses 90 as the pass line for parts 1 and 4, 80 for parts 2 and 3', () => {
    expect([1, 2, 3, 4].map(passLine)).toEqual([90, 80, 80, 90]);
  });

  it('gives passing scores from the line to 100 and failing ones below the line', () => {
    for (const part of [1, 2, 3, 4]) {
      for (const o of outcomes(0.5, part, 2000)) {
        expect(Number.isInteger(o.score)).toBe(true);
        if (o.passed) expect(o.score).toBeGreaterThanOrEqual(passLine(part));
        else expect(o.score).toBeLessThan(passLine(part));
        expect(o.score).toBeGreaterThanOrEqual(0);
        expect(o.score).toBeLessThanOrEqual(100);
      }
    }
  });

  it('reaches both ends of each range', () => {
    const scores = new Set(outcomes(0.5, 2, 20000).map((o) => o.score));
    for (const edge of [0, 79, 80, 100]) expect(scores.has(edge)).toBe(true);
  });

  it('passes about the configured share, and everyone or no one at 1 and 0', () => {
    const share = (p: number) => outcomes(p, 1).filter((o) => o.passed).length / 5000;
    expect(Math.abs(share(0.8) - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(share(0.3) - 0.3)).toBeLessThan(0.02);
    expect(share(1)).toBe(1);
    expect(share(0)).toBe(0);
  });

  it('decides the same way for the same trainee, part and attempt, and independently otherwise', () => {
    const input = { seed: 's', traineeId: 't-1', part: 3, attempt: 1, passProbability: 0.5 };
    expect(decideOutcome(input)).toEqual(decideOutcome({ ...input }));
    const differs = Array.from({ length: 50 }, (_, i) => decideOutcome({ ...input, attempt: i + 2 })).some(
      (o) => o.passed !== decideOutcome(input).passed,
    );
    expect(differs).toBe(true);
  });
});
