import { describe, expect, it } from 'vitest';
import {
  createFrameSplitter,
  decode,
  encode,
  escapeFrame,
  parseFrame,
  unescape,
  xorChecksum,
  type CodecOptions,
  type DecodeFailureReason,
  type DecodeResult,
} from '../src/index.ts';
import { fixture, fixtureNames, hex, prng } from './helpers.ts';

/*
 * Property: decode is total. For random bytes and for thousands of mutations of the conformance
 * fixtures it returns a result, never throws, never hits the internal catch-all, and every accepted
 * frame re-encodes to exactly the same bytes (text fields included: invalid GBK is escaped).
 */

const REASONS: DecodeFailureReason[] = [
  'bad_frame',
  'bad_escape',
  'bad_checksum',
  'truncated',
  'bad_header',
  'body_length_mismatch',
  'body_too_long',
  'encrypted',
  'unknown_message',
  'bad_body',
  'bad_signature',
];

const OPTION_SETS: CodecOptions[] = [
  {},
  { header: '2013' },
  { header: '2019', headerFallback: false },
  { header: 'jiapei' },
  { jiapei: { dataLength: 'word', photoInitOrder: 'channel-mode' } },
  { layouts: { location: 'jiapei', register: 'jiapei', authentication: 'jiapei', multimedia: '2011' } },
];

/** Decode and check the result's shape. Plain checks (not `expect`) keep 35 000 calls fast. */
function checkTotal(frame: Uint8Array, options: CodecOptions): DecodeResult {
  let result: DecodeResult;
  try {
    result = decode(frame, options);
  } catch (e) {
    throw new Error(`decode threw on ${hex(frame)}: ${String(e)}`);
  }
  if (!result.ok && (!REASONS.includes(result.reason) || (result.detail ?? '').startsWith('internal'))) {
    throw new Error(`bad failure on ${hex(frame)}: ${JSON.stringify(result)}`);
  }
  return result;
}

/** Re-frame mutated content with a correct check code, optionally fixing the length bits. */
function reframe(content: Uint8Array, fixLength: boolean, rand: () => number): Uint8Array {
  const c = content.slice();
  if (fixLength && c.length >= 17) {
    const variants = [
      { attrs: 2, size: 12 },
      { attrs: 2, size: 17 },
      { attrs: 3, size: 16 },
    ];
    const v = variants[Math.floor(rand() * 3)]!;
    const attrs = (c[v.attrs]! << 8) | c[v.attrs + 1]!;
    const hlen = v.size + (attrs & 0x2000 ? 4 : 0);
    const body = Math.max(0, c.length - hlen) & 0x3ff;
    const next = (attrs & ~0x3ff) | body;
    c[v.attrs] = next >> 8;
    c[v.attrs + 1] = next & 0xff;
  }
  return escapeFrame(Uint8Array.of(...c, xorChecksum(c)));
}

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const a = [...bytes];
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (a.length + 1));
    switch (Math.floor(rand() * 6)) {
      case 0:
        if (a.length) a[at % a.length] = Math.floor(rand() * 256);
        break;
      case 1:
        if (a.length) a[at % a.length]! ^= 1 << Math.floor(rand() * 8);
        break;
      case 2:
        a.splice(at, 0, Math.floor(rand() * 256));
        break;
      case 3:
        a.splice(at, 1 + Math.floor(rand() * 8));
        break;
      case 4:
        a.length = Math.floor(rand() * a.length);
        break;
      default:
        a.splice(at, 0, ...a.slice(0, Math.floor(rand() * 30)));
    }
  }
  return Uint8Array.from(a);
}

const contents = fixtureNames().map((name) => {
  const f = fixture(name);
  const u = unescape(f.subarray(1, -1));
  if (!u.ok) throw new Error(name);
  return u.bytes.slice(0, -1); // without the check code
});

describe('decode never throws', () => {
  it('on 5 000 random byte strings', () => {
    const rand = prng(808);
    for (let i = 0; i < 5000; i++) {
      const n = Math.floor(rand() * 80) + (rand() < 0.2 ? Math.floor(rand() * 1200) : 0);
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      const framed = rand() < 0.5 ? Uint8Array.of(0x7e, ...bytes, 0x7e) : bytes;
      checkTotal(framed, OPTION_SETS[i % OPTION_SETS.length]!);
    }
  });

  it('on 5 000 random frames with valid framing and check code', () => {
    const rand = prng(1302);
    for (let i = 0; i < 5000; i++) {
      const n = 12 + Math.floor(rand() * 120);
      const content = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      checkTotal(reframe(content, rand() < 0.8, rand), OPTION_SETS[i % OPTION_SETS.length]!);
    }
  });

  it('on 20 000 mutated conformance frames, and re-encodes what it accepts', () => {
    const rand = prng(2016);
    let accepted = 0;
    let exact = 0;
    for (let i = 0; i < 20_000; i++) {
      const content = contents[i % contents.length]!;
      const frame = reframe(mutate(content, rand), rand() < 0.9, rand);
      const options = OPTION_SETS[Math.floor(rand() * OPTION_SETS.length)]!;
      const r = checkTotal(frame, options);
      if (!r.ok) continue;
      accepted++;
      const input =
        r.body === null ? { header: r.header, fragment: r.fragment } : { header: r.header, body: r.body };
      let again: Uint8Array;
      try {
        again = encode(input as never, options);
      } catch (e) {
        throw new Error(`re-encoding ${hex(frame)} threw: ${String(e)}`);
      }
      if (hex(again) === hex(frame)) exact++;
      else if (process.env.JT808_FUZZ_REPORT) console.log('inexact', hex(frame), hex(again));
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(exact).toBe(accepted);
  });

  it('on the raw wire bytes of mutated frames (bad escapes, stray flags)', () => {
    const rand = prng(7);
    const frames = fixtureNames().map(fixture);
    for (let i = 0; i < 5000; i++) {
      checkTotal(mutate(frames[i % frames.length]!, rand), {});
      parseFrame(mutate(frames[i % frames.length]!, rand));
    }
  });

  it('splits a random stream of frames and noise into exactly the intact frames', () => {
    const rand = prng(42);
    const frames = fixtureNames().map(fixture);
    const stream: number[] = [];
    let intact = 0;
    for (let i = 0; i < 2000; i++) {
      if (rand() < 0.2) {
        stream.push(...Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 256)));
        stream.push(0x7e); // noise may end with a flag, leaving the splitter mid-"frame"
      }
      const f = frames[Math.floor(rand() * frames.length)]!;
      stream.push(...f);
      intact++;
    }
    const splitter = createFrameSplitter();
    const bytes = Uint8Array.from(stream);
    let found = 0;
    let at = 0;
    while (at < bytes.length) {
      const n = 1 + Math.floor(rand() * 700);
      for (const e of splitter.push(bytes.subarray(at, at + n))) {
        if (e.type === 'frame') {
          found++;
          expect(decode(e.frame).ok).toBe(true);
        }
      }
      at += n;
    }
    expect(found).toBe(intact);
  });
});
