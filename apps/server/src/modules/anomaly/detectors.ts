/**
 * Anomaly detectors (RULES §3, REFERENCE §5.1 and §5.3) as pure functions over one session's data or
 * over lists of session intervals: no database, no clock, so each threshold can be tested at its edge
 * and the same code runs as a session closes and in bulk.
 *
 * Every finding says what was seen (`evidence`, numbers only, so the UI can word it through i18n),
 * where (`at`, the first point concerned) and when (`fromMs`–`toMs`), and carries the score it
 * contributes to the session risk score (risk-score.ts).
 *
 * Units follow the terminal protocol: speeds in 0.1 km/h, mileage in 0.1 km, direction in degrees.
 */

export type DetectorId =
  | 'pulse-gnss-mismatch'
  | 'mileage-without-movement'
  | 'constant-speed'
  | 'constant-heading'
  | 'teleport'
  | 'clock-drift'
  | 'replay'
  | 'trainee-overlap'
  | 'coach-overlap'
  | 'vehicle-overlap'
  | 'photo-reused'
  | 'face-mismatch'
  | 'camera-blocked';

export type Severity = 'low' | 'medium' | 'high';

export type Finding = {
  detector: DetectorId;
  severity: Severity;
  /** Points this finding adds to the session risk score (0–100), see DETECTOR_WEIGHTS. */
  score: number;
  /** What was seen, as numbers (units in the key name). */
  evidence: Record<string, number | string>;
  /** Where: the first position concerned, when there is one. */
  at: { latitude: number; longitude: number } | null;
  fromMs: number;
  toMs: number;
};

/** A 0x0200 position (or a position inside a minute record) of one session, in time order. */
export type TrackPoint = {
  atMs: number;
  latitude: number;
  longitude: number;
  gnssSpeedDecikmh: number;
  /** 行驶记录速度 (pulse), when the terminal reported it. */
  recorderSpeedDecikmh: number | null;
  directionDeg: number;
  /** False when the GNSS had no fix; such points are not used for speed or distance comparisons. */
  gnssFix: boolean;
};

/** A 分钟学时 record of one session, in time order. */
export type MinuteRecord = {
  atMs: number;
  maxSpeedDecikmh: number;
  mileageDecikm: number;
  recorderSpeedDecikmh: number | null;
  engineRpm: number | null;
  gnssFix: boolean;
  latitude: number | null;
  longitude: number | null;
};

/** Any message with both the terminal's own time and the platform's receive time. */
export type TimedMessage = {
  atMs: number;
  receivedAtMs: number;
  /** 补传 / blind-area data: sent late on purpose, so it says nothing about the clock. */
  resent: boolean;
};

/**
 * Score each detector contributes (0–100). A finding is worth its detector's weight; risk-score.ts
 * counts each detector once per session. Weights reflect how rarely an honest session trips the
 * detector: a replayed track or pulse without movement have no innocent explanation, a clock drift
 * is a configuration fault as often as fraud.
 */
export const DETECTOR_WEIGHTS: Readonly<Record<DetectorId, number>> = {
  'pulse-gnss-mismatch': 60,
  'mileage-without-movement': 50,
  'constant-speed': 30,
  'constant-heading': 30,
  teleport: 40,
  'clock-drift': 25,
  replay: 70,
  'trainee-overlap': 60,
  'coach-overlap': 50,
  'vehicle-overlap': 60,
  // The same bytes twice: a camera never takes the same picture again, so an upload of a stored one.
  'photo-reused': 70,
  // Someone else in the trainee's seat (代学), photo after photo.
  'face-mismatch': 60,
  // A covered lens looks like fraud, but a camera can also fail: shown to the reviewer, not queued alone.
  'camera-blocked': 50,
};

const severityOf = (weight: number): Severity => (weight >= 50 ? 'high' : weight >= 30 ? 'medium' : 'low');

function finding(
  detector: DetectorId,
  evidence: Finding['evidence'],
  at: Finding['at'],
  fromMs: number,
  toMs: number,
): Finding {
  const score = DETECTOR_WEIGHTS[detector];
  return { detector, severity: severityOf(score), score, evidence, at, fromMs, toMs };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const where = (p: { latitude: number; longitude: number }) => ({
  latitude: p.latitude,
  longitude: p.longitude,
});

// ---------------------------------------------------------------------------------------------------
// Speed and movement: 跑马机 (pulse injected, car not moving)

export const PULSE_GNSS = {
  /** Pulse speed at or above 10 km/h: below that the two sources legitimately disagree (creeping). */
  minRecorderDecikmh: 100,
  /** A point mismatches when GNSS is below half the pulse speed: honest sources differ by a few %. */
  maxGnssShare: 0.5,
  /** Only a run of mismatching points lasting 2 minutes counts: a GNSS dropout under a bridge is shorter. */
  minRunMs: 120_000,
  /** Two points further apart than this break a run (missing data is not evidence). */
  maxGapMs: 60_000,
} as const;

/**
 * 跑马机: the pulse says the car drives while the satellite says it stands. Runs of consecutive fixed
 * points where pulse ≥ 10 km/h and GNSS < half of it, lasting at least 2 minutes, are reported.
 */
export function detectPulseGnssMismatch(track: readonly TrackPoint[]): Finding[] {
  const findings: Finding[] = [];
  let run: TrackPoint[] = [];
  const close = () => {
    if (run.length >= 2) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      if (last.atMs - first.atMs >= PULSE_GNSS.minRunMs) {
        const meanPulse = run.reduce((s, p) => s + p.recorderSpeedDecikmh!, 0) / run.length;
        const meanGnss = run.reduce((s, p) => s + p.gnssSpeedDecikmh, 0) / run.length;
        findings.push(
          finding(
            'pulse-gnss-mismatch',
            {
              points: run.length,
              durationS: (last.atMs - first.atMs) / 1000,
              meanRecorderKmh: Math.round(meanPulse) / 10,
              meanGnssKmh: Math.round(meanGnss) / 10,
            },
            where(first),
            first.atMs,
            last.atMs,
          ),
        );
      }
    }
    run = [];
  };
  for (const p of track) {
    // A stop by the pulse's own account (under 10 km/h, the GNSS standing too) says nothing either way:
    // a 跑马机 replays a driving profile with its stops, so a stop must not split the run it sits in.
    // The gap rule below still breaks a run whose mismatching points are more than a minute apart.
    if (
      p.gnssFix &&
      p.recorderSpeedDecikmh !== null &&
      p.recorderSpeedDecikmh < PULSE_GNSS.minRecorderDecikmh
    ) {
      continue;
    }
    const mismatch =
      p.gnssFix &&
      p.recorderSpeedDecikmh !== null &&
      p.gnssSpeedDecikmh < p.recorderSpeedDecikmh * PULSE_GNSS.maxGnssShare;
    if (!mismatch) {
      close();
      continue;
    }
    const prev = run[run.length - 1];
    if (prev && p.atMs - prev.atMs > PULSE_GNSS.maxGapMs) close();
    run.push(p);
  }
  close();
  return findings;
}

export const MILEAGE_WITHOUT_MOVEMENT = {
  /** A minute "did not move" when its position is within 15 m of the previous minute's (GNSS jitter). */
  maxDisplacementM: 15,
  /** At least 3 consecutive such minutes … */
  minMinutes: 3,
  /** … adding up to at least 500 m of recorded mileage (0.1 km units): one minute at 10 km/h is 1.7. */
  minMileageDecikm: 5,
} as const;

/**
 * Mileage without position change: consecutive minute records (one minute apart, fixed GNSS) that
 * each add mileage while the position stays put. A car parked at a light records no mileage, so this
 * needs no allowance for honest stops.
 *
 * With the session's positions (`track`), a minute also counts as stationary only when every fixed
 * position reported during it stays within the allowance of the minute's position: a car lapping a
 * small course in about a minute is back at the same spot at every record, but moves in between.
 */
export function detectMileageWithoutMovement(
  minutes: readonly MinuteRecord[],
  track: readonly TrackPoint[] = [],
): Finding[] {
  const findings: Finding[] = [];
  let cursor = 0;
  /** Whether a fixed position of the minute ending at `m.atMs` lies beyond the allowance from `m`. */
  const movedWithin = (m: MinuteRecord): boolean => {
    while (cursor < track.length && track[cursor]!.atMs <= m.atMs - 60_000) cursor++;
    for (let i = cursor; i < track.length && track[i]!.atMs <= m.atMs; i++) {
      const p = track[i]!;
      if (
        p.gnssFix &&
        distanceM(m.latitude!, m.longitude!, p.latitude, p.longitude) >
          MILEAGE_WITHOUT_MOVEMENT.maxDisplacementM
      ) {
        return true;
      }
    }
    return false;
  };
  let run: MinuteRecord[] = [];
  let mileage = 0;
  const close = () => {
    if (
      run.length >= MILEAGE_WITHOUT_MOVEMENT.minMinutes &&
      mileage >= MILEAGE_WITHOUT_MOVEMENT.minMileageDecikm
    ) {
      const first = run[0]!;
      findings.push(
        finding(
          'mileage-without-movement',
          { minutes: run.length, mileageKm: mileage / 10 },
          { latitude: first.latitude!, longitude: first.longitude! },
          first.atMs,
          run[run.length - 1]!.atMs + 60_000,
        ),
      );
    }
    run = [];
    mileage = 0;
  };
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i]!;
    const prev = minutes[i - 1];
    const stationary =
      prev !== undefined &&
      m.atMs - prev.atMs === 60_000 &&
      m.gnssFix &&
      prev.gnssFix &&
      m.latitude !== null &&
      m.longitude !== null &&
      prev.latitude !== null &&
      prev.longitude !== null &&
      m.mileageDecikm > 0 &&
      distanceM(prev.latitude, prev.longitude, m.latitude, m.longitude) <=
        MILEAGE_WITHOUT_MOVEMENT.maxDisplacementM &&
      !movedWithin(m);
    if (!stationary) {
      close();
      continue;
    }
    run.push(m);
    mileage += m.mileageDecikm;
  }
  close();
  return findings;
}

export const CONSTANT_MOTION = {
  /** Only moving points count (≥ 5 km/h): a parked car's constant zero is not suspicious. */
  minSpeedDecikmh: 50,
  /** Speed band: all points within 0.5 km/h of each other … */
  speedBandDecikmh: 5,
  /** Heading band: all headings within 1° of each other … */
  headingBandDeg: 1,
  /** … for 5 minutes or more. A driver on a training ground turns and brakes far more often. */
  minDurationMs: 300_000,
  maxGapMs: 60_000,
} as const;

/** Signed difference b − a in degrees, in (−180, 180]. */
const headingDelta = (a: number, b: number) => {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  return d === -180 ? 180 : d;
};

/**
 * Constant speed or heading with no natural variance (a pulse generator, an emulator): maximal runs
 * of moving points whose speed (GNSS or pulse) stays in a 0.5 km/h band, or whose heading stays in a
 * 1° band, for 5 minutes or more.
 */
export function detectConstantMotion(track: readonly TrackPoint[]): Finding[] {
  const findings: Finding[] = [];
  const bands = (
    detector: 'constant-speed' | 'constant-heading',
    value: (p: TrackPoint) => number | null,
    width: number,
    diff: (a: number, b: number) => number,
    unit: string,
  ) => {
    let start = 0;
    let lo = 0;
    let hi = 0;
    const close = (endExclusive: number) => {
      const first = track[start]!;
      const last = track[endExclusive - 1];
      if (last && endExclusive - start >= 2 && last.atMs - first.atMs >= CONSTANT_MOTION.minDurationMs) {
        findings.push(
          finding(
            detector,
            {
              points: endExclusive - start,
              durationS: (last.atMs - first.atMs) / 1000,
              [`first${unit}`]: value(first)!,
              [`spread${unit}`]: hi - lo,
            },
            where(first),
            first.atMs,
            last.atMs,
          ),
        );
      }
    };
    let open = false;
    for (let i = 0; i < track.length; i++) {
      const p = track[i]!;
      const v = value(p);
      const moving =
        v !== null &&
        (detector === 'constant-heading' ? p.gnssSpeedDecikmh : v) >= CONSTANT_MOTION.minSpeedDecikmh;
      if (open) {
        const prev = track[i - 1]!;
        const d = moving ? diff(value(track[start]!)!, v) : 0;
        const fits =
          moving &&
          p.atMs - prev.atMs <= CONSTANT_MOTION.maxGapMs &&
          Math.max(hi, d) - Math.min(lo, d) <= width;
        if (fits) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
          continue;
        }
        close(i);
        open = false;
      }
      if (moving) {
        open = true;
        start = i;
        lo = 0;
        hi = 0;
      }
    }
    if (open) close(track.length);
  };
  bands(
    'constant-speed',
    (p) => (p.gnssFix ? p.gnssSpeedDecikmh : null),
    CONSTANT_MOTION.speedBandDecikmh,
    (a, b) => b - a,
    'Decikmh',
  );
  bands(
    'constant-speed',
    (p) => p.recorderSpeedDecikmh,
    CONSTANT_MOTION.speedBandDecikmh,
    (a, b) => b - a,
    'Decikmh',
  );
  bands(
    'constant-heading',
    (p) => (p.gnssFix ? p.directionDeg : null),
    CONSTANT_MOTION.headingBandDeg,
    headingDelta,
    'Deg',
  );
  return findings;
}

export const TELEPORT = {
  /** 200 km/h: no training car reaches it, and it is far above any honest GNSS error … */
  maxImpliedKmh: 200,
  /** … once the jump itself is at least 300 m (a 50 m multipath jump in 1 s would read 180 km/h). */
  minJumpM: 300,
} as const;

/** Teleport: consecutive fixed positions whose implied speed exceeds what a car reaches. */
export function detectTeleport(track: readonly TrackPoint[]): Finding[] {
  const findings: Finding[] = [];
  let prev: TrackPoint | undefined;
  for (const p of track) {
    if (!p.gnssFix) continue;
    if (prev) {
      const d = distanceM(prev.latitude, prev.longitude, p.latitude, p.longitude);
      const dtS = (p.atMs - prev.atMs) / 1000;
      const impliedKmh = dtS > 0 ? (d / dtS) * 3.6 : Number.POSITIVE_INFINITY;
      if (d >= TELEPORT.minJumpM && impliedKmh > TELEPORT.maxImpliedKmh) {
        findings.push(
          finding(
            'teleport',
            {
              jumpM: Math.round(d),
              seconds: dtS,
              impliedKmh: Number.isFinite(impliedKmh) ? Math.round(impliedKmh) : -1,
              toLatitude: p.latitude,
              toLongitude: p.longitude,
            },
            where(prev),
            prev.atMs,
            p.atMs,
          ),
        );
      }
    }
    prev = p;
  }
  return findings;
}

export const CLOCK_DRIFT = {
  /** Median |terminal time − receive time| above 2 minutes: network delay is seconds, NTP/GNSS time is exact. */
  maxMedianDriftMs: 120_000,
  /** At least 3 live messages, so one stuck packet cannot decide. */
  minMessages: 3,
} as const;

/**
 * Terminal clock drift: the median of terminal time − receive time over live (not 补传) messages.
 * The median ignores a few delayed packets; the sign tells ahead (positive) from behind.
 */
export function detectClockDrift(messages: readonly TimedMessage[]): Finding[] {
  const live = messages.filter((m) => !m.resent);
  if (live.length < CLOCK_DRIFT.minMessages) return [];
  const drifts = live.map((m) => m.atMs - m.receivedAtMs).sort((a, b) => a - b);
  const mid = drifts.length >> 1;
  const median = drifts.length % 2 ? drifts[mid]! : (drifts[mid - 1]! + drifts[mid]!) / 2;
  if (Math.abs(median) <= CLOCK_DRIFT.maxMedianDriftMs) return [];
  const from = Math.min(...live.map((m) => m.receivedAtMs));
  const to = Math.max(...live.map((m) => m.receivedAtMs));
  return [finding('clock-drift', { medianDriftS: median / 1000, messages: live.length }, null, from, to)];
}

// ---------------------------------------------------------------------------------------------------
// Replay: a track that repeats an earlier track of the same car

export const REPLAY = {
  /** Points a track is resampled to, evenly spaced along its path: small enough to store per session. */
  samples: 32,
  /** Shorter tracks look alike by chance (the same parking exercise), so they get no fingerprint. */
  minPathM: 500,
  /** Path lengths must agree within 2 %. */
  maxLengthRatioDiff: 0.02,
  /**
   * A verbatim copy: mean distance between corresponding samples at most 1.5 m, whatever the timing
   * (a replay re-timed to hide it). Two honest drives of one course differ by lane position and GNSS
   * error: a drive half a lane over already reads 2–3 m.
   */
  maxMeanDeviationM: 1.5,
  /**
   * A copy with noise on top: samples within 10 m on average *and* reached at the same moments (median
   * 5 s apart, counted from the first fix). A forger's 1 m of noise makes the path-fraction resampling
   * drift, so such replays read up to 7 m (timing within 1 s) on the labelled data set, while no honest
   * session came closer than 25 m or 11.7 s to an earlier track of its car (fixed-course practice
   * included); an honest drive never repeats its timing (stops, traffic, pace), so the timing keeps
   * lane-offset drives of one course out.
   */
  maxTimedMeanDeviationM: 10,
  maxMedianTimeDeviationS: 5,
} as const;

/** A compact, storable summary of a track's shape: its path length and resampled points. */
export type TrackFingerprint = {
  pathM: number;
  /** `samples` points as [latitude, longitude] rounded to 1e-6° (the protocol's resolution). */
  points: [number, number][];
  /**
   * Seconds from the first fixed point to each sample (0.1 s). Optional: fingerprints stored before it
   * existed compare by shape only.
   */
  elapsedS?: number[];
};

/** Fingerprint of a session's fixed positions, or null when the path is too short to tell anything. */
export function trackFingerprint(track: readonly TrackPoint[]): TrackFingerprint | null {
  const fixed = track.filter((p) => p.gnssFix);
  if (fixed.length < 2) return null;
  const cumulative = [0];
  for (let i = 1; i < fixed.length; i++) {
    const a = fixed[i - 1]!;
    const b = fixed[i]!;
    cumulative.push(cumulative[i - 1]! + distanceM(a.latitude, a.longitude, b.latitude, b.longitude));
  }
  const pathM = cumulative[cumulative.length - 1]!;
  if (pathM < REPLAY.minPathM) return null;
  const round = (deg: number) => Math.round(deg * 1e6) / 1e6;
  const points: [number, number][] = [];
  const elapsedS: number[] = [];
  const t0 = fixed[0]!.atMs;
  let seg = 1;
  for (let k = 0; k < REPLAY.samples; k++) {
    const target = (pathM * k) / (REPLAY.samples - 1);
    while (seg < fixed.length - 1 && cumulative[seg]! < target) seg++;
    const a = fixed[seg - 1]!;
    const b = fixed[seg]!;
    const span = cumulative[seg]! - cumulative[seg - 1]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (target - cumulative[seg - 1]!) / span)) : 0;
    points.push([
      round(a.latitude + (b.latitude - a.latitude) * t),
      round(a.longitude + (b.longitude - a.longitude) * t),
    ]);
    elapsedS.push(Math.round((a.atMs + (b.atMs - a.atMs) * t - t0) / 100) / 10);
  }
  return { pathM: Math.round(pathM), points, elapsedS };
}

/**
 * How alike two fingerprints are: mean and max distance between corresponding samples, length ratio,
 * and the median difference of the samples' times (null when one fingerprint has no times). The median,
 * because a sample falling inside a stop may be reached anywhere within it.
 */
export function trackSimilarity(
  a: TrackFingerprint,
  b: TrackFingerprint,
): {
  meanDeviationM: number;
  maxDeviationM: number;
  lengthRatio: number;
  medianTimeDeviationS: number | null;
} {
  let sum = 0;
  let max = 0;
  const n = Math.min(a.points.length, b.points.length);
  for (let i = 0; i < n; i++) {
    const [aLat, aLon] = a.points[i]!;
    const [bLat, bLon] = b.points[i]!;
    const d = distanceM(aLat, aLon, bLat, bLon);
    sum += d;
    max = Math.max(max, d);
  }
  const lengthRatio = Math.min(a.pathM, b.pathM) / Math.max(a.pathM, b.pathM);
  let medianTimeDeviationS: number | null = null;
  if (a.elapsedS && b.elapsedS && n > 0) {
    const dt = Array.from({ length: n }, (_, i) => Math.abs(a.elapsedS![i]! - b.elapsedS![i]!)).sort(
      (x, y) => x - y,
    );
    medianTimeDeviationS = n % 2 ? dt[n >> 1]! : (dt[(n >> 1) - 1]! + dt[n >> 1]!) / 2;
  }
  return {
    meanDeviationM: n ? sum / n : Number.POSITIVE_INFINITY,
    maxDeviationM: max,
    lengthRatio,
    medianTimeDeviationS,
  };
}

/** An earlier session of the same car, by its fingerprint. */
export type EarlierTrack = { sessionId: string; startedAtMs: number; fingerprint: TrackFingerprint };

/** Whether two fingerprints are one drive and its replay (REPLAY thresholds). */
export function isReplayOf(s: ReturnType<typeof trackSimilarity>): boolean {
  if (1 - s.lengthRatio > REPLAY.maxLengthRatioDiff) return false;
  if (s.meanDeviationM <= REPLAY.maxMeanDeviationM) return true;
  return (
    s.meanDeviationM <= REPLAY.maxTimedMeanDeviationM &&
    s.medianTimeDeviationS !== null &&
    s.medianTimeDeviationS <= REPLAY.maxMedianTimeDeviationS
  );
}

/**
 * Replay: the session's track matches an earlier track of the same car — same path length within 2 %,
 * and samples within 1.5 m on average, or within 10 m reached at the same moments (median 5 s).
 * Reports the closest earlier match.
 */
export function detectReplay(track: readonly TrackPoint[], earlier: readonly EarlierTrack[]): Finding[] {
  const mine = trackFingerprint(track);
  if (!mine) return [];
  let best: { e: EarlierTrack; mean: number; dt: number | null } | null = null;
  for (const e of earlier) {
    const s = trackSimilarity(mine, e.fingerprint);
    if (!isReplayOf(s)) continue;
    if (!best || s.meanDeviationM < best.mean) {
      best = { e, mean: s.meanDeviationM, dt: s.medianTimeDeviationS };
    }
  }
  if (!best) return [];
  const fixed = track.filter((p) => p.gnssFix);
  return [
    finding(
      'replay',
      {
        earlierSessionId: best.e.sessionId,
        meanDeviationM: Math.round(best.mean * 10) / 10,
        medianTimeDeviationS: best.dt ?? -1,
        pathM: mine.pathM,
      },
      where(fixed[0]!),
      fixed[0]!.atMs,
      fixed[fixed.length - 1]!.atMs,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Cross-session: one person or car in two sessions at once

/** One session's time span and who/what took part (theory sessions have no car). */
export type SessionInterval = {
  sessionId: string;
  traineeId: string;
  coachId: string | null;
  vehicleId: string | null;
  /** practical = 实操/模拟器, theory = 课堂/远程 (theory overlapping practice is 交叉培训). */
  kind: 'practical' | 'theory';
  startMs: number;
  endMs: number;
};

export const OVERLAP = {
  /** Overlaps up to 1 minute are a sign-out/sign-in handover at clock resolution, not two places at once. */
  minOverlapMs: 60_000,
} as const;

/** Pairs of intervals sharing `key` whose overlap exceeds the allowance; sweep over start times. */
function overlappingPairs(
  intervals: readonly SessionInterval[],
  key: (s: SessionInterval) => string | null,
  accept: (a: SessionInterval, b: SessionInterval) => boolean,
): [SessionInterval, SessionInterval][] {
  const groups = new Map<string, SessionInterval[]>();
  for (const s of intervals) {
    const k = key(s);
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  const pairs: [SessionInterval, SessionInterval][] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.startMs - b.startMs || a.sessionId.localeCompare(b.sessionId));
    const active: SessionInterval[] = [];
    for (const s of group) {
      for (let i = active.length - 1; i >= 0; i--) {
        if (active[i]!.endMs - s.startMs <= OVERLAP.minOverlapMs) active.splice(i, 1);
      }
      for (const a of active) {
        if (
          a.sessionId !== s.sessionId &&
          Math.min(a.endMs, s.endMs) - s.startMs > OVERLAP.minOverlapMs &&
          accept(a, s)
        ) {
          pairs.push([a, s]);
        }
      }
      active.push(s);
    }
  }
  return pairs;
}

/** A cross-session finding belongs to one session; the other session is named in the evidence. */
export type SessionFinding = Finding & { sessionId: string };

function pairFindings(
  detector: DetectorId,
  pairs: [SessionInterval, SessionInterval][],
  evidence: (a: SessionInterval, b: SessionInterval) => Finding['evidence'],
): SessionFinding[] {
  const out: SessionFinding[] = [];
  for (const [a, b] of pairs) {
    const from = Math.max(a.startMs, b.startMs);
    const to = Math.min(a.endMs, b.endMs);
    out.push({
      ...finding(
        detector,
        { ...evidence(a, b), otherSessionId: b.sessionId, overlapS: (to - from) / 1000 },
        null,
        from,
        to,
      ),
      sessionId: a.sessionId,
    });
    out.push({
      ...finding(
        detector,
        { ...evidence(b, a), otherSessionId: a.sessionId, overlapS: (to - from) / 1000 },
        null,
        from,
        to,
      ),
      sessionId: b.sessionId,
    });
  }
  return out;
}

/** The same trainee in two sessions at once, including theory overlapping practice (交叉培训). */
export function detectTraineeOverlap(intervals: readonly SessionInterval[]): SessionFinding[] {
  return pairFindings(
    'trainee-overlap',
    overlappingPairs(
      intervals,
      (s) => s.traineeId,
      () => true,
    ),
    (a, b) => ({ traineeId: a.traineeId, kinds: `${a.kind}+${b.kind}` }),
  );
}

/** One coach in two cars at once (the same car twice is the vehicle detector's finding). */
export function detectCoachOverlap(intervals: readonly SessionInterval[]): SessionFinding[] {
  return pairFindings(
    'coach-overlap',
    overlappingPairs(
      intervals.filter((s) => s.kind === 'practical' && s.vehicleId !== null),
      (s) => s.coachId,
      (a, b) => a.vehicleId !== b.vehicleId,
    ),
    (a, b) => ({ coachId: a.coachId!, vehicleId: a.vehicleId!, otherVehicleId: b.vehicleId! }),
  );
}

/** One car in two sessions at once. */
export function detectVehicleOverlap(intervals: readonly SessionInterval[]): SessionFinding[] {
  return pairFindings(
    'vehicle-overlap',
    overlappingPairs(
      intervals,
      (s) => s.vehicleId,
      () => true,
    ),
    (a) => ({ vehicleId: a.vehicleId! }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Photos (REFERENCE §5.3: 人脸识别置信度 in every photo, face templates per trainee and coach)

/** A complete photo of the session (0x0305/0x0306), in time order. */
export type SessionPhoto = {
  /** taken_at (the terminal's time), else when it arrived. */
  atMs: number;
  photoNumber: string;
  /** 照片上传事件: 17 trainee login, 18 trainee logout, 19 during training, 20 coach login, … */
  eventType: number;
  /** 人脸识别置信度 0–100 as the terminal reported it (0: no face found); null when not reported. */
  faceConfidence: number | null;
  latitude: number | null;
  longitude: number | null;
  /** The earliest photo of another session with exactly the same bytes, if there is one. */
  sameAs: { photoNumber: string; terminalNumber: string; atMs: number } | null;
};

/** Events whose photo shows the trainee (the coach's login photo shows the coach). */
const TRAINEE_PHOTO_EVENTS = new Set([17, 18, 19]);

export const PHOTOS = {
  /** Below this a face "does not match" (REFERENCE: the terminals' thresholds are not published). */
  faceMatchMin: 60,
  /**
   * face-mismatch needs this many poorly matching trainee photos, and more than half of those with a
   * face: one or two poor matches happen to honest trainees (a turned head, glare), a whole session of
   * them does not.
   */
  faceMismatchMinPhotos: 3,
  /** camera-blocked: the session ends on at least this many photos without a face… */
  blockedMinPhotos: 2,
  /** …that are at least this share of its photos, after one that had a face. */
  blockedMinShare: 0.5,
} as const;

const photoAt = (p: SessionPhoto): Finding['at'] =>
  p.latitude !== null && p.longitude !== null ? { latitude: p.latitude, longitude: p.longitude } : null;

/**
 * A photo whose bytes another session uploaded earlier: a stored picture sent instead of a live shot.
 * One finding per reused photo.
 */
export function detectPhotoReuse(photos: readonly SessionPhoto[]): Finding[] {
  return photos
    .filter((p) => p.sameAs !== null && p.sameAs.atMs < p.atMs)
    .map((p) =>
      finding(
        'photo-reused',
        {
          photoNumber: p.photoNumber,
          eventType: p.eventType,
          originalPhotoNumber: p.sameAs!.photoNumber,
          originalTerminal: p.sameAs!.terminalNumber,
          originalAgoMin: Math.round((p.atMs - p.sameAs!.atMs) / 60_000),
        },
        photoAt(p),
        p.atMs,
        p.atMs,
      ),
    );
}

/** Most of the trainee's photos match the registered face poorly: someone else is training (代学). */
export function detectFaceMismatch(photos: readonly SessionPhoto[]): Finding[] {
  const withFace = photos.filter(
    (p) => TRAINEE_PHOTO_EVENTS.has(p.eventType) && p.faceConfidence !== null && p.faceConfidence > 0,
  );
  const poor = withFace.filter((p) => p.faceConfidence! < PHOTOS.faceMatchMin);
  if (poor.length < PHOTOS.faceMismatchMinPhotos || poor.length * 2 <= withFace.length) return [];
  return [
    finding(
      'face-mismatch',
      {
        poorPhotos: poor.length,
        traineePhotos: withFace.length,
        bestConfidence: Math.max(...poor.map((p) => p.faceConfidence!)),
        threshold: PHOTOS.faceMatchMin,
      },
      photoAt(poor[0]!),
      poor[0]!.atMs,
      poor[poor.length - 1]!.atMs,
    ),
  ];
}

/** The camera stops seeing a face and never sees one again: a covered or turned-away lens. */
export function detectCameraBlocked(photos: readonly SessionPhoto[]): Finding[] {
  const reported = photos.filter((p) => p.faceConfidence !== null);
  let run = 0;
  while (run < reported.length && reported[reported.length - 1 - run]!.faceConfidence === 0) run++;
  const sawFace = run < reported.length;
  if (!sawFace || run < PHOTOS.blockedMinPhotos || run < reported.length * PHOTOS.blockedMinShare) return [];
  const first = reported[reported.length - run]!;
  return [
    finding(
      'camera-blocked',
      { photosWithoutFace: run, photos: reported.length },
      photoAt(first),
      first.atMs,
      reported[reported.length - 1]!.atMs,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------

/** One closed session's own data, as the detectors need it. */
export type SessionData = {
  track: readonly TrackPoint[];
  minutes: readonly MinuteRecord[];
  messages: readonly TimedMessage[];
  /** Fingerprints of the same car's earlier sessions. */
  earlierTracks: readonly EarlierTrack[];
  photos: readonly SessionPhoto[];
};

/** Every per-session detector over one session, in a fixed order (cross-session ones run over a day). */
export function detectSessionAnomalies(s: SessionData): Finding[] {
  return [
    ...detectPulseGnssMismatch(s.track),
    ...detectMileageWithoutMovement(s.minutes, s.track),
    ...detectConstantMotion(s.track),
    ...detectTeleport(s.track),
    ...detectClockDrift(s.messages),
    ...detectReplay(s.track, s.earlierTracks),
    ...detectPhotoReuse(s.photos),
    ...detectFaceMismatch(s.photos),
    ...detectCameraBlocked(s.photos),
  ];
}
