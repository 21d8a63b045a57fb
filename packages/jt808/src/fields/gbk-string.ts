import { EncodeError } from '../errors.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';

/**
 * Text codec injected into the codec (JT/T 808-2013 §4.2: STRING is GBK). The default is built on
 * the WHATWG `TextDecoder('gbk')` (Node with full ICU, every browser): a forward and a reverse table
 * are derived from it on first use, so the package needs no code-page dependency.
 */
export type TextCodec = {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
};

/** The part of the WHATWG TextDecoder used here (declared so the core needs no DOM or Node typings). */
type Decoder = { decode(bytes: Uint8Array): string };

type Tables = {
  /** (lead − 0x80) << 8 | trail → UTF-16 code unit; 0 = not a GBK pair. */
  forward: Uint16Array;
  /** UTF-16 code unit → GBK code (one or two bytes). */
  reverse: Map<number, number>;
  /** Single byte 0x80 is the euro sign in CP936 / WHATWG gbk. */
  euro: boolean;
};

let tables: Tables | undefined;

/**
 * Both directions of GBK, from decoding every lead/trail pair once with the platform's WHATWG
 * `TextDecoder('gbk')` (~20 ms, on first non-ASCII text). Without one (a small-ICU runtime) the tables
 * stay empty: non-ASCII bytes are then carried through the escape below, still losslessly.
 */
function gbkTables(): Tables {
  if (tables) return tables;
  const forward = new Uint16Array(0x80 << 8);
  const reverse = new Map<number, number>();
  let dec: Decoder | null = null;
  try {
    dec = new TextDecoder('gbk');
  } catch {
    dec = null;
  }
  if (dec) {
    reverse.set(0x20ac, 0x80); // CP936 single-byte euro sign, as the WHATWG decoder maps it
    const pair = new Uint8Array(2);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        pair[0] = lead;
        pair[1] = trail;
        const s = dec.decode(pair);
        if (s.length !== 1 || s === '\ufffd') continue;
        const unit = s.charCodeAt(0);
        forward[((lead - 0x80) << 8) | trail] = unit;
        if (!reverse.has(unit)) reverse.set(unit, (lead << 8) | trail);
      }
    }
  }
  tables = { forward, reverse, euro: dec !== null };
  return tables;
}

/*
 * Bytes that are not GBK (a lone lead byte, an unmapped pair, 0xFF) decode to U+DC80–U+DCFF — the
 * "surrogate escape" Python uses — and encode back to the same byte. Decoding is therefore lossless
 * and every decoded message re-encodes byte for byte, whatever a device put in its text fields.
 */
const ESCAPE_BASE = 0xdc00;

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** The default GBK codec. Characters GBK cannot express are written as `?` (0x3f). */
export const gbk: TextCodec = {
  decode(bytes) {
    let s = '';
    if (isAscii(bytes)) {
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
    const { forward, euro } = gbkTables();
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b < 0x80) {
        s += String.fromCharCode(b);
      } else if (b === 0x80 && euro) {
        s += '\u20ac';
      } else {
        const next = bytes[i + 1];
        const unit = b <= 0xfe && next !== undefined ? forward[((b - 0x80) << 8) | next]! : 0;
        if (unit !== 0) {
          s += String.fromCharCode(unit);
          i++;
        } else {
          s += String.fromCharCode(ESCAPE_BASE + b);
        }
      }
    }
    return s;
  },
  encode(text) {
    const out: number[] = [];
    let reverse: Map<number, number> | undefined;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        out.push(c);
        continue;
      }
      if (c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff) {
        out.push(c - ESCAPE_BASE);
        continue;
      }
      reverse ??= gbkTables().reverse;
      const code = reverse.get(c);
      if (code === undefined) {
        out.push(0x3f);
        if (c >= 0xd800 && c <= 0xdbff) i++; // skip the low surrogate of an astral character
      } else if (code <= 0xff) {
        out.push(code);
      } else {
        out.push(code >> 8, code & 0xff);
      }
    }
    return Uint8Array.from(out);
  },
};

/**
 * BYTE[n] text field. Unused space is 0x00 on the `pad` side (JT/T 808-2013 表8: "位数不足时，后补0x00";
 * REFERENCE §1.8: 身份证号 is padded at the front). Only that run of 0x00 is stripped, so padding
 * the decoded string again gives the same bytes — anything else a device put there is kept.
 */
export function readFixedText(
  r: Reader,
  n: number,
  text: TextCodec,
  field: string,
  pad: 'end' | 'start' = 'end',
): string {
  let start = r.skip(n, field);
  let end = start + n;
  const b = r.bytes;
  if (pad === 'end') while (end > start && b[end - 1] === 0) end--;
  else while (start < end && b[start] === 0) start++;
  return decodeRange(b, start, end, text);
}

/** Decode `bytes[start…end)`; ASCII through the default codec skips creating a view. */
function decodeRange(bytes: Uint8Array, start: number, end: number, text: TextCodec): string {
  if (text === gbk) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 0x80) return gbk.decode(bytes.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return text.decode(bytes.subarray(start, end));
}

export function writeFixedText(
  w: Writer,
  value: string,
  n: number,
  text: TextCodec,
  field: string,
  pad: 'end' | 'start' = 'end',
): void {
  if (typeof value !== 'string') throw new EncodeError(`${field}: expected a string`);
  // ASCII through the default codec (every identifier): write the char codes, no intermediate array.
  if (text === gbk && value.length <= n && isAsciiText(value)) {
    if (pad === 'start') w.skip(n - value.length);
    for (let i = 0; i < value.length; i++) w.u8(value.charCodeAt(i));
    if (pad === 'end') w.skip(n - value.length);
    return;
  }
  const b = text.encode(value);
  if (b.length > n) throw new EncodeError(`${field}: ${b.length} bytes do not fit BYTE[${n}]`);
  if (pad === 'start') w.skip(n - b.length);
  w.bytes(b);
  if (pad === 'end') w.skip(n - b.length);
}

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** STRING of a known byte length (length-prefixed or to the end of the body), kept verbatim. */
export function readText(r: Reader, n: number, text: TextCodec, field: string): string {
  const at = r.skip(n, field);
  return decodeRange(r.bytes, at, at + n, text);
}

export function encodeText(value: string, text: TextCodec, field: string): Uint8Array {
  if (typeof value !== 'string') throw new EncodeError(`${field}: expected a string`);
  return text.encode(value);
}

/** BYTE length + STRING (驾培 附加消息 / 提示消息, REFERENCE §1.8). */
export function readPrefixedText(r: Reader, text: TextCodec, field: string): string {
  const n = r.u8(`${field} length`);
  return readText(r, n, text, field);
}

export function writePrefixedText(w: Writer, value: string, text: TextCodec, field: string): void {
  const b = encodeText(value, text, field);
  w.u8(b.length, `${field} length`);
  w.bytes(b);
}
