import { readPrefixedText, writePrefixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';

/** 设置禁训状态 (REFERENCE §1.8 表B.58): 禁训状态 BYTE (1 可用 — default, 2 禁用), 提示消息长度 BYTE, 提示消息 STRING. */
export type SetTrainingBan = { state: number; message: string };

export const TrainingBanState = { allowed: 1, banned: 2 } as const;

export const setTrainingBan = defineMessage<SetTrainingBan>({
  id: 0x8502,
  name: '设置禁训状态 set training ban',
  direction: 'down',
  decode(r, ctx) {
    const body = { state: r.u8('state'), message: readPrefixedText(r, ctx.opts.text, 'message') };
    r.expectEnd('0x8502');
    return body;
  },
  encode(w, b, ctx) {
    w.u8(b.state, 'state');
    writePrefixedText(w, b.message, ctx.opts.text, 'message');
  },
});

export const decodeSetTrainingBan = setTrainingBan.decode;
export const encodeSetTrainingBan = setTrainingBan.encode;
