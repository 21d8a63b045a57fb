import { encode, encodeFrame, type HeaderVariant } from '@jiapei/jt808';
import type { Rng } from './rng.ts';

/**
 * Deliberately broken writes for the `malformed` profile: each class of the "bad input" list
 * that a terminal can produce. Everything else the car sends stays valid, so a gateway that handles
 * these must keep the car's good data.
 */
export const MALFORMED_CLASSES = [
  /** A valid frame with one content byte changed: the XOR check code no longer matches. */
  'bad_checksum',
  /** 0x7d followed by 0x03 inside a frame (only 0x7d 0x01 / 0x7d 0x02 exist). */
  'bad_escape',
  /** The first half of a frame, then the next frame starts without a closing flag. */
  'truncated',
  /** Bytes between frames (sometimes containing a stray 0x7e). */
  'garbage',
  /** A well-formed frame with a message id no standard defines (0x0f0f). */
  'unknown_id',
  /** A 0x7e-delimited run of 5,000 bytes, longer than any legal frame (body ≤ 1023, escaped ≤ ~2.1 KB). */
  'oversize',
  /** A valid frame written in several pieces with pauses between them. */
  'split_write',
  /** A valid heartbeat whose header phone is not this terminal's. */
  'phone_mismatch',
] as const;

export type MalformedClass = (typeof MALFORMED_CLASSES)[number];

export type MalformedContext = { phone: string; version: HeaderVariant; serial: number };

/** One write of `kind`: the byte chunks to write in order (more than one only for `split_write`). */
export function malformedWrite(kind: MalformedClass, ctx: MalformedContext, rng: Rng): Uint8Array[] {
  const heartbeat = (): Uint8Array =>
    encode({
      header: { msgId: 0x0002, phone: ctx.phone, serial: ctx.serial, version: ctx.version },
      body: {},
    });
  switch (kind) {
    case 'bad_checksum': {
      const f = heartbeat().slice();
      // Byte 1 is the first header byte (id high byte, or the 驾培 protocol version): flipping its low
      // bit never creates 0x7d/0x7e from the small values found there.
      f[1] = f[1]! ^ 0x01;
      return [f];
    }
    case 'bad_escape': {
      const f = heartbeat();
      const at = 4;
      const out = new Uint8Array(f.length + 2);
      out.set(f.subarray(0, at));
      out[at] = 0x7d;
      out[at + 1] = 0x03;
      out.set(f.subarray(at), at + 2);
      return [out];
    }
    case 'truncated': {
      const f = heartbeat();
      return [f.slice(0, Math.max(2, Math.floor(f.length / 2)))];
    }
    case 'garbage': {
      const n = rng.int(5, 40);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let b = rng.int(0, 255);
        if (b === 0x7e || b === 0x7d) b = 0x55;
        out[i] = b;
      }
      if (rng.chance(0.3)) out[rng.int(0, n - 1)] = 0x7e;
      return [out];
    }
    case 'unknown_id':
      return [
        encodeFrame(
          { msgId: 0x0f0f, phone: ctx.phone, serial: ctx.serial, version: ctx.version },
          Uint8Array.of(1, 2, 3, 4),
        ),
      ];
    case 'oversize': {
      const out = new Uint8Array(5002);
      out[0] = 0x7e;
      for (let i = 1; i < 5001; i++) out[i] = 0x30 + (i % 10);
      out[5001] = 0x7e;
      return [out];
    }
    case 'split_write': {
      const f = heartbeat();
      const pieces: Uint8Array[] = [];
      let at = 0;
      while (at < f.length) {
        const n = Math.min(f.length - at, rng.int(1, 6));
        pieces.push(f.slice(at, at + n));
        at += n;
      }
      return pieces;
    }
    case 'phone_mismatch': {
      const other = ctx.phone.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      return [
        encode({
          header: { msgId: 0x0002, phone: other, serial: ctx.serial, version: ctx.version },
          body: {},
        }),
      ];
    }
  }
}
