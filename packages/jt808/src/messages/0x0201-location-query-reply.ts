import { defineMessage } from './define.ts';
import { readLocationReport, writeLocationReport, type LocationReport } from './0x0200-location-report.ts';

/** JT/T 808-2013 §8.20 位置信息查询应答: 应答流水号 WORD + a 0x0200 body. */
export type LocationQueryReply = { replySerial: number; location: LocationReport };

export const locationQueryReply = defineMessage<LocationQueryReply>({
  id: 0x0201,
  name: '位置信息查询应答 location query reply',
  direction: 'up',
  decode(r, ctx) {
    const replySerial = r.u16('replySerial');
    return { replySerial, location: readLocationReport(r, ctx) };
  },
  encode(w, b, ctx) {
    w.u16(b.replySerial, 'replySerial');
    writeLocationReport(w, b.location, ctx);
  },
});

export const decodeLocationQueryReply = locationQueryReply.decode;
export const encodeLocationQueryReply = locationQueryReply.encode;
