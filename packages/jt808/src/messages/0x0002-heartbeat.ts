import { emptyMessage, type EmptyBody } from './define.ts';

/** JT/T 808-2013 §8.3 终端心跳: empty body. */
export type Heartbeat = EmptyBody;

export const heartbeat = emptyMessage(0x0002, '终端心跳 heartbeat', 'up');
export const decodeHeartbeat = heartbeat.decode;
export const encodeHeartbeat = heartbeat.encode;
