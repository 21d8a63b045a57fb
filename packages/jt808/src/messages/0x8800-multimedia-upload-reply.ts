import { defineMessage } from './define.ts';

/**
 * 多媒体数据上传应答 (JT/T 808-2013 §8.58 表83): 多媒体ID DWORD, then optionally 重传包总数 BYTE +
 * 重传包ID列表 WORD×n. Without the list every packet was received.
 */
export type MultimediaUploadReply = {
  mediaId: number;
  /** Packet ids (包序号) to send again; absent when the body stops after the media id. */
  retransmitIds?: number[];
};

export const multimediaUploadReply = defineMessage<MultimediaUploadReply>({
  id: 0x8800,
  name: '多媒体数据上传应答 multimedia upload reply',
  direction: 'down',
  decode(r) {
    const mediaId = r.u32('mediaId');
    if (r.remaining === 0) return { mediaId };
    const n = r.u8('retransmit count');
    const retransmitIds: number[] = [];
    for (let i = 0; i < n; i++) retransmitIds.push(r.u16('retransmit id'));
    r.expectEnd('0x8800');
    return { mediaId, retransmitIds };
  },
  encode(w, b) {
    w.u32(b.mediaId, 'mediaId');
    if (!b.retransmitIds) return;
    w.u8(b.retransmitIds.length, 'retransmit count');
    for (const id of b.retransmitIds) w.u16(id, 'retransmit id');
  },
});

export const decodeMultimediaUploadReply = multimediaUploadReply.decode;
export const encodeMultimediaUploadReply = multimediaUploadReply.encode;
