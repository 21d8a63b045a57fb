/*
 * The key-supervision and supervision-action rules as pure functions (RULES §4), tested without a database.
 * Dates are calendar days in China (YYYY-MM-DD strings compare in order); the services pass today from the
 * injected clock.
 */

export const SCHOOL_SANCTIONS = ['rectify', 'enrolment_stopped', 'business_suspended'] as const;
export const COACH_SANCTIONS = ['suspended', 'rectify'] as const;
export type SchoolSanction = (typeof SCHOOL_SANCTIONS)[number];
export type CoachSanction = (typeof COACH_SANCTIONS)[number];
export type Sanction = SchoolSanction | CoachSanction;
export type Subject = 'school' | 'coach';

/** School sanctions that refuse new enrolments (停止招生, 停业整顿). */
export const ENROLMENT_BLOCKING: ReadonlySet<string> = new Set(['enrolment_stopped', 'business_suspended']);

export const ACTION_KINDS = [
  'qualification_check',
  'rectification_order',
  'interview_authority',
  'interview_school',
  'enforcement',
  'penalty_school',
  'penalty_coach',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** What each kind names besides its county: nothing (a county authority, an enforcement), a school, a coach. */
export function actionSubject(kind: ActionKind): 'county' | 'school' | 'coach' {
  if (kind === 'interview_authority' || kind === 'enforcement') return 'county';
  if (kind === 'penalty_coach') return 'coach';
  return 'school';
}

/** Penalties on the spot (当场处罚) are decided at a centralized enforcement (集中执法) and point to it. */
export const isPenalty = (kind: ActionKind) => kind === 'penalty_school' || kind === 'penalty_coach';

export function sanctionFits(subject: Subject, sanction: string): boolean {
  const allowed: readonly string[] = subject === 'school' ? SCHOOL_SANCTIONS : COACH_SANCTIONS;
  return allowed.includes(sanction);
}

/** Today's calendar date in China (+08:00, no daylight saving). */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD (2026-02-31 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** First and last day of a month 'YYYY-MM'. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * A coach's name on the public notice: the surname and, for three characters or more, the last one, the
 * rest as * (张三 → 张*, 欧阳小明 → 欧**明). The school is named in full; the coach is a private person.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** Two periods [from, until] (until null = open) overlap. */
export function periodsOverlap(
  a: { fromDate: string; untilDate: string | null },
  b: { fromDate: string; untilDate: string | null },
): boolean {
  const aEndsBeforeB = a.untilDate !== null && a.untilDate < b.fromDate;
  const bEndsBeforeA = b.untilDate !== null && b.untilDate < a.fromDate;
  return !aEndsBeforeB && !bEndsBeforeA;
}
