import { readBcd, writeBcd } from '../fields/bcd.ts';
import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss, writeJiapeiGnss, type JiapeiGnss } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 上报学员登录 (REFERENCE §1.8, 69 bytes): 学员编号 BYTE[16], 当前教练编号 BYTE[16], 培训课程 BCD[5]
 * (课程编码, §1.9), 课堂ID DWORD (terminal-chosen id of this training session), GNSS28.
 */
export type TraineeLogin = {
  traineeNo: string;
  coachNo: string;
  /** 10-digit 课程编码, see `parseCourseCode`. */
  courseCode: string;
  classId: number;
  gnss: JiapeiGnss;
};

export const traineeLogin = defineMessage<TraineeLogin>({
  id: 0x0201,
  name: '上报学员登录 trainee login',
  direction: 'up',
  decode(r, ctx) {
    const t = ctx.opts.text;
    const body = {
      traineeNo: readFixedText(r, ID_LENGTH, t, 'traineeNo'),
      coachNo: readFixedText(r, ID_LENGTH, t, 'coachNo'),
      courseCode: readBcd(r, 5, 'courseCode'),
      classId: r.u32('classId'),
      gnss: readJiapeiGnss(r),
    };
    r.expectEnd('0x0201');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    writeFixedText(w, b.traineeNo, ID_LENGTH, t, 'traineeNo');
    writeFixedText(w, b.coachNo, ID_LENGTH, t, 'coachNo');
    writeBcd(w, b.courseCode, 5, 'courseCode');
    w.u32(b.classId, 'classId');
    writeJiapeiGnss(w, b.gnss);
  },
});

export const decodeTraineeLogin = traineeLogin.decode;
export const encodeTraineeLogin = traineeLogin.encode;
