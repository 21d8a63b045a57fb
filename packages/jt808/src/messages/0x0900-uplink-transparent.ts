import type { Reader } from '../io/reader.ts';
import { asBytes, type Writer } from '../io/writer.ts';
import type { BodyContext } from '../options.ts';
import { EncodeError } from '../errors.ts';
import {
  JIAPEI_TRANSPARENT_TYPE,
  readExtendedMessage,
  writeExtendedMessage,
  type ExtendedMessage,
} from '../jiapei/envelope.ts';
import { defineMessage } from './define.ts';

/**
 * 数据上行透传 (JT/T 808-2013 §8.62 表91) / 数据下行透传 (§8.61 表90): 透传消息类型 BYTE + 透传消息内容.
 * Type 0x13 carries a 驾培 extended message (REFERENCE §1.6), decoded into `message`; any other type
 * keeps its `content` raw.
 */
export type TransparentData = { type: number; message?: ExtendedMessage; content?: Uint8Array };

export function readTransparent(r: Reader, ctx: BodyContext): TransparentData {
  const type = r.u8('type');
  if (type === JIAPEI_TRANSPARENT_TYPE) return { type, message: readExtendedMessage(r, ctx) };
  return { type, content: r.rest() };
}

export function writeTransparent(w: Writer, b: TransparentData, ctx: BodyContext): void {
  w.u8(b.type, 'type');
  if (b.message) writeExtendedMessage(w, b.message, ctx);
  else if (b.content !== undefined) w.bytes(asBytes(b.content, 'content'));
  else throw new EncodeError('transparent data: give message or content');
}

export const uplinkTransparent = defineMessage<TransparentData>({
  id: 0x0900,
  name: '数据上行透传 uplink transparent data',
  direction: 'up',
  decode: readTransparent,
  encode: writeTransparent,
});

export const decodeUplinkTransparent = uplinkTransparent.decode;
export const encodeUplinkTransparent = uplinkTransparent.encode;
