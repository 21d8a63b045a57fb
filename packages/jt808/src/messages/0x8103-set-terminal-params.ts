import { readParams, writeParams, type TerminalParam } from '../fields/terminal-params.ts';
import { defineMessage } from './define.ts';

/** 设置终端参数 (JT/T 808-2013 §8.9 表9): 参数总数 BYTE + 参数项列表. */
export type SetTerminalParams = { params: TerminalParam[] };

export const setTerminalParams = defineMessage<SetTerminalParams>({
  id: 0x8103,
  name: '设置终端参数 set terminal parameters',
  direction: 'down',
  decode(r, ctx) {
    const params = readParams(r, r.u8('count'), ctx.opts.text);
    r.expectEnd('0x8103');
    return { params };
  },
  encode(w, b, ctx) {
    w.u8(b.params.length, 'count');
    writeParams(w, b.params, ctx.opts.text);
  },
});

export const decodeSetTerminalParams = setTerminalParams.decode;
export const encodeSetTerminalParams = setTerminalParams.encode;
