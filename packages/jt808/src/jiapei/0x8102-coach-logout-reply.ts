import { readFixedText, writeFixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/** 教练员登出应答 (REFERENCE §1.8): 登出结果 BYTE (1 成功, 2 失败) + 教练员编号 BYTE[16]. */
export type CoachLogoutReply = { result: number; coachNo: string };

export const coachLogoutReply = defineMessage<CoachLogoutReply>({
  id: 0x8102,
  name: '教练员登出应答 coach logout reply',
  direction: 'down',
  decode(r, ctx) {
    const body = { result: r.u8('result'), coachNo: readFixedText(r, ID_LENGTH, ctx.opts.text, 'coachNo') };
    r.expectEnd('0x8102');
    return body;
  },
  encode(w, b, ctx) {
    w.u8(b.result, 'result');
    writeFixedText(w, b.coachNo, ID_LENGTH, ctx.opts.text, 'coachNo');
  },
});

export const decodeCoachLogoutReply = coachLogoutReply.decode;
export const encodeCoachLogoutReply = coachLogoutReply.encode;
