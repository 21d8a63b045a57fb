/*
 * Terminal time is GMT+8 (JT/T 808 BCD times, 驾培 record numbers). These helpers format epoch
 * milliseconds without going through the host time zone.
 */

const CST_OFFSET_MS = 8 * 3600_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Calendar fields of `ms` in GMT+8. */
function cstParts(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const t = new Date(ms + CST_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  };
}

/** `2025-03-01T08:00:00+08:00` (whole seconds, as BCD[6] carries). */
export function isoCst(ms: number): string {
  const p = cstParts(ms);
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}T${pad2(p.h)}:${pad2(p.mi)}:${pad2(p.s)}+08:00`;
}

/** `YYYY-MM-DD` in GMT+8: the day a record number's sequence belongs to. */
export function dayCst(ms: number): string {
  const p = cstParts(ms);
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}`;
}

/** `YYMMDD` in GMT+8. */
export function yymmddCst(ms: number): string {
  const p = cstParts(ms);
  return `${pad2(p.y % 100)}${pad2(p.mo)}${pad2(p.d)}`;
}

/** `hh:mm:ss` in GMT+8 (the BCD[3] 记录产生时间 of 0x0203). */
export function clockCst(ms: number): string {
  const p = cstParts(ms);
  return `${pad2(p.h)}:${pad2(p.mi)}:${pad2(p.s)}`;
}

/** Parse an ISO 8601 time (any offset) or BCD digits `YYMMDDhhmmss` (GMT+8) to epoch ms; NaN if neither. */
export function parseTerminalTime(value: string): number {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (m) return Date.parse(`20${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Date.parse(value);
}
