import { describe, expect, it } from 'vitest';
import {
  actionSubject,
  chinaDate,
  isCalendarDate,
  maskPersonName,
  monthBounds,
  periodsOverlap,
  sanctionFits,
} from './supervision.rules.ts';

describe('key-supervision rules', () => {
  it('knows month ends, leap years included, and real calendar days', () => {
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(isCalendarDate('2026-02-31')).toBe(false);
    expect(isCalendarDate('2026-2-1')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('takes the China day, not UTC', () => {
    expect(chinaDate(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(chinaDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
  });

  it('masks a coach’s name but keeps it recognisable to those who know it', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('张三丰')).toBe('张*丰');
    expect(maskPersonName('欧阳小明')).toBe('欧**明');
    expect(maskPersonName('王')).toBe('王');
  });

  it('fits sanctions and action kinds to their subjects', () => {
    expect(sanctionFits('school', 'enrolment_stopped')).toBe(true);
    expect(sanctionFits('school', 'suspended')).toBe(false);
    expect(sanctionFits('coach', 'suspended')).toBe(true);
    expect(sanctionFits('coach', 'business_suspended')).toBe(false);
    expect(actionSubject('enforcement')).toBe('county');
    expect(actionSubject('interview_authority')).toBe('county');
    expect(actionSubject('penalty_coach')).toBe('coach');
    expect(actionSubject('rectification_order')).toBe('school');
  });

  it('tells overlapping periods, open ends included', () => {
    const a = { fromDate: '2026-11-01', untilDate: '2026-11-30' };
    expect(periodsOverlap(a, { fromDate: '2026-12-01', untilDate: null })).toBe(false);
    expect(periodsOverlap(a, { fromDate: '2026-11-30', untilDate: null })).toBe(true);
    expect(
      periodsOverlap(
        { fromDate: '2026-11-01', untilDate: null },
        { fromDate: '2027-05-01', untilDate: null },
      ),
    ).toBe(true);
    expect(periodsOverlap(a, { fromDate: '2026-10-01', untilDate: '2026-10-31' })).toBe(false);
  });
});
