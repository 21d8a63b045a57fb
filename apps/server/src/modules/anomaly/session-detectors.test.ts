import { describe, expect, it } from 'vitest';
import {
  CLOCK_DRIFT,
  CONSTANT_MOTION,
  MILEAGE_WITHOUT_MOVEMENT,
  PULSE_GNSS,
  TELEPORT,
  detectClockDrift,
  detectConstantMotion,
  detectMileageWithoutMovement,
  detectPulseGnssMismatch,
  detectTeleport,
  distanceM,
  type MinuteRecord,
  type TimedMessage,
  type TrackPoint,
} from './detectors.ts';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const LAT0 = 36.6;
const LON0 = 117.0;
/** Metres per degree of latitude (to place points a known distance apart). */
const M_PER_DEG_LAT = distanceM(0, 0, 1, 0);

/**
 * An honest drive: points every 10 s, speed wandering 20–35 km/h, heading turning, GNSS and pulse
 * within a few % of each other, the car moving north-east by what its speed implies.
 */
function honestTrack(points = 60): TrackPoint[] {
  const track: TrackPoint[] = [];
  let lat = LAT0;
  let lon = LON0;
  for (let i = 0; i < points; i++) {
    const speed = 250 + Math.round(60 * Math.sin(i / 3)); // 0.1 km/h
    const heading = (i * 17) % 360;
    track.push({
      atMs: T0 + i * 10_000,
      latitude: lat,
      longitude: lon,
      gnssSpeedDecikmh: speed,
      recorderSpeedDecikmh: Math.round(speed * 1.03),
      directionDeg: heading,
      gnssFix: true,
    });
    const metres = (speed / 10 / 3.6) * 10;
    lat += (metres * Math.cos((heading * Math.PI) / 180)) / M_PER_DEG_LAT;
    lon += (metres * Math.sin((heading * Math.PI) / 180)) / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  }
  return track;
}

function point(i: number, over: Partial<TrackPoint> = {}, stepMs = 10_000): TrackPoint {
  return {
    atMs: T0 + i * stepMs,
    latitude: LAT0,
    longitude: LON0,
    gnssSpeedDecikmh: 0,
    recorderSpeedDecikmh: 300,
    directionDeg: 90,
    gnssFix: true,
    ...over,
  };
}

function minute(i: number, over: Partial<MinuteRecord> = {}): MinuteRecord {
  return {
    atMs: T0 + i * 60_000,
    maxSpeedDecikmh: 300,
    mileageDecikm: 3,
    recorderSpeedDecikmh: 300,
    engineRpm: 1500,
    gnssFix: true,
    latitude: LAT0 + (i * 300) / M_PER_DEG_LAT,
    longitude: LON0,
    ...over,
  };
}

describe('honest session', () => {
  it('produces no finding from any per-session detector', () => {
    const track = honestTrack(120);
    const minutes = Array.from({ length: 20 }, (_, i) => minute(i));
    expect(detectPulseGnssMismatch(track)).toEqual([]);
    expect(detectMileageWithoutMovement(minutes)).toEqual([]);
    expect(detectConstantMotion(track)).toEqual([]);
    expect(detectTeleport(track)).toEqual([]);
    expect(
      detectClockDrift(track.map((p) => ({ atMs: p.atMs, receivedAtMs: p.atMs + 800, resent: false }))),
    ).toEqual([]);
  });
});

describe('pulse vs GNSS (跑马机)', () => {
  const frozen = (n: number, stepMs = 10_000) => Array.from({ length: n }, (_, i) => point(i, {}, stepMs));

  it('flags pulse running with GNSS frozen for exactly the minimum run, not one step less', () => {
    const steps = PULSE_GNSS.minRunMs / 10_000;
    const hit = detectPulseGnssMismatch(frozen(steps + 1));
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({
      detector: 'pulse-gnss-mismatch',
      fromMs: T0,
      toMs: T0 + PULSE_GNSS.minRunMs,
    });
    expect(hit[0]!.at).toEqual({ latitude: LAT0, longitude: LON0 });
    expect(detectPulseGnssMismatch(frozen(steps))).toEqual([]);
  });

  it('tolerates GNSS at half the pulse speed and slow creeping', () => {
    expect(detectPulseGnssMismatch(frozen(30).map((p) => ({ ...p, gnssSpeedDecikmh: 150 })))).toEqual([]);
    expect(detectPulseGnssMismatch(frozen(30).map((p) => ({ ...p, recorderSpeedDecikmh: 99 })))).toEqual([]);
  });

  it('keeps a run through a stop (pulse under 10 km/h) but not through a point where GNSS agrees', () => {
    const steps = PULSE_GNSS.minRunMs / 10_000;
    const stopAt = (i: number, p: TrackPoint) => (i === 5 || i === 6 ? { ...p, recorderSpeedDecikmh: 0 } : p);
    const withStop = frozen(steps + 1).map((p, i) => stopAt(i, p));
    expect(detectPulseGnssMismatch(withStop)).toHaveLength(1);
    // The same stop, but the car really drove there (GNSS as fast as the pulse): two short runs, no finding.
    const agreeing = frozen(steps + 1).map((p, i) => (i === 6 ? { ...p, gnssSpeedDecikmh: 300 } : p));
    expect(detectPulseGnssMismatch(agreeing)).toEqual([]);
  });

  it('ignores points without a fix and breaks runs at a data gap', () => {
    expect(detectPulseGnssMismatch(frozen(30).map((p) => ({ ...p, gnssFix: false })))).toEqual([]);
    expect(detectPulseGnssMismatch(frozen(12, PULSE_GNSS.maxGapMs + 1))).toEqual([]);
  });
});

describe('mileage without movement', () => {
  const parkedWithMileage = (n: number, mileage = 3) =>
    Array.from({ length: n + 1 }, (_, i) => minute(i, { latitude: LAT0, mileageDecikm: mileage }));

  it('flags minutes adding mileage while the position stays put, from the minimum run on', () => {
    const hit = detectMileageWithoutMovement(parkedWithMileage(MILEAGE_WITHOUT_MOVEMENT.minMinutes));
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence).toEqual({ minutes: 3, mileageKm: 0.9 });
    expect(detectMileageWithoutMovement(parkedWithMileage(MILEAGE_WITHOUT_MOVEMENT.minMinutes - 1))).toEqual(
      [],
    );
  });

  it('does not flag a parked car recording no mileage, nor movement beyond the jitter allowance', () => {
    expect(detectMileageWithoutMovement(parkedWithMileage(10, 0))).toEqual([]);
    const step = (MILEAGE_WITHOUT_MOVEMENT.maxDisplacementM + 1) / M_PER_DEG_LAT;
    const crawling = Array.from({ length: 10 }, (_, i) => minute(i, { latitude: LAT0 + i * step }));
    expect(detectMileageWithoutMovement(crawling)).toEqual([]);
  });

  it('with the positions: a car back at the same spot each minute is moving if it left it in between', () => {
    const minutes = parkedWithMileage(5);
    /** Positions every 10 s inside each minute, `metres` north of the minute's spot at mid-minute. */
    const track = (metres: (second: number) => number) =>
      minutes.flatMap((m) =>
        [10, 20, 30, 40, 50].map((sec) =>
          point(0, {
            atMs: m.atMs - 60_000 + sec * 1000,
            latitude: LAT0 + metres(sec) / M_PER_DEG_LAT,
            gnssSpeedDecikmh: 200,
          }),
        ),
      );
    const lap = (sec: number) => 40 * Math.sin((Math.PI * sec) / 60);
    expect(detectMileageWithoutMovement(minutes, track(lap))).toEqual([]);
    const allowance = MILEAGE_WITHOUT_MOVEMENT.maxDisplacementM;
    expect(
      detectMileageWithoutMovement(
        minutes,
        track((sec) => (sec === 30 ? allowance - 0.1 : 1)),
      ),
    ).toHaveLength(1);
    expect(
      detectMileageWithoutMovement(
        minutes,
        track((sec) => (sec === 30 ? allowance + 1 : 1)),
      ),
    ).toEqual([]);
    // Positions without a fix say nothing about movement.
    const lost = track(lap).map((p) => ({ ...p, gnssFix: false }));
    expect(detectMileageWithoutMovement(minutes, lost)).toHaveLength(1);
  });

  it('needs a minimum of mileage in the run', () => {
    expect(detectMileageWithoutMovement(parkedWithMileage(MILEAGE_WITHOUT_MOVEMENT.minMinutes, 1))).toEqual(
      [],
    );
  });
});

describe('constant speed / heading', () => {
  const steady = (n: number, over: (i: number) => Partial<TrackPoint> = () => ({})) =>
    Array.from({ length: n }, (_, i) =>
      point(i, {
        gnssSpeedDecikmh: 300,
        recorderSpeedDecikmh: null,
        directionDeg: (i * 37) % 360,
        ...over(i),
      }),
    );
  const steps = CONSTANT_MOTION.minDurationMs / 10_000;

  it('flags a GNSS speed held within the band for the minimum duration', () => {
    const hit = detectConstantMotion(
      steady(steps + 1, (i) => ({ gnssSpeedDecikmh: 300 + (i % 2) * CONSTANT_MOTION.speedBandDecikmh })),
    );
    expect(hit.map((f) => f.detector)).toEqual(['constant-speed']);
    expect(detectConstantMotion(steady(steps))).toEqual([]);
  });

  it('does not flag speed varying just beyond the band', () => {
    const varying = steady(60, (i) => ({
      gnssSpeedDecikmh: 300 + (i % 2) * (CONSTANT_MOTION.speedBandDecikmh + 1),
    }));
    expect(detectConstantMotion(varying)).toEqual([]);
  });

  it('flags a constant pulse speed (跑马机 generator) even with GNSS at rest', () => {
    const hit = detectConstantMotion(
      steady(steps + 1, () => ({ gnssSpeedDecikmh: 0, recorderSpeedDecikmh: 300 })),
    );
    expect(hit.map((f) => f.detector)).toEqual(['constant-speed']);
  });

  it('flags a heading held within 1° across north, not one drifting more', () => {
    const north = steady(steps + 1, (i) => ({
      gnssSpeedDecikmh: 200 + i * 7,
      directionDeg: i % 2 ? 359.5 : 0.5,
    }));
    expect(detectConstantMotion(north).map((f) => f.detector)).toEqual(['constant-heading']);
    const wobbling = steady(steps + 1, (i) => ({
      gnssSpeedDecikmh: 200 + i * 7,
      directionDeg: i % 2 ? 359 : 0.5,
    }));
    expect(detectConstantMotion(wobbling)).toEqual([]);
  });

  it('ignores a car standing still', () => {
    expect(detectConstantMotion(steady(100, () => ({ gnssSpeedDecikmh: 0, directionDeg: 0 })))).toEqual([]);
  });
});

describe('teleport', () => {
  const jump = (metres: number, seconds: number) => [
    point(0, { gnssSpeedDecikmh: 300 }),
    { ...point(0), atMs: T0 + seconds * 1000, latitude: LAT0 + metres / M_PER_DEG_LAT },
  ];

  it('flags a jump above the speed limit, not one at it', () => {
    const metres = 1_000;
    const atLimitS = (metres / 1000 / TELEPORT.maxImpliedKmh) * 3600; // 18 s
    expect(detectTeleport(jump(metres, atLimitS - 1))).toHaveLength(1);
    expect(detectTeleport(jump(metres, atLimitS + 0.5))).toEqual([]);
  });

  it('ignores short multipath jumps and points without a fix', () => {
    expect(detectTeleport(jump(TELEPORT.minJumpM - 5, 1))).toEqual([]);
    const [a, b] = jump(5_000, 1);
    expect(detectTeleport([a!, { ...b!, gnssFix: false }])).toEqual([]);
  });

  it('flags two places at the same instant', () => {
    const hit = detectTeleport(jump(2_000, 0));
    expect(hit[0]!.evidence.impliedKmh).toBe(-1);
  });
});

describe('clock drift', () => {
  const messages = (driftMs: number, n = 5, resent = false): TimedMessage[] =>
    Array.from({ length: n }, (_, i) => ({
      atMs: T0 + i * 30_000 + driftMs,
      receivedAtMs: T0 + i * 30_000,
      resent,
    }));

  it('flags the simulator profile (+7 min) and a clock behind, not drift at the threshold', () => {
    expect(detectClockDrift(messages(7 * 60_000))[0]!.evidence.medianDriftS).toBe(420);
    expect(detectClockDrift(messages(-(CLOCK_DRIFT.maxMedianDriftMs + 1000)))).toHaveLength(1);
    expect(detectClockDrift(messages(CLOCK_DRIFT.maxMedianDriftMs))).toEqual([]);
  });

  it('ignores 补传 data and a minority of delayed packets', () => {
    expect(detectClockDrift(messages(-3_600_000, 10, true))).toEqual([]);
    const mostlyOnTime = [...messages(1_000, 5), ...messages(-600_000, 2)];
    expect(detectClockDrift(mostlyOnTime)).toEqual([]);
    expect(detectClockDrift(messages(600_000, CLOCK_DRIFT.minMessages - 1))).toEqual([]);
  });
});
