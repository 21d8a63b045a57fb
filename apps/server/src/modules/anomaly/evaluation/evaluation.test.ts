import { FRAUD_KINDS, planDataset, recordDataset } from '@jiapei/terminal-sim';
import { describe, expect, it } from 'vitest';
import { DETECTOR_WEIGHTS, detectClockDrift, detectPulseGnssMismatch } from '../detectors.ts';
import { evaluateDetectors, formatReport } from './evaluate.ts';
import { EXPECTED, expectedDetectors, expectsHigh } from './expectations.ts';
import { emptyConfusion, meetsGoal, precision, recall, tally } from './metrics.ts';
import { messagesOf, trackOf } from './session-input.ts';

describe('metrics', () => {
  it('counts the four outcomes and derives precision and recall from them', () => {
    const c = emptyConfusion();
    for (const [fired, expected, n] of [
      [true, true, 19],
      [true, false, 1],
      [false, true, 1],
      [false, false, 79],
    ] as const) {
      for (let i = 0; i < n; i++) tally(c, fired, expected);
    }
    expect(c).toEqual({ tp: 19, fp: 1, fn: 1, tn: 79 });
    expect(precision(c)).toBeCloseTo(0.95, 10);
    expect(recall(c)).toBeCloseTo(0.95, 10);
    expect(meetsGoal(c, { precision: 0.95, recall: 0.95 })).toBe(true);
    expect(meetsGoal(c, { precision: 0.99, recall: 0.95 })).toBe(false);
  });

  it('leaves a ratio undefined when there is nothing to divide by, and such a ratio never meets a goal', () => {
    const silent = { tp: 0, fp: 0, fn: 3, tn: 10 };
    expect(precision(silent)).toBeNull();
    expect(recall(silent)).toBe(0);
    const nothingToCatch = { tp: 0, fp: 2, fn: 0, tn: 10 };
    expect(recall(nothingToCatch)).toBeNull();
    expect(meetsGoal(nothingToCatch, { precision: 0, recall: 0 })).toBe(false);
  });
});

describe('expectations', () => {
  it('say something about every fraud of the simulator and name only real detectors', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FRAUD_KINDS].sort());
    for (const { detectors } of Object.values(EXPECTED)) {
      for (const d of detectors) expect(DETECTOR_WEIGHTS[d]).toBeGreaterThan(0);
    }
    expect([...expectedDetectors(['paoma', 'replay'])].sort()).toEqual([
      'mileage-without-movement',
      'pulse-gnss-mismatch',
      'replay',
    ]);
    expect(expectedDetectors([]).size).toBe(0);
    expect(expectsHigh(['clock-drift'])).toBe(false);
    expect(expectsHigh(['clock-drift', 'paoma'])).toBe(true);
  });
});

describe('evaluation on a tiny data set', () => {
  const options = {
    seed: 'harness',
    cars: 12,
    days: 1,
    carShares: { paoma: 1 / 12, 'clock-drift': 1 / 12 },
    overlapShare: { 'vehicle-overlap': 0.05 },
  };

  it('converts a labelled session into detector input that shows its fraud', () => {
    const plan = planDataset(options);
    const fraudCars = new Set(
      plan.cars.filter((c) => c.profile !== 'honest').map((c) => c.car.terminalNumber),
    );
    const picked = plan.sessions.filter(
      (s) => fraudCars.has(s.vehicleId ?? '') && s.sessionId.endsWith('-000'),
    );
    const seen = [...recordDataset({ ...plan, sessions: picked })];
    expect(seen.map((s) => s.labels)).toEqual(
      expect.arrayContaining([expect.arrayContaining(['paoma']), expect.arrayContaining(['clock-drift'])]),
    );
    for (const s of seen) {
      const track = trackOf(s.recorded!);
      expect(track.length).toBe(s.minutes * 6);
      expect(detectPulseGnssMismatch(track).length > 0).toBe(s.labels.includes('paoma'));
      expect(detectClockDrift(messagesOf(s.recorded!)).length > 0).toBe(s.labels.includes('clock-drift'));
    }
  });

  it('accounts for every session in every detector row and every label row', { timeout: 60_000 }, () => {
    const r = evaluateDetectors(options);
    expect(r.dataset.sessions).toBeGreaterThan(50);
    for (const row of r.detectors) {
      expect(row.tp + row.fp + row.fn + row.tn).toBe(r.dataset.sessions);
    }
    const paoma = r.detectors.find((d) => d.detector === 'pulse-gnss-mismatch')!;
    expect(paoma.catches).toEqual(['paoma']);
    expect(paoma.tp + paoma.fn).toBe(r.labels.find((l) => l.label === 'paoma')!.sessions);
    const honest = r.labels.find((l) => l.label === 'honest')!;
    expect(honest.sessions + r.dataset.fraudulent).toBe(r.dataset.sessions);
    expect(Object.values(honest.levels).reduce((a, b) => a + b, 0)).toBe(honest.sessions);
    expect(formatReport(r)).toContain('| pulse-gnss-mismatch');
  });
});
