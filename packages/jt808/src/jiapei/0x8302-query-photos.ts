import { readBcdDateTime, writeBcdDateTime } from '../fields/bcd-time.ts';
import { defineMessage } from '../messages/define.ts';

/** 查询照片 (REFERENCE §1.8 表B.48, 13 bytes): 查询方式 BYTE (1 按时间), 开始 BCD[6], 结束 BCD[6]. */
export type QueryPhotos = { queryMode: number; start: string; end: string };

export const queryPhotos = defineMessage<QueryPhotos>({
  id: 0x8302,
  name: '查询照片 query photos',
  direction: 'down',
  decode(r) {
    const body = {
      queryMode: r.u8('queryMode'),
      start: readBcdDateTime(r, 'start'),
      end: readBcdDateTime(r, 'end'),
    };
    r.expectEnd('0x8302');
    return body;
  },
  encode(w, b) {
    w.u8(b.queryMode, 'queryMode');
    writeBcdDateTime(w, b.start, 'start');
    writeBcdDateTime(w, b.end, 'end');
  },
});

export const decodeQueryPhotos = queryPhotos.decode;
export const encodeQueryPhotos = queryPhotos.encode;
