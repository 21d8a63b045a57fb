import { emptyMessage, type EmptyBody } from './define.ts';

/** JT/T 808-2013 §8.19 位置信息查询: empty body. */
export type LocationQuery = EmptyBody;

export const locationQuery = emptyMessage(0x8201, '位置信息查询 location query', 'down');
export const decodeLocationQuery = locationQuery.decode;
export const encodeLocationQuery = locationQuery.encode;
