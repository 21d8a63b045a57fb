/**
 * JT/T 808-2013 §4.4.2 (转义): inside a frame 0x7e is sent as 0x7d 0x02 and 0x7d as 0x7d 0x01. The
 * escape is applied after the check code is computed, so the check code itself may be escaped.
 */
export const FLAG = 0x7e;
export const ESC = 0x7d;

export type UnescapeResult =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: 'bad_escape' | 'bad_frame'; detail: string };

/**
 * Undo the escaping of the bytes between the two 0x7e flags. A frame without any 0x7d is returned as
 * a view (no copy) — the common case on real links.
 */
export function unescape(inner: Uint8Array): UnescapeResult {
  let escapes = 0;
  for (let i = 0; i < inner.length; i++) {
    const b = inner[i]!;
    if (b === ESC) {
      const next = inner[i + 1];
      if (next !== 0x01 && next !== 0x02) {
        return {
          ok: false,
          reason: 'bad_escape',
          detail:
            next === undefined
              ? `0x7d at the end of the frame`
              : `0x7d followed by 0x${next.toString(16).padStart(2, '0')} at offset ${i}`,
        };
      }
      escapes++;
      i++;
    } else if (b === FLAG) {
      return { ok: false, reason: 'bad_frame', detail: `unescaped 0x7e at offset ${i} (frames not split)` };
    }
  }
  if (escapes === 0) return { ok: true, bytes: inner };
  const out = new Uint8Array(inner.length - escapes);
  let o = 0;
  for (let i = 0; i < inner.length; i++) {
    const b = inner[i]!;
    if (b === ESC) {
      out[o++] = inner[++i] === 0x01 ? ESC : FLAG;
    } else {
      out[o++] = b;
    }
  }
  return { ok: true, bytes: out };
}

/**
 * Escape `raw[0…length)` (header + body + check code) and wrap it in 0x7e flags: a frame ready to
 * send. The result is the only allocation.
 */
export function escapeFrame(raw: Uint8Array, length = raw.length): Uint8Array {
  let escapes = 0;
  for (let i = 0; i < length; i++) {
    const b = raw[i]!;
    if (b === FLAG || b === ESC) escapes++;
  }
  const out = new Uint8Array(length + escapes + 2);
  out[0] = FLAG;
  let o = 1;
  if (escapes === 0) {
    if (length > 64) {
      out.set(raw.subarray(0, length), 1); // memcpy beats the loop once the view is paid for
    } else {
      for (let i = 0; i < length; i++) out[o + i] = raw[i]!;
    }
    o += length;
  } else {
    for (let i = 0; i < length; i++) {
      const b = raw[i]!;
      if (b === FLAG) {
        out[o++] = ESC;
        out[o++] = 0x02;
      } else if (b === ESC) {
        out[o++] = ESC;
        out[o++] = 0x01;
      } else {
        out[o++] = b;
      }
    }
  }
  out[o] = FLAG;
  return out;
}

/**
 * Append the check code to `buf[0…length)` (header + body) and escape: the whole tail of encoding in
 * one counting pass plus the copy. `buf` must have room for one more byte.
 */
export function sealFrame(buf: Uint8Array, length: number): Uint8Array {
  let x = 0;
  for (let i = 0; i < length; i++) x ^= buf[i]!;
  buf[length] = x;
  return escapeFrame(buf, length + 1);
}
