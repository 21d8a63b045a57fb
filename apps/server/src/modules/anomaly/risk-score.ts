/**
 * Session risk score (RULES §3): 0–100 from the findings of detectors.ts, with every point traceable
 * to a finding.
 *
 * Rule: each detector counts once per session, with its strongest finding (its weight in
 * DETECTOR_WEIGHTS); the session score is the sum over detectors, capped at 100. So ten teleport jumps
 * in one session weigh what one does (a flaky GNSS should not outrank a replay), while independent
 * signals add up (跑马机 typically trips pulse-vs-GNSS 60 + mileage-without-movement 50 → 100).
 *
 * Levels: `high` (≥ 60) goes to manual review with every sampled session (RULES §4); `medium`
 * (30–59) is shown to the reviewer; `low` (1–29) is recorded only; `none` is 0.
 */
import type { DetectorId, Finding } from './detectors.ts';

export const RISK_LEVELS = { high: 60, medium: 30 } as const;

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

export type ScoredFinding = Finding & {
  /** Points of this finding that count in the session score: 0 when another finding of the same detector counted. */
  countedPoints: number;
};

export type SessionRisk = {
  score: number;
  level: RiskLevel;
  /** Points per detector before the cap, in descending order: the explanation a reviewer reads. */
  contributions: { detector: DetectorId; points: number; findings: number }[];
  findings: ScoredFinding[];
};

export function riskLevel(score: number): RiskLevel {
  if (score >= RISK_LEVELS.high) return 'high';
  if (score >= RISK_LEVELS.medium) return 'medium';
  return score > 0 ? 'low' : 'none';
}

export function scoreSession(findings: readonly Finding[]): SessionRisk {
  // The strongest (then earliest) finding of each detector is the one that counts.
  const counted = new Map<DetectorId, number>();
  findings.forEach((f, i) => {
    const j = counted.get(f.detector);
    const current = j === undefined ? undefined : findings[j]!;
    if (!current || f.score > current.score || (f.score === current.score && f.fromMs < current.fromMs)) {
      counted.set(f.detector, i);
    }
  });
  const scored = findings.map((f, i) => ({
    ...f,
    countedPoints: counted.get(f.detector) === i ? f.score : 0,
  }));
  const contributions = [...counted.entries()]
    .map(([detector, i]) => ({
      detector,
      points: findings[i]!.score,
      findings: findings.filter((f) => f.detector === detector).length,
    }))
    .sort((a, b) => b.points - a.points || a.detector.localeCompare(b.detector));
  const score = Math.min(
    100,
    contributions.reduce((s, c) => s + c.points, 0),
  );
  return { score, level: riskLevel(score), contributions, findings: scored };
}
