import { defineMessage } from './define.ts';

/**
 * JT/T 808-2013 §8.21 临时位置跟踪控制: 时间间隔 WORD (s; 0 stops tracking, and then the validity
 * field is omitted) + 位置跟踪有效期 DWORD (s).
 */
export type TemporaryTracking = { intervalSec: number; validitySec?: number };

export const temporaryTracking = defineMessage<TemporaryTracking>({
  id: 0x8202,
  name: '临时位置跟踪控制 temporary location tracking',
  direction: 'down',
  decode(r) {
    const intervalSec = r.u16('intervalSec');
    if (r.remaining === 0) return { intervalSec };
    const validitySec = r.u32('validitySec');
    r.expectEnd('0x8202');
    return { intervalSec, validitySec };
  },
  encode(w, b) {
    w.u16(b.intervalSec, 'intervalSec');
    if (b.validitySec !== undefined) w.u32(b.validitySec, 'validitySec');
  },
});

export const decodeTemporaryTracking = temporaryTracking.decode;
export const encodeTemporaryTracking = temporaryTracking.encode;
