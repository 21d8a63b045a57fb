import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture, hex } from './helpers.ts';

const BIN = fileURLToPath(new URL('../bin/jt808.mjs', import.meta.url));

function jt808(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jt808 CLI', () => {
  it('decode <hex> prints one JSON object in the documented shape', () => {
    const r = jt808(['decode', hex(fixture('0x0200-location-report-2013.hex'))]);

    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      header: {
        msgId: 512,
        version: '2013',
        phone: '013912345678',
        serial: 7,
        encrypted: false,
        packet: null,
        encryption: 0,
        bodyLength: 50,
        protocolVersion: 0,
        attrFlags: 0,
        reserved: 0,
      },
      body: {
        alarm: 0,
        status: 3,
        latitude: 36.651234,
        longitude: 117.123456,
        altitude: 50,
        speed: 60,
        direction: 90,
        time: '2024-03-01T08:30:30+08:00',
        layout: 'jt808',
        extras: {
          '0x01': { length: 4, value: 3456, hex: '00000d80' },
          '0x02': { length: 2, value: 400, hex: '0190' },
          '0x25': { length: 4, value: 0, hex: '00000000' },
          '0x30': { length: 1, value: 31, hex: '1f' },
          '0x31': { length: 1, value: 12, hex: '0c' },
        },
      },
    });
  });

  it('decode - prints one JSON line per input line, in order, failures included', () => {
    const lines = [
      hex(fixture('0x0001-terminal-general-reply.hex')),
      'not hex',
      hex(fixture('0x0900-ext-0x0203-minute-record.hex')).toUpperCase(),
      '7e000200000139123456780001347e', // heartbeat with check code 0x34 instead of 0x33
      '',
    ];

    const r = jt808(['decode', '-'], lines.join('\n') + '\n');

    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(r.status).toBe(0);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({
      ok: true,
      header: { msgId: 1 },
      body: { replySerial: 16, replyId: 0x8103, result: 0 },
    });
    expect(out[1]).toMatchObject({ ok: false, reason: 'bad_frame' });
    expect(out[2]).toMatchObject({
      ok: true,
      header: { version: 'jiapei', msgId: 0x0900 },
      body: { type: 0x13, message: { id: 0x0203, data: { recordNo: '12345678901234562403010001' } } },
    });
    expect(out[3]).toMatchObject({ ok: false, reason: 'bad_checksum' });
    expect(out[4]).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('encode <json> takes back what decode printed', () => {
    const frame = fixture('0x0900-ext-0x0305-photo-upload-init.hex');
    const decoded = jt808(['decode', hex(frame)]).stdout;

    const r = jt808(['encode', decoded.trim()]);

    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(hex(frame));
  });

  it('encode builds a frame from a hand-written message and reports bad input', () => {
    const ok = jt808([
      'encode',
      '{"header":{"msgId":"0x8001","phone":"13912345678","serial":3,"version":"jiapei"},"body":{"replySerial":1,"replyId":258,"result":0}}',
    ]);
    const bad = jt808([
      'encode',
      '{"header":{"msgId":1,"phone":"1"},"body":{"replySerial":70000,"replyId":1,"result":0}}',
    ]);
    const usage = jt808(['frobnicate']);

    expect(ok.stdout.trim()).toBe(hex(fixture('0x8001-platform-general-reply-jiapei.hex')));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/replySerial/);
    expect(usage.status).toBe(2);
  });
});
