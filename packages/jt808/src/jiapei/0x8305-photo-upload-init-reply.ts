import { resultReply, type ResultReply } from './define.ts';

/** 照片上传初始化应答 (REFERENCE §1.8): 0 接受上传; 255 拒绝上传 (the terminal stops this photo). */
export type PhotoUploadInitReply = ResultReply;

export const photoUploadInitReply = resultReply(0x8305, '照片上传初始化应答 photo upload init reply', 'down');
export const decodePhotoUploadInitReply = photoUploadInitReply.decode;
export const encodePhotoUploadInitReply = photoUploadInitReply.encode;
