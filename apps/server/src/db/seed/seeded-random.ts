/**
 * A small seeded PRNG for demo data. Only 32-bit integer arithmetic (Math.imul, >>>) feeds the stream, so
 * the same seed gives the same sequence on every machine and Node version; Math.random is never used.
 */

/** cyrb53-style string hash folded to 32 bits: spreads similar seeds ('a:1', 'a:2') far apart. */
export function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight: `[['C1', 6], ['C2', 3]]` gives C1 twice as often as C2. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` decimal digits, leading zeros allowed. */
  digits(count: number): string;
};

/** mulberry32 seeded from a string; each call site passes its own label so sections stay independent. */
export function createRandom(seed: string): Random {
  let state = hashString(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)]!;
  };
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick,
    weighted(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries.at(-1)![0];
    },
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i++) out += String(Math.floor(next() * 10));
      return out;
    },
  };
}

const hex = (value: number, width: number) => (value >>> 0).toString(16).padStart(width, '0').slice(-width);

/**
 * A version-4-shaped uuid fixed by (seed, entity tag, index). Uniqueness is guaranteed rather than
 * probable: the tag fills the second group (so a table's ids are easy to recognise in logs) and the index
 * passes through a 32-bit bijection (multiply by an odd constant, xor a per-table mask) into the last
 * group, so distinct (tag, index) pairs never collide.
 */
export function deterministicUuid(seed: string, entityTag: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new Error(`bad uuid index ${index}`);
  const prefix = hashString(`${seed}#uuid`);
  const table = hashString(`${seed}#uuid#${entityTag}`);
  const mask = hashString(`${seed}#uuid#${entityTag}#mask`);
  const scrambled = Math.imul(index, 0x9e3779b1) ^ mask;
  const variant = 0x8 | (table >>> 30); // RFC 9562 variant bits 10xx
  return [
    hex(prefix, 8),
    hex(entityTag, 4),
    `4${hex(table, 3)}`,
    `${hex(variant, 1)}${hex(table >>> 12, 3)}`,
    `${hex(mask >>> 16, 4)}${hex(scrambled, 8)}`,
  ].join('-');
}

/** Calendar days as integers (days since 1970-01-01, UTC), so date arithmetic never meets a time zone. */
export function toDayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}

export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-');
  // 29 February of a non-leap target year becomes 28 February.
  const target = `${String(Number(y) + years).padStart(4, '0')}-${m}-${d}`;
  return fromDayNumber(toDayNumber(target)).slice(5) === target.slice(5) ? target : `${target.slice(0, 8)}28`;
}
