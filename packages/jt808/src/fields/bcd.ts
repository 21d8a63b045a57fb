import { EncodeError } from '../errors.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';

const HEXDIGITS = '0123456789abcdef';
/** Byte → its two BCD digits; nibbles above 9 show as hex letters so nothing is lost. */
export const BCD_PAIRS: string[] = Array.from(
  { length: 256 },
  (_, b) => HEXDIGITS[b >> 4]! + HEXDIGITS[b & 15]!,
);

/** True when both nibbles of `b` are decimal digits. */
export function isBcdByte(b: number): boolean {
  return (b & 0x0f) <= 9 && b >> 4 <= 9;
}

/** Digits of a BCD[n] field (JT/T 808-2013 §4.2 BCD[n]: 8421 code, two digits per byte). */
export function bcdToString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BCD_PAIRS[bytes[i]!]!;
  return s;
}

/** Digits of `n` BCD bytes at `bytes[at…]`, without creating a view. */
export function bcdRange(bytes: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n; i++) s += BCD_PAIRS[bytes[i]!]!;
  return s;
}

export function readBcd(r: Reader, n: number, field: string): string {
  const at = r.pos;
  r.skip(n, field);
  return bcdRange(r.bytes, at, n);
}

/**
 * Write `digits` as BCD[n], left-padded with '0' (JT/T 808-2013 §4.4.3: 终端手机号 "不足12位，则在前补充数字").
 * Hex letters a–f are accepted so values decoded from devices that pad with 0xF round-trip.
 */
export function writeBcd(w: Writer, digits: string, n: number, field: string): void {
  if (typeof digits !== 'string') throw new EncodeError(`${field}: expected a digit string`);
  const pad = 2 * n - digits.length;
  if (pad < 0) throw new EncodeError(`${field}: more than ${2 * n} digits`);
  // Nibble k of the field is digit k − pad of the string (left-padded with 0).
  for (let i = 0; i < n; i++) {
    const hi = digitAt(digits, 2 * i - pad, field);
    const lo = digitAt(digits, 2 * i + 1 - pad, field);
    w.u8((hi << 4) | lo, field);
  }
}

function digitAt(s: string, i: number, field: string): number {
  if (i < 0) return 0;
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw new EncodeError(`${field}: ${JSON.stringify(s)} is not a digit string`);
}
