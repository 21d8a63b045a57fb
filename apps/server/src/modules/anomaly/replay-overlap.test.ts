import { describe, expect, it } from 'vitest';
import {
  OVERLAP,
  REPLAY,
  detectCoachOverlap,
  detectReplay,
  detectTraineeOverlap,
  detectVehicleOverlap,
  distanceM,
  trackFingerprint,
  trackSimilarity,
  type SessionInterval,
  type TrackPoint,
} from './detectors.ts';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const M_PER_DEG_LAT = distanceM(0, 0, 1, 0);
const M_PER_DEG_LON = distanceM(36.6, 0, 36.6, 1);

/**
 * A loop course around a 200 m × 100 m block, one point every 10 m, starting at `t0`. `wobble(i)`
 * shifts each point east by some metres, to model a different drive of the same course; `stepMs(i)` is
 * the time from point i to the next (a different drive has a different pace).
 */
function course(
  t0: number,
  laps = 2,
  wobble: (i: number) => number = () => 0,
  stepMs: (i: number) => number = () => 2_000,
): TrackPoint[] {
  const corners = [
    [0, 0],
    [200, 0],
    [200, 100],
    [0, 100],
  ] as const;
  const pts: TrackPoint[] = [];
  let i = 0;
  let t = t0;
  for (let lap = 0; lap < laps; lap++) {
    for (let c = 0; c < 4; c++) {
      const [x0, y0] = corners[c]!;
      const [x1, y1] = corners[(c + 1) % 4]!;
      const len = Math.hypot(x1 - x0, y1 - y0);
      for (let d = 0; d < len; d += 10) {
        const x = x0 + ((x1 - x0) * d) / len + wobble(i);
        const y = y0 + ((y1 - y0) * d) / len;
        pts.push({
          atMs: t,
          latitude: 36.6 + y / M_PER_DEG_LAT,
          longitude: 117 + x / M_PER_DEG_LON,
          gnssSpeedDecikmh: 180,
          recorderSpeedDecikmh: 185,
          directionDeg: c * 90,
          gnssFix: true,
        });
        t += stepMs(i);
        i++;
      }
    }
  }
  return pts;
}

const first = course(T0);
const earlier = [{ sessionId: 'S1', startedAtMs: T0, fingerprint: trackFingerprint(first)! }];
const dayLater = T0 + 86_400_000;

describe('replay', () => {
  it('fingerprints a track compactly and refuses tracks too short to tell anything', () => {
    const fp = trackFingerprint(first)!;
    expect(fp.points).toHaveLength(REPLAY.samples);
    expect(fp.pathM).toBeGreaterThan(1100);
    expect(trackFingerprint(first.slice(0, 40))).toBeNull(); // under 500 m
  });

  it('flags the same points driven again with new times, naming the earlier session', () => {
    const hit = detectReplay(course(dayLater), earlier);
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence).toMatchObject({ earlierSessionId: 'S1', meanDeviationM: 0 });
    expect(hit[0]!.fromMs).toBe(dayLater);
  });

  it('does not flag an honest drive of the same course a lane position off, at its own pace', () => {
    const pace = (i: number) => 2_000 + 400 * Math.sin(i / 7) + (i % 20 === 0 ? 15_000 : 0);
    const honest = course(dayLater, 2, (i) => 3 + 2 * Math.sin(i / 5), pace);
    expect(detectReplay(honest, earlier)).toEqual([]);
  });

  it('flags a verbatim copy re-timed, and a noisy copy only when its timing repeats too', () => {
    const retimed = course(
      dayLater,
      2,
      () => 0,
      (i) => 2_000 + (i % 3) * 700,
    );
    expect(detectReplay(retimed, earlier)).toHaveLength(1);
    // Over the verbatim limit, under the timed one: the timing decides.
    const offset = (REPLAY.maxMeanDeviationM + REPLAY.maxTimedMeanDeviationM) / 2;
    const noisySameTiming = course(dayLater, 2, () => offset);
    const hit = detectReplay(noisySameTiming, earlier);
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence.medianTimeDeviationS).toBe(0);
    const slower = course(
      dayLater,
      2,
      () => offset,
      () => 2_000 + 2 * REPLAY.maxMedianTimeDeviationS * 10,
    );
    expect(detectReplay(slower, earlier)).toEqual([]);
    expect(
      detectReplay(
        course(dayLater, 2, () => REPLAY.maxTimedMeanDeviationM + 1),
        earlier,
      ),
    ).toEqual([]);
  });

  it('compares by shape only against a fingerprint stored without times', () => {
    const { elapsedS: _times, ...shapeOnly } = trackFingerprint(first)!;
    const old = [{ sessionId: 'S0', startedAtMs: T0, fingerprint: shapeOnly }];
    expect(detectReplay(course(dayLater), old)).toHaveLength(1);
    expect(
      detectReplay(
        course(dayLater, 2, () => 3),
        old,
      ),
    ).toEqual([]);
    expect(trackSimilarity(trackFingerprint(first)!, shapeOnly).medianTimeDeviationS).toBeNull();
  });

  it("has nothing to compare for a car's first session", () => {
    expect(detectReplay(first, [])).toEqual([]);
  });
});

const H = 3_600_000;
const iv = (over: Partial<SessionInterval> & { sessionId: string }): SessionInterval => ({
  traineeId: 'T1',
  coachId: 'C1',
  vehicleId: 'V1',
  kind: 'practical',
  startMs: T0,
  endMs: T0 + H,
  ...over,
});

describe('cross-session overlaps', () => {
  it('finds nothing in back-to-back sessions, including a handover of exactly the allowance', () => {
    const day = [
      iv({ sessionId: 'A' }),
      iv({ sessionId: 'B', traineeId: 'T2', startMs: T0 + H - OVERLAP.minOverlapMs, endMs: T0 + 2 * H }),
    ];
    expect(detectTraineeOverlap(day)).toEqual([]);
    expect(detectCoachOverlap(day)).toEqual([]);
    expect(detectVehicleOverlap(day)).toEqual([]);
  });

  it('flags one car in two sessions once the overlap exceeds the allowance, on both sessions', () => {
    const day = [
      iv({ sessionId: 'A' }),
      iv({
        sessionId: 'B',
        traineeId: 'T2',
        startMs: T0 + H - OVERLAP.minOverlapMs - 1000,
        endMs: T0 + 2 * H,
      }),
    ];
    const hit = detectVehicleOverlap(day);
    expect(hit.map((f) => [f.sessionId, f.evidence.otherSessionId])).toEqual([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    expect(hit[0]!.evidence.overlapS).toBe(61);
  });

  it('flags a trainee in theory and practice at once (交叉培训)', () => {
    const day = [
      iv({ sessionId: 'A' }),
      iv({
        sessionId: 'K',
        kind: 'theory',
        coachId: 'C9',
        vehicleId: null,
        startMs: T0 + H / 2,
        endMs: T0 + 2 * H,
      }),
    ];
    const hit = detectTraineeOverlap(day);
    expect(hit).toHaveLength(2);
    expect(hit[0]!.evidence.kinds).toBe('practical+theory');
    expect(detectVehicleOverlap(day)).toEqual([]);
  });

  it('flags one coach in two cars, not a coach with two trainees in one car (that is the car finding)', () => {
    const twoCars = [
      iv({ sessionId: 'A' }),
      iv({ sessionId: 'B', traineeId: 'T2', vehicleId: 'V2', startMs: T0 + 600_000 }),
    ];
    expect(detectCoachOverlap(twoCars)).toHaveLength(2);
    const oneCar = [iv({ sessionId: 'A' }), iv({ sessionId: 'B', traineeId: 'T2', startMs: T0 + 600_000 })];
    expect(detectCoachOverlap(oneCar)).toEqual([]);
    expect(detectVehicleOverlap(oneCar)).toHaveLength(2);
  });

  it('finds every pair when one long session overlaps several', () => {
    const day = [
      iv({ sessionId: 'LONG', endMs: T0 + 5 * H }),
      ...[1, 2, 3].map((k) =>
        iv({ sessionId: `S${k}`, traineeId: `T${k + 1}`, startMs: T0 + k * H, endMs: T0 + (k + 0.5) * H }),
      ),
    ];
    expect(detectVehicleOverlap(day).filter((f) => f.sessionId === 'LONG')).toHaveLength(3);
  });
});
