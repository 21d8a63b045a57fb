import { ESC, FLAG } from './escape.ts';

/** One thing the splitter found in the byte stream, in stream order. */
export type SplitEvent =
  /** A complete frame as it was on the wire: 0x7e, escaped content, 0x7e. */
  | { type: 'frame'; frame: Uint8Array }
  /**
   * Bytes thrown away: `garbage` outside any frame, or a delimited candidate that could not be a
   * frame (`bad_checksum`, `bad_escape`, `bad_length` when no header variant explains its length;
   * `garbage` when too short to be one), or an over-long run (`too_long`).
   */
  | { type: 'dropped'; reason: DropReason; bytes: number };

export type DropReason = 'garbage' | 'bad_checksum' | 'bad_escape' | 'bad_length' | 'too_long';

export type FrameSplitterOptions = {
  /** Longest escaped frame accepted, flags included. Default 4096 (a 1023-byte body fully escaped is ~2.1 KB). */
  maxFrameBytes?: number;
  /**
   * Check escape, XOR check code and header length sanity while scanning (default true). A candidate
   * that fails is dropped and its closing 0x7e is re-used as the opening flag of the next frame, which
   * is what lets the splitter resynchronise after garbage that itself contains 0x7e.
   */
  verify?: boolean;
  /** Shortest unescaped content accepted: a 2013 header (12) + check code. Default 13. */
  minFrameBytes?: number;
};

export type FrameSplitter = {
  /** Feed the next chunk read from the socket; returns what it completed, in order. */
  push(chunk: Uint8Array): SplitEvent[];
  /** Bytes held for an incomplete frame (for back-pressure and idle-timeout decisions). */
  readonly buffered: number;
  /** Forget any partial frame, e.g. after the connection was reset. */
  reset(): void;
};

/**
 * Stream splitter for JT/T 808 links (JT/T 808-2013 §4.4.1: every frame starts and ends with 0x7e).
 *
 * Handles sticky packets (many frames in one read), half packets (one frame across many reads),
 * back-to-back flags (`7e…7e7e…7e`) and one flag shared by two frames (`7e…7e…7e`), garbage between
 * frames, and a check code that is itself escaped
 * (it never looks for the check code at a fixed offset: escaping is undone incrementally while the
 * running XOR is kept). State is a small object; no I/O, no timers.
 */
export function createFrameSplitter(options: FrameSplitterOptions = {}): FrameSplitter {
  const maxFrameBytes = options.maxFrameBytes ?? 4096;
  const verify = options.verify ?? true;
  const minFrameBytes = options.minFrameBytes ?? 13;

  let buf = new Uint8Array(256);
  let len = 0; // escaped bytes buffered, opening flag included
  let inside = false;
  let garbage = 0; // bytes skipped outside a frame, reported when the next flag is seen
  let overflow = false; // current frame exceeded maxFrameBytes: skip to its end
  let overflowBytes = 0;
  // Incremental validation of the current candidate.
  let xor = 0;
  let unescaped = 0;
  let pendingEsc = false;
  let badEscape = false;
  const head = new Uint8Array(5); // first unescaped bytes: enough for every variant's attributes

  const startFrame = (): void => {
    len = 0;
    append(FLAG);
    inside = true;
    overflow = false;
    xor = 0;
    unescaped = 0;
    pendingEsc = false;
    badEscape = false;
  };

  const append = (b: number): void => {
    if (len === buf.length) {
      const next = new Uint8Array(Math.min(buf.length * 2, maxFrameBytes + 1));
      next.set(buf);
      buf = next;
    }
    buf[len++] = b;
  };

  const addContent = (b: number): void => {
    let value = b;
    if (pendingEsc) {
      pendingEsc = false;
      if (b === 0x01) value = ESC;
      else if (b === 0x02) value = FLAG;
      else badEscape = true;
    } else if (b === ESC) {
      pendingEsc = true;
      return;
    }
    xor ^= value;
    if (unescaped < 5) head[unescaped] = value;
    unescaped++;
  };

  /** Does some header variant (2013 @2/12, 2019 @2/17, 驾培 @3/16) explain `unescaped` bytes? */
  const lengthFits = (): boolean => {
    const fits = (at: number, size: number): boolean => {
      const attrs = (head[at]! << 8) | head[at + 1]!;
      return size + (attrs & 0x2000 ? 4 : 0) + (attrs & 0x3ff) + 1 === unescaped;
    };
    return fits(2, 12) || fits(2, 17) || fits(3, 16);
  };

  return {
    get buffered() {
      return inside && !overflow && len > 1 ? len : 0;
    },
    reset() {
      inside = false;
      len = 0;
      garbage = 0;
      overflow = false;
    },
    push(chunk) {
      const events: SplitEvent[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (!inside) {
          if (b === FLAG) {
            if (garbage > 0) events.push({ type: 'dropped', reason: 'garbage', bytes: garbage });
            garbage = 0;
            startFrame();
          } else {
            garbage++;
          }
          continue;
        }
        if (b !== FLAG) {
          if (overflow) {
            overflowBytes++;
            continue;
          }
          if (len >= maxFrameBytes - 1) {
            // Too long to be a frame: release the buffer and skip to the next flag.
            overflow = true;
            overflowBytes = len + 1;
            len = 0;
            continue;
          }
          append(b);
          if (verify) addContent(b);
          continue;
        }
        // A flag while inside a frame.
        if (overflow) {
          // The over-long run ends here; this flag may open the next frame.
          events.push({ type: 'dropped', reason: 'too_long', bytes: overflowBytes });
          startFrame();
          continue;
        }
        if (len === 1) continue; // 7e7e: the first was a closing flag we missed, or padding
        append(FLAG);
        let reason: DropReason | null = null;
        if (verify) {
          // Content = header + body + check code; XOR over all of it is 0 when the code matches.
          if (badEscape || pendingEsc) reason = 'bad_escape';
          else if (unescaped < minFrameBytes) reason = 'garbage';
          else if (xor !== 0) reason = 'bad_checksum';
          else if (!lengthFits()) reason = 'bad_length';
        }
        if (reason === null) {
          events.push({ type: 'frame', frame: buf.slice(0, len) });
        } else {
          // Not a frame: garbage between frames, or a damaged one. We may have been out of step.
          events.push({ type: 'dropped', reason, bytes: len - 2 }); // content between the flags
        }
        // Either way this flag may also open the next frame (devices that share one flag between
        // frames); bytes up to the next flag that fail the checks are reported, never delivered.
        startFrame();
      }
      return events;
    },
  };
}
