import { describe, expect, it } from 'vitest';
import {
  decode,
  decodeExtendedMessage,
  encode,
  encodeExtendedMessage,
  encodeFrame,
  parseFrame,
  engineRpm,
  formatCourseCode,
  formatRecordNumber,
  isExtended,
  mileageKm,
  parseCourseCode,
  parseRecordNumber,
  type CodecOptions,
  type ExtendedMessage,
  type TransparentData,
} from '../src/index.ts';
import { fixture, hex } from './helpers.ts';

function extended(name: string, options?: CodecOptions): ExtendedMessage {
  const r = decode(fixture(name), options);
  if (!r.ok || r.body === null) throw new Error(`${name}: ${JSON.stringify(r)}`);
  const message = (r.body as TransparentData).message;
  if (!message) throw new Error(`${name}: no extended message`);
  return message;
}

const GNSS28 = {
  alarm: 0,
  status: 3,
  latitude: 36.651234,
  longitude: 117.123456,
  recorderSpeed: 35.2,
  speed: 35,
  direction: 90,
  time: '2024-03-01T08:30:30+08:00',
};

describe('驾培 extended messages (0x0900/0x8900 type 0x13)', () => {
  it('reads the envelope of REFERENCE §1.6', () => {
    const m = extended('0x0900-ext-0x0101-coach-login.hex');

    expect(m).toMatchObject({
      id: 0x0101,
      resend: false,
      replyRequired: true,
      digest: 2,
      serial: 1,
      terminalNo: '1234567890123456',
      dataLength: 'dword',
    });
    expect(m.signature).toHaveLength(256);
  });

  it('decodes coach login / logout and their replies', () => {
    expect(extended('0x0900-ext-0x0101-coach-login.hex').data).toEqual({
      coachNo: '3701000000000001',
      idCardNo: '370102198001011234',
      licenceClass: 'C1',
      gnss: GNSS28,
    });
    expect(extended('0x8900-ext-0x8101-coach-login-reply.hex').data).toEqual({
      result: 1,
      coachNo: '3701000000000001',
      readAloud: 1,
      message: '请系好安全带',
    });
    expect(extended('0x0900-ext-0x0102-coach-logout.hex').data).toEqual({
      coachNo: '3701000000000001',
      gnss: GNSS28,
    });
    expect(extended('0x8900-ext-0x8102-coach-logout-reply.hex').data).toEqual({
      result: 1,
      coachNo: '3701000000000001',
    });
  });

  it('pads a short ID card number with 0x00 at the front (REFERENCE §1.8)', () => {
    const msg: ExtendedMessage = {
      ...extended('0x0900-ext-0x0101-coach-login.hex'),
      data: { coachNo: '3701000000000001', idCardNo: '370102800101123', licenceClass: 'C2', gnss: GNSS28 },
    };

    const body = encodeExtendedMessage(msg);

    expect(hex(body.subarray(27 + 16, 27 + 34))).toBe(
      '000000' + Buffer.from('370102800101123').toString('hex'),
    );
    const back = decodeExtendedMessage(body);
    expect(back.ok && back.message.data).toMatchObject({ idCardNo: '370102800101123' });
  });

  it('decodes trainee login / logout and their replies', () => {
    expect(extended('0x0900-ext-0x0201-trainee-login.hex').data).toEqual({
      traineeNo: '3701000000000123',
      coachNo: '3701000000000001',
      courseCode: '1212120000',
      classId: 101,
      gnss: GNSS28,
    });
    expect(extended('0x8900-ext-0x8201-trainee-login-reply.hex').data).toEqual({
      result: 1,
      traineeNo: '3701000000000123',
      totalMinutes: 960,
      partDoneMinutes: 240,
      totalMileageKm: 30,
      partDoneMileageKm: 10,
      readAloud: 1,
      message: '今日学时:45',
    });
    expect(extended('0x0900-ext-0x0202-trainee-logout.hex').data).toMatchObject({
      logoutTime: '2024-03-01T09:30:00+08:00',
      loginMinutes: 60,
      loginMileageKm: 10,
      classId: 101,
    });
    expect(extended('0x8900-ext-0x8202-trainee-logout-reply.hex').data).toEqual({
      result: 1,
      traineeNo: '3701000000000123',
    });
  });

  it('decodes the 0x0203 minute record with its GNSS38 block', () => {
    const m = extended('0x0900-ext-0x0203-minute-record.hex');

    expect(isExtended(m, 0x0203)).toBe(true);
    if (!isExtended(m, 0x0203)) return;
    expect(m.data).toMatchObject({
      recordNo: '12345678901234562403010001',
      reportType: 1,
      traineeNo: '3701000000000123',
      coachNo: '3701000000000001',
      classId: 101,
      recordTime: '08:31:00',
      courseCode: '1212120000',
      recordStatus: 0,
      maxSpeedKmh: 40,
      mileageKm: 0.5,
    });
    expect(mileageKm(m.data.gnss.extras)).toBe(345.6);
    expect(engineRpm(m.data.gnss.extras)).toBe(2400);
    expect(parseRecordNumber(m.data.recordNo)).toEqual({
      terminalNo: '1234567890123456',
      date: '2024-03-01',
      sequence: 1,
    });
  });

  it('accepts engine speed as item 0x04 (REFERENCE §8) and round-trips it', () => {
    const m = extended('0x0900-ext-0x0203-minute-record.hex');
    const data = m.data as { gnss: { extras: Record<string, unknown> } };
    data.gnss.extras = {
      '0x01': { length: 4, value: 3456, hex: '00000d80' },
      '0x04': { length: 2, value: 2200, hex: '0898' },
    };

    const back = decodeExtendedMessage(encodeExtendedMessage(m));

    expect(back.ok && engineRpm((back.message.data as typeof data).gnss.extras as never)).toBe(2200);
  });

  it('decodes record requests, photo commands and answers', () => {
    expect(extended('0x8900-ext-0x8205-request-records.hex').data).toEqual({
      queryMode: 1,
      start: '2024-03-01T00:00:00+08:00',
      end: '2024-03-01T23:59:59+08:00',
      count: 100,
    });
    expect(extended('0x0900-ext-0x0205-request-records-reply.hex').data).toEqual({ result: 4 });
    expect(extended('0x8900-ext-0x8301-take-photo.hex').data).toEqual({ uploadMode: 1, channel: 0, size: 2 });
    expect(extended('0x0900-ext-0x0301-take-photo-reply.hex').data).toEqual({
      result: 1,
      uploadMode: 1,
      channel: 1,
      size: 2,
    });
    expect(extended('0x8900-ext-0x8302-query-photos.hex').data).toMatchObject({ queryMode: 1 });
    expect(extended('0x0900-ext-0x0303-photo-query-result.hex').data).toEqual({
      finished: 1,
      total: 2,
      photoNos: ['0000000001', '0000000002'],
    });
    expect(extended('0x8900-ext-0x8304-upload-photo.hex').data).toEqual({ photoNo: '0000000001' });
    expect(extended('0x0900-ext-0x0306-photo-data.hex').data).toEqual({
      photoNo: '0000000001',
      data: Uint8Array.from(Buffer.from('ffd8ffe000104a4649460001', 'hex')),
    });
  });

  it('decodes 0x0305 in the spec layout (GNSS38, confidence)', () => {
    expect(extended('0x0900-ext-0x0305-photo-upload-init.hex').data).toMatchObject({
      photoNo: '0000000001',
      personNo: '3701000000000123',
      uploadMode: 129,
      channel: 1,
      size: 2,
      eventType: 19,
      totalPackets: 3,
      photoBytes: 1500,
      classId: 101,
      gnss: { ...GNSS28, extras: { '0x01': { value: 3456 }, '0x05': { value: 2400 } } },
      faceConfidence: 90,
      fieldOrder: 'mode-channel',
    });
  });

  it('detects the PHP server 0x0305 variant: channel first, GNSS28 (REFERENCE §8)', () => {
    const data = extended('0x0900-ext-0x0305-photo-upload-init-gnss28-channel-first.hex').data;

    expect(data).toMatchObject({
      uploadMode: 129,
      channel: 2,
      eventType: 17,
      fieldOrder: 'channel-mode',
      faceConfidence: 90,
    });
    expect((data as { gnss: object }).gnss).not.toHaveProperty('extras');
  });

  it('follows the configured 0x0305 order when both orders give a valid mode', () => {
    const m = extended('0x0900-ext-0x0305-photo-upload-init.hex');
    (m.data as { channel: number }).channel = 1;
    (m.data as { uploadMode: number }).uploadMode = 255;
    (m.data as { fieldOrder?: string }).fieldOrder = 'channel-mode';
    const body = encodeExtendedMessage(m);

    const asConfigured = decodeExtendedMessage(body, { jiapei: { photoInitOrder: 'channel-mode' } });
    const asDefault = decodeExtendedMessage(body);

    expect(asConfigured.ok && asConfigured.message.data).toMatchObject({ uploadMode: 255, channel: 1 });
    expect(asDefault.ok && asDefault.message.data).toMatchObject({
      uploadMode: 1,
      channel: 255,
      fieldOrder: 'mode-channel',
    });
  });

  it('decodes application parameters, full and single-item, and 禁训', () => {
    const full = {
      photoIntervalMin: 15,
      photoUpload: 1,
      readAloud: 1,
      stopDelayMin: 5,
      gnssIntervalSec: 3600,
      coachLogoutDelayMin: 150,
      reverifyMin: 30,
      coachCrossSchool: 1,
      traineeCrossSchool: 2,
      sameMessageIntervalSec: 60,
    };
    expect(extended('0x8900-ext-0x8501-set-app-params.hex').data).toEqual({ paramNo: 0, params: full });
    expect(extended('0x8900-ext-0x8501-set-app-params-single.hex').data).toEqual({
      paramNo: 5,
      params: { gnssIntervalSec: 600 },
    });
    expect(extended('0x0900-ext-0x0503-query-app-params-reply.hex').data).toEqual({
      result: 0,
      params: full,
    });
    expect(extended('0x0900-ext-0x0501-set-app-params-reply.hex').data).toEqual({ result: 1 });
    expect(extended('0x8900-ext-0x8502-set-training-ban.hex').data).toEqual({
      state: 2,
      message: '禁训：请联系驾校',
    });
    expect(extended('0x0900-ext-0x0502-set-training-ban-reply.hex').data).toEqual({
      result: 1,
      state: 2,
      message: '禁训：请联系驾校',
    });
    expect(extended('0x8900-ext-0x8503-query-app-params.hex').data).toEqual({});
  });

  it('keeps unknown extended ids raw', () => {
    const m = extended('0x0900-ext-0x0401-unknown-extended.hex');

    expect(m.data).toEqual({ raw: Uint8Array.of(1, 2, 3, 4) });
    expect(m.signature).toBeNull();
  });

  describe('数据长度 width (REFERENCE §8)', () => {
    it('falls back to WORD when DWORD does not fit, and records it', () => {
      expect(extended('0x0900-ext-0x0205-word-data-length.hex')).toMatchObject({
        dataLength: 'word',
        data: { result: 4 },
      });
    });

    it('reads WORD first when configured, DWORD messages still fall back', () => {
      const options: CodecOptions = { jiapei: { dataLength: 'word' } };

      expect(extended('0x0900-ext-0x0205-word-data-length.hex', options).dataLength).toBe('word');
      expect(extended('0x0900-ext-0x0203-minute-record.hex', options).dataLength).toBe('dword');
    });

    it('fails with truncated when no width fits and fallback is off', () => {
      const r = decode(fixture('0x0900-ext-0x0205-word-data-length.hex'), {
        jiapei: { dataLengthFallback: false },
      });

      expect(r).toMatchObject({ ok: false, reason: 'truncated' });
    });

    it('encodes WORD when asked', () => {
      const m = extended('0x0900-ext-0x0205-word-data-length.hex');

      expect(
        encodeExtendedMessage({ ...m, dataLength: undefined }, { jiapei: { dataLength: 'word' } }),
      ).toEqual(encodeExtendedMessage(m));
    });
  });

  it('keeps the blind-area resend bit and reserved attribute bits', () => {
    const m = { ...extended('0x0900-ext-0x0203-minute-record.hex'), resend: true, attrReserved: 0x0100 };

    const back = decodeExtendedMessage(encodeExtendedMessage(m));

    expect(back.ok && back.message).toMatchObject({
      resend: true,
      replyRequired: true,
      digest: 2,
      attrReserved: 0x0100,
    });
  });

  it('fails a 0x0900 whose data does not match its layout with a typed reason', () => {
    const parsed = parseFrame(fixture('0x0900-ext-0x0203-minute-record.hex'));
    if (!parsed.ok) throw new Error('fixture');
    const body = parsed.body.slice();
    body[1] = 0x01; // 透传消息ID 0x0203 → 0x0101: 114 data bytes where a coach login has 64
    body[2] = 0x01;

    const r = decode(encodeFrame(parsed.header, body));

    expect(r).toMatchObject({ ok: false, reason: 'bad_body', header: { msgId: 0x0900 } });
  });

  it('passes non-驾培 transparent types through raw', () => {
    const frame = encode({
      header: { msgId: 0x0900, phone: '1' },
      body: { type: 0x41, content: Uint8Array.of(1, 2) },
    });

    const r = decode(frame);

    expect(r.ok && r.body).toEqual({ type: 0x41, content: Uint8Array.of(1, 2) });
  });
});

describe('课程编码 and 学时记录编号', () => {
  it('parses the REFERENCE §1.9 example', () => {
    expect(parseCourseCode('1212120000')).toEqual({
      method: 1,
      methodName: '实操',
      vehicleClass: 'C1',
      part: 2,
      subject: 12,
      subjectName: '场地驾驶',
    });
    expect(parseCourseCode('2211360000')).toMatchObject({
      methodName: '课堂教学',
      vehicleClass: 'C1',
      part: 1,
      subject: 36,
    });
    expect(parseCourseCode('9999999999')).toBeNull();
    expect(formatCourseCode(1, 'C1', 2, 12)).toBe('1212120000');
  });

  it('builds and splits record numbers', () => {
    const no = formatRecordNumber('1234567890123456', '2024-03-01', 17);

    expect(no).toBe('12345678901234562403010017');
    expect(parseRecordNumber(no)).toEqual({
      terminalNo: '1234567890123456',
      date: '2024-03-01',
      sequence: 17,
    });
    expect(parseRecordNumber('short')).toBeNull();
  });

  it('accepts terminal numbers with a capital-letter maker prefix', () => {
    const no = formatRecordNumber('QCZL012345678901', '2026-11-30', 1);

    expect(no).toBe('QCZL0123456789012611300001');
    expect(parseRecordNumber(no)?.terminalNo).toBe('QCZL012345678901');
    expect(parseRecordNumber('qczl0123456789012611300001')).toBeNull();
    expect(() => formatRecordNumber('QCZL01234567890', '2026-11-30', 1)).toThrow(RangeError);
  });
});
