import { DecodeError } from '../errors.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';

/**
 * 上报照片查询结果 (REFERENCE §1.8 表B.49): 是否上报结束 BYTE (0 more to come, 1 done), 符合条件的照片总数
 * BYTE, 此次发送的照片数 BYTE, 照片编号 BYTE[10] × m.
 */
export type PhotoQueryResult = { finished: number; total: number; photoNos: string[] };

export const photoQueryResult = defineMessage<PhotoQueryResult>({
  id: 0x0303,
  name: '上报照片查询结果 photo query result',
  direction: 'up',
  decode(r, ctx) {
    const finished = r.u8('finished');
    const total = r.u8('total');
    const m = r.u8('count');
    const photoNos: string[] = [];
    for (let i = 0; i < m; i++) photoNos.push(readFixedText(r, 10, ctx.opts.text, 'photoNo'));
    if (r.remaining !== 0) {
      throw new DecodeError('bad_body', `0x0303: ${r.remaining} bytes after ${m} photo numbers`);
    }
    return { finished, total, photoNos };
  },
  encode(w, b, ctx) {
    w.u8(b.finished, 'finished');
    w.u8(b.total, 'total');
    w.u8(b.photoNos.length, 'count');
    for (const no of b.photoNos) writeFixedText(w, no, 10, ctx.opts.text, 'photoNo');
  },
});

export const decodePhotoQueryResult = photoQueryResult.decode;
export const encodePhotoQueryResult = photoQueryResult.encode;
