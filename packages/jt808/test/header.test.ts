import { describe, expect, it } from 'vitest';
import {
  decode,
  detectVariant,
  encode,
  encodeFrame,
  escapeFrame,
  isKnownMessage,
  parseFrame,
  xorChecksum,
} from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

const b = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));
function frameOf(raw: string): Uint8Array {
  const bytes = b(raw);
  return escapeFrame(Uint8Array.of(...bytes, xorChecksum(bytes)));
}

describe('header variants', () => {
  it('detects 2013, 2019 and 驾培 headers by length sanity', () => {
    expect(decode(fixture('0x0001-terminal-general-reply.hex'))).toMatchObject({
      ok: true,
      header: { version: '2013', phone: '013912345678' },
    });
    expect(decode(fixture('0x0002-heartbeat-2019.hex'))).toMatchObject({
      ok: true,
      header: { version: '2019', phone: '00000000013912345678', protocolVersion: 1, attrFlags: 1 },
    });
    expect(decode(fixture('0x8001-platform-general-reply-jiapei.hex'))).toMatchObject({
      ok: true,
      header: { version: 'jiapei', msgId: 0x8001, phone: '0000013912345678', serial: 3, reserved: 0 },
    });
  });

  it('reads the sub-packet items of each variant', () => {
    for (const version of ['2013', '2019', 'jiapei'] as const) {
      const frame = encodeFrame(
        { msgId: 0x0801, phone: '13912345678', version, packet: { total: 3, index: 2 }, serial: 9 },
        Uint8Array.of(1, 2),
      );

      const r = decode(frame);

      expect(r).toMatchObject({
        ok: true,
        header: { version, packet: { total: 3, index: 2 } },
        body: null,
        fragment: Uint8Array.of(1, 2),
      });
    }
  });

  it('follows a configured variant and ignores the others while it fits', () => {
    const frame = fixture('0x0001-terminal-general-reply.hex');

    expect(decode(frame, { header: '2013' })).toMatchObject({ ok: true, header: { version: '2013' } });
  });

  it('falls back when a 2013-layout frame sets the 2019 version flag', () => {
    // 2013 layout (12-byte header) with attribute bit 14 set: a device bug seen in the field.
    const frame = frameOf('0001 4005 013912345678 0002 0010 8103 00');

    const auto = decode(frame);
    const configured2019 = decode(frame, { header: '2019' });
    const strict = decode(frame, { header: '2019', headerFallback: false });

    expect(auto).toMatchObject({
      ok: true,
      header: { version: '2013', attrFlags: 1 },
      body: { replyId: 0x8103 },
    });
    expect(configured2019).toMatchObject({ ok: true, header: { version: '2013' } });
    expect(strict).toMatchObject({ ok: false, reason: 'body_length_mismatch' });
    expect(auto.ok && hex(encode({ header: auto.header, body: auto.body } as never))).toBe(hex(frame));
  });

  it('falls back when a 2019-layout frame lacks the version flag', () => {
    const frame = frameOf('0001 0005 01 00000000013912345678 0002 0010 8103 00');

    const r = decode(frame, { header: '2013' });

    expect(r).toMatchObject({
      ok: true,
      header: { version: '2019', attrFlags: 0, phone: '00000000013912345678' },
    });
    expect(r.ok && hex(encode({ header: r.header, body: r.body } as never))).toBe(hex(frame));
  });

  it('prefers the layout whose message id is known when two variants fit', () => {
    // Craft bytes that both the 2013 and the 驾培 layout explain: 2013 reads id 0x0002 (known), 驾培 reads 0x0200.
    const raw = b('0002 0000 0000 0000 0000 0000');
    expect(detectVariant(raw, raw.length, 'auto', true, isKnownMessage)).toBe('2013');
  });

  it('reports body_length_mismatch when no variant explains the frame', () => {
    const r = parseFrame(frameOf('0001 0009 013912345678 0002 0010 8103 00'));

    expect(r).toMatchObject({
      ok: false,
      reason: 'body_length_mismatch',
      header: { msgId: 1, version: '2013' },
    });
  });

  it('keeps non-decimal BCD phone nibbles (0xF padding) exactly', () => {
    const frame = frameOf('0002 0000 f13912345678 0001');

    const r = decode(frame);

    expect(r).toMatchObject({ ok: true, header: { phone: 'f13912345678' } });
    expect(r.ok && hex(encode({ header: r.header, body: {} } as never))).toBe(hex(frame));
  });

  it('pads phones on encode and rejects ones that do not fit', () => {
    expect(() => encode({ header: { msgId: 2, phone: '1234567890123' }, body: {} })).toThrow(/digits/);
    expect(decode(encode({ header: { msgId: 2, phone: '1', version: 'jiapei' }, body: {} }))).toMatchObject({
      header: { phone: '0000000000000001' },
    });
  });
});
