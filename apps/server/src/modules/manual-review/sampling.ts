/**
 * Which terminal teaching logs go to 人工审核 (RULES §4): pure functions, no database, no clock.
 *
 * Each log gets a bucket 0–9999 from the SHA-256 of its id. The id is a random UUID the platform
 * assigns when it assembles the log, so a school cannot steer its sessions out of the sample (a
 * terminal-chosen number such as the 课堂ID could be picked to dodge it), and anyone with the log id can
 * recompute the bucket. A log is selected by the hash when its bucket is below ratio × 100.
 *
 * RULES §4 says "at least" the ratio, which a coin flip only meets on average. So the city and month's
 * floor is also kept: when the logs selected so far in the log's city and +08:00 month fall below
 * ⌈ratio × logs seen⌉, the log is taken by quota. Both rules are deterministic given the order the
 * sampler meets the logs (start time, then id), and each sample row records which rule took it.
 */
import { createHash } from 'node:crypto';

export const BUCKETS = 10_000;

/**
 * RULES §4 defaults by city (GB/T 2260 codes; 义乌 330782 is a county of 金华 3307, so it is covered):
 * 绍兴 330600, 宁波 330200, 金华 330700 → 60 %; 杭州 330100, 嘉兴 330400, 舟山 330900 → 40 %; any other
 * city (the demo region's 济南市 370100 among them) → 20 %. A city regulator may set its own ratio.
 */
const DEFAULT_PERCENT_BY_CITY: Readonly<Record<string, number>> = {
  '330600': 60,
  '330200': 60,
  '330700': 60,
  '330100': 40,
  '330400': 40,
  '330900': 40,
};
export const OTHER_CITIES_PERCENT = 20;

export function defaultSamplingPercent(cityCode: string): number {
  return DEFAULT_PERCENT_BY_CITY[cityCode] ?? OTHER_CITIES_PERCENT;
}

/** The city (GB/T 2260 xxxx00) a county code belongs to. */
export const cityOfCounty = (countyCode: string) => `${countyCode.slice(0, 4)}00`;

/** The +08:00 calendar month of an instant, `YYYY-MM`: the period the floor is kept over. */
export function cstMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** 0–9999 from the first 32 bits of sha256("jiapei.review-sample/1:" + logId). */
export function sampleBucket(teachingLogId: string): number {
  const digest = createHash('sha256').update(`jiapei.review-sample/1:${teachingLogId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

export type SampleTally = { seen: number; selected: number };
export type SampleChoice = { bucket: number; selectedBy: 'hash' | 'quota' | null };

/**
 * One log's choice given its city-month tally so far (the tally is updated in place). The log counts
 * as seen before the floor is checked, so the first log of a month is always taken (⌈p × 1⌉ = 1).
 */
export function chooseSample(teachingLogId: string, percent: number, tally: SampleTally): SampleChoice {
  const bucket = sampleBucket(teachingLogId);
  tally.seen += 1;
  let selectedBy: SampleChoice['selectedBy'] = null;
  if (bucket < percent * (BUCKETS / 100)) selectedBy = 'hash';
  else if (tally.selected < Math.ceil((percent * tally.seen) / 100)) selectedBy = 'quota';
  if (selectedBy) tally.selected += 1;
  return { bucket, selectedBy };
}
