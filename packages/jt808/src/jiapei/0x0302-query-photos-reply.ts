import { resultReply, type ResultReply } from './define.ts';

/** 查询照片应答 (REFERENCE §1.8): 执行结果 BYTE — 1 开始查询, 2 执行失败, 9 其他. */
export type QueryPhotosReply = ResultReply;

export const queryPhotosReply = resultReply(0x0302, '查询照片应答 query photos reply', 'up');
export const decodeQueryPhotosReply = queryPhotosReply.decode;
export const encodeQueryPhotosReply = queryPhotosReply.encode;
