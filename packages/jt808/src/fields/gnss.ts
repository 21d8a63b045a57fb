import { EncodeError } from '../errors.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';
import { readBcdDateTime, writeBcdDateTime } from './bcd-time.ts';
import { readExtrasFixed, writeExtras, type Extras } from './extras.ts';

/**
 * Which 28-byte basic location layout a block uses.
 * - `jt808`: JT/T 808-2013 表23 — alarm, status, lat, lon, **altitude** WORD (m), speed, direction, time.
 * - `jiapei`: REFERENCE §1.7 — the altitude word carries the **行驶记录速度** (pulse/CAN speed, 1/10 km/h);
 *   altitude moves to additional item 0x03.
 */
export type LocationLayout = 'jt808' | 'jiapei';

/** Fields common to both layouts. Degrees are signed: status bit 2 (south) / bit 3 (west) give the sign. */
export type GnssFixBase = {
  /** 报警标志, raw DWORD (see `alarmFlags`). */
  alarm: number;
  /** 状态, raw DWORD (see `statusFlags`). */
  status: number;
  /** Degrees; DWORD × 10⁻⁶ on the wire, negative when status bit 2 is set. */
  latitude: number;
  /** Degrees; DWORD × 10⁻⁶ on the wire, negative when status bit 3 is set. */
  longitude: number;
  /** km/h; satellite speed, WORD in 1/10 km/h on the wire. */
  speed: number;
  /** 0–359, north = 0. */
  direction: number;
  /** ISO 8601 with +08:00 (BCD[6] GMT+8 on the wire), or raw digits when not a valid time. */
  time: string;
};

/** The 驾培 basic GNSS block ("GNSS28", REFERENCE §1.7). */
export type JiapeiGnss = GnssFixBase & {
  /** km/h from the vehicle speed signal (行驶记录速度), WORD in 1/10 km/h. */
  recorderSpeed: number;
};

/**
 * The 38-byte 附加GNSS数据包 (REFERENCE §1.7): GNSS28 + item 0x01 里程 (6 bytes) + engine-rpm item
 * (4 bytes, id 0x05, or 0x04 from some servers). The 10 item bytes are parsed as ordinary additional
 * items so either id, and any order, round-trips.
 */
export type JiapeiGnss38 = JiapeiGnss & { extras: Extras; extrasTail?: Uint8Array };

/** A basic block in either layout, tagged, as used by 0x0200 / 0x0801. */
export type LocationBasic = GnssFixBase & {
  layout: LocationLayout;
  altitude?: number;
  recorderSpeed?: number;
};

const SOUTH = 1 << 2;
const WEST = 1 << 3;

function coord(raw: number, negative: boolean): number {
  const deg = raw / 1e6;
  return negative ? -deg : deg;
}

function coordRaw(deg: number, field: string): number {
  if (typeof deg !== 'number' || !Number.isFinite(deg)) throw new EncodeError(`${field}: expected degrees`);
  const v = Math.round(Math.abs(deg) * 1e6);
  if (v > 0xffffffff) throw new EncodeError(`${field}: out of range`);
  return v;
}

/** 1/10 units ↔ decimal (speeds in km/h, distances in km). Round-trips every WORD/DWORD exactly. */
export function tenths(v: number): number {
  return v / 10;
}

export function toTenths(v: number, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new EncodeError(`${field}: expected a number ≥ 0`);
  }
  return Math.round(v * 10);
}

/** Read the 28-byte basic block in `layout`. */
export function readLocationBasic(r: Reader, layout: LocationLayout): LocationBasic {
  const alarm = r.u32('alarm');
  const status = r.u32('status');
  const latitude = coord(r.u32('latitude'), (status & SOUTH) !== 0);
  const longitude = coord(r.u32('longitude'), (status & WEST) !== 0);
  const word = r.u16(layout === 'jt808' ? 'altitude' : 'recorderSpeed');
  const speed = r.u16('speed') / 10;
  const direction = r.u16('direction');
  const time = readBcdDateTime(r, 'time');
  return layout === 'jt808'
    ? { alarm, status, latitude, longitude, altitude: word, speed, direction, time, layout }
    : { alarm, status, latitude, longitude, recorderSpeed: word / 10, speed, direction, time, layout };
}

export function writeLocationBasic(
  w: Writer,
  loc: GnssFixBase & { altitude?: number; recorderSpeed?: number },
  layout: LocationLayout,
): void {
  w.u32(loc.alarm, 'alarm');
  w.u32(loc.status, 'status');
  w.u32(coordRaw(loc.latitude, 'latitude'), 'latitude');
  w.u32(coordRaw(loc.longitude, 'longitude'), 'longitude');
  if (layout === 'jt808') w.u16(loc.altitude ?? 0, 'altitude');
  else w.u16(toTenths(loc.recorderSpeed ?? 0, 'recorderSpeed'), 'recorderSpeed');
  w.u16(toTenths(loc.speed, 'speed'), 'speed');
  w.u16(loc.direction, 'direction');
  writeBcdDateTime(w, loc.time, 'time');
}

/** GNSS28 of the 驾培 messages (always the `jiapei` layout, no `layout` tag). */
export function readJiapeiGnss(r: Reader): JiapeiGnss {
  const alarm = r.u32('alarm');
  const status = r.u32('status');
  return {
    alarm,
    status,
    latitude: coord(r.u32('latitude'), (status & SOUTH) !== 0),
    longitude: coord(r.u32('longitude'), (status & WEST) !== 0),
    recorderSpeed: r.u16('recorderSpeed') / 10,
    speed: r.u16('speed') / 10,
    direction: r.u16('direction'),
    time: readBcdDateTime(r, 'time'),
  };
}

export function writeJiapeiGnss(w: Writer, g: JiapeiGnss): void {
  writeLocationBasic(w, g, 'jiapei');
}

export function readJiapeiGnss38(r: Reader): JiapeiGnss38 {
  const g = readJiapeiGnss(r) as JiapeiGnss38;
  const { extras, tail } = readExtrasFixed(r, 10, 'GNSS38 items');
  g.extras = extras;
  if (tail) g.extrasTail = tail;
  return g;
}

export function writeJiapeiGnss38(w: Writer, g: JiapeiGnss38): void {
  writeJiapeiGnss(w, g);
  const at = w.pos;
  writeExtras(w, g.extras, g.extrasTail);
  if (w.pos - at !== 10) throw new EncodeError(`GNSS38: additional items take ${w.pos - at} bytes, not 10`);
}
