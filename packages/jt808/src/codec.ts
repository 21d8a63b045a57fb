import { DecodeError, EncodeError } from './errors.ts';
import { xorChecksum } from './frame/checksum.ts';
import { FLAG, sealFrame, unescape } from './frame/escape.ts';
import { completeHeader, headerLength, MAX_BODY, readHeader, writeHeaderAt } from './frame/header.ts';
import { Reader } from './io/reader.ts';
import { asBytes, Writer } from './io/writer.ts';
import {
  readExtendedMessage,
  writeExtendedMessage,
  JIAPEI_TRANSPARENT_TYPE,
  type ExtendedMessage,
} from './jiapei/envelope.ts';
import { verifyExtendedSignature, verifyJiapeiAuthentication } from './jiapei/signature.ts';
import type { TerminalAuthentication } from './messages/0x0102-terminal-authentication.ts';
import type { TransparentData } from './messages/0x0900-uplink-transparent.ts';
import { resolveOptions, type BodyContext, type CodecOptions, type ResolvedOptions } from './options.ts';
import {
  extendedCodec,
  isKnownMessage,
  messageCodec,
  type BodyMap,
  type ExtendedBodyMap,
  type ExtendedMessageId,
  type MessageBody,
  type MessageId,
} from './registry.ts';
import type { DecodeFailure, Header, HeaderInput, HeaderVariant, PacketInfo, Verification } from './types.ts';

/** A frame whose header and check code are valid, body not yet interpreted. */
export type ParsedFrame = { ok: true; header: Header; body: Uint8Array };

/** A complete message. `verification` is set when a signature policy other than `off` applied. */
export type DecodedMessage<K extends MessageId = MessageId> = {
  ok: true;
  header: Header & { msgId: K };
  body: BodyMap[K];
  fragment?: undefined;
  verification?: Verification;
};

/** One packet of a multi-packet message: feed it to a reassembler, then call `decodeBody`. */
export type DecodedFragment = {
  ok: true;
  header: Header & { packet: PacketInfo };
  body: null;
  fragment: Uint8Array;
};

export type DecodeResult = DecodedMessage | DecodedFragment | DecodeFailure;

function fail(reason: DecodeFailure['reason'], detail?: string, header?: Header): DecodeFailure {
  const f: DecodeFailure = { ok: false, reason };
  if (detail !== undefined) f.detail = detail;
  if (header !== undefined) f.header = header;
  return f;
}

type Contexts = { v2013: BodyContext; v2019: BodyContext; jiapei: BodyContext };
const contexts = new WeakMap<ResolvedOptions, Contexts>();

/** Body contexts are immutable: one per options object and header variant, reused for every frame. */
function context(version: HeaderVariant, opts: ResolvedOptions): BodyContext {
  let c = contexts.get(opts);
  if (!c) {
    c = {
      v2013: { version: '2013', opts, extended: extendedCodec },
      v2019: { version: '2019', opts, extended: extendedCodec },
      jiapei: { version: 'jiapei', opts, extended: extendedCodec },
    };
    contexts.set(opts, c);
  }
  return version === '2013' ? c.v2013 : version === '2019' ? c.v2019 : c.jiapei;
}

/**
 * Check and split one frame: delimiters, escaping (JT/T 808-2013 §4.4.2), check code (§4.4.3), header
 * variant and body length. Accepts the frame with its 0x7e flags or without them. Never throws.
 */
export function parseFrame(frame: Uint8Array, options?: CodecOptions): ParsedFrame | DecodeFailure {
  try {
    return parseWith(frame, resolveOptions(options));
  } catch (e) {
    return fail('bad_frame', `internal: ${String(e)}`);
  }
}

/** A checked frame as offsets into `raw` (the unescaped bytes), so the hot path allocates no views. */
type Checked = { ok: true; header: Header; raw: Uint8Array; bodyStart: number; bodyEnd: number };

function parseWith(frame: Uint8Array, opts: ResolvedOptions): ParsedFrame | DecodeFailure {
  const c = checkFrame(frame, opts);
  if (!c.ok) return c;
  return { ok: true, header: c.header, body: c.raw.subarray(c.bodyStart, c.bodyEnd) };
}

function checkFrame(frame: Uint8Array, opts: ResolvedOptions): Checked | DecodeFailure {
  if (!(frame instanceof Uint8Array)) return fail('bad_frame', 'not a Uint8Array');
  const n = frame.length;
  let start = 0;
  let end = n;
  if (n > 0 && frame[0] === FLAG) {
    if (n < 2 || frame[n - 1] !== FLAG) return fail('bad_frame', 'opening 0x7e without a closing one');
    start = 1;
    end = n - 1;
  } else if (n > 0 && frame[n - 1] === FLAG) {
    return fail('bad_frame', 'closing 0x7e without an opening one');
  }
  // One pass: with no 0x7d/0x7e inside (the usual case) the content is already unescaped.
  let raw = frame;
  let x = 0;
  for (let i = start; i < end; i++) {
    const byte = frame[i]!;
    if (byte === 0x7d || byte === FLAG) {
      const un = unescape(frame.subarray(start, end));
      if (!un.ok) return fail(un.reason, un.detail);
      raw = un.bytes;
      start = 0;
      end = raw.length;
      x = xorChecksum(raw);
      break;
    }
    x ^= byte;
  }
  // Shortest possible frame: a 12-byte 2013 header + check code.
  const length = end - start;
  if (length < 13) return fail('truncated', `${length} bytes after unescaping; a frame has at least 13`);
  const last = end - 1;
  if (x !== 0) {
    // XOR over header + body + check code is 0 exactly when the check code matches.
    const check = xorChecksum(raw, start, last);
    return fail('bad_checksum', `computed 0x${check.toString(16)}, frame says 0x${raw[last]!.toString(16)}`);
  }
  const h = readHeader(raw, start, last, opts.header, opts.headerFallback, isKnownMessage);
  if (!h.ok) return fail(h.reason, h.detail, h.header);
  if (h.header.bodyLength > opts.maxBodyLength) {
    return fail('body_too_long', `${h.header.bodyLength} > ${opts.maxBodyLength}`, h.header);
  }
  return { ok: true, header: h.header, raw, bodyStart: h.bodyOffset, bodyEnd: last };
}

/**
 * Decode one frame (as cut by the splitter) into a typed message. Never throws: malformed input
 * gives `{ ok: false, reason }`. A packet of a multi-packet message gives `{ ok: true, body: null,
 * fragment }`; reassemble, then `decodeBody`.
 */
export function decode(frame: Uint8Array, options?: CodecOptions): DecodeResult {
  const opts = resolveOptions(options);
  try {
    const c = checkFrame(frame, opts);
    if (!c.ok) return c;
    const { header } = c;
    if (header.encrypted) return fail('encrypted', `encryption bits ${header.encryption}`, header);
    if (header.packet && header.packet.total > 1) {
      return {
        ok: true,
        header: header as Header & { packet: PacketInfo },
        body: null,
        fragment: c.raw.slice(c.bodyStart, c.bodyEnd),
      };
    }
    return bodyWith(header, c.raw, c.bodyStart, c.bodyEnd, opts);
  } catch (e) {
    return fail('bad_body', `internal: ${String(e)}`);
  }
}

/**
 * Decode a message body for `header` — a single-packet body or one put together by the reassembler.
 * Applies the 驾培 signature policy. Never throws.
 */
export function decodeBody(
  header: Header,
  body: Uint8Array,
  options?: CodecOptions,
): DecodedMessage | DecodeFailure {
  try {
    return bodyWith(header, body, 0, body.length, resolveOptions(options));
  } catch (e) {
    return fail('bad_body', `internal: ${String(e)}`, header);
  }
}

function bodyWith(
  header: Header,
  bytes: Uint8Array,
  start: number,
  end: number,
  opts: ResolvedOptions,
): DecodedMessage | DecodeFailure {
  const codec = messageCodec(header.msgId);
  if (!codec) {
    return fail('unknown_message', `no codec for 0x${header.msgId.toString(16).padStart(4, '0')}`, header);
  }
  let decoded: unknown;
  try {
    decoded = codec.decode(new Reader(bytes, start, end), context(header.version, opts));
  } catch (e) {
    if (e instanceof DecodeError) return fail(e.reason, e.detail, header);
    throw e;
  }
  const result = { ok: true, header, body: decoded } as DecodedMessage;
  const sig = opts.jiapei.signature;
  if (sig.policy === 'off') return result;
  const verification = verificationOf(header, bytes.subarray(start, end), decoded, opts);
  if (!verification) return result;
  if (sig.policy === 'enforce' && verification.status !== 'valid') {
    return fail('bad_signature', `signature ${verification.status}`, header);
  }
  result.verification = verification;
  return result;
}

/** Which signature (if any) a decoded message carries, checked. Downlink messages are not signed. */
function verificationOf(
  header: Header,
  bytes: Uint8Array,
  body: unknown,
  opts: ResolvedOptions,
): Verification | null {
  const sig = opts.jiapei.signature;
  if (header.msgId === 0x0900) {
    const t = body as TransparentData;
    if (!t.message) return null;
    return verifyExtendedSignature(bytes, t.message, sig, opts.jiapei.signatureScope);
  }
  if (header.msgId === 0x0102) {
    const a = body as TerminalAuthentication;
    if (a.layout !== 'jiapei') return null;
    return verifyJiapeiAuthentication(a, sig.terminalNo, sig);
  }
  return null;
}

/** Narrow a decode result to one message id. */
export function isMessage<K extends MessageId>(result: DecodeResult, id: K): result is DecodedMessage<K> {
  return result.ok && result.body !== null && result.header.msgId === id;
}

/** Narrow an extended message to one 透传消息ID. */
export function isExtended<K extends ExtendedMessageId>(
  message: ExtendedMessage | undefined,
  id: K,
): message is ExtendedMessage & { id: K; data: ExtendedBodyMap[K] } {
  return message !== undefined && message.id === id && extendedCodec(id) !== undefined;
}

/** A message to encode: a header and the body of its id, or a raw sub-packet `fragment`. */
export type EncodeInput =
  | { [K in MessageId]: { header: HeaderInput & { msgId: K }; body: BodyMap[K] } }[MessageId]
  | { header: HeaderInput & { packet: PacketInfo }; fragment: Uint8Array | string };

function defaultVariant(input: HeaderInput, opts: ResolvedOptions): HeaderVariant {
  return input.version ?? (opts.header !== 'auto' ? opts.header : '2013');
}

/**
 * Encode one frame, flags and escaping included. Throws {@link EncodeError} when a value does not
 * fit its field or the body exceeds 1023 bytes (use {@link encodeMultiPacket}).
 */
/*
 * Encoding is synchronous, so one scratch writer is reused across calls and the escaped frame is the
 * only allocation (typed arrays above 64 bytes live outside the V8 heap and are costly to create).
 */
let scratch: Writer | null = null;

function acquireWriter(): Writer {
  const w = scratch ?? new Writer(1024);
  scratch = null; // a re-entrant call (a TextCodec that encodes?) gets its own
  w.pos = 0;
  return w;
}

function releaseWriter(w: Writer): void {
  if (w.buf.length <= 64 * 1024) scratch = w;
}

export function encode(input: EncodeInput, options?: CodecOptions): Uint8Array {
  const opts = resolveOptions(options);
  const version = defaultVariant(input.header, opts);
  const hlen = headerLength(version, !!input.header.packet);
  const w = acquireWriter();
  try {
    w.skip(hlen);
    if ('fragment' in input) {
      w.bytes(asBytes(input.fragment, 'fragment'));
    } else {
      const codec = messageCodec(input.header.msgId);
      if (!codec) throw new EncodeError(`no codec for message 0x${input.header.msgId.toString(16)}`);
      codec.encode(w, input.body, context(version, opts));
    }
    return finishFrame(w, input.header, version, hlen);
  } finally {
    releaseWriter(w);
  }
}

/** Encode a frame around raw body bytes (any message id; relays, tests, fault injection). */
export function encodeFrame(header: HeaderInput, body: Uint8Array, options?: CodecOptions): Uint8Array {
  const version = defaultVariant(header, resolveOptions(options));
  const hlen = headerLength(version, !!header.packet);
  const w = acquireWriter();
  try {
    w.skip(hlen);
    w.bytes(body);
    return finishFrame(w, header, version, hlen);
  } finally {
    releaseWriter(w);
  }
}

/** Fill the reserved header now that the body length is known, append the check code, escape. */
function finishFrame(w: Writer, input: HeaderInput, version: HeaderVariant, hlen: number): Uint8Array {
  const header = completeHeader(input, version, w.pos - hlen);
  writeHeaderAt(w, 0, header);
  w.skip(1); // room for the check code
  return sealFrame(w.buf, w.pos - 1);
}

/** Encode only the body of a message (no header, no framing). */
export function encodeBody<K extends MessageId>(
  msgId: K,
  body: BodyMap[K],
  version: HeaderVariant = '2013',
  options?: CodecOptions,
): Uint8Array {
  const codec = messageCodec(msgId);
  if (!codec) throw new EncodeError(`no codec for message 0x${msgId.toString(16)}`);
  const w = new Writer();
  codec.encode(w, body, context(version, resolveOptions(options)));
  return w.result().slice();
}

/**
 * Encode a message of any length as JT/T 808 sub-packets (JT/T 808-2013 §4.4.3: 分包 bit 13, 总包数,
 * 包序号 from 1; consecutive serials starting at `header.serial`). A body that fits one packet gives
 * one ordinary frame. `maxPacketBody` defaults to 1023.
 */
export function encodeMultiPacket(
  input: Extract<EncodeInput, { body: unknown }>,
  options?: CodecOptions & { maxPacketBody?: number },
): Uint8Array[] {
  const max = options?.maxPacketBody ?? MAX_BODY;
  if (!Number.isInteger(max) || max < 1 || max > MAX_BODY) {
    throw new EncodeError(`maxPacketBody: 1..${MAX_BODY}`);
  }
  const opts = resolveOptions(options);
  const version = defaultVariant(input.header, opts);
  const body = encodeBody(input.header.msgId, input.body as never, version, options);
  if (body.length <= max) return [encode(input, options)];
  const total = Math.ceil(body.length / max);
  if (total > 0xffff) throw new EncodeError('message needs more than 65535 packets');
  const frames: Uint8Array[] = [];
  const serial = input.header.serial ?? 0;
  for (let i = 0; i < total; i++) {
    const header = {
      ...input.header,
      version,
      serial: (serial + i) & 0xffff,
      packet: { total, index: i + 1 },
    };
    frames.push(encodeFrame(header, body.subarray(i * max, (i + 1) * max), options));
  }
  return frames;
}

/** Decode a 0x0900/0x8900 body that carries a 驾培 extended message (type 0x13). Never throws. */
export function decodeExtendedMessage(
  transparentBody: Uint8Array,
  options?: CodecOptions,
): { ok: true; message: ExtendedMessage } | DecodeFailure {
  try {
    const r = new Reader(transparentBody);
    const type = r.u8('type');
    if (type !== JIAPEI_TRANSPARENT_TYPE) {
      return fail('bad_body', `transparent type 0x${type.toString(16)} is not 0x13`);
    }
    return { ok: true, message: readExtendedMessage(r, context('jiapei', resolveOptions(options))) };
  } catch (e) {
    if (e instanceof DecodeError) return fail(e.reason, e.detail);
    return fail('bad_body', `internal: ${String(e)}`);
  }
}

/** Encode a 驾培 extended message as a 0x0900/0x8900 body (type byte 0x13 first). */
export function encodeExtendedMessage(message: ExtendedMessage, options?: CodecOptions): Uint8Array {
  const w = new Writer();
  w.u8(JIAPEI_TRANSPARENT_TYPE);
  writeExtendedMessage(w, message, context('jiapei', resolveOptions(options)));
  return w.result().slice();
}

export type { MessageBody };
