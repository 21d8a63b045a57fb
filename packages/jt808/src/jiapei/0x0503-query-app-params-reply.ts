import { defineMessage } from '../messages/define.ts';
import { readAppParams, writeAppParams, type AppParams } from './app-params.ts';

/** 查询计时终端应用参数应答 (REFERENCE §1.8 表B.60): 查询结果 BYTE (0 成功, 1 失败) + the parameter block. */
export type QueryAppParamsReply = { result: number; params: Partial<AppParams> };

export const queryAppParamsReply = defineMessage<QueryAppParamsReply>({
  id: 0x0503,
  name: '查询计时终端应用参数应答 query application parameters reply',
  direction: 'up',
  decode(r) {
    const result = r.u8('result');
    return { result, params: readAppParams(r) };
  },
  encode(w, b) {
    w.u8(b.result, 'result');
    writeAppParams(w, b.params);
  },
});

export const decodeQueryAppParamsReply = queryAppParamsReply.decode;
export const encodeQueryAppParamsReply = queryAppParamsReply.encode;
