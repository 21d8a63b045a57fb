import { describe, expect, it } from 'vitest';
import { createFrameSplitter, decode, type SplitEvent } from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

const A = fixture('0x0001-terminal-general-reply.hex');
const B = fixture('0x0200-location-report-2013.hex');
const E = fixture('0x0200-location-report-escaped.hex'); // escaped body bytes and check code

function frames(events: SplitEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'frame' ? [hex(e.frame)] : []));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('frame splitter', () => {
  it('splits sticky packets (several frames in one read)', () => {
    const s = createFrameSplitter();

    expect(frames(s.push(concat(A, B, E)))).toEqual([hex(A), hex(B), hex(E)]);
  });

  it('joins a half packet delivered across many reads, one byte at a time', () => {
    const s = createFrameSplitter();
    const out: SplitEvent[] = [];

    for (const byte of concat(B, E)) out.push(...s.push(Uint8Array.of(byte)));

    expect(frames(out)).toEqual([hex(B), hex(E)]);
    expect(s.buffered).toBe(0);
  });

  it('reports buffered bytes of an incomplete frame', () => {
    const s = createFrameSplitter();

    s.push(B.subarray(0, 10));

    expect(s.buffered).toBe(10);
  });

  it('skips garbage before and between frames and reports it', () => {
    const s = createFrameSplitter();

    const events = s.push(concat(Uint8Array.of(1, 2, 3), A, Uint8Array.of(9, 9), B));

    expect(frames(events)).toEqual([hex(A), hex(B)]);
    expect(events.filter((e) => e.type === 'dropped')).toEqual([
      { type: 'dropped', reason: 'garbage', bytes: 3 },
      { type: 'dropped', reason: 'garbage', bytes: 2 },
    ]);
  });

  it('resynchronises after garbage that contains a single 0x7e', () => {
    const s = createFrameSplitter();

    const events = s.push(concat(A, Uint8Array.of(0x11, 0x7e, 0x22), B));

    expect(frames(events)).toEqual([hex(A), hex(B)]);
  });

  it('handles shared and doubled flags (7e…7e7e…7e)', () => {
    const s = createFrameSplitter();
    const shared = concat(A, B.subarray(1)); // B's opening flag is A's closing one

    expect(frames(s.push(shared))).toEqual([hex(A), hex(B)]);
    expect(frames(createFrameSplitter().push(concat(Uint8Array.of(0x7e, 0x7e), A)))).toEqual([hex(A)]);
  });

  it('drops a frame with a bad check code and still delivers the next one', () => {
    const bad = A.slice();
    bad[5]! ^= 0xff;
    const s = createFrameSplitter();

    const events = s.push(concat(bad, B));

    expect(frames(events)).toEqual([hex(B)]);
    expect(events[0]).toMatchObject({ type: 'dropped', reason: 'bad_checksum' });
  });

  it('drops a bad escape sequence', () => {
    const s = createFrameSplitter();

    const events = s.push(
      concat(Uint8Array.of(0x7e, 0, 2, 0x7d, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7e), A),
    );

    expect(events[0]).toMatchObject({ type: 'dropped', reason: 'bad_escape' });
    expect(frames(events)).toEqual([hex(A)]);
  });

  it('passes everything through when verification is off (decode then reports the reason)', () => {
    const bad = A.slice();
    bad[5]! ^= 0xff;
    const s = createFrameSplitter({ verify: false });

    const [event] = s.push(bad);

    expect(event?.type === 'frame' && decode(event.frame)).toMatchObject({
      ok: false,
      reason: 'bad_checksum',
    });
  });

  it('drops runs longer than maxFrameBytes without holding them, then recovers', () => {
    const s = createFrameSplitter({ maxFrameBytes: 64 });
    const long = concat(Uint8Array.of(0x7e), new Uint8Array(500).fill(1));

    s.push(long);
    expect(s.buffered).toBe(0);
    const events = s.push(concat(Uint8Array.of(0x7e), A));

    expect(events[0]).toMatchObject({ type: 'dropped', reason: 'too_long', bytes: 501 });
    expect(frames(events)).toEqual([hex(A)]);
  });

  it('splits a stream cut at every possible point identically', () => {
    const stream = concat(A, Uint8Array.of(5), B, E, A);
    const expected = frames(createFrameSplitter().push(stream));

    for (let cut = 0; cut <= stream.length; cut++) {
      const s = createFrameSplitter();
      const got = [...s.push(stream.subarray(0, cut)), ...s.push(stream.subarray(cut))];
      expect(frames(got)).toEqual(expected);
    }
  });
});
