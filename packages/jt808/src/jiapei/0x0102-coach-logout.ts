import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { readJiapeiGnss, writeJiapeiGnss, type JiapeiGnss } from '../fields/gnss.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/** 上报教练员登出 (REFERENCE §1.8, 44 bytes): 教练员编号 BYTE[16] + GNSS28. */
export type CoachLogout = { coachNo: string; gnss: JiapeiGnss };

export const coachLogout = defineMessage<CoachLogout>({
  id: 0x0102,
  name: '上报教练员登出 coach logout',
  direction: 'up',
  decode(r, ctx) {
    const body = { coachNo: readFixedText(r, ID_LENGTH, ctx.opts.text, 'coachNo'), gnss: readJiapeiGnss(r) };
    r.expectEnd('0x0102');
    return body;
  },
  encode(w, b, ctx) {
    writeFixedText(w, b.coachNo, ID_LENGTH, ctx.opts.text, 'coachNo');
    writeJiapeiGnss(w, b.gnss);
  },
});

export const decodeCoachLogout = coachLogout.decode;
export const encodeCoachLogout = coachLogout.encode;
