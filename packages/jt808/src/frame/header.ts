import { EncodeError } from '../errors.ts';
import { bcdRange, isBcdByte, writeBcd } from '../fields/bcd.ts';
import { checkUint, type Writer } from '../io/writer.ts';
import type { Header, HeaderInput, HeaderVariant, PacketInfo } from '../types.ts';

/*
 * The three header layouts, described as data so that detection, decoding and encoding share one
 * table instead of scattering variant `if`s through the codec (ARCHITECTURE §B12).
 *
 * JT/T 808-2013 §4.4.3 表2: id WORD @0, attributes WORD @2, phone BCD[6] @4, serial WORD @10, packet @12.
 * JT/T 808-2019 §4.4.3 表2: id WORD @0, attributes WORD @2, 协议版本号 BYTE @4, phone BCD[10] @5,
 *   serial WORD @15, packet @17.
 * REFERENCE §1.3 (驾培): 协议版本号 BYTE @0, id WORD @1, attributes WORD @3, phone BCD[8] @5,
 *   serial WORD @13, 预留 BYTE @15, packet @16.
 * 消息体属性 (all): bits 0–9 body length, 10–12 encryption, 13 分包, 14 version flag (2019) / reserved,
 *   15 reserved.
 */
type Layout = {
  variant: HeaderVariant;
  /** Length without the packet items. */
  size: number;
  id: number;
  attrs: number;
  /** Offset of 协议版本号, or -1. */
  version: number;
  phone: number;
  phoneBytes: number;
  serial: number;
  /** Offset of the 预留 byte, or -1. */
  reserved: number;
};

export const LAYOUTS: Record<HeaderVariant, Layout> = {
  '2013': {
    variant: '2013',
    size: 12,
    id: 0,
    attrs: 2,
    version: -1,
    phone: 4,
    phoneBytes: 6,
    serial: 10,
    reserved: -1,
  },
  '2019': {
    variant: '2019',
    size: 17,
    id: 0,
    attrs: 2,
    version: 4,
    phone: 5,
    phoneBytes: 10,
    serial: 15,
    reserved: -1,
  },
  jiapei: {
    variant: 'jiapei',
    size: 16,
    id: 1,
    attrs: 3,
    version: 0,
    phone: 5,
    phoneBytes: 8,
    serial: 13,
    reserved: 15,
  },
};

const PACKET_BIT = 1 << 13;
const VERSION_FLAG = 1 << 14;
export const MAX_BODY = 0x3ff;

/** Header length of `variant`, with or without packet items. */
export function headerLength(variant: HeaderVariant, packet: boolean): number {
  return layoutOf(variant).size + (packet ? 4 : 0);
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

/** Does `variant` explain a frame of `len` bytes (header + body, check code excluded) at `at`? */
function fits(raw: Uint8Array, at: number, len: number, l: Layout): boolean {
  if (len < l.size) return false;
  const attrs = u16(raw, at + l.attrs);
  const hlen = l.size + (attrs & PACKET_BIT ? 4 : 0);
  return hlen + (attrs & MAX_BODY) === len;
}

/** How believable a fitting variant is, for the rare frame more than one variant explains. */
function plausibility(raw: Uint8Array, at: number, l: Layout, isKnown: (id: number) => boolean): number {
  let score = 0;
  if (isKnown(u16(raw, at + l.id))) score += 4;
  let bcd = true;
  for (let i = 0; i < l.phoneBytes; i++) if (!isBcdByte(raw[at + l.phone + i]!)) bcd = false;
  if (bcd) score += 2;
  const flag = (u16(raw, at + l.attrs) & VERSION_FLAG) !== 0;
  if (l.variant === '2019' ? flag : !flag) score += 1;
  return score;
}

export type HeaderRead =
  | { ok: true; header: Header; bodyOffset: number }
  | {
      ok: false;
      reason: 'truncated' | 'body_length_mismatch' | 'bad_header';
      detail: string;
      header?: Header;
    };

// Layout objects in detection order. Held directly (not looked up by the variant name: '2013' is an
// array-index-like key, a slow keyed load on this per-frame path).
const L2013 = LAYOUTS['2013'];
const L2019 = LAYOUTS['2019'];
const LJIAPEI = LAYOUTS.jiapei;
const ORDER: Layout[] = [L2013, L2019, LJIAPEI];
const PREFERRING: Record<HeaderVariant, Layout[]> = {
  '2013': [L2013, L2019, LJIAPEI],
  '2019': [L2019, L2013, LJIAPEI],
  jiapei: [LJIAPEI, L2013, L2019],
};

function layoutOf(variant: HeaderVariant): Layout {
  return variant === '2013' ? L2013 : variant === '2019' ? L2019 : LJIAPEI;
}

/**
 * Choose the header variant of an unescaped frame (`len` = header + body, check code excluded).
 *
 * - A configured variant that fits the length is taken as is.
 * - `auto`, or a configured variant that does not fit (with `fallback`): the variants whose header
 *   length + body length equal the frame length are candidates. One candidate is unambiguous. With
 *   several, the most plausible wins: known message id, then a decimal BCD phone, then a version flag
 *   consistent with the layout; ties go to the configured variant, then 2013, 2019, 驾培.
 * - No candidate: `null` — the caller reports `body_length_mismatch`.
 */
export function detectVariant(
  raw: Uint8Array,
  len: number,
  configured: HeaderVariant | 'auto',
  fallback: boolean,
  isKnown: (id: number) => boolean,
  at = 0,
): HeaderVariant | null {
  if (configured !== 'auto' && fits(raw, at, len, layoutOf(configured))) return configured;
  if (configured !== 'auto' && !fallback) return null;
  const order = configured === 'auto' ? ORDER : PREFERRING[configured];
  // Most frames fit exactly one variant: find it without allocating.
  let only: Layout | null = null;
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const l = order[i]!;
    if (fits(raw, at, len, l)) {
      if (count === 0) only = l;
      count++;
    }
  }
  if (count <= 1) return only ? only.variant : null;
  let best: Layout | null = null;
  let bestScore = -1;
  for (let i = 0; i < 3; i++) {
    const l = order[i]!;
    if (!fits(raw, at, len, l)) continue;
    const s = plausibility(raw, at, l, isKnown);
    if (s > bestScore) {
      best = l;
      bestScore = s;
    }
  }
  return best ? best.variant : null;
}

/**
 * Read the header fields of `variant` from `raw[start…end)` (header + body, check code excluded).
 * `bodyOffset` is absolute in `raw`.
 */
export function readHeaderAs(
  raw: Uint8Array,
  start: number,
  end: number,
  variant: HeaderVariant,
): HeaderRead {
  const l = layoutOf(variant);
  const len = end - start;
  if (len < l.size) {
    return { ok: false, reason: 'truncated', detail: `${len} bytes, a ${variant} header needs ${l.size}` };
  }
  const attrs = u16(raw, start + l.attrs);
  let packet: PacketInfo | null = null;
  let bodyOffset = l.size;
  if (attrs & PACKET_BIT) {
    if (len < l.size + 4) {
      return { ok: false, reason: 'truncated', detail: `packet items missing after a ${variant} header` };
    }
    packet = { total: u16(raw, start + l.size), index: u16(raw, start + l.size + 2) };
    bodyOffset += 4;
  }
  const encryption = (attrs >> 10) & 0b111;
  const header: Header = {
    msgId: u16(raw, start + l.id),
    version: variant,
    phone: bcdRange(raw, start + l.phone, l.phoneBytes),
    serial: u16(raw, start + l.serial),
    encrypted: encryption !== 0,
    packet,
    encryption,
    bodyLength: attrs & MAX_BODY,
    protocolVersion: l.version >= 0 ? raw[start + l.version]! : 0,
    attrFlags: attrs >> 14,
    reserved: l.reserved >= 0 ? raw[start + l.reserved]! : 0,
  };
  if (packet && (packet.total === 0 || packet.index === 0 || packet.index > packet.total)) {
    return { ok: false, reason: 'bad_header', detail: `packet ${packet.index} of ${packet.total}`, header };
  }
  if (bodyOffset + header.bodyLength !== len) {
    return {
      ok: false,
      reason: 'body_length_mismatch',
      detail: `attributes say ${header.bodyLength} body bytes, frame has ${len - bodyOffset}`,
      header,
    };
  }
  return { ok: true, header, bodyOffset: start + bodyOffset };
}

/** Detect, then read `raw[start…end)` (header + body). See {@link detectVariant}. */
export function readHeader(
  raw: Uint8Array,
  start: number,
  end: number,
  configured: HeaderVariant | 'auto',
  fallback: boolean,
  isKnown: (id: number) => boolean,
): HeaderRead {
  const len = end - start;
  if (len < L2013.size) {
    return { ok: false, reason: 'truncated', detail: `${len} bytes is shorter than any header` };
  }
  const variant = detectVariant(raw, len, configured, fallback, isKnown, start);
  if (variant) return readHeaderAs(raw, start, end, variant);
  // Nothing adds up: report against the variant the device most likely meant.
  const guess: HeaderVariant =
    configured !== 'auto' ? configured : u16(raw, start + 2) & VERSION_FLAG && len >= 17 ? '2019' : '2013';
  const read = readHeaderAs(raw, start, end, guess);
  if (read.ok) {
    return {
      ok: false,
      reason: 'body_length_mismatch',
      detail: 'no header variant fits',
      header: read.header,
    };
  }
  return read;
}

/** Fill the defaults of a header input. */
export function completeHeader(
  input: HeaderInput,
  fallbackVariant: HeaderVariant,
  bodyLength: number,
): Header {
  const version = input.version ?? fallbackVariant;
  const encryption = input.encryption ?? 0;
  return {
    msgId: input.msgId,
    version,
    phone: input.phone,
    serial: input.serial ?? 0,
    encrypted: encryption !== 0,
    packet: input.packet ?? null,
    encryption,
    bodyLength,
    protocolVersion: input.protocolVersion ?? (version === '2019' ? 1 : 0),
    attrFlags: input.attrFlags ?? (version === '2019' ? 0b01 : 0),
    reserved: input.reserved ?? 0,
  };
}

/** Write `h` at `w.buf[at…]` (space reserved by the caller, `headerLength` bytes). */
export function writeHeaderAt(w: Writer, at: number, h: Header): void {
  const l = LAYOUTS[h.version];
  if (!l) throw new EncodeError(`header.version: ${JSON.stringify(h.version)} is not 2013, 2019 or jiapei`);
  checkUint(h.msgId, 0xffff, 'header.msgId');
  checkUint(h.serial, 0xffff, 'header.serial');
  checkUint(h.encryption, 0b111, 'header.encryption');
  checkUint(h.attrFlags, 0b11, 'header.attrFlags');
  checkUint(h.protocolVersion, 0xff, 'header.protocolVersion');
  checkUint(h.reserved, 0xff, 'header.reserved');
  if (h.bodyLength > MAX_BODY) {
    throw new EncodeError(
      `body is ${h.bodyLength} bytes; JT/T 808 allows 1023 per packet (use encodeMultiPacket)`,
    );
  }
  const attrs = h.bodyLength | (h.encryption << 10) | (h.packet ? PACKET_BIT : 0) | (h.attrFlags << 14);
  const save = w.pos;
  w.pos = at + l.id;
  w.u16(h.msgId);
  w.pos = at + l.attrs;
  w.u16(attrs);
  if (l.version >= 0) {
    w.pos = at + l.version;
    w.u8(h.protocolVersion);
  }
  w.pos = at + l.phone;
  writeBcd(w, h.phone, l.phoneBytes, 'header.phone');
  w.pos = at + l.serial;
  w.u16(h.serial);
  if (l.reserved >= 0) {
    w.pos = at + l.reserved;
    w.u8(h.reserved);
  }
  if (h.packet) {
    w.pos = at + l.size;
    w.u16(h.packet.total, 'packet.total');
    w.u16(h.packet.index, 'packet.index');
  }
  w.pos = save;
}
