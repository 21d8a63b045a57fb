import { describe, expect, it } from 'vitest';
import {
  disposalRate,
  formatFigure,
  monthWindow,
  periodText,
  sumFigures,
  type Figures,
} from './report-form.ts';

const figures = (over: Partial<Figures>): Figures => ({
  existingSchools: 0,
  checkedSchools: 0,
  rectificationSchools: 0,
  interviewedAuthorities: 0,
  interviewedSchools: 0,
  enforcementCounties: 0,
  penalisedSchools: 0,
  penalisedCoaches: 0,
  teachingLogs: 0,
  reviewedLogs: 0,
  workOrdersPushed: 0,
  workOrdersDisposed: 0,
  workOrderDisposalRate: null,
  keySupervisionSchools: 0,
  keySupervisionCoaches: 0,
  ...over,
});

describe('the report form', () => {
  it('bounds a month at China midnight and puts the deadline after the 5th of the next month', () => {
    const w = monthWindow('2026-02');
    expect(w.start.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect([w.firstDay, w.lastDay]).toEqual(['2026-02-01', '2026-02-28']);
    expect(w.deadline.toISOString()).toBe('2026-03-05T16:00:00.000Z');
    expect(monthWindow('2028-02').lastDay).toBe('2028-02-29');
    const december = monthWindow('2026-12');
    expect(december.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(december.deadline.toISOString()).toBe('2027-01-05T16:00:00.000Z');
    expect(() => monthWindow('2026-13')).toThrow();
  });

  it('prints the period line of 附件2', () => {
    expect(periodText(monthWindow('2026-10'))).toBe('2026年10月1日至10月31日');
  });

  it('totals counts and recomputes the rate from the sums; a missing source stays missing', () => {
    const a = figures({
      teachingLogs: 10,
      workOrdersPushed: 3,
      workOrdersDisposed: 3,
      workOrderDisposalRate: 1,
    });
    const b = figures({
      teachingLogs: 5,
      workOrdersPushed: 1,
      workOrdersDisposed: 0,
      workOrderDisposalRate: 0,
    });
    const total = sumFigures([a, b]);
    expect(total.teachingLogs).toBe(15);
    expect(total.workOrderDisposalRate).toBe(0.75);
    expect(sumFigures([a, figures({ reviewedLogs: null })]).reviewedLogs).toBeNull();
  });

  it('has no rate without pushed orders and prints it with one decimal', () => {
    expect(disposalRate(0, 0)).toBeNull();
    expect(disposalRate(3, 2)).toBeCloseTo(0.6667);
    expect(formatFigure('workOrderDisposalRate', 2 / 3)).toBe('66.7%');
    expect(formatFigure('teachingLogs', null)).toBe('—');
    expect(formatFigure('teachingLogs', 1234)).toBe('1234');
  });
});
