import { encodeText, readText } from '../fields/gbk-string.ts';
import { defineMessage } from './define.ts';

/**
 * 终端控制 (JT/T 808-2013 §8.13 表15): 命令字 BYTE + 命令参数 STRING (fields separated by `;`), the
 * parameter absent for most commands (4 终端关机, 5 终端复位, 6 恢复出厂设置…).
 */
export type TerminalControl = { command: number; params?: string };

export const terminalControl = defineMessage<TerminalControl>({
  id: 0x8105,
  name: '终端控制 terminal control',
  direction: 'down',
  decode(r, ctx) {
    const command = r.u8('command');
    if (r.remaining === 0) return { command };
    return { command, params: readText(r, r.remaining, ctx.opts.text, 'params') };
  },
  encode(w, b, ctx) {
    w.u8(b.command, 'command');
    if (b.params !== undefined) w.bytes(encodeText(b.params, ctx.opts.text, 'params'));
  },
});

export const decodeTerminalControl = terminalControl.decode;
export const encodeTerminalControl = terminalControl.encode;
