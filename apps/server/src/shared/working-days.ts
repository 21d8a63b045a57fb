/**
 * Working days in China time (UTC+8 all year; no daylight saving since 1991): Monday to Friday, except the
 * weekday public holidays, plus the weekend days worked instead (调休). The exception days are data (the
 * calendar module's `calendar_days`); this file is the arithmetic only, pure, so the caller loads the
 * exceptions and passes them in. Complaint deadlines (feedback) and work-order deadlines use it.
 */

export type DayKind = 'holiday' | 'workday';

/** Exception days by China calendar day ('YYYY-MM-DD'): a weekday off, or a weekend day worked. */
export type WorkingDayExceptions = ReadonlyMap<string, DayKind>;

/** Plain Monday to Friday: for tests of other rules, and what a year without entered days falls back to. */
export const noExceptions: WorkingDayExceptions = new Map();

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The China calendar day of an instant, 'YYYY-MM-DD'. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar day written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  const m = DAY_PATTERN.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Saturday or Sunday, for a day 'YYYY-MM-DD' (a calendar day has no time zone). */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A day is worked when it is a weekday not declared a holiday, or a weekend day declared a workday. */
export function isWorkingDay(day: string, exceptions: WorkingDayExceptions): boolean {
  const kind = exceptions.get(day);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  return !isWeekend(day);
}

/**
 * The deadline `days` working days after `from`, at the same time of day (China time). Counting starts
 * with the day after `from`'s China day, so something filed on a Saturday, a holiday or late on a Friday
 * evening gets its first counted day on the next working day. `exceptions` must hold the exception days
 * from `from` onwards (the calendar module's `exceptionsFrom`); days it does not know are Monday–Friday.
 */
export function addWorkingDays(from: Date, days: number, exceptions: WorkingDayExceptions): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0`);
  let at = from.getTime();
  let left = days;
  while (left > 0) {
    // China keeps UTC+8 all year, so a day is always 24 hours and the time of day stays.
    at += DAY_MS;
    if (isWorkingDay(chinaDay(new Date(at)), exceptions)) left--;
  }
  return new Date(at);
}

/**
 * The same time of day `days` working days before `at` (China time): one working day before a Monday
 * deadline is the Friday before, or the Thursday when that Friday is a holiday. Days before the ones
 * `exceptions` holds count as Monday–Friday, so a result in a day before them is only approximate — it is
 * in the past for a caller whose exceptions start today, which is all such a caller asks.
 */
export function workingDaysBefore(at: Date, days: number, exceptions: WorkingDayExceptions): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0`);
  let t = at.getTime();
  let left = days;
  while (left > 0) {
    t -= DAY_MS;
    if (isWorkingDay(chinaDay(new Date(t)), exceptions)) left--;
  }
  return new Date(t);
}
