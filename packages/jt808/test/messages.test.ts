import { describe, expect, it } from 'vitest';
import {
  alarmFlags,
  decode,
  encode,
  encodeFrame,
  engineRpm,
  isMessage,
  mileageKm,
  statusFlags,
  type DecodedMessage,
} from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

function ok(name: string): DecodedMessage {
  const r = decode(fixture(name));
  if (!r.ok || r.body === null) throw new Error(`${name}: ${JSON.stringify(r)}`);
  return r;
}

describe('JT/T 808 message bodies', () => {
  it('decodes 0x0001 and 0x8001 general replies', () => {
    expect(ok('0x0001-terminal-general-reply.hex').body).toEqual({
      replySerial: 0x10,
      replyId: 0x8103,
      result: 0,
    });
    expect(ok('0x8001-platform-general-reply-jiapei.hex').body).toEqual({
      replySerial: 1,
      replyId: 0x0102,
      result: 0,
    });
  });

  it('decodes the four 0x0100 layouts and their GBK plates', () => {
    const l2011 = ok('0x0100-terminal-register-2011.hex').body;
    const l2013 = ok('0x0100-terminal-register-2013.hex').body;
    const l2019 = ok('0x0100-terminal-register-2019.hex').body;
    const jiapei = ok('0x0100-terminal-register-jiapei.hex').body;

    expect(l2011).toMatchObject({ layout: '2011', model: 'MT-100', plate: '鲁A12345', plateColor: 1 });
    expect(l2013).toMatchObject({
      layout: '2013',
      province: 37,
      city: 0x100,
      maker: 'JP-T8',
      model: 'MT-100',
      terminalId: 'ABCDEFG',
      plate: '鲁A1234学',
    });
    expect(l2019).toMatchObject({
      layout: '2019',
      maker: 'JP-T8',
      terminalId: 'ABCDEFG',
      plate: '鲁A1234学',
    });
    expect(jiapei).toMatchObject({
      layout: 'jiapei',
      imei: '860000000000001',
      model: 'MT-100'.padEnd(20, ' '),
    });
  });

  it('decodes 0x8100 in the JT/T 808 and 驾培 layouts', () => {
    expect(ok('0x8100-terminal-register-reply-2013.hex').body).toEqual({
      replySerial: 1,
      result: 0,
      authCode: 'AUTH123456',
      layout: 'jt808',
    });
    expect(ok('0x8100-terminal-register-reply-jiapei.hex').body).toEqual({
      replySerial: 1,
      result: 0,
      platformNo: 'A0107',
      institutionNo: '3701000000000000',
      terminalNo: '1234567890123456',
      certPassword: 'pfxpass12345',
      certificate: 'MIIBCgKCAQEA',
      layout: 'jiapei',
    });
  });

  it('encodes a failed 0x8100 without the trailing fields', () => {
    const frame = encode({
      header: { msgId: 0x8100, phone: '13912345678', version: 'jiapei' },
      body: { replySerial: 9, result: 4 },
    });

    const r = decode(frame);

    expect(r.ok && r.body).toEqual({ replySerial: 9, result: 4, layout: 'jiapei' });
  });

  it('decodes the three 0x0102 layouts', () => {
    expect(ok('0x0102-terminal-authentication-2013.hex').body).toEqual({
      authCode: 'AUTH123456',
      layout: '2013',
    });
    expect(ok('0x0102-terminal-authentication-2019.hex').body).toEqual({
      authCode: 'AUTH123456',
      imei: '860000000000001',
      softwareVersion: 'V1.0.0',
      layout: '2019',
    });
    const j = ok('0x0102-terminal-authentication-jiapei.hex').body as {
      timestamp: number;
      signature: Uint8Array;
    };
    expect(j.timestamp).toBe(1709253000);
    expect(j.signature).toHaveLength(256);
  });

  it('decodes 0x0200 fields with units and the issue JSON shape for extras', () => {
    const r = decode(fixture('0x0200-location-report-2013.hex'));

    expect(isMessage(r, 0x0200)).toBe(true);
    if (!isMessage(r, 0x0200)) return;
    expect(r.body).toMatchObject({
      alarm: 0,
      status: 3,
      latitude: 36.651234,
      longitude: 117.123456,
      altitude: 50,
      speed: 60,
      direction: 90,
      time: '2024-03-01T08:30:30+08:00',
    });
    expect(r.body.extras['0x01']).toEqual({ length: 4, value: 3456, hex: '00000d80' });
    expect(mileageKm(r.body.extras)).toBe(345.6);
    expect(statusFlags(r.body.status)).toMatchObject({ accOn: true, positioned: true, southLatitude: false });
    expect(alarmFlags(r.body.alarm).emergency).toBe(false);
  });

  it('decodes the 驾培 0x0200 layout: pulse speed where altitude was, altitude in item 0x03', () => {
    const body = ok('0x0200-location-report-jiapei.hex').body as Record<string, unknown>;

    expect(body).toMatchObject({ layout: 'jiapei', recorderSpeed: 35.2, speed: 35 });
    expect(body).not.toHaveProperty('altitude');
    expect(engineRpm(body.extras as never)).toBe(2400);
  });

  it('signs coordinates from status bits 2 and 3 and keeps them exact', () => {
    const input = {
      header: { msgId: 0x0200 as const, phone: '13800000000' },
      body: {
        alarm: 0,
        status: 0b1100,
        latitude: -33.86882,
        longitude: -151.209296,
        altitude: 12,
        speed: 0,
        direction: 0,
        time: '2024-03-01T00:00:00Z',
        layout: 'jt808' as const,
        extras: {},
      },
    };

    const r = decode(encode(input));

    expect(r.ok && r.body).toMatchObject({
      latitude: -33.86882,
      longitude: -151.209296,
      time: '2024-03-01T08:00:00+08:00',
    });
  });

  it('keeps an invalid BCD time as raw digits and a malformed extras tail as bytes', () => {
    const frame = encode({
      header: { msgId: 0x0200, phone: '1' },
      body: {
        alarm: 0,
        status: 0,
        latitude: 0,
        longitude: 0,
        altitude: 0,
        speed: 0,
        direction: 0,
        time: '000000000000',
        layout: 'jt808',
        extras: { '0x01': { length: 4, value: 7, hex: '00000007' } },
        extrasTail: Uint8Array.of(0x30, 0x05, 0x01),
      },
    });

    const r = decode(frame);

    expect(r.ok && r.body).toMatchObject({
      time: '000000000000',
      extrasTail: Uint8Array.of(0x30, 0x05, 0x01),
    });
    expect(r.ok && r.body !== null && hex(encode({ header: r.header, body: r.body } as never))).toBe(
      hex(frame),
    );
  });

  it('keeps repeated additional item ids as "0x01#2"', () => {
    const frame = encode({
      header: { msgId: 0x0200, phone: '1' },
      body: {
        alarm: 0,
        status: 0,
        latitude: 0,
        longitude: 0,
        altitude: 0,
        speed: 0,
        direction: 0,
        time: '240301000000',
        layout: 'jt808',
        extras: { '0x30': { length: 1, value: 1, hex: '01' }, '0x30#2': { length: 1, value: 2, hex: '02' } },
      },
    });

    const r = decode(frame);

    expect(r.ok && (r.body as { extras: object }).extras).toEqual({
      '0x30': { length: 1, value: 1, hex: '01' },
      '0x30#2': { length: 1, value: 2, hex: '02' },
    });
  });

  it('decodes 0x0704 batches with every item like 0x0200', () => {
    const body = ok('0x0704-location-batch.hex').body as {
      type: number;
      items: { latitude: number; extras: object }[];
    };

    expect(body.type).toBe(1);
    expect(body.items).toHaveLength(2);
    expect(body.items[1]).toMatchObject({
      latitude: 36.6513,
      longitude: 117.1235,
      speed: 0,
      time: '2024-03-01T08:31:00+08:00',
      extras: {},
    });
  });

  it('decodes 0x0801 / 0x8800 multimedia messages', () => {
    expect(ok('0x0801-multimedia-upload.hex').body).toMatchObject({
      mediaId: 1,
      mediaType: 0,
      format: 0,
      event: 1,
      channel: 1,
      layout: '2013',
      location: { latitude: 36.651234, altitude: 50 },
      data: Uint8Array.from(Buffer.from('ffd8ffe000104a464946', 'hex')),
    });
    expect(ok('0x8800-multimedia-upload-reply.hex').body).toEqual({ mediaId: 1, retransmitIds: [3, 5] });
  });

  it('reads the 0x8003 count as BYTE (2013) and WORD (2019)', () => {
    expect(ok('0x8003-retransmit-request-2013.hex').body).toEqual({
      originalSerial: 0x10,
      packetIds: [2, 4],
    });
    expect(ok('0x8003-retransmit-request-2019.hex').body).toEqual({
      originalSerial: 0x10,
      packetIds: [2, 4],
    });
  });

  it('decodes terminal parameters with values typed by 表12 and encodes from values alone', () => {
    expect(ok('0x8103-set-terminal-params.hex').body).toEqual({
      params: [
        { id: 1, length: 4, value: 60, hex: '0000003c' },
        { id: 0x13, length: 8, value: '10.0.0.1', hex: '31302e302e302e31' },
        { id: 0x83, length: 8, value: '鲁A12345', hex: 'c2b3413132333435' },
      ],
    });

    const built = encode({
      header: { msgId: 0x8103, phone: '013912345678', serial: 0x10 },
      body: {
        params: [
          { id: 1, value: 60 },
          { id: 0x13, value: '10.0.0.1' },
          { id: 0x83, value: '鲁A12345' },
        ],
      },
    });

    expect(hex(built)).toBe(hex(fixture('0x8103-set-terminal-params.hex')));
  });

  it('decodes 0x0104, 0x8106, 0x8105, 0x8202 and 0x0201', () => {
    expect(ok('0x0104-terminal-params-reply.hex').body).toMatchObject({
      replySerial: 0x11,
      params: [
        { id: 1, value: 60 },
        { id: 0x29, value: 30 },
      ],
    });
    expect(ok('0x8106-query-specific-params.hex').body).toEqual({ ids: [1, 0x83] });
    expect(ok('0x8105-terminal-control.hex').body).toEqual({ command: 4 });
    expect(ok('0x8202-temporary-tracking.hex').body).toEqual({ intervalSec: 10, validitySec: 3600 });
    expect(ok('0x0201-location-query-reply.hex').body).toMatchObject({
      replySerial: 9,
      location: { altitude: 50, extras: { '0x01': { value: 3456 } } },
    });
  });

  it('decodes empty bodies and rejects bytes after them', () => {
    expect(ok('0x0003-terminal-logout.hex').body).toEqual({});

    const r = decode(encodeFrame({ msgId: 0x0002, phone: '1' }, Uint8Array.of(0xff)));

    expect(r).toMatchObject({ ok: false, reason: 'bad_body' });
  });

  it('builds a message from a minimal header with defaults', () => {
    const frame = encode({
      header: { msgId: 0x0002, phone: '13912345678', serial: 4, version: '2019' },
      body: {},
    });

    expect(hex(frame)).toBe(hex(fixture('0x0002-heartbeat-2019.hex')));
  });
});
