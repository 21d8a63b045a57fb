/**
 * Precision and recall over sessions. A detector "fires" on a session when it has at least one
 * finding there; its positives are the sessions whose labels it is meant to catch (expectations.ts).
 */
export type Confusion = { tp: number; fp: number; fn: number; tn: number };

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** Count one session: did the detector fire, should it have. */
export function tally(c: Confusion, fired: boolean, expected: boolean): void {
  if (fired && expected) c.tp++;
  else if (fired) c.fp++;
  else if (expected) c.fn++;
  else c.tn++;
}

/** tp / (tp + fp); null when the detector never fired (precision is undefined, not 0 or 1). */
export function precision(c: Confusion): number | null {
  return c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
}

/** tp / (tp + fn); null when there is nothing to catch. */
export function recall(c: Confusion): number | null {
  return c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
}

/** Whether a confusion meets the goals; an undefined ratio does not meet it. */
export function meetsGoal(c: Confusion, goal: { precision: number; recall: number }): boolean {
  const p = precision(c);
  const r = recall(c);
  return p !== null && r !== null && p >= goal.precision && r >= goal.recall;
}
