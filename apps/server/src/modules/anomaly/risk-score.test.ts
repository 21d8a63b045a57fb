import { describe, expect, it } from 'vitest';
import {
  DETECTOR_WEIGHTS,
  detectSessionAnomalies,
  type DetectorId,
  type Finding,
  type MinuteRecord,
  type TrackPoint,
} from './detectors.ts';
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

describe('whole sessions', () => {
  const T0 = Date.parse('2026-11-02T09:00:00+08:00');
  /** 20 minutes, a point every 10 s; `paoma` freezes GNSS while the pulse runs at a steady 30 km/h. */
  function session(paoma: boolean) {
    const track: TrackPoint[] = [];
    const minutes: MinuteRecord[] = [];
    let lat = 36.6;
    for (let i = 0; i < 120; i++) {
      const speed = 250 + Math.round(60 * Math.sin(i / 3));
      const heading = (i * 17) % 360;
      track.push({
        atMs: T0 + i * 10_000,
        latitude: lat,
        longitude: 117 + (paoma ? 0 : i * 0.0003),
        gnssSpeedDecikmh: paoma ? 0 : speed,
        recorderSpeedDecikmh: paoma ? 300 : Math.round(speed * 1.03),
        directionDeg: paoma ? 0 : heading,
        gnssFix: true,
      });
      if (!paoma) lat += 0.0002 * Math.cos(i / 7);
      if (i % 6 === 0) {
        minutes.push({
          atMs: T0 + i * 10_000,
          maxSpeedDecikmh: 310,
          mileageDecikm: 5,
          recorderSpeedDecikmh: 300,
          engineRpm: 1500,
          gnssFix: true,
          latitude: lat,
          longitude: track[i]!.longitude,
        });
      }
    }
    const messages = track.map((p) => ({ atMs: p.atMs, receivedAtMs: p.atMs + 500, resent: false }));
    return { track, minutes, messages, earlierTracks: [], photos: [] };
  }

  it('scores an honest session 0 and a 跑马机 session 100, explained by its detectors', () => {
    expect(scoreSession(detectSessionAnomalies(session(false)))).toMatchObject({ score: 0, level: 'none' });
    const risk = scoreSession(detectSessionAnomalies(session(true)));
    expect(risk.score).toBe(100);
    expect(risk.contributions.map((c) => c.detector)).toEqual([
      'pulse-gnss-mismatch',
      'mileage-without-movement',
      'constant-speed',
    ]);
  });
});
