/**
 * Out-of-fence as an anomaly finding. The audit already decides it per minute (RULES §2 rule 5,
 * training-hours/fence.ts: the minute's position outside every filed teaching area of the class) and
 * voids those minutes; here each run of such minutes becomes a finding, so a reviewer sees it beside
 * the other signals and it adds to the session risk score. The verdict is read back, not recomputed,
 * so the finding always agrees with what the trainee was told.
 */
import type { Finding, Severity } from './detectors.ts';

/** Leaving the ground is voided by the audit already; as a fraud signal it is medium (a drive to the road). */
export const OUT_OF_FENCE_WEIGHT = 30;
const SEVERITY: Severity = 'medium';

/** A minute record with the audit's fence verdict. */
export type FenceMinute = {
  atMs: number;
  latitude: number | null;
  longitude: number | null;
  outsideFence: boolean;
};

/** A finding of the `out-of-fence` detector (not one of detectors.ts's ids: the audit decides it). */
export type OutOfFenceFinding = Omit<Finding, 'detector'> & { detector: 'out-of-fence' };

/**
 * One finding per run of consecutive minutes voided as outside the teaching area (the records in
 * time order). Evidence: the run's minutes and the session's total of such minutes.
 */
export function detectOutOfFence(minutes: readonly FenceMinute[]): OutOfFenceFinding[] {
  const total = minutes.filter((m) => m.outsideFence).length;
  if (total === 0) return [];
  const findings: OutOfFenceFinding[] = [];
  let run: FenceMinute[] = [];
  const close = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    findings.push({
      detector: 'out-of-fence',
      severity: SEVERITY,
      score: OUT_OF_FENCE_WEIGHT,
      evidence: { minutes: run.length, sessionMinutesOutside: total },
      at:
        first.latitude !== null && first.longitude !== null
          ? { latitude: first.latitude, longitude: first.longitude }
          : null,
      // A record is stamped at its minute's end.
      fromMs: first.atMs - 60_000,
      toMs: run[run.length - 1]!.atMs,
    });
    run = [];
  };
  for (const m of minutes) {
    if (m.outsideFence) run.push(m);
    else close();
  }
  close();
  return findings;
}
