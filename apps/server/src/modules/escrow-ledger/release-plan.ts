import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../../shared/app-error.ts';

/**
 * Release plans (RULES §8), chosen by the contract template:
 * - `stages`: a share of the price at enrolment (paid) and after each approved part, e.g. 深圳 25/15/30/30
 *   (enrolment, parts 1–3) or 福州 10/30/30/30 (parts 1–4, after audited hours);
 * - `hours`: a share up front, then the per-hour price for each verified hour (青岛 30 % + daily).
 */
export const ReleaseStepSchema = Type.Union([
  Type.Object({ on: Type.Literal('enrolment'), percent: Type.Integer({ minimum: 0, maximum: 100 }) }),
  Type.Object({
    on: Type.Literal('part'),
    part: Type.Integer({ minimum: 1, maximum: 4 }),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
]);
export const ReleasePlanSchema = Type.Union([
  Type.Object({
    kind: Type.Literal('stages'),
    steps: Type.Array(ReleaseStepSchema, { minItems: 1, maxItems: 5 }),
  }),
  Type.Object({ kind: Type.Literal('hours'), upfrontPercent: Type.Integer({ minimum: 0, maximum: 100 }) }),
]);
export type ReleasePlan = Static<typeof ReleasePlanSchema>;
export type ReleaseStep = Static<typeof ReleaseStepSchema>;

export const stepKey = (step: ReleaseStep) => (step.on === 'enrolment' ? 'enrolment' : `part${step.part}`);

export function parseReleasePlan(value: unknown): ReleasePlan {
  if (!Value.Check(ReleasePlanSchema, value)) {
    throw new AppError('escrow.invalid_plan', { message: 'release plan does not match its schema' });
  }
  if (value.kind === 'stages') {
    const total = value.steps.reduce((s, x) => s + x.percent, 0);
    if (total !== 100) throw new AppError('escrow.invalid_plan', { message: `steps add up to ${total} %` });
    const keys = value.steps.map(stepKey);
    if (new Set(keys).size !== keys.length) {
      throw new AppError('escrow.invalid_plan', { message: 'a step appears twice' });
    }
  }
  return value;
}

/**
 * Each step's amount in 分: floor(price × percent / 100), and the last step takes what rounding left,
 * so the steps always add up to the price exactly and no 分 is stranded in escrow.
 */
export function stepAmounts(plan: Extract<ReleasePlan, { kind: 'stages' }>, priceFen: number) {
  let given = 0;
  return plan.steps.map((step, i) => {
    const amountFen =
      i === plan.steps.length - 1 ? priceFen - given : Math.floor((priceFen * step.percent) / 100);
    given += amountFen;
    return { key: stepKey(step), step, amountFen };
  });
}

/** Up-front share of an hours plan, rounded down. */
export function upfrontAmount(plan: Extract<ReleasePlan, { kind: 'hours' }>, priceFen: number): number {
  return Math.floor((priceFen * plan.upfrontPercent) / 100);
}

/**
 * What an hours plan has earned the school after `minutes` of credited training under this contract:
 * the up-front share plus whole-分 value of the hours, never more than the price.
 */
export function hoursEarned(
  plan: Extract<ReleasePlan, { kind: 'hours' }>,
  priceFen: number,
  perHourFen: number,
  minutes: number,
): number {
  return Math.min(
    priceFen,
    upfrontAmount(plan, priceFen) + Math.floor((Math.max(0, minutes) * perHourFen) / 60),
  );
}
