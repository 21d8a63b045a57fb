import { resultReply, type ResultReply } from './define.ts';

/**
 * 命令上报学时记录应答 (REFERENCE §1.8 表B.44), sent twice (first 1, then the outcome): 执行结果 BYTE —
 * 1 查询的记录正在上传; 2 SD卡没有找到; 3 执行成功但无指定记录; 4 执行成功稍候上报; 9 其他.
 */
export type RequestRecordsReply = ResultReply;

export const requestRecordsReply = resultReply(
  0x0205,
  '命令上报学时记录应答 request training records reply',
  'up',
);
export const decodeRequestRecordsReply = requestRecordsReply.decode;
export const encodeRequestRecordsReply = requestRecordsReply.encode;
