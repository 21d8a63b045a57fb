import { describe, expect, it } from 'vitest';
import { demoSupervisionCalendar } from './demo-supervision.ts';

describe('demoSupervisionCalendar', () => {
  it('reads the months in China time: 1 December 00:30 there is still 30 November in UTC', () => {
    const now = new Date('2026-11-30T16:30:00Z');
    const cal = demoSupervisionCalendar(now);

    expect(cal).toMatchObject({ today: '2026-12-01', thisMonth: '2026-12', lastMonth: '2026-11' });
    expect(cal.lastMonthDay(22)).toBe('2026-11-22');
    // On the 1st every day of this month is today: nothing is recorded ahead.
    expect(cal.thisMonthDay(5)).toBe('2026-12-01');
    // 17:00 today has not come yet: the stamp is now.
    expect(cal.at('2026-12-01', 17)).toEqual(now);
    expect(cal.at('2026-11-22', 17)).toEqual(new Date('2026-11-22T17:00:00+08:00'));
  });

  it('goes back across a year and keeps this month’s days once they have passed', () => {
    const cal = demoSupervisionCalendar(new Date('2027-01-20T04:00:00Z'));

    expect(cal.lastMonth).toBe('2026-12');
    expect(cal.lastMonthDay(3)).toBe('2026-12-03');
    expect(cal.thisMonthDay(5)).toBe('2027-01-05');
    expect(cal.addDays('2026-12-01', -40)).toBe('2026-10-22');
    expect(cal.addDays('2027-01-01', 89)).toBe('2027-03-31');
  });
});
