import { DecodeError } from '../errors.ts';

/**
 * Bounds-checked big-endian cursor over a body (JT/T 808-2013 §4.2: all multi-byte values are
 * network byte order). Running past `end` raises an internal {@link DecodeError} `truncated`, which
 * the public decoders turn into a result.
 */
export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;

  // No DataView: shifts on the byte array are as fast and save an allocation per message.
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, field: string): number {
    const at = this.pos;
    if (at + n > this.end) {
      throw new DecodeError(
        'truncated',
        `${field}: need ${n} byte(s) at offset ${at}, have ${this.end - at}`,
      );
    }
    this.pos = at + n;
    return at;
  }

  u8(field = 'BYTE'): number {
    return this.bytes[this.need(1, field)]!;
  }

  u16(field = 'WORD'): number {
    const at = this.need(2, field);
    const b = this.bytes;
    return (b[at]! << 8) | b[at + 1]!;
  }

  u32(field = 'DWORD'): number {
    const at = this.need(4, field);
    const b = this.bytes;
    return b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }

  /** Unsigned big-endian integer of `n` (1–4) bytes at `at`, without moving or checking. */
  peek(at: number, n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.bytes[at + i]!;
    return v;
  }

  /** A copy, so decoded messages never alias the caller's (possibly reused) socket buffer. */
  copy(n: number, field = 'BYTE[n]'): Uint8Array {
    const at = this.need(n, field);
    return this.bytes.slice(at, at + n);
  }

  /** Move past `n` bytes (bounds-checked) and return where they start. */
  skip(n: number, field = 'BYTE[n]'): number {
    return this.need(n, field);
  }

  /** A view without copying; for fields that are converted immediately (text, BCD). */
  take(n: number, field = 'BYTE[n]'): Uint8Array {
    const at = this.need(n, field);
    return this.bytes.subarray(at, at + n);
  }

  rest(): Uint8Array {
    return this.copy(this.remaining);
  }

  /** Fail with `bad_body` if bytes are left: every layout must account for the whole body. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      throw new DecodeError('bad_body', `${what}: ${this.end - this.pos} unexpected trailing byte(s)`);
    }
  }
}
