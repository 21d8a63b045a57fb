import { readFixedText, readPrefixedText, writeFixedText, writePrefixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';
import { ID_LENGTH } from './define.ts';

/**
 * 教练员登录应答 (REFERENCE §1.8): 登录结果 BYTE, 教练员编号 BYTE[16], 是否报读附加消息 BYTE (0 no, 1 read
 * aloud), 附加消息长度 BYTE, 附加消息 STRING (≤ 254 bytes GBK).
 */
export type CoachLoginReply = { result: number; coachNo: string; readAloud: number; message: string };

/** 1 成功, 2 无效的教练员编号, 3 准教车型不符, 9 其他错误. */
export const CoachLoginResult = { ok: 1, unknownCoach: 2, classMismatch: 3, other: 9 } as const;

export const coachLoginReply = defineMessage<CoachLoginReply>({
  id: 0x8101,
  name: '教练员登录应答 coach login reply',
  direction: 'down',
  decode(r, ctx) {
    const t = ctx.opts.text;
    const body = {
      result: r.u8('result'),
      coachNo: readFixedText(r, ID_LENGTH, t, 'coachNo'),
      readAloud: r.u8('readAloud'),
      message: readPrefixedText(r, t, 'message'),
    };
    r.expectEnd('0x8101');
    return body;
  },
  encode(w, b, ctx) {
    const t = ctx.opts.text;
    w.u8(b.result, 'result');
    writeFixedText(w, b.coachNo, ID_LENGTH, t, 'coachNo');
    w.u8(b.readAloud, 'readAloud');
    writePrefixedText(w, b.message, t, 'message');
  },
});

export const decodeCoachLoginReply = coachLoginReply.decode;
export const encodeCoachLoginReply = coachLoginReply.encode;
