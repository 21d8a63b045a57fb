import { resultReply, type ResultReply } from './define.ts';

/**
 * 上传指定照片应答 (REFERENCE §1.8 表B.52): 0 找到照片稍候上传, 1 没有该照片, 9 其他; after 0 the terminal
 * sends 0x0305 + 0x0306.
 */
export type UploadPhotoReply = ResultReply;

export const uploadPhotoReply = resultReply(0x0304, '上传指定照片应答 upload photo reply', 'up');
export const decodeUploadPhotoReply = uploadPhotoReply.decode;
export const encodeUploadPhotoReply = uploadPhotoReply.encode;
