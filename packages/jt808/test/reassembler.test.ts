import { describe, expect, it } from 'vitest';
import {
  createReassembler,
  decode,
  decodeBody,
  encode,
  encodeMultiPacket,
  parseFrame,
  type DecodedFragment,
  type Header,
} from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

function fragmentOf(frame: Uint8Array): DecodedFragment {
  const r = decode(frame);
  if (!r.ok || r.body !== null) throw new Error(JSON.stringify(r));
  return r;
}

/** A 2 500-byte photo upload in 0x0801 cut into 1023-byte packets: 3 frames. */
function photoFrames(serial = 100): Uint8Array[] {
  return encodeMultiPacket({
    header: { msgId: 0x0801, phone: '13912345678', serial },
    body: {
      mediaId: 7,
      mediaType: 0,
      format: 0,
      event: 1,
      channel: 1,
      location: {
        layout: 'jt808',
        alarm: 0,
        status: 3,
        latitude: 36.6,
        longitude: 117.1,
        altitude: 50,
        speed: 0,
        direction: 0,
        time: '2024-03-01T08:30:00+08:00',
      },
      data: Uint8Array.from({ length: 2500 }, (_, i) => i % 251),
    },
  });
}

describe('multi-packet messages', () => {
  it('cuts a long body into consecutive packets (JT/T 808-2013 §4.4.3)', () => {
    const frames = photoFrames();

    expect(frames).toHaveLength(3);
    expect(frames.map((f) => fragmentOf(f).header)).toMatchObject([
      { serial: 100, packet: { total: 3, index: 1 }, bodyLength: 1023 },
      { serial: 101, packet: { total: 3, index: 2 }, bodyLength: 1023 },
      { serial: 102, packet: { total: 3, index: 3 } },
    ]);
  });

  it('reassembles the hand-built two-packet 0x0200 fixture into the single-frame message', () => {
    const r = createReassembler();
    const p1 = fragmentOf(fixture('0x0200-packet-1-of-2.hex'));
    const p2 = fragmentOf(fixture('0x0200-packet-2-of-2.hex'));

    expect(r.push(p1.header, p1.fragment, 0)).toEqual({ status: 'pending', received: 1, total: 2 });
    const done = r.push(p2.header, p2.fragment, 10);

    const single = parseFrame(fixture('0x0200-location-report-2013.hex'));
    expect(done.status).toBe('complete');
    if (done.status !== 'complete' || !single.ok) return;
    expect(hex(done.body)).toBe(hex(single.body));
    expect(decodeBody(done.header, done.body)).toMatchObject({
      ok: true,
      body: { latitude: 36.651234, extras: { '0x31': { value: 12 } } },
    });
  });

  it('reassembles packets arriving out of order', () => {
    const r = createReassembler();
    const [a, b, c] = photoFrames().map(fragmentOf);

    r.push(c!.header, c!.fragment, 0);
    r.push(a!.header, a!.fragment, 1);
    const done = r.push(b!.header, b!.fragment, 2);

    expect(done.status).toBe('complete');
    if (done.status !== 'complete') return;
    const msg = decodeBody(done.header, done.body);
    expect(msg.ok && (msg.body as { data: Uint8Array }).data).toEqual(
      Uint8Array.from({ length: 2500 }, (_, i) => i % 251),
    );
    expect(r.pending).toBe(0);
  });

  it('ignores a duplicate packet', () => {
    const r = createReassembler();
    const [a] = photoFrames().map(fragmentOf);

    r.push(a!.header, a!.fragment, 0);

    expect(r.push(a!.header, a!.fragment, 1)).toEqual({ status: 'duplicate' });
  });

  it('lists missing packets for 0x8003 after the idle delay, then expires the message', () => {
    const r = createReassembler({ retryAfterMs: 1000, timeoutMs: 10_000, maxRetries: 2 });
    const [a, , c] = photoFrames(500).map(fragmentOf);
    r.push(a!.header, a!.fragment, 0);
    r.push(c!.header, c!.fragment, 100);

    expect(r.poll(500)).toEqual({ reRequests: [], expired: [] });
    const first = r.poll(1100);
    const second = r.poll(2100);
    const last = r.poll(3100);

    const reRequest = {
      phone: '013912345678',
      msgId: 0x0801,
      version: '2013',
      originalSerial: 500,
      packetIds: [2],
    };
    expect(first).toEqual({ reRequests: [reRequest], expired: [] });
    expect(second.reRequests).toEqual([reRequest]);
    expect(last).toEqual({
      reRequests: [],
      expired: [{ phone: '013912345678', msgId: 0x0801, originalSerial: 500, total: 3, missing: [2] }],
    });
    expect(r.pending).toBe(0);
  });

  it('turns a re-request into the 0x8003 the terminal understands', () => {
    const req = { originalSerial: 500, packetIds: [2] };

    const frame = encode({ header: { msgId: 0x8003, phone: '013912345678', serial: 1 }, body: req });

    expect(decode(frame)).toMatchObject({ ok: true, body: req });
  });

  it('completes with a re-sent packet carrying a new serial', () => {
    const r = createReassembler();
    const [a, b, c] = photoFrames(10).map(fragmentOf);
    r.push(a!.header, a!.fragment, 0);
    r.push(c!.header, c!.fragment, 0);
    const resent: Header = { ...b!.header, serial: 999 };

    expect(r.push(resent, b!.fragment, 5).status).toBe('complete');
  });

  it('expires on the overall timeout even while packets trickle in', () => {
    const r = createReassembler({ retryAfterMs: 1000, timeoutMs: 3000 });
    const [a] = photoFrames().map(fragmentOf);
    r.push(a!.header, a!.fragment, 0);

    expect(r.poll(3000).expired).toHaveLength(1);
  });

  it('bounds memory: pending messages and message size', () => {
    const small = createReassembler({ maxPending: 1, maxMessageBytes: 1500 });
    const [a, b] = photoFrames(1).map(fragmentOf);
    const [other] = photoFrames(200).map(fragmentOf);

    small.push(a!.header, a!.fragment, 0);
    expect(small.push({ ...other!.header, phone: '1' }, other!.fragment, 0)).toEqual({
      status: 'rejected',
      reason: 'too_many_pending',
    });
    expect(small.push(b!.header, b!.fragment, 0)).toEqual({ status: 'rejected', reason: 'too_large' });
  });

  it('round-trips every packet frame byte for byte', () => {
    for (const frame of photoFrames()) {
      const f = fragmentOf(frame);
      expect(hex(encode({ header: { ...f.header, packet: f.header.packet }, fragment: f.fragment }))).toBe(
        hex(frame),
      );
    }
  });
});
