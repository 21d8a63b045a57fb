import { readBcdDateTime, writeBcdDateTime } from '../fields/bcd-time.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss, tenths, toTenths, writeJiapeiGnss, type JiapeiGnss } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 上报学员登出 (REFERENCE §1.8, 58 bytes): 学员编号 BYTE[16], 登出时间 BCD[6], 该次登录总时间 WORD (min),
 * 该次登录总里程 WORD (1/10 km), 课堂ID DWORD, GNSS28.
 */
export type TraineeLogout = {
  traineeNo: string;
  /** ISO 8601 with +08:00. */
  logoutTime: string;
  loginMinutes: number;
  loginMileageKm: number;
  classId: number;
  gnss: JiapeiGnss;
};

export const traineeLogout = defineMessage<TraineeLogout>({
  id: 0x0202,
  name: '上报学员登出 trainee logout',
  direction: 'up',
  decode(r, ctx) {
    const body = {
      traineeNo: readFixedText(r, ID_LENGTH, ctx.opts.text, 'traineeNo'),
      logoutTime: readBcdDateTime(r, 'logoutTime'),
      loginMinutes: r.u16('loginMinutes'),
      loginMileageKm: tenths(r.u16('loginMileage')),
      classId: r.u32('classId'),
      gnss: readJiapeiGnss(r),
    };
    r.expectEnd('0x0202');
    return body;
  },
  encode(w, b, ctx) {
    writeFixedText(w, b.traineeNo, ID_LENGTH, ctx.opts.text, 'traineeNo');
    writeBcdDateTime(w, b.logoutTime, 'logoutTime');
    w.u16(b.loginMinutes, 'loginMinutes');
    w.u16(toTenths(b.loginMileageKm, 'loginMileageKm'), 'loginMileageKm');
    w.u32(b.classId, 'classId');
    writeJiapeiGnss(w, b.gnss);
  },
});

export const decodeTraineeLogout = traineeLogout.decode;
export const encodeTraineeLogout = traineeLogout.encode;
