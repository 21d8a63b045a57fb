import { defineMessage } from './define.ts';

/**
 * 补传分包请求 (JT/T 808-2013 §8.4 表5): 原始消息流水号 WORD (serial of the first packet), 重传包总数
 * BYTE, 重传包ID列表 WORD×n (包序号 of the missing packets). JT/T 808-2019 widens the count to WORD.
 */
export type RetransmitRequest = { originalSerial: number; packetIds: number[] };

export const retransmitRequest = defineMessage<RetransmitRequest>({
  id: 0x8003,
  name: '补传分包请求 retransmit request',
  direction: 'down',
  decode(r, ctx) {
    const originalSerial = r.u16('originalSerial');
    const n = ctx.version === '2019' ? r.u16('count') : r.u8('count');
    const packetIds: number[] = [];
    for (let i = 0; i < n; i++) packetIds.push(r.u16('packet id'));
    r.expectEnd('0x8003');
    return { originalSerial, packetIds };
  },
  encode(w, b, ctx) {
    w.u16(b.originalSerial, 'originalSerial');
    if (ctx.version === '2019') w.u16(b.packetIds.length, 'count');
    else w.u8(b.packetIds.length, 'count');
    for (const id of b.packetIds) w.u16(id, 'packet id');
  },
});

export const decodeRetransmitRequest = retransmitRequest.decode;
export const encodeRetransmitRequest = retransmitRequest.encode;
