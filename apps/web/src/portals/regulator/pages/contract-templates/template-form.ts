import type { ContractTemplate, TemplateInput } from '../../../../features/contracts/queries.ts';

/** The form's flat fields; the release plan is one percentage per step (0 = no release on that step). */
export type TemplateFormValues = {
  title: string;
  body: string;
  planKind: 'stages' | 'hours';
  enrolmentPercent: number;
  part1Percent: number;
  part2Percent: number;
  part3Percent: number;
  part4Percent: number;
  upfrontPercent: number;
  refundRule: string;
  disputeClause: string;
  /** 元 with two decimals in the form; 分 on the wire. */
  perHourYuan: number;
};

const parts = [1, 2, 3, 4] as const;
const partField = (part: (typeof parts)[number]) => `part${part}Percent` as const;

export function stagePercentTotal(v: Partial<TemplateFormValues>): number {
  return (v.enrolmentPercent ?? 0) + parts.reduce((sum, p) => sum + (v[partField(p)] ?? 0), 0);
}

/** Yuan as typed (up to 2 decimals) to integer 分, through the decimal string so 0.1 + 0.2 never leaks in. */
export function yuanToFen(yuan: number): number {
  const [whole = '0', frac = ''] = yuan.toFixed(2).split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, '0')));
}

export function toTemplateInput(v: TemplateFormValues): TemplateInput {
  const releasePlan: TemplateInput['releasePlan'] =
    v.planKind === 'hours'
      ? { kind: 'hours', upfrontPercent: v.upfrontPercent }
      : {
          kind: 'stages',
          // Steps with 0 % release nothing; the server wants only real steps (at most five).
          steps: [
            ...(v.enrolmentPercent > 0 ? [{ on: 'enrolment' as const, percent: v.enrolmentPercent }] : []),
            ...parts
              .filter((p) => v[partField(p)] > 0)
              .map((p) => ({ on: 'part' as const, part: p, percent: v[partField(p)] })),
          ],
        };
  return {
    title: v.title,
    body: v.body,
    releasePlan,
    refundRule: v.refundRule,
    disputeClause: v.disputeClause,
    perHourFen: yuanToFen(v.perHourYuan),
  };
}

export function toFormValues(t: Pick<ContractTemplate, keyof TemplateInput>): TemplateFormValues {
  const step = (on: 'enrolment' | number) =>
    t.releasePlan.kind === 'stages'
      ? (t.releasePlan.steps.find((s) =>
          on === 'enrolment' ? s.on === 'enrolment' : s.on === 'part' && s.part === on,
        )?.percent ?? 0)
      : 0;
  return {
    title: t.title,
    body: t.body,
    planKind: t.releasePlan.kind,
    enrolmentPercent: step('enrolment'),
    part1Percent: step(1),
    part2Percent: step(2),
    part3Percent: step(3),
    part4Percent: step(4),
    upfrontPercent: t.releasePlan.kind === 'hours' ? t.releasePlan.upfrontPercent : 0,
    refundRule: t.refundRule,
    disputeClause: t.disputeClause,
    perHourYuan: t.perHourFen / 100,
  };
}
