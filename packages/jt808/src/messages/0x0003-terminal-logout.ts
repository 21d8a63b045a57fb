import { emptyMessage, type EmptyBody } from './define.ts';

/** JT/T 808-2013 §8.7 终端注销: empty body. */
export type TerminalLogout = EmptyBody;

export const terminalLogout = emptyMessage(0x0003, '终端注销 terminal logout', 'up');
export const decodeTerminalLogout = terminalLogout.decode;
export const encodeTerminalLogout = terminalLogout.encode;
