import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';

/** 上传指定照片 (REFERENCE §1.8): 照片编号 BYTE[10]. */
export type UploadPhoto = { photoNo: string };

export const uploadPhoto = defineMessage<UploadPhoto>({
  id: 0x8304,
  name: '上传指定照片 upload photo',
  direction: 'down',
  decode(r, ctx) {
    const body = { photoNo: readFixedText(r, 10, ctx.opts.text, 'photoNo') };
    r.expectEnd('0x8304');
    return body;
  },
  encode(w, b, ctx) {
    writeFixedText(w, b.photoNo, 10, ctx.opts.text, 'photoNo');
  },
});

export const decodeUploadPhoto = uploadPhoto.decode;
export const encodeUploadPhoto = uploadPhoto.encode;
