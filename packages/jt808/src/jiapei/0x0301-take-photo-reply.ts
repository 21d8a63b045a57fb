import { defineMessage } from '../messages/define.ts';

/** 立即拍照应答 (REFERENCE §1.8): 执行结果 BYTE (1 = ok), 上传模式, 摄像头通道号, 实际图片尺寸. */
export type TakePhotoReply = { result: number; uploadMode: number; channel: number; size: number };

export const takePhotoReply = defineMessage<TakePhotoReply>({
  id: 0x0301,
  name: '立即拍照应答 take photo reply',
  direction: 'up',
  decode(r) {
    const body = {
      result: r.u8('result'),
      uploadMode: r.u8('uploadMode'),
      channel: r.u8('channel'),
      size: r.u8('size'),
    };
    r.expectEnd('0x0301');
    return body;
  },
  encode(w, b) {
    w.u8(b.result, 'result');
    w.u8(b.uploadMode, 'uploadMode');
    w.u8(b.channel, 'channel');
    w.u8(b.size, 'size');
  },
});

export const decodeTakePhotoReply = takePhotoReply.decode;
export const encodeTakePhotoReply = takePhotoReply.encode;
