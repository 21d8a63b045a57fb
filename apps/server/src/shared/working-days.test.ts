import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  chinaDay,
  isCalendarDay,
  isWeekend,
  isWorkingDay,
  noExceptions,
  workingDaysBefore,
  type DayKind,
} from './working-days.ts';

/** The national 2026 arrangement as migration 0021 stores it (weekday holidays, weekend workdays). */
const national2026 = new Map<string, DayKind>([
  ['2026-01-01', 'holiday'],
  ['2026-01-02', 'holiday'],
  ['2026-01-04', 'workday'],
  ['2026-02-14', 'workday'],
  ['2026-02-16', 'holiday'],
  ['2026-02-17', 'holiday'],
  ['2026-02-18', 'holiday'],
  ['2026-02-19', 'holiday'],
  ['2026-02-20', 'holiday'],
  ['2026-02-23', 'holiday'],
  ['2026-02-28', 'workday'],
  ['2026-09-20', 'workday'],
  ['2026-09-25', 'holiday'],
  ['2026-10-01', 'holiday'],
  ['2026-10-02', 'holiday'],
  ['2026-10-05', 'holiday'],
  ['2026-10-06', 'holiday'],
  ['2026-10-07', 'holiday'],
  ['2026-10-10', 'workday'],
]);
const china = (local: string) => new Date(`${local}+08:00`);

describe('working days in China time', () => {
  it('tells real calendar days and weekends from the day alone', () => {
    expect(isCalendarDay('2026-10-01')).toBe(true);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026/10/01')).toBe(false);
    expect(isCalendarDay('2026-10-1')).toBe(false);
    expect(isWeekend('2026-10-10')).toBe(true); // Saturday
    expect(isWeekend('2026-09-20')).toBe(true); // Sunday
    expect(isWeekend('2026-10-01')).toBe(false); // Thursday
  });

  it('lets an exception day override Monday–Friday', () => {
    expect(isWorkingDay('2026-10-01', national2026)).toBe(false); // Thursday, 国庆
    expect(isWorkingDay('2026-10-10', national2026)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-11', national2026)).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2026-10-08', national2026)).toBe(true); // an ordinary Thursday
    expect(isWorkingDay('2026-10-01', noExceptions)).toBe(true);
  });

  it('carries a deadline across 国庆 and counts the 调休 Saturday after it', () => {
    // Wednesday 30 September + 5: Oct 1–7 are off; Oct 8 (Thu), 9 (Fri), 10 (Sat, worked), 12, 13.
    expect(addWorkingDays(china('2026-09-30T09:00:00'), 5, national2026)).toEqual(
      china('2026-10-13T09:00:00'),
    );
    // Monday to Friday alone would have said 7 October, in the middle of the holiday.
    expect(addWorkingDays(china('2026-09-30T09:00:00'), 5, noExceptions)).toEqual(
      china('2026-10-07T09:00:00'),
    );
    // Friday 9 October + 1 is Saturday the 10th, a 调休 workday.
    expect(addWorkingDays(china('2026-10-09T15:00:00'), 1, national2026)).toEqual(
      china('2026-10-10T15:00:00'),
    );
    // The Sunday 调休 before: Friday 18 September + 1 is Sunday the 20th.
    expect(addWorkingDays(china('2026-09-18T10:00:00'), 1, national2026)).toEqual(
      china('2026-09-20T10:00:00'),
    );
  });

  it('starts counting after a holiday or weekend day the item was filed on', () => {
    // Filed on 2 October (a holiday) + 1: the 8th. Filed on Saturday 3 October + 3: 8, 9, 10.
    expect(addWorkingDays(china('2026-10-02T11:00:00'), 1, national2026)).toEqual(
      china('2026-10-08T11:00:00'),
    );
    expect(addWorkingDays(china('2026-10-03T11:00:00'), 3, national2026)).toEqual(
      china('2026-10-10T11:00:00'),
    );
    // 春节: Friday 13 February + 2: Saturday the 14th (worked), then Tuesday the 24th (16–20 and 23 are off).
    expect(addWorkingDays(china('2026-02-13T09:00:00'), 2, national2026)).toEqual(
      china('2026-02-24T09:00:00'),
    );
  });

  it('judges days in China time around midnight, not in UTC', () => {
    // 00:30 on Saturday 10 October in China is still Friday 9 October in UTC.
    const justAfterMidnight = new Date('2026-10-09T16:30:00Z');
    expect(chinaDay(justAfterMidnight)).toBe('2026-10-10');
    // The first counted day is the one after the 10th: Monday the 12th (a UTC count would say the 10th).
    expect(addWorkingDays(justAfterMidnight, 1, national2026)).toEqual(new Date('2026-10-11T16:30:00Z'));
    // 23:30 on Wednesday 30 September in China (15:30 UTC): the next day is 1 October, a holiday.
    const lateEve = new Date('2026-09-30T15:30:00Z');
    expect(addWorkingDays(lateEve, 1, national2026)).toEqual(china('2026-10-08T23:30:00'));
    // 23:59:59 on 7 October (the last holiday) + 1 is the 8th at the same time.
    expect(addWorkingDays(china('2026-10-07T23:59:59'), 1, national2026)).toEqual(
      china('2026-10-08T23:59:59'),
    );
  });

  it('adds nothing for 0 days and refuses negative or fractional days', () => {
    const at = china('2026-10-01T09:00:00');
    expect(addWorkingDays(at, 0, national2026)).toEqual(at);
    expect(() => addWorkingDays(at, -1, national2026)).toThrow(RangeError);
    expect(() => addWorkingDays(at, 1.5, national2026)).toThrow(RangeError);
  });

  it('steps back over weekends and holidays to the working day before', () => {
    // Monday 9 November 10:00 → Friday 6 November 10:00.
    expect(workingDaysBefore(china('2026-11-09T10:00:00'), 1, national2026)).toEqual(
      china('2026-11-06T10:00:00'),
    );
    // Thursday 8 October, the first day back after 国庆 → Wednesday 30 September.
    expect(workingDaysBefore(china('2026-10-08T09:00:00'), 1, national2026)).toEqual(
      china('2026-09-30T09:00:00'),
    );
    // Monday 12 October → Saturday 10 October, a 调休 workday.
    expect(workingDaysBefore(china('2026-10-12T09:00:00'), 1, national2026)).toEqual(
      china('2026-10-10T09:00:00'),
    );
    // Tuesday 24 February, after 春节 (15–23 February) → Saturday 14 February, worked.
    expect(workingDaysBefore(china('2026-02-24T09:00:00'), 1, national2026)).toEqual(
      china('2026-02-14T09:00:00'),
    );
    // The inverse of addWorkingDays on a working day.
    const due = addWorkingDays(china('2026-09-29T16:00:00'), 5, national2026);
    expect(workingDaysBefore(due, 5, national2026)).toEqual(china('2026-09-29T16:00:00'));
    expect(workingDaysBefore(due, 0, national2026)).toEqual(due);
    expect(() => workingDaysBefore(due, -1, national2026)).toThrow(RangeError);
  });
});
