import { readExtras, writeExtras, type Extras } from '../fields/extras.ts';
import { readLocationBasic, writeLocationBasic, type LocationBasic } from '../fields/gnss.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';
import { locationLayout, type BodyContext } from '../options.ts';
import { defineMessage } from './define.ts';

/**
 * 位置信息汇报 (JT/T 808-2013 §8.18 表23–27): the 28-byte basic block followed by additional items.
 * Under the 驾培 header the basic block uses the 驾培 layout (REFERENCE §1.7): `recorderSpeed` instead of
 * `altitude`, altitude in item 0x03.
 */
export type LocationReport = LocationBasic & {
  /** 位置附加信息项, keyed `"0x01"`. */
  extras: Extras;
  /** Bytes after the last whole item (devices that pad); kept for exact round trips. */
  extrasTail?: Uint8Array;
};

/** Read a location report body from `r` to its end (shared by 0x0200, 0x0201, 0x0704). */
export function readLocationReport(r: Reader, ctx: BodyContext): LocationReport {
  const report = readLocationBasic(r, locationLayout(ctx)) as LocationReport;
  report.extras = readExtras(r); // assigned, not spread: this is the hottest path of the gateway
  if (r.remaining > 0) report.extrasTail = r.rest();
  return report;
}

export function writeLocationReport(w: Writer, b: LocationReport, ctx: BodyContext): void {
  writeLocationBasic(w, b, b.layout ?? locationLayout(ctx));
  writeExtras(w, b.extras, b.extrasTail);
}

export const locationReport = defineMessage<LocationReport>({
  id: 0x0200,
  name: '位置信息汇报 location report',
  direction: 'up',
  decode: readLocationReport,
  encode: writeLocationReport,
});

export const decodeLocationReport = locationReport.decode;
export const encodeLocationReport = locationReport.encode;
