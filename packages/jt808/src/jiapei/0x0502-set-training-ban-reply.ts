import { readPrefixedText, writePrefixedText } from '../fields/gbk-string.ts';
import { defineMessage } from '../messages/define.ts';

/** 设置禁训状态应答 (REFERENCE §1.8 表B.59): 执行结果 BYTE, 禁训状态 BYTE, 提示消息长度 BYTE, 提示消息. */
export type SetTrainingBanReply = { result: number; state: number; message: string };

export const setTrainingBanReply = defineMessage<SetTrainingBanReply>({
  id: 0x0502,
  name: '设置禁训状态应答 set training ban reply',
  direction: 'up',
  decode(r, ctx) {
    const body = {
      result: r.u8('result'),
      state: r.u8('state'),
      message: readPrefixedText(r, ctx.opts.text, 'message'),
    };
    r.expectEnd('0x0502');
    return body;
  },
  encode(w, b, ctx) {
    w.u8(b.result, 'result');
    w.u8(b.state, 'state');
    writePrefixedText(w, b.message, ctx.opts.text, 'message');
  },
});

export const decodeSetTrainingBanReply = setTrainingBanReply.decode;
export const encodeSetTrainingBanReply = setTrainingBanReply.encode;
