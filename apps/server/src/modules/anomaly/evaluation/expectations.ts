import type { FraudKind } from '@jiapei/terminal-sim';
import type { DetectorId } from '../detectors.ts';
import type { RiskLevel } from '../risk-score.ts';

/**
 * What each fraud of the simulator's labelled data set should trip: the detectors meant to catch it
 * (all of them are expected to fire) and the risk level the session should reach. A detector's
 * positives are exactly the sessions carrying a label that names it here; anything else it fires on
 * counts against its precision — including another fraud it is not meant for.
 */
export const EXPECTED: Readonly<Record<FraudKind, { detectors: readonly DetectorId[]; level: RiskLevel }>> = {
  // Pulse runs while GNSS stands: both the speed comparison and the minute mileage see it.
  paoma: { detectors: ['pulse-gnss-mismatch', 'mileage-without-movement'], level: 'high' },
  replay: { detectors: ['replay'], level: 'high' },
  // A generator has no natural variance in either speed or heading.
  emulator: { detectors: ['constant-speed', 'constant-heading'], level: 'high' },
  // Jumps of kilometres and back. Alone it is medium: a real receiver can glitch once.
  'gnss-spoof': { detectors: ['teleport'], level: 'medium' },
  // Often a misconfigured terminal rather than fraud: recorded, not sent to review on its own.
  'clock-drift': { detectors: ['clock-drift'], level: 'low' },
  'coach-overlap': { detectors: ['coach-overlap'], level: 'medium' },
  'trainee-overlap': { detectors: ['trainee-overlap'], level: 'high' },
  'vehicle-overlap': { detectors: ['vehicle-overlap'], level: 'high' },
  // A stored photo uploaded again, and someone else's face in the trainee's seat: no innocent reading.
  'photo-reuse': { detectors: ['photo-reused'], level: 'high' },
  'face-mismatch': { detectors: ['face-mismatch'], level: 'high' },
  // A covered lens is fraud or a broken camera: shown to the reviewer, not queued on its own.
  'camera-blocked': { detectors: ['camera-blocked'], level: 'medium' },
  // The 电子围栏 is the audit's rule 5 (training-hours/fence.ts), not an anomaly detector: no
  // detector should fire, which makes these sessions useful negatives of real driving.
  'out-of-fence': { detectors: [], level: 'none' },
};

/** The detectors a session's labels expect. */
export function expectedDetectors(labels: readonly FraudKind[]): Set<DetectorId> {
  return new Set(labels.flatMap((l) => EXPECTED[l].detectors));
}

/** A session should reach `high` (manual review) when one of its labels expects it. */
export function expectsHigh(labels: readonly FraudKind[]): boolean {
  return labels.some((l) => EXPECTED[l].level === 'high');
}
