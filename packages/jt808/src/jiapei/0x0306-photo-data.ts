import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { asBytes } from '../io/writer.ts';
import { defineMessage } from '../messages/define.ts';

/**
 * 上传照片数据包 (REFERENCE §1.8): 照片编号 BYTE[10] + this packet's JPEG bytes (size chosen by the
 * terminal; 0x0305 announced the total). Answered with 0x8001.
 */
export type PhotoData = { photoNo: string; data: Uint8Array };

export const photoData = defineMessage<PhotoData>({
  id: 0x0306,
  name: '上传照片数据包 photo data',
  direction: 'up',
  decode(r, ctx) {
    return { photoNo: readFixedText(r, 10, ctx.opts.text, 'photoNo'), data: r.rest() };
  },
  encode(w, b, ctx) {
    writeFixedText(w, b.photoNo, 10, ctx.opts.text, 'photoNo');
    w.bytes(asBytes(b.data, 'data'));
  },
});

export const decodePhotoData = photoData.decode;
export const encodePhotoData = photoData.encode;
