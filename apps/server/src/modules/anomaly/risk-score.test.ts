import { describe, expect, it } from 'vitest';
import { DETECTOR_WEIGHTS, type DetectorId, type Finding } from './detectors.ts';
import { RISK_LEVELS, riskLevel, scoreSession } from './risk-score.ts';

const f = (detector: DetectorId, fromMs = 0, score = DETECTOR_WEIGHTS[detector]): Finding => ({
  detector,
  severity: 'high',
  score,
  evidence: {},
  at: null,
  fromMs,
  toMs: fromMs + 1,
});

describe('session risk score', () => {
  it('is 0 and level none without findings', () => {
    expect(scoreSession([])).toEqual({ score: 0, level: 'none', contributions: [], findings: [] });
  });

  it('counts each detector once, with its strongest then earliest finding', () => {
    const risk = scoreSession([f('teleport', 5), f('teleport', 1), f('teleport', 9)]);
    expect(risk.score).toBe(DETECTOR_WEIGHTS.teleport);
    expect(risk.findings.map((x) => x.countedPoints)).toEqual([0, DETECTOR_WEIGHTS.teleport, 0]);
    expect(risk.contributions).toEqual([
      { detector: 'teleport', points: DETECTOR_WEIGHTS.teleport, findings: 3 },
    ]);
  });

  it('adds independent detectors and caps at 100, every counted point traceable', () => {
    const risk = scoreSession([f('mileage-without-movement'), f('pulse-gnss-mismatch'), f('clock-drift')]);
    expect(risk.score).toBe(100);
    expect(risk.level).toBe('high');
    expect(risk.contributions.map((c) => c.detector)).toEqual([
      'pulse-gnss-mismatch',
      'mileage-without-movement',
      'clock-drift',
    ]);
    const small = scoreSession([f('clock-drift')]);
    expect(small.score).toBe(small.findings.reduce((s, x) => s + x.countedPoints, 0));
  });

  it('puts levels at their edges', () => {
    expect(riskLevel(RISK_LEVELS.high)).toBe('high');
    expect(riskLevel(RISK_LEVELS.high - 1)).toBe('medium');
    expect(riskLevel(RISK_LEVELS.medium)).toBe('medium');
    expect(riskLevel(RISK_LEVELS.medium - 1)).toBe('low');
    expect(riskLevel(1)).toBe('low');
    expect(riskLevel(0)).toBe('none');
  });

  it('sends a replay or a 跑马机 signal alone to review, a clock drift alone not', () => {
    expect(scoreSession([f('replay')]).level).toBe('high');
    expect(scoreSession([f('pulse-gnss-mismatch')]).level).toBe('high');
    expect(scoreSession([f('clock-drift')]).level).toBe('low');
  });
});
