import { addWorkingDays, workingDaysBefore, type WorkingDayExceptions } from '../../shared/working-days.ts';

/** Pure rules of work orders: deadlines by category, readable numbers, evidence files, metric arithmetic. */

export const workOrderCategories = [
  'hours_fraud',
  'hours_irregular',
  'complaint',
  'appeal',
  'rectification',
  'other',
] as const;
export type WorkOrderCategory = (typeof workOrderCategories)[number];

/**
 * Working days the assignee has to dispose, by category, and why. Defaults a city may later tune (RULES
 * says numbers are data); they live here, beside their reasons, until a settings page needs them.
 */
export const dispositionDeadlines: Record<WorkOrderCategory, { workingDays: number; why: string }> = {
  hours_fraud: {
    workingDays: 5,
    why: 'faked hours (跑马机, replay) keep earning credit and escrow releases until the school voids them and stops the car or coach',
  },
  hours_irregular: {
    workingDays: 10,
    why: 'a partly valid log needs its records checked and corrected; nothing keeps accruing meanwhile',
  },
  complaint: {
    workingDays: 5,
    why: 'the same five working days a school has to answer a complaint (feedback module): a complainant is waiting',
  },
  appeal: {
    workingDays: 5,
    why: "a trainee's disputed hours may block the exam booking",
  },
  rectification: {
    workingDays: 15,
    why: 'inspection findings often need physical fixes (cars, teaching areas, filings) that take weeks',
  },
  other: { workingDays: 10, why: 'a middle default for anything else' },
};

/** After a return the problem is known and only the evidence is missing: a short second deadline. */
export const RETURN_WORKING_DAYS = 3;
/**
 * A reminder goes out one working day before the deadline, at its time of day (once per deadline): a
 * Monday 10:00 deadline is reminded on the Friday before at 10:00, not on the Sunday nobody reads it.
 */
export const REMINDER_WORKING_DAYS = 1;
/**
 * How far ahead the reminder job looks for deadlines: one working day back from a deadline can be many
 * calendar days (春节 2026 is nine days off in a row); twelve leave room.
 */
export const REMINDER_HORIZON_MS = 12 * 86_400_000;
export const remindAtFor = (dueAt: Date, exceptions: WorkingDayExceptions) =>
  workingDaysBefore(dueAt, REMINDER_WORKING_DAYS, exceptions);

/**
 * Deadlines count working days in China time with the calendar's holidays and 调休 workdays (`exceptions`,
 * from the calendar module's `exceptionsFrom`). They are computed once and stored on the order.
 */
export const dueAtFor = (category: WorkOrderCategory, from: Date, exceptions: WorkingDayExceptions) =>
  addWorkingDays(from, dispositionDeadlines[category].workingDays, exceptions);
export const dueAfterReturn = (from: Date, exceptions: WorkingDayExceptions) =>
  addWorkingDays(from, RETURN_WORKING_DAYS, exceptions);

/**
 * The manual review's reason codes (manual-review module) as the order's text words them: the order is a
 * document the school reads and keeps, so it carries words, not codes. An unknown code stays as it is.
 */
const reviewReasonWords: Record<string, string> = {
  photo_mismatch: '照片与本人不符',
  photo_missing: '照片缺失或无法辨认',
  proxy_training: '代训／替学',
  pulse_gnss_mismatch: '脉冲与卫星速度不符（跑马机）',
  track_anomaly: '轨迹异常',
  outside_teaching_area: '超出教学区域',
  time_overlap: '培训时间重叠',
  device_fault: '计时设备故障',
  other: '其他',
};
export const reviewReasonText = (codes: readonly string[]) =>
  codes.length === 0 ? '—' : codes.map((c) => reviewReasonWords[c] ?? c).join('、');

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** GD-370102-20261201-0001: county, Beijing day, the county's sequence of that day. */
export function workOrderNumber(countyCode: string, day: string, sequence: number): string {
  if (sequence < 1 || sequence > 9999) throw new RangeError(`sequence ${sequence} outside 1..9999`);
  return `GD-${countyCode}-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}

/** [start, end) of Beijing days from..to (both included). */
export function periodBounds(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  return { start, end };
}

/** disposed ÷ pushed as a percentage with one decimal; null when nothing was pushed. */
export function disposalRate(disposed: number, pushed: number): number | null {
  if (pushed <= 0) return null;
  return Math.round((disposed * 1000) / pushed) / 10;
}

export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_FILE_BYTES = 1024 * 1024;
export const evidenceContentTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceContentType = (typeof evidenceContentTypes)[number];

/**
 * The type the bytes really are, by their signature, or null. The declared type must agree, so a script
 * renamed .pdf is refused rather than served back to a regulator's browser.
 */
export function sniffEvidenceType(data: Buffer): EvidenceContentType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length >= 8 && png.every((b, i) => data[i] === b)) return 'image/png';
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
