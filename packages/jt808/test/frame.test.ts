import { describe, expect, it } from 'vitest';
import { decode, encodeFrame, escapeFrame, parseFrame, unescape, xorChecksum } from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

const b = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));

describe('escaping (JT/T 808-2013 §4.4.2)', () => {
  it('escapes 0x7e and 0x7d and wraps the frame in flags', () => {
    expect(hex(escapeFrame(b('30 7e 08 7d 55')))).toBe('7e307d02087d01557e');
  });

  it('returns the input itself when nothing is escaped', () => {
    const inner = b('010203');

    const r = unescape(inner);

    expect(r.ok && r.bytes).toBe(inner);
  });

  it('undoes every escape, including adjacent ones', () => {
    const r = unescape(b('7d027d017d017d02'));

    expect(r.ok && hex(r.bytes)).toBe('7e7d7d7e');
  });

  it('rejects 0x7d followed by anything but 01/02, and a trailing 0x7d', () => {
    expect(unescape(b('007d03'))).toMatchObject({ ok: false, reason: 'bad_escape' });
    expect(unescape(b('007d'))).toMatchObject({ ok: false, reason: 'bad_escape' });
  });

  it('rejects an unescaped 0x7e inside a frame as two glued frames', () => {
    expect(unescape(b('007e00'))).toMatchObject({ ok: false, reason: 'bad_frame' });
  });

  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);

    const framed = escapeFrame(all);
    const r = unescape(framed.subarray(1, -1));

    expect(r.ok && hex(r.bytes)).toBe(hex(all));
  });
});

describe('check code (JT/T 808-2013 §4.4.3)', () => {
  it('is the XOR of header and body', () => {
    expect(xorChecksum(b('0002 0000 013912345678 0001'))).toBe(0x33);
    expect(xorChecksum(b('ff0f'), 1)).toBe(0x0f);
  });

  it('is itself escaped when it equals 0x7e', () => {
    const frame = fixture('0x0200-location-report-escaped.hex');

    expect(hex(frame.subarray(-3))).toBe('7d027e');
    expect(decode(frame).ok).toBe(true);
  });
});

describe('parseFrame failure reasons', () => {
  const good = fixture('0x0001-terminal-general-reply.hex');

  it('accepts a frame with or without its flags', () => {
    expect(parseFrame(good).ok).toBe(true);
    expect(parseFrame(good.subarray(1, -1)).ok).toBe(true);
  });

  it('bad_frame: one flag only', () => {
    expect(parseFrame(good.subarray(0, -1))).toMatchObject({ ok: false, reason: 'bad_frame' });
    expect(parseFrame(good.subarray(1))).toMatchObject({ ok: false, reason: 'bad_frame' });
  });

  it('bad_checksum: one flipped bit', () => {
    const bad = good.slice();
    bad[bad.length - 3]! ^= 0x01;

    expect(parseFrame(bad)).toMatchObject({ ok: false, reason: 'bad_checksum' });
  });

  it('bad_escape', () => {
    expect(parseFrame(b('7e 0002 0000 7d05 3912345678 0001 00 7e'))).toMatchObject({
      ok: false,
      reason: 'bad_escape',
    });
  });

  it('truncated: shorter than any header', () => {
    expect(parseFrame(b('7e 0002 0000 01 03 7e'))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseFrame(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseFrame(b('7e7e'))).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('body_length_mismatch: attributes disagree with the frame, header still reported', () => {
    // 0x0001 claiming 6 body bytes but carrying 5.
    const raw = b('0001 0006 013912345678 0002 0010 8103 00');
    const frame = escapeFrame(Uint8Array.of(...raw, xorChecksum(raw)));

    const r = parseFrame(frame);

    expect(r).toMatchObject({ ok: false, reason: 'body_length_mismatch', header: { msgId: 1, serial: 2 } });
  });

  it('body_too_long: above the configured maximum', () => {
    expect(parseFrame(good, { maxBodyLength: 4 })).toMatchObject({
      ok: false,
      reason: 'body_too_long',
      header: { msgId: 1 },
    });
  });

  it('unknown_message keeps the header so the gateway can answer 0x8001 result 3', () => {
    const r = decode(encodeFrame({ msgId: 0x0f0f, phone: '13912345678', serial: 7 }, Uint8Array.of(1, 2, 3)));

    expect(r).toMatchObject({ ok: false, reason: 'unknown_message', header: { msgId: 0x0f0f, serial: 7 } });
  });

  it('encrypted: bits 10–12 set', () => {
    const r = decode(encodeFrame({ msgId: 0x0200, phone: '1', encryption: 1 }, new Uint8Array(28)));

    expect(r).toMatchObject({ ok: false, reason: 'encrypted', header: { encrypted: true, encryption: 1 } });
  });

  it('bad_header: packet index outside 1..total', () => {
    const r = decode(
      encodeFrame({ msgId: 0x0200, phone: '1', packet: { total: 2, index: 3 } }, new Uint8Array(4)),
    );

    expect(r).toMatchObject({ ok: false, reason: 'bad_header' });
  });

  it('truncated body fields name the field', () => {
    const r = decode(encodeFrame({ msgId: 0x0001, phone: '1' }, Uint8Array.of(0, 1, 2)));

    expect(r).toMatchObject({ ok: false, reason: 'truncated' });
    expect(r.ok === false && r.detail).toContain('replyId');
  });
});
