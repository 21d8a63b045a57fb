import { defineMessage } from './define.ts';

/** JT/T 808-2013 §8.1 终端通用应答 (表3). */
export type TerminalGeneralReply = {
  /** 应答流水号: serial of the platform message answered. */
  replySerial: number;
  /** 应答 ID: id of the platform message answered. */
  replyId: number;
  /** 0 成功/确认, 1 失败, 2 消息有误, 3 不支持. */
  result: number;
};

export const terminalGeneralReply = defineMessage<TerminalGeneralReply>({
  id: 0x0001,
  name: '终端通用应答 terminal general reply',
  direction: 'up',
  decode(r) {
    const body = { replySerial: r.u16('replySerial'), replyId: r.u16('replyId'), result: r.u8('result') };
    r.expectEnd('0x0001');
    return body;
  },
  encode(w, b) {
    w.u16(b.replySerial, 'replySerial');
    w.u16(b.replyId, 'replyId');
    w.u8(b.result, 'result');
  },
});

export const decodeTerminalGeneralReply = terminalGeneralReply.decode;
export const encodeTerminalGeneralReply = terminalGeneralReply.encode;
