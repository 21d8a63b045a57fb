import { describe, expect, it } from 'vitest';
import {
  stagePercentTotal,
  toFormValues,
  toTemplateInput,
  yuanToFen,
  type TemplateFormValues,
} from './template-form.ts';

const base: TemplateFormValues = {
  title: '驾驶培训服务合同',
  body: '甲方：{{schoolName}}',
  planKind: 'stages',
  enrolmentPercent: 10,
  part1Percent: 30,
  part2Percent: 0,
  part3Percent: 60,
  part4Percent: 0,
  upfrontPercent: 0,
  refundRule: '按未培训学时退还',
  disputeClause: '协商解决',
  perHourYuan: 123.45,
};

describe('template form', () => {
  it('keeps only the steps that release something, in order', () => {
    expect(toTemplateInput(base).releasePlan).toEqual({
      kind: 'stages',
      steps: [
        { on: 'enrolment', percent: 10 },
        { on: 'part', part: 1, percent: 30 },
        { on: 'part', part: 3, percent: 60 },
      ],
    });
    expect(stagePercentTotal(base)).toBe(100);
  });

  it('sends a per-hour plan as its upfront percentage only', () => {
    expect(toTemplateInput({ ...base, planKind: 'hours', upfrontPercent: 25 }).releasePlan).toEqual({
      kind: 'hours',
      upfrontPercent: 25,
    });
  });

  it('turns yuan into integer fen without float drift', () => {
    expect(yuanToFen(123.45)).toBe(12345);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1.005)).toBe(Math.round(1.005 * 100));
    expect(yuanToFen(0)).toBe(0);
  });

  it('round-trips a template through the form', () => {
    const input = toTemplateInput(base);
    expect(toTemplateInput(toFormValues(input))).toEqual(input);
  });
});
