import { createHash } from 'node:crypto';

/**
 * What the sandbox's examiners decide. Scores are 0–100; the pass line is 90 for parts 1 and 4 (the
 * written 科目一 / 科目四) and 80 for parts 2 and 3 (the driving 科目二 / 科目三), the figures this
 * sandbox uses. (Real 科目三 road tests also pass at 90; the sandbox keeps the simpler split.)
 */
export function passLine(part: number): number {
  return part === 1 || part === 4 ? 90 : 80;
}

/**
 * A number in [0, 1) derived from the inputs, not from Math.random: the same trainee, part and
 * attempt always get the same outcome, so a restarted sandbox resends exactly what it sent before and
 * the server's idempotence holds (a different outcome under the same id would be refused).
 */
export function uniform(...parts: Array<string | number>): number {
  const digest = createHash('sha256').update(parts.join(':')).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export type Outcome = { passed: boolean; score: number };

export function decideOutcome(input: {
  seed: string;
  traineeId: string;
  part: number;
  attempt: number;
  passProbability: number;
}): Outcome {
  const { seed, traineeId, part, attempt, passProbability } = input;
  const line = passLine(part);
  const passed = uniform(seed, traineeId, part, attempt, 'pass') < passProbability;
  const u = uniform(seed, traineeId, part, attempt, 'score');
  // Passing scores spread over [line, 100], failing ones over [0, line − 1].
  const score = passed ? line + Math.floor(u * (101 - line)) : Math.floor(u * line);
  return { passed, score };
}
