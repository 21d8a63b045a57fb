import { EncodeError } from '../errors.ts';
import { toHex } from '../io/hex.ts';
import type { Reader } from '../io/reader.ts';
import { asBytes, type Writer } from '../io/writer.ts';
import type { TextCodec } from './gbk-string.ts';

/**
 * One terminal parameter (JT/T 808-2013 §8.9 表10 参数项: 参数ID DWORD, 参数长度 BYTE, 参数值).
 * Decoding fills every field: `value` is a number for integer parameters, text for STRING ones
 * (表12), null otherwise; `hex` is the exact value bytes. Encoding uses `hex` when given, else `value`
 * (the width of a number comes from the 表12 type, or from `length`).
 */
export type TerminalParam = { id: number; length?: number; value?: number | string | null; hex?: string };

type Kind = 'BYTE' | 'WORD' | 'DWORD' | 'STRING';

function range(from: number, to: number, kind: Kind): [number, Kind][] {
  return Array.from({ length: to - from + 1 }, (_, i) => [from + i, kind] as [number, Kind]);
}

/** Types of the JT/T 808-2013 表12 parameters the platform commonly sets. */
const KINDS = new Map<number, Kind>([
  ...range(0x0001, 0x0007, 'DWORD'), // heartbeat, TCP/UDP/SMS timeouts and retries
  ...range(0x0010, 0x0017, 'STRING'), // APN, user, password, server addresses
  [0x0018, 'DWORD'],
  [0x0019, 'DWORD'],
  [0x001a, 'STRING'],
  [0x001b, 'DWORD'],
  [0x001c, 'DWORD'],
  [0x001d, 'STRING'],
  ...range(0x0020, 0x0022, 'DWORD'),
  ...range(0x0027, 0x0030, 'DWORD'), // report intervals, distances, corner angle
  [0x0031, 'WORD'], // fence radius
  ...range(0x0040, 0x0044, 'STRING'), // phone numbers
  ...range(0x0045, 0x0047, 'DWORD'),
  [0x0048, 'STRING'],
  [0x0049, 'STRING'],
  ...range(0x0050, 0x005a, 'DWORD'), // alarm masks, speed limits, driving times
  ...range(0x005b, 0x005e, 'WORD'),
  [0x0064, 'DWORD'],
  [0x0065, 'DWORD'],
  ...range(0x0070, 0x0074, 'DWORD'), // image quality, brightness…
  [0x0080, 'DWORD'], // odometer 1/10 km
  [0x0081, 'WORD'], // province
  [0x0082, 'WORD'], // city
  [0x0083, 'STRING'], // plate
  [0x0084, 'BYTE'], // plate colour
  [0x0090, 'BYTE'],
  [0x0091, 'BYTE'],
  [0x0092, 'BYTE'],
  [0x0093, 'DWORD'],
  [0x0094, 'BYTE'],
  [0x0095, 'DWORD'],
  [0x0100, 'DWORD'],
  [0x0101, 'WORD'],
  [0x0102, 'DWORD'],
  [0x0103, 'WORD'],
]);

const WIDTH: Record<Exclude<Kind, 'STRING'>, number> = { BYTE: 1, WORD: 2, DWORD: 4 };

export function readParams(r: Reader, count: number, text: TextCodec): TerminalParam[] {
  const params: TerminalParam[] = [];
  for (let i = 0; i < count; i++) {
    const id = r.u32('param id');
    const length = r.u8('param length');
    const bytes = r.copy(length, `param 0x${id.toString(16)}`);
    let value: number | string | null = null;
    if (KINDS.get(id) === 'STRING') value = text.decode(bytes);
    else if (length >= 1 && length <= 4) value = bytes.reduce((v, b) => v * 256 + b, 0);
    params.push({ id, length, value, hex: toHex(bytes) });
  }
  return params;
}

function paramBytes(p: TerminalParam, text: TextCodec): Uint8Array {
  const field = `param 0x${p.id.toString(16)}`;
  if (p.hex !== undefined) return asBytes(p.hex, field);
  if (typeof p.value === 'string') return text.encode(p.value);
  if (typeof p.value !== 'number') throw new EncodeError(`${field}: give hex or value`);
  const kind = KINDS.get(p.id);
  const width = p.length ?? (kind && kind !== 'STRING' ? WIDTH[kind] : undefined);
  if (width === undefined || width < 1 || width > 4) {
    throw new EncodeError(`${field}: give length 1..4 for a number`);
  }
  if (!Number.isInteger(p.value) || p.value < 0 || p.value >= 2 ** (8 * width)) {
    throw new EncodeError(`${field}: ${p.value} does not fit ${width} byte(s)`);
  }
  const out = new Uint8Array(width);
  let v = p.value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function writeParams(w: Writer, params: TerminalParam[], text: TextCodec): void {
  for (const p of params) {
    w.u32(p.id, 'param id');
    const b = paramBytes(p, text);
    w.u8(b.length, 'param length');
    w.bytes(b);
  }
}
