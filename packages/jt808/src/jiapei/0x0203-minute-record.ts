import { readBcd, writeBcd } from '../fields/bcd.ts';
import { readBcdClock, writeBcdClock } from '../fields/bcd-time.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss38, tenths, toTenths, writeJiapeiGnss38, type JiapeiGnss38 } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 上报学时记录 — one per training minute (REFERENCE §1.8 表B.42, 114 bytes).
 *
 * | off | field | type |
 * |---|---|---|
 * | 0 | 学时记录编号 | BYTE[26] = 计时终端编号(16) + YYMMDD + 4-digit sequence |
 * | 26 | 上报类型 | BYTE: 0x01 自动上报, 0x02 应中心要求上报 (answer to 0x8205) |
 * | 27 | 学员编号 | BYTE[16] |
 * | 43 | 教练员编号 | BYTE[16] |
 * | 59 | 课堂ID | DWORD |
 * | 63 | 记录产生时间 | BCD[3] hhmmss |
 * | 66 | 培训课程 | BCD[5] |
 * | 71 | 记录状态 | BYTE: 0 正常, 1 异常 |
 * | 72 | 最大速度 | WORD, 1/10 km/h |
 * | 74 | 里程 | WORD, 1/10 km (within the minute) |
 * | 76 | 附加GNSS数据包 | GNSS38 (fix at second 30) |
 */
export type MinuteRecord = {
  /** 26 characters; the natural key for idempotent storage. See `parseRecordNumber`. */
  recordNo: string;
  reportType: number;
  traineeNo: string;
  coachNo: string;
  classId: number;
  /** `hh:mm:ss`, GMT+8. */
  recordTime: string;
  courseCode: string;
  recordStatus: number;
  maxSpeedKmh: number;
  mileageKm: number;
  gnss: JiapeiGnss38;
};

export const MinuteReportType = { automatic: 0x01, onRequest: 0x02 } as const;

export const minuteRecord = defineMessage<MinuteRecord>({
  id: 0x0203,
  name: '上报学时记录 minute training record',
  direction: 'up',
  decode(r, ctx) {
    const t = ctx.opts.text;
    const body = {
      recordNo: readFixedText(r, 26, t, 'recordNo'),
      reportType: r.u8('reportType'),
      traineeNo: readFixedText(r, ID_LENGTH, t, 'traineeNo'),
      coachNo: readFixedText(r, ID_LENGTH, t, 'coachNo'),
      classId: r.u32('classId'),
      recordTime: readBcdClock(r, 'recordTime'),
      courseCode: readBcd(r, 5, 'courseCode'),
      recordStatus: r.u8('recordStatus'),
      maxSpeedKmh: tenths(r.u16('maxSpeed')),
      mileageKm: tenths(r.u16('mileage')),
      gnss: readJiapeiGnss38(r),
    };
    r.expectEnd('0x0203');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    writeFixedText(w, b.recordNo, 26, t, 'recordNo');
    w.u8(b.reportType, 'reportType');
    writeFixedText(w, b.traineeNo, ID_LENGTH, t, 'traineeNo');
    writeFixedText(w, b.coachNo, ID_LENGTH, t, 'coachNo');
    w.u32(b.classId, 'classId');
    writeBcdClock(w, b.recordTime, 'recordTime');
    writeBcd(w, b.courseCode, 5, 'courseCode');
    w.u8(b.recordStatus, 'recordStatus');
    w.u16(toTenths(b.maxSpeedKmh, 'maxSpeedKmh'), 'maxSpeedKmh');
    w.u16(toTenths(b.mileageKm, 'mileageKm'), 'mileageKm');
    writeJiapeiGnss38(w, b.gnss);
  },
});

export const decodeMinuteRecord = minuteRecord.decode;
export const encodeMinuteRecord = minuteRecord.encode;
