import { DecodeError, EncodeError } from '../errors.ts';
import type { Reader } from '../io/reader.ts';
import type { Writer } from '../io/writer.ts';

/**
 * 计时终端应用参数 (REFERENCE §1.8 表B.56 / 表B.60), in wire order. Items 1–7 are the numbered
 * parameters that 0x8501 can set one at a time; the last three follow in the full block.
 */
export type AppParams = {
  /** 1 定时拍照时间间隔, BYTE, min from trainee login (default 15). */
  photoIntervalMin: number;
  /** 2 照片上传设置, BYTE: 0 不自动请求上传, 1 自动请求上传. */
  photoUpload: number;
  /** 3 是否报读附加消息, BYTE: 1 自动报读, 2 不报读. */
  readAloud: number;
  /** 4 熄火后停止学时计时的延时时间, BYTE, min. */
  stopDelayMin: number;
  /** 5 熄火后GNSS数据包上传间隔, WORD, s; 0 = none (default 3600). */
  gnssIntervalSec: number;
  /** 6 熄火后教练自动登出的延时时间, WORD, min (default 150). */
  coachLogoutDelayMin: number;
  /** 7 重新验证身份时间, WORD, min (default 30). */
  reverifyMin: number;
  /** 教练跨校教学, BYTE: 1 允许, 2 禁止. */
  coachCrossSchool: number;
  /** 学员跨校学习, BYTE: 1 允许, 2 禁止. */
  traineeCrossSchool: number;
  /** 响应平台同类消息时间间隔, WORD, s. */
  sameMessageIntervalSec: number;
};

const ITEMS: [keyof AppParams, 1 | 2][] = [
  ['photoIntervalMin', 1],
  ['photoUpload', 1],
  ['readAloud', 1],
  ['stopDelayMin', 1],
  ['gnssIntervalSec', 2],
  ['coachLogoutDelayMin', 2],
  ['reverifyMin', 2],
  ['coachCrossSchool', 1],
  ['traineeCrossSchool', 1],
  ['sameMessageIntervalSec', 2],
];

/** The numbered item `n` (1–7) as its key and width. */
export function appParamItem(n: number): [keyof AppParams, 1 | 2] | undefined {
  return n >= 1 && n <= 7 ? ITEMS[n - 1] : undefined;
}

function readItem(r: Reader, key: keyof AppParams, width: 1 | 2): number {
  return width === 1 ? r.u8(key) : r.u16(key);
}

/**
 * Read items in wire order until the reader ends. A full block has all ten; terminals built to an
 * older table stop earlier — the remaining bytes must end exactly on an item boundary.
 */
export function readAppParams(r: Reader): Partial<AppParams> {
  const out: Partial<AppParams> = {};
  for (const [key, width] of ITEMS) {
    if (r.remaining === 0) break;
    if (r.remaining < width) throw new DecodeError('bad_body', `application parameters end inside ${key}`);
    out[key] = readItem(r, key, width);
  }
  r.expectEnd('application parameters');
  return out;
}

/** Write a prefix of the items (every key up to the last one given must be present). */
export function writeAppParams(w: Writer, p: Partial<AppParams>): void {
  const last = ITEMS.reduce((n, [key], i) => (p[key] !== undefined ? i : n), -1);
  for (let i = 0; i <= last; i++) {
    const [key, width] = ITEMS[i]!;
    const v = p[key];
    if (v === undefined) throw new EncodeError(`application parameters: ${key} missing before later items`);
    if (width === 1) w.u8(v, key);
    else w.u16(v, key);
  }
}

export function readOneAppParam(r: Reader, n: number): Partial<AppParams> {
  const [key, width] = appParamItem(n)!;
  return { [key]: readItem(r, key, width) };
}
