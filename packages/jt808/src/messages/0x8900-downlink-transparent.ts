import { defineMessage } from './define.ts';
import { readTransparent, writeTransparent, type TransparentData } from './0x0900-uplink-transparent.ts';

/** 数据下行透传 (JT/T 808-2013 §8.61): same layout as 0x0900; 驾培 downlink messages carry no 校验串. */
export type DownlinkTransparent = TransparentData;

export const downlinkTransparent = defineMessage<TransparentData>({
  id: 0x8900,
  name: '数据下行透传 downlink transparent data',
  direction: 'down',
  decode: readTransparent,
  encode: writeTransparent,
});

export const decodeDownlinkTransparent = downlinkTransparent.decode;
export const encodeDownlinkTransparent = downlinkTransparent.encode;
