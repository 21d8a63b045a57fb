import { readBcdDateTime, writeBcdDateTime } from '../fields/bcd-time.ts';
import { defineMessage } from '../messages/define.ts';

/**
 * 命令上报学时记录 (REFERENCE §1.8 表B.43): 查询方式 BYTE (1 按时间, 2 按条数), 查询起始时间 BCD[6],
 * 查询终止时间 BCD[6], 查询条数 WORD. The records come back as 0x0203 with 上报类型 0x02.
 */
export type RequestRecords = { queryMode: number; start: string; end: string; count: number };

export const requestRecords = defineMessage<RequestRecords>({
  id: 0x8205,
  name: '命令上报学时记录 request training records',
  direction: 'down',
  decode(r) {
    const body = {
      queryMode: r.u8('queryMode'),
      start: readBcdDateTime(r, 'start'),
      end: readBcdDateTime(r, 'end'),
      count: r.u16('count'),
    };
    r.expectEnd('0x8205');
    return body;
  },
  encode(w, b) {
    w.u8(b.queryMode, 'queryMode');
    writeBcdDateTime(w, b.start, 'start');
    writeBcdDateTime(w, b.end, 'end');
    w.u16(b.count, 'count');
  },
});

export const decodeRequestRecords = requestRecords.decode;
export const encodeRequestRecords = requestRecords.encode;
