import { DecodeError } from '../errors.ts';
import { Reader } from '../io/reader.ts';
import { defineMessage } from './define.ts';
import { readLocationReport, writeLocationReport, type LocationReport } from './0x0200-location-report.ts';

/**
 * 定位数据批量上传 (JT/T 808-2013 §8.48 表72–73): 数据项个数 WORD, 位置数据类型 BYTE (0 正常位置批量汇报,
 * 1 盲区补报), then per item 位置汇报数据体长度 WORD + a 0x0200 body.
 */
export type LocationBatch = { type: number; items: LocationReport[] };

export const locationBatch = defineMessage<LocationBatch>({
  id: 0x0704,
  name: '定位数据批量上传 location batch upload',
  direction: 'up',
  decode(r, ctx) {
    const count = r.u16('count');
    const type = r.u8('type');
    const items: LocationReport[] = [];
    for (let i = 0; i < count; i++) {
      const n = r.u16(`item ${i} length`);
      const at = r.pos;
      r.take(n, `item ${i}`);
      items.push(readLocationReport(new Reader(r.bytes, at, at + n), ctx));
    }
    if (r.remaining !== 0) {
      throw new DecodeError('bad_body', `0x0704: ${r.remaining} bytes after ${count} items`);
    }
    return { type, items };
  },
  encode(w, b, ctx) {
    w.u16(b.items.length, 'count');
    w.u8(b.type, 'type');
    for (const item of b.items) {
      const at = w.skip(2);
      writeLocationReport(w, item, ctx);
      const n = w.pos - at - 2;
      w.setU16(at, n);
    }
  },
});

export const decodeLocationBatch = locationBatch.decode;
export const encodeLocationBatch = locationBatch.encode;
