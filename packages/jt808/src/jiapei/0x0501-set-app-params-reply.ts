import { resultReply, type ResultReply } from './define.ts';

/** 设置计时终端应用参数应答 (REFERENCE §1.8): 1 设置成功, 2 设置失败. */
export type SetAppParamsReply = ResultReply;

export const setAppParamsReply = resultReply(
  0x0501,
  '设置计时终端应用参数应答 set application parameters reply',
  'up',
);
export const decodeSetAppParamsReply = setAppParamsReply.decode;
export const encodeSetAppParamsReply = setAppParamsReply.encode;
