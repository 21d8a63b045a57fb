import type { IntlShape } from 'react-intl';
import { isMessageId } from '../../i18n/index.ts';

/** Every detector the server reports, in the order the filter lists them. */
export const detectorIds = [
  'pulse-gnss-mismatch',
  'mileage-without-movement',
  'replay',
  'teleport',
  'constant-speed',
  'constant-heading',
  'clock-drift',
  'trainee-overlap',
  'coach-overlap',
  'vehicle-overlap',
  'photo-reused',
  'face-mismatch',
  'camera-blocked',
  'out-of-fence',
] as const;

type Evidence = Record<string, number | string>;

const known = new Set<string>(detectorIds);

/** The detector's name in the user's language (the id itself for one this build does not know yet). */
export function detectorName(intl: IntlShape, detector: string): string {
  const id = `anomaly.detector.${detector}`;
  return known.has(detector) && isMessageId(id) ? intl.formatMessage({ id }) : detector;
}

/**
 * One sentence saying what was seen, from the finding's evidence numbers (catalogue
 * `anomaly.finding.<detector>`). Numbers are shown as the server measured them; a missing one reads
 * as "?" rather than breaking the sentence.
 */
export function findingSentence(intl: IntlShape, finding: { detector: string; evidence: Evidence }): string {
  const id = `anomaly.finding.${finding.detector}`;
  if (!known.has(finding.detector) || !isMessageId(id)) return JSON.stringify(finding.evidence);
  const formatted: Record<string, string> = {};
  for (const [key, v] of Object.entries(finding.evidence)) {
    formatted[key] = typeof v === 'number' ? intl.formatNumber(v, { maximumFractionDigits: 1 }) : v;
  }
  if (finding.detector === 'trainee-overlap') {
    formatted.kinds = intl.formatMessage({
      id:
        finding.evidence.kinds === 'practical+practical' ? 'anomaly.kinds.practical' : 'anomaly.kinds.mixed',
    });
  }
  // A number the server did not send (say after a detector changed its evidence) reads as "?".
  const message = intl.messages[id];
  for (const [, name] of typeof message === 'string' ? message.matchAll(/\{(\w+)\}/g) : []) {
    if (name && !(name in formatted)) formatted[name] = '?';
  }
  return intl.formatMessage({ id }, formatted);
}
