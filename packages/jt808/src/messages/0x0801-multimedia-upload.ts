import { EncodeError } from '../errors.ts';
import { readLocationBasic, writeLocationBasic, type LocationBasic } from '../fields/gnss.ts';
import { asBytes } from '../io/writer.ts';
import { locationLayout } from '../options.ts';
import { defineMessage } from './define.ts';

/**
 * 多媒体数据上传 (JT/T 808-2013 §8.57 表82): 多媒体数据ID DWORD, 多媒体类型 BYTE (0 图像, 1 音频, 2 视频),
 * 多媒体格式编码 BYTE (0 JPEG, 1 TIF, 2 MP3, 3 WAV, 4 WMV), 事件项编码 BYTE, 通道ID BYTE, 位置信息汇报
 * BYTE[28] (basic block only; absent in JT/T 808-2011), 多媒体数据包. Usually sent in sub-packets.
 */
export type MultimediaUpload = {
  mediaId: number;
  mediaType: number;
  format: number;
  event: number;
  channel: number;
  /** Null in the 2011 layout. */
  location: LocationBasic | null;
  data: Uint8Array;
  layout?: '2011' | '2013';
};

export const multimediaUpload = defineMessage<MultimediaUpload>({
  id: 0x0801,
  name: '多媒体数据上传 multimedia upload',
  direction: 'up',
  decode(r, ctx) {
    const layout = ctx.opts.layouts.multimedia;
    const mediaId = r.u32('mediaId');
    const mediaType = r.u8('mediaType');
    const format = r.u8('format');
    const event = r.u8('event');
    const channel = r.u8('channel');
    const location = layout === '2011' ? null : readLocationBasic(r, locationLayout(ctx));
    return { mediaId, mediaType, format, event, channel, location, data: r.rest(), layout };
  },
  encode(w, b, ctx) {
    w.u32(b.mediaId, 'mediaId');
    w.u8(b.mediaType, 'mediaType');
    w.u8(b.format, 'format');
    w.u8(b.event, 'event');
    w.u8(b.channel, 'channel');
    const layout = b.layout ?? ctx.opts.layouts.multimedia;
    if (layout === '2013') {
      if (!b.location) throw new EncodeError('0x0801: the 2013 layout needs a location');
      writeLocationBasic(w, b.location, b.location.layout ?? locationLayout(ctx));
    }
    w.bytes(asBytes(b.data, 'data'));
  },
});

export const decodeMultimediaUpload = multimediaUpload.decode;
export const encodeMultimediaUpload = multimediaUpload.encode;
