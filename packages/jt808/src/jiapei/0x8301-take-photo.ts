import { defineMessage } from '../messages/define.ts';

/**
 * 立即拍照 (REFERENCE §1.8, 3 bytes): 上传模式 BYTE, 摄像头通道号 BYTE (0 auto), 图片尺寸 BYTE
 * (0x01 320×240 … 0x08 704×576, see `PhotoSize`).
 */
export type TakePhoto = { uploadMode: number; channel: number; size: number };

export const takePhoto = defineMessage<TakePhoto>({
  id: 0x8301,
  name: '立即拍照 take photo now',
  direction: 'down',
  decode(r) {
    const body = { uploadMode: r.u8('uploadMode'), channel: r.u8('channel'), size: r.u8('size') };
    r.expectEnd('0x8301');
    return body;
  },
  encode(w, b) {
    w.u8(b.uploadMode, 'uploadMode');
    w.u8(b.channel, 'channel');
    w.u8(b.size, 'size');
  },
});

export const decodeTakePhoto = takePhoto.decode;
export const encodeTakePhoto = takePhoto.encode;
