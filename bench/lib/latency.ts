/**
 * A log-bucketed latency histogram: 2 % wide buckets over microseconds, so hundreds of thousands of
 * samples cost a few hundred numbers and merge across processes by adding counts. Percentiles are
 * accurate to the bucket width (±2 %), plenty for p50/p99 of a round trip.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

/** Bucket index → count. Plain object so it crosses process boundaries as JSON. */
export type Histogram = Record<number, number>;

export function record(h: Histogram, ms: number): void {
  const us = Math.max(1, ms * 1000);
  const i = Math.floor(Math.log(us) / LOG_GROWTH);
  h[i] = (h[i] ?? 0) + 1;
}

export function merge(into: Histogram, from: Histogram): Histogram {
  for (const [k, v] of Object.entries(from)) into[Number(k)] = (into[Number(k)] ?? 0) + v;
  return into;
}

export function count(h: Histogram): number {
  let n = 0;
  for (const v of Object.values(h)) n += v;
  return n;
}

/** The `q` quantile (0–1) in milliseconds: the upper edge of the bucket it falls in; null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const keys = Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b);
  const total = count(h);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const k of keys) {
    seen += h[k]!;
    if (seen >= rank) return GROWTH ** (k + 1) / 1000;
  }
  return GROWTH ** (keys[keys.length - 1]! + 1) / 1000;
}
