import {
  FRAUD_KINDS,
  planDataset,
  recordDataset,
  type DatasetOptions,
  type FraudKind,
} from '@jiapei/terminal-sim';
import {
  CLOCK_DRIFT,
  CONSTANT_MOTION,
  DETECTOR_WEIGHTS,
  MILEAGE_WITHOUT_MOVEMENT,
  OVERLAP,
  PULSE_GNSS,
  REPLAY,
  TELEPORT,
  detectCameraBlocked,
  detectClockDrift,
  detectCoachOverlap,
  detectConstantMotion,
  detectFaceMismatch,
  detectMileageWithoutMovement,
  detectPhotoReuse,
  detectPulseGnssMismatch,
  detectReplay,
  detectTeleport,
  detectTraineeOverlap,
  detectVehicleOverlap,
  trackFingerprint,
  trackSimilarity,
  type DetectorId,
  type EarlierTrack,
  type Finding,
  type SessionInterval,
} from '../detectors.ts';
import { RISK_LEVELS, scoreSession, type RiskLevel } from '../risk-score.ts';
import { EXPECTED, expectedDetectors, expectsHigh } from './expectations.ts';
import { emptyConfusion, meetsGoal, precision, recall, tally, type Confusion } from './metrics.ts';
import { intervalOf, messagesOf, minutesOf, photosOf, trackOf, type PhotoOrigins } from './session-input.ts';

/**
 * Measures the detectors on the terminal simulator's labelled data set (tools/terminal-sim
 * dataset.ts): every per-session detector on each session as it is generated (replay against the
 * same car's earlier sessions), the cross-session ones over all sessions at the end, then the risk
 * score. Precision and recall per detector against EXPECTED, and at session level for risk ≥ high.
 */

/** The goal for every detector on the profiles it is meant to catch. */
export const GOAL = { precision: 0.99, recall: 0.95 } as const;

export const EVALUATED_DETECTORS = Object.keys(DETECTOR_WEIGHTS) as DetectorId[];

export type Ratio = number | null;

export type DetectorRow = Confusion & {
  detector: DetectorId;
  /** Labels whose sessions are this detector's positives. */
  catches: FraudKind[];
  precision: Ratio;
  recall: Ratio;
  meetsGoal: boolean;
};

export type LabelRow = {
  label: FraudKind | 'honest';
  sessions: number;
  /** Sessions where every expected detector fired. */
  caught: number;
  /** Sessions where any detector fired. */
  flagged: number;
  levels: Record<RiskLevel, number>;
  expectedLevel: RiskLevel;
};

export type EvaluationReport = {
  dataset: {
    seed: number | string;
    cars: number;
    days: number;
    sessions: number;
    fraudulent: number;
    fraudShare: number;
    positions: number;
    minuteRecords: number;
  };
  goal: typeof GOAL;
  detectors: DetectorRow[];
  /** Session level: positives are sessions whose labels expect `high`; fired = risk ≥ high. */
  sessionHigh: Confusion & { precision: Ratio; recall: Ratio; meetsGoal: boolean };
  labels: LabelRow[];
  /** A few misfires per detector, to look at (session id, its labels, the evidence). */
  samples: {
    detector: DetectorId;
    kind: 'fp' | 'fn';
    sessionId: string;
    labels: FraudKind[];
    evidence?: unknown;
  }[];
  /**
   * How far the replay threshold is from both sides: over the same car's earlier tracks with a path
   * length within the tolerance, the closest match of each replayed session (worst case: the largest)
   * and of each other session (worst case: the smallest).
   */
  replayMargins: {
    replayedWorstMeanDeviationM: number | null;
    replayedWorstMedianTimeDeviationS: number | null;
    othersClosestMeanDeviationM: number | null;
    othersClosestMedianTimeDeviationS: number | null;
  };
  thresholds: Record<string, unknown>;
  timing: { generateMs: number; detectMs: number; totalMs: number; detectUsPerSession: number };
};

type Seen = { sessionId: string; labels: FraudKind[]; findings: Finding[] };

const SAMPLES_PER_DETECTOR = 5;

export function evaluateDetectors(
  options: DatasetOptions & { onProgress?: (done: number, total: number) => void } = {},
): EvaluationReport {
  const started = performance.now();
  let detectMs = 0;
  const plan = planDataset(options);
  const seen: Seen[] = [];
  const intervals: SessionInterval[] = [];
  const fingerprints = new Map<string, EarlierTrack[]>();
  const photoOrigins: PhotoOrigins = new Map();
  let positions = 0;
  let minuteRecords = 0;
  const margins: EvaluationReport['replayMargins'] = {
    replayedWorstMeanDeviationM: null,
    replayedWorstMedianTimeDeviationS: null,
    othersClosestMeanDeviationM: null,
    othersClosestMedianTimeDeviationS: null,
  };

  for (const s of recordDataset(plan)) {
    intervals.push(intervalOf(s));
    const findings: Finding[] = [];
    if (s.recorded) {
      const track = trackOf(s.recorded);
      const minutes = minutesOf(s.recorded);
      const messages = messagesOf(s.recorded);
      const photos = photosOf(s, photoOrigins);
      positions += track.length;
      minuteRecords += minutes.length;
      const t0 = performance.now();
      const earlier = fingerprints.get(s.vehicleId!) ?? [];
      findings.push(
        ...detectPulseGnssMismatch(track),
        ...detectMileageWithoutMovement(minutes, track),
        ...detectConstantMotion(track),
        ...detectTeleport(track),
        ...detectClockDrift(messages),
        ...detectReplay(track, earlier),
        ...detectPhotoReuse(photos),
        ...detectFaceMismatch(photos),
        ...detectCameraBlocked(photos),
      );
      detectMs += performance.now() - t0;
      const fp = trackFingerprint(track);
      if (fp) noteReplayMargin(margins, fp, earlier, s.labels.includes('replay'));
      const t1 = performance.now();
      if (fp) earlier.push({ sessionId: s.sessionId, startedAtMs: s.startMs, fingerprint: fp });
      fingerprints.set(s.vehicleId!, earlier);
      detectMs += performance.now() - t1;
    }
    seen.push({ sessionId: s.sessionId, labels: s.labels, findings });
    options.onProgress?.(seen.length, plan.sessions.length);
  }
  const generateMs = performance.now() - started - detectMs;

  const t0 = performance.now();
  const byId = new Map(seen.map((s) => [s.sessionId, s]));
  for (const f of [
    ...detectTraineeOverlap(intervals),
    ...detectCoachOverlap(intervals),
    ...detectVehicleOverlap(intervals),
  ]) {
    const { sessionId, ...finding } = f;
    byId.get(sessionId)!.findings.push(finding);
  }
  const risks = seen.map((s) => scoreSession(s.findings));
  detectMs += performance.now() - t0;

  const detectors = new Map(EVALUATED_DETECTORS.map((d) => [d, emptyConfusion()]));
  const sessionHigh = emptyConfusion();
  const samples: EvaluationReport['samples'] = [];
  const sampleCount = new Map<string, number>();
  const sample = (row: EvaluationReport['samples'][number]) => {
    const key = `${row.detector}:${row.kind}`;
    const n = sampleCount.get(key) ?? 0;
    if (n >= SAMPLES_PER_DETECTOR) return;
    sampleCount.set(key, n + 1);
    samples.push(row);
  };
  const labelRows = new Map<LabelRow['label'], LabelRow>();
  const labelRow = (label: LabelRow['label']) => {
    let row = labelRows.get(label);
    if (!row) {
      row = {
        label,
        sessions: 0,
        caught: 0,
        flagged: 0,
        levels: { none: 0, low: 0, medium: 0, high: 0 },
        expectedLevel: label === 'honest' ? 'none' : EXPECTED[label].level,
      };
      labelRows.set(label, row);
    }
    return row;
  };

  seen.forEach((s, i) => {
    const fired = new Set(s.findings.map((f) => f.detector));
    const expected = expectedDetectors(s.labels);
    for (const d of EVALUATED_DETECTORS) {
      const isFired = fired.has(d);
      const isExpected = expected.has(d);
      tally(detectors.get(d)!, isFired, isExpected);
      if (isFired !== isExpected) {
        sample({
          detector: d,
          kind: isFired ? 'fp' : 'fn',
          sessionId: s.sessionId,
          labels: s.labels,
          evidence: s.findings.find((f) => f.detector === d)?.evidence,
        });
      }
    }
    const risk = risks[i]!;
    tally(sessionHigh, risk.score >= RISK_LEVELS.high, expectsHigh(s.labels));
    for (const label of s.labels.length ? s.labels : (['honest'] as const)) {
      const row = labelRow(label);
      row.sessions++;
      if (label !== 'honest' && EXPECTED[label].detectors.every((d) => fired.has(d))) row.caught++;
      if (fired.size > 0) row.flagged++;
      row.levels[risk.level]++;
    }
  });

  const fraudulent = seen.filter((s) => s.labels.length > 0).length;
  const withRatios = (c: Confusion) => ({
    ...c,
    precision: precision(c),
    recall: recall(c),
    meetsGoal: meetsGoal(c, GOAL),
  });
  return {
    dataset: {
      seed: plan.seed,
      cars: plan.cars.length,
      days: plan.days,
      sessions: seen.length,
      fraudulent,
      fraudShare: fraudulent / seen.length,
      positions,
      minuteRecords,
    },
    goal: GOAL,
    detectors: EVALUATED_DETECTORS.map((d) => ({
      detector: d,
      catches: FRAUD_KINDS.filter((k) => EXPECTED[k].detectors.includes(d)),
      ...withRatios(detectors.get(d)!),
    })),
    sessionHigh: withRatios(sessionHigh),
    labels: [...labelRows.values()].sort((a, b) => a.label.localeCompare(b.label)),
    samples,
    replayMargins: margins,
    thresholds: {
      PULSE_GNSS,
      MILEAGE_WITHOUT_MOVEMENT,
      CONSTANT_MOTION,
      TELEPORT,
      CLOCK_DRIFT,
      REPLAY,
      OVERLAP,
      RISK_LEVELS,
    },
    timing: {
      generateMs: Math.round(generateMs),
      detectMs: Math.round(detectMs),
      totalMs: Math.round(performance.now() - started),
      detectUsPerSession: Math.round((detectMs * 1000) / Math.max(1, seen.length)),
    },
  };
}

function noteReplayMargin(
  m: EvaluationReport['replayMargins'],
  fp: NonNullable<ReturnType<typeof trackFingerprint>>,
  earlier: readonly EarlierTrack[],
  replayed: boolean,
): void {
  let closest: ReturnType<typeof trackSimilarity> | null = null;
  for (const e of earlier) {
    const sim = trackSimilarity(fp, e.fingerprint);
    if (1 - sim.lengthRatio > REPLAY.maxLengthRatioDiff) continue;
    if (!closest || sim.meanDeviationM < closest.meanDeviationM) closest = sim;
  }
  if (!closest) return;
  const dt = closest.medianTimeDeviationS;
  if (replayed) {
    m.replayedWorstMeanDeviationM = Math.max(m.replayedWorstMeanDeviationM ?? 0, closest.meanDeviationM);
    if (dt !== null) {
      m.replayedWorstMedianTimeDeviationS = Math.max(m.replayedWorstMedianTimeDeviationS ?? 0, dt);
    }
  } else {
    m.othersClosestMeanDeviationM = Math.min(
      m.othersClosestMeanDeviationM ?? Infinity,
      closest.meanDeviationM,
    );
    if (dt !== null) {
      m.othersClosestMedianTimeDeviationS = Math.min(m.othersClosestMedianTimeDeviationS ?? Infinity, dt);
    }
  }
}

const pct = (r: Ratio) => (r === null ? '—' : `${(r * 100).toFixed(2)} %`);

/** The report as the plain-text tables the CLI prints. */
export function formatReport(r: EvaluationReport): string {
  const lines: string[] = [];
  const d = r.dataset;
  lines.push(
    `data set: ${d.sessions} sessions (${d.fraudulent} fraudulent, ${(d.fraudShare * 100).toFixed(1)} %), ` +
      `${d.cars} cars × ${d.days} days, ${d.positions} positions, ${d.minuteRecords} minute records, seed ${d.seed}`,
  );
  lines.push(`goal: precision ≥ ${GOAL.precision * 100} %, recall ≥ ${GOAL.recall * 100} %`);
  lines.push('');
  const table = (header: string[], rows: (string | number)[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
    const fmt = (row: (string | number)[]) =>
      '| ' +
      row
        .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!)))
        .join(' | ') +
      ' |';
    lines.push(fmt(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(fmt));
  };
  table(
    ['detector', 'catches', 'positives', 'TP', 'FP', 'FN', 'precision', 'recall', 'goal'],
    [
      ...r.detectors.map((x) => [
        x.detector,
        x.catches.join(', ') || '—',
        x.tp + x.fn,
        x.tp,
        x.fp,
        x.fn,
        pct(x.precision),
        pct(x.recall),
        x.meetsGoal ? 'met' : 'NOT MET',
      ]),
      [
        'session risk ≥ high',
        'labels expecting high',
        r.sessionHigh.tp + r.sessionHigh.fn,
        r.sessionHigh.tp,
        r.sessionHigh.fp,
        r.sessionHigh.fn,
        pct(r.sessionHigh.precision),
        pct(r.sessionHigh.recall),
        r.sessionHigh.meetsGoal ? 'met' : 'NOT MET',
      ],
    ],
  );
  lines.push('');
  table(
    [
      'label',
      'sessions',
      'all expected fired',
      'any fired',
      'none',
      'low',
      'medium',
      'high',
      'expected level',
    ],
    r.labels.map((x) => [
      x.label,
      x.sessions,
      // Nothing is expected to fire for honest and out-of-fence sessions: no "caught" to count.
      x.label === 'honest' || EXPECTED[x.label].detectors.length === 0 ? '—' : x.caught,
      x.flagged,
      x.levels.none,
      x.levels.low,
      x.levels.medium,
      x.levels.high,
      x.expectedLevel,
    ]),
  );
  lines.push('');
  const m = r.replayMargins;
  const num = (x: number | null, unit: string) => (x === null ? '—' : `${x.toFixed(1)} ${unit}`);
  lines.push(
    `replay margins: replayed sessions match their original within ${num(m.replayedWorstMeanDeviationM, 'm')} / ` +
      `${num(m.replayedWorstMedianTimeDeviationS, 's')} (worst); other sessions come no closer than ` +
      `${num(m.othersClosestMeanDeviationM, 'm')} / ${num(m.othersClosestMedianTimeDeviationS, 's')} to an earlier track of their car`,
  );
  const t = r.timing;
  lines.push(
    `time: ${(t.totalMs / 1000).toFixed(1)} s in all — generating ${(t.generateMs / 1000).toFixed(1)} s, ` +
      `detectors ${(t.detectMs / 1000).toFixed(2)} s (${t.detectUsPerSession} µs per session)`,
  );
  return lines.join('\n');
}
