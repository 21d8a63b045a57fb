import { readParams, writeParams, type TerminalParam } from '../fields/terminal-params.ts';
import { defineMessage } from './define.ts';

/** 查询终端参数应答 (JT/T 808-2013 §8.12 表14): 应答流水号 WORD, 应答参数个数 BYTE, 参数项列表. */
export type TerminalParamsReply = { replySerial: number; params: TerminalParam[] };

export const terminalParamsReply = defineMessage<TerminalParamsReply>({
  id: 0x0104,
  name: '查询终端参数应答 terminal parameters reply',
  direction: 'up',
  decode(r, ctx) {
    const replySerial = r.u16('replySerial');
    const params = readParams(r, r.u8('count'), ctx.opts.text);
    r.expectEnd('0x0104');
    return { replySerial, params };
  },
  encode(w, b, ctx) {
    w.u16(b.replySerial, 'replySerial');
    w.u8(b.params.length, 'count');
    writeParams(w, b.params, ctx.opts.text);
  },
});

export const decodeTerminalParamsReply = terminalParamsReply.decode;
export const encodeTerminalParamsReply = terminalParamsReply.encode;
