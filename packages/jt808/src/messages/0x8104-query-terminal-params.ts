import { emptyMessage, type EmptyBody } from './define.ts';

/** JT/T 808-2013 §8.10 查询终端参数: empty body; answered by 0x0104. */
export type QueryTerminalParams = EmptyBody;

export const queryTerminalParams = emptyMessage(0x8104, '查询终端参数 query terminal parameters', 'down');
export const decodeQueryTerminalParams = queryTerminalParams.decode;
export const encodeQueryTerminalParams = queryTerminalParams.encode;
