import { EncodeError } from '../errors.ts';
import { fromHex } from './hex.ts';

/** Growable big-endian byte sink with range-checked integer writes (no DataView: one allocation less). */
export class Writer {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number, field = 'BYTE'): void {
    checkUint(v, 0xff, field);
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number, field = 'WORD'): void {
    checkUint(v, 0xffff, field);
    this.ensure(2);
    this.setU16(this.pos, v);
    this.pos += 2;
  }

  u32(v: number, field = 'DWORD'): void {
    checkUint(v, 0xffffffff, field);
    this.ensure(4);
    this.setU32(this.pos, v);
    this.pos += 4;
  }

  /** Overwrite a WORD already reserved (lengths known only after the content). */
  setU16(at: number, v: number): void {
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  setU32(at: number, v: number): void {
    this.buf[at] = v >>> 24;
    this.buf[at + 1] = (v >>> 16) & 0xff;
    this.buf[at + 2] = (v >>> 8) & 0xff;
    this.buf[at + 3] = v & 0xff;
  }

  /**
   * Append the bytes spelled by hex text. Plain lower/upper-case hex is parsed in place; anything else
   * goes through {@link fromHex} (separators) or fails.
   */
  hex(text: string, field: string): void {
    const n = text.length;
    if (n % 2 === 0) {
      this.ensure(n / 2);
      let ok = true;
      for (let i = 0; i < n; i += 2) {
        const hi = nibble(text.charCodeAt(i));
        const lo = nibble(text.charCodeAt(i + 1));
        if (hi < 0 || lo < 0) {
          ok = false;
          break;
        }
        this.buf[this.pos + i / 2] = (hi << 4) | lo;
      }
      if (ok) {
        this.pos += n / 2;
        return;
      }
    }
    this.bytes(asBytes(text, field));
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Reserve `n` zero bytes and return their offset (for headers and lengths written afterwards). */
  skip(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.buf.fill(0, at, at + n);
    this.pos += n;
    return at;
  }

  /** The written bytes (a view into the buffer; copy if the writer is reused). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function checkUint(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new EncodeError(`${field}: ${String(v)} is not an integer in 0..${max}`);
  }
}

/**
 * Binary fields are `Uint8Array` in decoded messages and hex strings in JSON (the CLI). Encoders
 * accept both so that `jt808 encode` can take back what `jt808 decode` printed.
 */
export function asBytes(v: Uint8Array | string | undefined | null, field: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    const b = fromHex(v);
    if (b) return b;
  }
  throw new EncodeError(`${field}: expected bytes (Uint8Array or hex string)`);
}
