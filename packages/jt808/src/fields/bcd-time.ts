import { EncodeError } from '../errors.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';
import { bcdRange, bcdToString, writeBcd } from './bcd.ts';

/*
 * JT/T 808-2013 表23 (时间): BCD[6] YY-MM-DD-hh-mm-ss in GMT+8. REFERENCE §6: every time on the 驾培
 * TCP link is GMT+8 too. Decoded times are ISO 8601 strings with an explicit +08:00 offset, so they
 * are unambiguous and JSON-clean. Devices without a fix often send all zeros; a value that is not a
 * real date is returned as its raw digits (12 characters) so it still round-trips byte for byte.
 */

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function val(b: number): number {
  const hi = b >> 4;
  const lo = b & 15;
  return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

/** BCD[6] date-time → `2024-03-01T08:30:00+08:00`, or the raw 12 digits if it is not a valid time. */
export function readBcdDateTime(r: Reader, field = 'time'): string {
  const at = r.skip(6, field);
  const b = r.bytes;
  const y = val(b[at]!);
  const mo = val(b[at + 1]!);
  const d = val(b[at + 2]!);
  const h = val(b[at + 3]!);
  const mi = val(b[at + 4]!);
  const s = val(b[at + 5]!);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return bcdRange(b, at, 6);
  }
  const dim = mo === 2 && y % 4 === 0 ? 29 : DAYS[mo - 1]!; // years 2000–2099: every 4th is leap
  if (d > dim) return bcdRange(b, at, 6);
  // One fromCharCode call builds the 25 characters with a single allocation (2.5× a template literal);
  // every nibble is a checked decimal digit here.
  const b0 = b[at]!,
    b1 = b[at + 1]!,
    b2 = b[at + 2]!,
    b3 = b[at + 3]!,
    b4 = b[at + 4]!,
    b5 = b[at + 5]!;
  return String.fromCharCode(
    50,
    48,
    48 + (b0 >> 4),
    48 + (b0 & 15),
    45, // "20YY-"
    48 + (b1 >> 4),
    48 + (b1 & 15),
    45, // "MM-"
    48 + (b2 >> 4),
    48 + (b2 & 15),
    84, // "DDT"
    48 + (b3 >> 4),
    48 + (b3 & 15),
    58, // "hh:"
    48 + (b4 >> 4),
    48 + (b4 & 15),
    58, // "mm:"
    48 + (b5 >> 4),
    48 + (b5 & 15), // "ss"
    43,
    48,
    56,
    58,
    48,
    48, // "+08:00"
  );
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Digits YYMMDDhhmmss (GMT+8) of an ISO 8601 time; a time without offset is taken as GMT+8. */
function isoToBcdDigits(iso: string, field: string): string {
  const m = ISO.exec(iso);
  if (!m) throw new EncodeError(`${field}: ${JSON.stringify(iso)} is neither ISO 8601 nor 12 BCD digits`);
  const offset = m[7];
  let parts = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (offset !== undefined && offset !== '+08:00' && offset !== '+0800') {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new EncodeError(`${field}: ${JSON.stringify(iso)} is not a valid time`);
    const t = new Date(ms + 8 * 3600_000);
    parts = [
      t.getUTCFullYear(),
      t.getUTCMonth() + 1,
      t.getUTCDate(),
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
    ];
  }
  const [y, ...rest] = parts;
  if (y < 2000 || y > 2099) throw new EncodeError(`${field}: year ${y} does not fit BCD YY (2000–2099)`);
  return [y - 2000, ...rest].map((n) => String(n).padStart(2, '0')).join('');
}

/** `YYYY-MM-DDThh:mm:ss+08:00` exactly (what decode prints): positions of its 12 digits after "20". */
const FAST_DIGITS = [2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

export function writeBcdDateTime(w: Writer, time: string, field = 'time'): void {
  if (typeof time === 'string' && time.length === 25 && time.endsWith('+08:00') && time.startsWith('20')) {
    let ok = true;
    for (const i of FAST_DIGITS) {
      const c = time.charCodeAt(i);
      if (c < 48 || c > 57) ok = false;
    }
    if (ok) {
      for (let k = 0; k < 12; k += 2) {
        w.u8(
          ((time.charCodeAt(FAST_DIGITS[k]!) - 48) << 4) | (time.charCodeAt(FAST_DIGITS[k + 1]!) - 48),
          field,
        );
      }
      return;
    }
  }
  if (typeof time === 'string' && /^[0-9a-fA-F]{12}$/.test(time)) {
    writeBcd(w, time, 6, field);
    return;
  }
  if (typeof time !== 'string') throw new EncodeError(`${field}: expected a time string`);
  writeBcd(w, isoToBcdDigits(time, field), 6, field);
}

/** BCD[3] hhmmss → `08:30:00`, or the raw 6 digits if it is not a valid clock time. */
export function readBcdClock(r: Reader, field = 'clock'): string {
  const b = r.take(3, field);
  const h = val(b[0]!);
  const mi = val(b[1]!);
  const s = val(b[2]!);
  const raw = bcdToString(b);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return raw;
  return `${raw.slice(0, 2)}:${raw.slice(2, 4)}:${raw.slice(4, 6)}`;
}

export function writeBcdClock(w: Writer, clock: string, field = 'clock'): void {
  const m = typeof clock === 'string' ? /^(\d{2}):(\d{2}):(\d{2})$/.exec(clock) : null;
  if (m) {
    writeBcd(w, m[1]! + m[2]! + m[3]!, 3, field);
  } else if (typeof clock === 'string' && /^[0-9a-fA-F]{6}$/.test(clock)) {
    writeBcd(w, clock, 3, field);
  } else {
    throw new EncodeError(`${field}: ${JSON.stringify(clock)} is not hh:mm:ss`);
  }
}
