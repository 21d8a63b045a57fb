import { EncodeError } from '../errors.ts';
import { toHex } from '../io/hex.ts';
import { Reader } from '../io/reader.ts';
import { asBytes, type Writer } from '../io/writer.ts';

/**
 * One additional item of a location report (JT/T 808-2013 表26 位置附加信息项: ID BYTE, length BYTE,
 * value). `value` is the unsigned big-endian integer when 1 ≤ length ≤ 4, otherwise null; `hex` is
 * the exact value bytes and wins when encoding.
 */
export type ExtraItem = { length: number; value: number | null; hex: string };

/**
 * Additional items keyed `"0x01"` in wire order. A repeated id gets `#2`, `#3`… appended
 * (`"0x01#2"`) so nothing is lost.
 */
export type Extras = Record<string, ExtraItem>;

/** Known item ids (JT/T 808-2013 表27; REFERENCE §1.7 for the 驾培 meanings and the 0x04/0x05 split). */
export const ExtraId = {
  /** 里程, DWORD, 1/10 km. */
  mileage: 0x01,
  /** 油量, WORD, 1/10 L. */
  fuel: 0x02,
  /** 行驶记录功能获取的速度 (JT/T 808) / 驾培: 海拔 m (REFERENCE §1.7). */
  item03: 0x03,
  /** 驾培 engine rpm as one PHP server writes it (REFERENCE §8: accepted on input). */
  engineRpmAlt: 0x04,
  /** 驾培 发动机转速, WORD, rpm (REFERENCE §1.7). */
  engineRpm: 0x05,
} as const;

const KEYS: string[] = Array.from({ length: 256 }, (_, id) => `0x${id.toString(16).padStart(2, '0')}`);

export function extraKey(id: number, occurrence: number): string {
  return occurrence > 1 ? `${KEYS[id]}#${occurrence}` : KEYS[id]!;
}

// Per-call duplicate detection without allocating: occurrences per id, reset before returning.
// (Decoding is synchronous, so one module-level scratch table is safe.)
const SEEN = new Uint8Array(256);

/**
 * Read TLV items until the reader ends or the rest cannot form a whole item (a lone byte, or a length
 * running past the end). The caller keeps those bytes as a tail rather than failing: devices do pad.
 */
export function readExtras(r: Reader): Extras {
  const extras: Extras = {};
  const b = r.bytes;
  const first = r.pos;
  let repeats = false;
  while (r.end - r.pos >= 2) {
    const id = b[r.pos]!;
    const length = b[r.pos + 1]!;
    const at = r.pos + 2;
    if (at + length > r.end) break;
    r.pos = at + length;
    const n = ++SEEN[id]!;
    let key: string;
    if (n === 1) {
      key = KEYS[id]!;
    } else {
      repeats = true;
      key = extraKey(id, n);
    }
    const value = length >= 1 && length <= 4 ? r.peek(at, length) : null;
    extras[key] = { length, value, hex: toHex(b, at, at + length) };
  }
  // Reset only the ids touched.
  for (let p = first; p + 1 < r.pos; p += 2 + b[p + 1]!) SEEN[b[p]!] = 0;
  if (repeats) SEEN.fill(0);
  return extras;
}

const KEY = /^0x([0-9a-fA-F]{1,2})(?:#\d+)?$/;
const KEY_IDS = new Map(KEYS.map((k, id) => [k, id]));

function keyId(key: string): number {
  const id = KEY_IDS.get(key); // the common case: "0x01" as decode writes it
  if (id !== undefined) return id;
  const m = KEY.exec(key);
  if (!m) throw new EncodeError(`extras: key ${JSON.stringify(key)} is not like "0x01"`);
  return parseInt(m[1]!, 16);
}

export function writeExtras(w: Writer, extras: Extras | undefined, tail?: Uint8Array | string | null): void {
  if (extras) {
    for (const key in extras) {
      const item = extras[key]!;
      w.u8(keyId(key));
      if (
        typeof item.hex === 'string' &&
        (item.length === undefined || item.length * 2 === item.hex.length)
      ) {
        const lengthAt = w.pos;
        w.u8(0);
        w.hex(item.hex, `extras ${key}`);
        const n = w.pos - lengthAt - 1;
        if (n > 0xff || (item.length !== undefined && n !== item.length)) {
          throw new EncodeError(`extras ${key}: length ${String(item.length)} but hex has ${n} bytes`);
        }
        w.buf[lengthAt] = n;
        continue;
      }
      const bytes = extraBytes(item, key);
      w.u8(bytes.length, `extras ${key} length`);
      w.bytes(bytes);
    }
  }
  if (tail !== undefined && tail !== null) w.bytes(asBytes(tail, 'extrasTail'));
}

function extraBytes(item: Partial<ExtraItem>, key: string): Uint8Array {
  if (item.hex !== undefined) {
    const b = asBytes(item.hex, `extras ${key}`);
    if (item.length !== undefined && item.length !== b.length) {
      throw new EncodeError(`extras ${key}: length ${item.length} but hex has ${b.length} bytes`);
    }
    return b;
  }
  const { length, value } = item;
  if (length === undefined || value === undefined || value === null || length < 1 || length > 4) {
    throw new EncodeError(`extras ${key}: give hex, or an integer value with length 1..4`);
  }
  const b = new Uint8Array(length);
  let v = value;
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** (8 * length)) {
    throw new EncodeError(`extras ${key}: ${v} does not fit ${length} byte(s)`);
  }
  for (let i = length - 1; i >= 0; i--) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return b;
}

/** Integer value of item `id` (first occurrence), or undefined. */
export function extraValue(extras: Extras | undefined, id: number): number | undefined {
  const v = extras?.[extraKey(id, 1)]?.value;
  return v === null ? undefined : v;
}

/** Odometer in km from item 0x01 (1/10 km). */
export function mileageKm(extras: Extras | undefined): number | undefined {
  const v = extraValue(extras, ExtraId.mileage);
  return v === undefined ? undefined : v / 10;
}

/** Engine speed in rpm from item 0x05, or 0x04 as one 驾培 server writes it (REFERENCE §8). */
export function engineRpm(extras: Extras | undefined): number | undefined {
  return extraValue(extras, ExtraId.engineRpm) ?? extraValue(extras, ExtraId.engineRpmAlt);
}

/** Items of a fixed-size area of `n` bytes (GNSS38), with the bytes that formed no whole item. */
export function readExtrasFixed(
  r: Reader,
  n: number,
  field: string,
): { extras: Extras; tail: Uint8Array | null } {
  const at = r.skip(n, field);
  const sub = new Reader(r.bytes, at, at + n);
  const extras = readExtras(sub);
  return { extras, tail: sub.remaining > 0 ? sub.rest() : null };
}
