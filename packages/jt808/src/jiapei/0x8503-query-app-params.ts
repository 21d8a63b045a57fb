import { emptyMessage, type EmptyBody } from '../messages/define.ts';

/** 查询计时终端应用参数 (REFERENCE §1.8): no data content; answered by 0x0503. */
export type QueryAppParams = EmptyBody;

export const queryAppParams = emptyMessage(
  0x8503,
  '查询计时终端应用参数 query application parameters',
  'down',
);
export const decodeQueryAppParams = queryAppParams.decode;
export const encodeQueryAppParams = queryAppParams.encode;
