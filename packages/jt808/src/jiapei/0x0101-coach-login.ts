import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss, writeJiapeiGnss, type JiapeiGnss } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 上报教练员登录 (REFERENCE §1.8, 64 bytes): 教练员编号 BYTE[16], 教练员身份证号 BYTE[18] (0x00-padded at
 * the front when shorter), 准教车型 BYTE[2] (e.g. `C1`), GNSS28.
 */
export type CoachLogin = { coachNo: string; idCardNo: string; licenceClass: string; gnss: JiapeiGnss };

export const coachLogin = defineMessage<CoachLogin>({
  id: 0x0101,
  name: '上报教练员登录 coach login',
  direction: 'up',
  decode(r, ctx) {
    const t = ctx.opts.text;
    const body = {
      coachNo: readFixedText(r, ID_LENGTH, t, 'coachNo'),
      idCardNo: readFixedText(r, 18, t, 'idCardNo', 'start'),
      licenceClass: readFixedText(r, 2, t, 'licenceClass'),
      gnss: readJiapeiGnss(r),
    };
    r.expectEnd('0x0101');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    writeFixedText(w, b.coachNo, ID_LENGTH, t, 'coachNo');
    writeFixedText(w, b.idCardNo, 18, t, 'idCardNo', 'start');
    writeFixedText(w, b.licenceClass, 2, t, 'licenceClass');
    writeJiapeiGnss(w, b.gnss);
  },
});

export const decodeCoachLogin = coachLogin.decode;
export const encodeCoachLogin = coachLogin.encode;
