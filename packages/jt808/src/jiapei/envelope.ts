import { DecodeError, EncodeError } from '../errors.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { Reader } from '../io/reader.ts';
import { asBytes, type Writer } from '../io/writer.ts';
import type { BodyContext } from '../options.ts';
import type { ExtendedBody } from '../registry.ts';
import type { DigestAlgorithm } from '../types.ts';
import { ID_LENGTH } from './define.ts';

/** 透传消息类型 of the 驾培 business messages (REFERENCE §1.6). */
export const JIAPEI_TRANSPARENT_TYPE = 0x13;

/**
 * A 驾培 extended message, carried in 0x0900 (terminal → platform) / 0x8900 (platform → terminal) with
 * 透传消息类型 0x13 (REFERENCE §1.6):
 *
 * | off | field | type |
 * |---|---|---|
 * | 0 | 透传消息类型 | BYTE 0x13 (belongs to the 0x0900 body) |
 * | 1 | 透传消息ID | WORD (high byte function, low byte message) |
 * | 3 | 扩展消息属性 | WORD: bit0 时效 (1 补传), bit1 应答 (1 reply needed), bits 4–7 digest (0 none, 1 SHA-1, 2 SHA-256) |
 * | 5 | 驾培包序号 | WORD |
 * | 7 | 计时终端编号 | BYTE[16] |
 * | 23 | 数据长度 | DWORD (WORD in a minority of implementations, REFERENCE §8) |
 * | 27 | 数据内容 | BYTE[n] |
 * | 27+n | 校验串 | BYTE[256], terminal → platform only |
 */
export type ExtendedMessage = {
  /** 透传消息ID, e.g. 0x0203. */
  id: number;
  /** 扩展消息属性 bit 0: blind-area resend (补传); echoed in replies. */
  resend: boolean;
  /** 扩展消息属性 bit 1: the sender wants a reply. */
  replyRequired: boolean;
  /** 扩展消息属性 bits 4–7: 0 none, 1 SHA-1, 2 SHA-256. */
  digest: number;
  /** Other attribute bits, when a device sets them. */
  attrReserved?: number;
  /** 驾培包序号. */
  serial: number;
  /** 计时终端编号 (16 digits). */
  terminalNo: string;
  /** Typed data content, or `{ raw }` for ids without a codec. */
  data: ExtendedBody;
  /** 校验串, or null when absent (platform-originated messages). */
  signature: Uint8Array | null;
  /** Width of the 数据长度 field used on the wire. */
  dataLength?: 'dword' | 'word';
};

/** Data content of an extended id this package does not model (e.g. the provincial 0x04xx group). */
export type UnknownExtendedData = { raw: Uint8Array };

const KNOWN_ATTR_BITS = 0b1111_0011;
/** Signature lengths a sane message can end with: none, RSA-1024, -2048, -4096. */
const SIGNATURE_LENGTHS = new Set([0, 128, 256, 512]);

/** Digest named by the attribute bits, or the configured default when they say 0. */
export function digestOf(digest: number, fallback: DigestAlgorithm): DigestAlgorithm | null {
  if (digest === 1) return 'sha1';
  if (digest === 2) return 'sha256';
  if (digest === 0) return fallback;
  return null;
}

/**
 * Decide the 数据长度 width: the configured one if its length leaves a sane signature length, else
 * (with fallback) the other one if that does, else the configured one if it leaves anything at all.
 */
function pickLengthWidth(r: Reader, ctx: BodyContext): 2 | 4 | null {
  const configured = ctx.opts.jiapei.dataLength === 'word' ? 2 : 4;
  const other = configured === 4 ? 2 : 4;
  if (SIGNATURE_LENGTHS.has(bytesAfterData(r, configured))) return configured;
  if (ctx.opts.jiapei.dataLengthFallback && SIGNATURE_LENGTHS.has(bytesAfterData(r, other))) return other;
  if (bytesAfterData(r, configured) >= 0) return configured;
  return null;
}

/** Bytes left after the data content if the length field is `width` bytes wide (−1: impossible). */
function bytesAfterData(r: Reader, width: 2 | 4): number {
  if (r.remaining < width) return -1;
  return r.remaining - width - r.peek(r.pos, width);
}

/** Read an extended message from `r`, positioned just after the 透传消息类型 byte. */
export function readExtendedMessage(r: Reader, ctx: BodyContext): ExtendedMessage {
  const id = r.u16('extended id');
  const attrs = r.u16('extended attributes');
  const serial = r.u16('extended serial');
  const terminalNo = readFixedText(r, ID_LENGTH, ctx.opts.text, 'terminalNo');
  const width = pickLengthWidth(r, ctx);
  if (width === null) {
    throw new DecodeError('truncated', `extended 0x${id.toString(16)}: data length exceeds the message`);
  }
  const n = width === 4 ? r.u32('data length') : r.u16('data length');
  const at = r.pos;
  r.take(n, 'data');
  const codec = ctx.extended(id);
  let data: ExtendedBody;
  if (codec) {
    const sub = new Reader(r.bytes, at, at + n);
    data = codec.decode(sub, ctx) as ExtendedBody;
    sub.expectEnd(`extended 0x${id.toString(16).padStart(4, '0')}`);
  } else {
    data = { raw: r.bytes.slice(at, at + n) };
  }
  const signature = r.remaining > 0 ? r.rest() : null;
  const msg: ExtendedMessage = {
    id,
    resend: (attrs & 1) === 1,
    replyRequired: (attrs & 2) === 2,
    digest: (attrs >> 4) & 0x0f,
    serial,
    terminalNo,
    data,
    signature,
    dataLength: width === 4 ? 'dword' : 'word',
  };
  const reserved = attrs & ~KNOWN_ATTR_BITS;
  if (reserved) msg.attrReserved = reserved;
  return msg;
}

/** Write an extended message (without the 透传消息类型 byte). */
export function writeExtendedMessage(w: Writer, m: ExtendedMessage, ctx: BodyContext): void {
  w.u16(m.id, 'extended id');
  if (!Number.isInteger(m.digest) || m.digest < 0 || m.digest > 15) throw new EncodeError('digest: 0..15');
  const reserved = m.attrReserved ?? 0;
  if (reserved & KNOWN_ATTR_BITS) throw new EncodeError('attrReserved overlaps the named attribute bits');
  w.u16((m.resend ? 1 : 0) | (m.replyRequired ? 2 : 0) | (m.digest << 4) | reserved, 'extended attributes');
  w.u16(m.serial, 'extended serial');
  writeFixedText(w, m.terminalNo, ID_LENGTH, ctx.opts.text, 'terminalNo');
  const width = (m.dataLength ?? ctx.opts.jiapei.dataLength) === 'word' ? 2 : 4;
  const lengthAt = w.skip(width);
  const codec = ctx.extended(m.id);
  if (codec) codec.encode(w, m.data as never, ctx);
  else if ('raw' in m.data) w.bytes(asBytes(m.data.raw, 'data.raw'));
  else throw new EncodeError(`extended 0x${m.id.toString(16)}: no codec; give data.raw`);
  const n = w.pos - lengthAt - width;
  if (width === 4) w.setU32(lengthAt, n);
  else if (n > 0xffff) throw new EncodeError('data too long for a WORD length');
  else w.setU16(lengthAt, n);
  if (m.signature) w.bytes(asBytes(m.signature, 'signature'));
}

/**
 * The bytes a 校验串 covers inside a 0x0900 body: from the type byte (scope `type`) or from the
 * 透传消息ID (scope `id`) to the end of the data content.
 */
export function signedBytes(
  transparentBody: Uint8Array,
  signatureLength: number,
  scope: 'type' | 'id',
): Uint8Array {
  return transparentBody.subarray(scope === 'type' ? 0 : 1, transparentBody.length - signatureLength);
}
