import { resultReply, type ResultReply } from './define.ts';

/** 上报照片查询结果应答 (REFERENCE §1.8): 0 默认应答, 1 停止上报, 9 其他错误. */
export type PhotoQueryResultReply = ResultReply;

export const photoQueryResultReply = resultReply(
  0x8303,
  '上报照片查询结果应答 photo query result reply',
  'down',
);
export const decodePhotoQueryResultReply = photoQueryResultReply.decode;
export const encodePhotoQueryResultReply = photoQueryResultReply.encode;
