/**
 * The form itself (seed 001 附件2, RULES §4): its 14 columns in their order and groups, the Chinese
 * headings the exports print, the month window in China time and the deadline of the 5th. Pure, so the
 * exports, the service and the tests share one definition.
 */

/** The figures of one row. `null` means the source table does not exist yet (shown as "—", never as 0). */
export type Figures = {
  existingSchools: number | null;
  checkedSchools: number | null;
  rectificationSchools: number | null;
  interviewedAuthorities: number | null;
  interviewedSchools: number | null;
  enforcementCounties: number | null;
  penalisedSchools: number | null;
  penalisedCoaches: number | null;
  teachingLogs: number | null;
  reviewedLogs: number | null;
  workOrdersPushed: number | null;
  /** The numerator of 工单处置率 (not a column of its own, but drillable). */
  workOrdersDisposed: number | null;
  /** disposed / pushed in 0..1; null when nothing was pushed or the source is missing. */
  workOrderDisposalRate: number | null;
  keySupervisionSchools: number | null;
  keySupervisionCoaches: number | null;
};

export type CountFigure = Exclude<keyof Figures, 'workOrderDisposalRate'>;

/** The tables the figures come from; a missing one makes its figures null and is named in the report. */
export const sourceTables = [
  'schools',
  'supervision_actions',
  'teaching_logs',
  'manual_reviews',
  'work_orders',
  'key_supervisions',
] as const;
export type SourceTable = (typeof sourceTables)[number];

export const figureSource: Record<CountFigure, SourceTable> = {
  existingSchools: 'schools',
  checkedSchools: 'supervision_actions',
  rectificationSchools: 'supervision_actions',
  interviewedAuthorities: 'supervision_actions',
  interviewedSchools: 'supervision_actions',
  enforcementCounties: 'supervision_actions',
  penalisedSchools: 'supervision_actions',
  penalisedCoaches: 'supervision_actions',
  teachingLogs: 'teaching_logs',
  reviewedLogs: 'manual_reviews',
  workOrdersPushed: 'work_orders',
  workOrdersDisposed: 'work_orders',
  keySupervisionSchools: 'key_supervisions',
  keySupervisionCoaches: 'key_supervisions',
};

export const countFigures = Object.keys(figureSource) as CountFigure[];

/** The printed form: five groups of columns, headings exactly as 附件2 spells them. */
export const formGroups: { title: string; columns: { key: keyof Figures; title: string }[] }[] = [
  {
    title: '资质核查',
    columns: [
      { key: 'existingSchools', title: '现有驾培机构数量' },
      { key: 'checkedSchools', title: '核查驾培机构数量' },
      { key: 'rectificationSchools', title: '列入整改的驾培机构数量' },
    ],
  },
  {
    title: '分级约谈',
    columns: [
      { key: 'interviewedAuthorities', title: '约谈县(市、区)行业管理部门数量' },
      { key: 'interviewedSchools', title: '约谈驾培机构数量' },
    ],
  },
  {
    title: '集中执法',
    columns: [
      { key: 'enforcementCounties', title: '集中执法县(市、区)数量' },
      { key: 'penalisedSchools', title: '当场处罚驾培机构数量' },
      { key: 'penalisedCoaches', title: '当场处罚教练员数量' },
    ],
  },
  {
    title: '随机抽查',
    columns: [
      { key: 'teachingLogs', title: '教学日志总量' },
      { key: 'reviewedLogs', title: '人工审核教学日志数量' },
      { key: 'workOrdersPushed', title: '推送综合监管平台工单数量' },
      { key: 'workOrderDisposalRate', title: '工单处置率' },
    ],
  },
  {
    title: '重点监管',
    columns: [
      { key: 'keySupervisionSchools', title: '驾培机构数量' },
      { key: 'keySupervisionCoaches', title: '教练员数量' },
    ],
  },
];

export const FORM_TITLE = '全省机动车驾驶员培训专项整治月报表';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** China has one time zone and no daylight saving: every calendar boundary is at +08:00. */
const CHINA_OFFSET_MS = 8 * 3600_000;

export type MonthWindow = {
  month: string;
  /** First instant of the month in China time. */
  start: Date;
  /** First instant of the next month in China time (exclusive). */
  end: Date;
  firstDay: string;
  lastDay: string;
  /** Reports are due "每月5日前": by the end of the 5th of the next month, China time. */
  deadline: Date;
};

export function monthWindow(month: string): MonthWindow {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const chinaMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - CHINA_OFFSET_MS);
  const lastDate = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    month,
    start: chinaMidnight(year, index, 1),
    end: chinaMidnight(year, index + 1, 1),
    firstDay: `${month}-01`,
    lastDay: `${month}-${pad(lastDate)}`,
    deadline: chinaMidnight(year, index + 1, 6),
  };
}

export function disposalRate(pushed: number | null, disposed: number | null): number | null {
  if (pushed === null || disposed === null || pushed === 0) return null;
  return disposed / pushed;
}

/** Adds rows up for the total line; a rate is recomputed from the summed counts, never averaged. */
export function sumFigures(rows: Figures[]): Figures {
  const total = Object.fromEntries(
    countFigures.map((key) => {
      const values = rows.map((r) => r[key]);
      return [key, values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0)];
    }),
  ) as Record<CountFigure, number | null>;
  return { ...total, workOrderDisposalRate: disposalRate(total.workOrdersPushed, total.workOrdersDisposed) };
}

/** How a figure is printed: counts as integers, the rate as a percentage with one decimal, missing as —. */
export function formatFigure(key: keyof Figures, value: number | null): string {
  if (value === null) return '—';
  if (key === 'workOrderDisposalRate') return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  return String(value);
}

/** `2026年10月1日至10月31日`, the period line of the form. */
export function periodText(window: MonthWindow): string {
  const [y, m] = window.month.split('-').map(Number) as [number, number];
  const last = Number(window.lastDay.slice(8));
  return `${y}年${m}月1日至${m}月${last}日`;
}
