import { generateKeyPairSync } from 'node:crypto';
import {
  authenticationPayload,
  decode,
  encode,
  parseRecordNumber,
  type EncodeInput,
  type ExtendedBodyMap,
  type LocationReport,
  type MinuteRecord,
  type TransparentData,
} from '@jiapei/jt808';
import { createRsaVerifier } from '@jiapei/jt808/node-crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { haversineM, insideGeoJson } from './geo.ts';
import { createRealtimeScheduler, type Scheduler } from './scheduler.ts';
import { SimTerminal, type SimTerminalOptions } from './terminal.ts';
import { extendedOf, startFakeGateway, type FakeGateway } from './testing/fake-gateway.ts';
import { GROUND, testCar } from './testing/fixtures.ts';
import type { FleetCar } from './fleet-file.ts';

const START = Date.parse('2025-03-03T09:00:00+08:00');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(
  car: FleetCar,
  options: Partial<SimTerminalOptions> = {},
  startAt = START,
): Promise<{ gw: FakeGateway; term: SimTerminal; scheduler: Scheduler; written: Uint8Array[] }> {
  const gw = await startFakeGateway(car.protocol, car.terminalNumber);
  const scheduler = createRealtimeScheduler({ speedup: 300, startAt });
  const written: Uint8Array[] = [];
  const term = new SimTerminal({
    car,
    scheduler,
    port: gw.port,
    seed: 'test',
    minRealTimeoutMs: 100,
    tap: (dir, bytes) => dir === 'up' && written.push(bytes),
    ...options,
  });
  cleanup.push(
    () => gw.close(),
    () => term.stop(),
    () => scheduler.stop(),
  );
  return { gw, term, scheduler, written };
}

/** Wait (real time) until `cond` holds, polling. */
async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every chunk the terminal wrote is one valid frame that re-encodes to the same bytes. */
function expectRoundTrip(written: Uint8Array[], version: FleetCar['protocol']): void {
  expect(written.length).toBeGreaterThan(0);
  for (const bytes of written) {
    const d = decode(bytes, { header: version });
    expect(d.ok, JSON.stringify(d)).toBe(true);
    if (!d.ok) continue;
    const input = (
      d.body === null ? { header: d.header, fragment: d.fragment } : { header: d.header, body: d.body }
    ) as EncodeInput;
    expect(Buffer.from(encode(input, { header: version })).toString('hex')).toBe(
      Buffer.from(bytes).toString('hex'),
    );
  }
}

const ids = (gw: FakeGateway) => gw.messages.map((m) => m.header.msgId);
const extIds = (gw: FakeGateway) => extendedOf(gw.messages).map((e) => e.message.id);

describe('SimTerminal over TCP', () => {
  it('registers (2013), keeps the 鉴权码, authenticates, beats and reports positions inside the area', async () => {
    const { gw, term, written } = await setup(testCar());
    expect(await term.logon()).toBe(true);
    expect(term.authCode).toBe('AUTH-0001');
    const auth = gw.messages.find((m) => m.header.msgId === 0x0102)!;
    expect(auth.body).toMatchObject({ authCode: 'AUTH-0001', layout: '2013' });
    term.heartbeat();
    term.currentTrack.setDriving(true);
    for (let i = 1; i <= 5; i++) {
      term.currentTrack.advanceTo(START + i * 10_000);
      term.sendPosition();
    }
    await eventually(() => term.unackedCount === 0 && gw.messages.length >= 8);
    expect(ids(gw)).toEqual([0x0100, 0x0102, 0x0002, 0x0200, 0x0200, 0x0200, 0x0200, 0x0200]);
    expect(gw.messages.every((m) => m.header.phone === '013912345678')).toBe(true);
    for (const m of gw.messages.filter((m) => m.header.msgId === 0x0200)) {
      const p = m.body as LocationReport;
      expect(insideGeoJson(GROUND, p.longitude, p.latitude)).toBe(true);
      expect(p.time).toMatch(/^2025-03-03T09:0\d:\d0\+08:00$/);
    }
    expect(term.stats.acks).toMatchObject({ '0x0002': 1, '0x0200': 5 });
    expect(gw.problems).toEqual([]);
    expectRoundTrip(written, '2013');
  });

  it('speaks the 驾培 layout with RSA: 0x0102 timestamp + signature and signed extended messages', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const car = testCar({
      protocol: 'jiapei',
      phone: '0013912345678',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    const { gw, term, written } = await setup(car);
    expect(await term.logon()).toBe(true);
    const auth = gw.messages.find((m) => m.header.msgId === 0x0102)!;
    expect(auth.header.version).toBe('jiapei');
    const body = auth.body as { timestamp: number; signature: Uint8Array };
    // Simulated time runs 300× real time, so connecting and registering under load moves it on by
    // seconds: the timestamp is the simulated clock at authentication, shortly after the start.
    expect(body.timestamp).toBeGreaterThanOrEqual(Math.floor(START / 1000));
    expect(body.timestamp).toBeLessThan(Math.floor(START / 1000) + 120);
    const verifier = createRsaVerifier(publicKey);
    expect(
      verifier.verify({
        message: authenticationPayload(car.terminalNumber, body.timestamp),
        signature: body.signature,
        digest: 'sha256',
      }),
    ).toBe(true);
    const reg = gw.messages.find((m) => m.header.msgId === 0x0100)!;
    expect(reg.body).toMatchObject({
      imei: car.imei,
      terminalId: car.serialNumber,
      layout: 'jiapei',
      plate: car.plate,
    });

    const session = await term.runSession({ minutes: 1 });
    expect(session.aborted).toBeUndefined();
    // Every extended message verifies under the codec's enforce policy.
    const opts = {
      header: 'jiapei' as const,
      jiapei: { signature: { policy: 'enforce' as const, verifier } },
    };
    const frames = gw.frames.map((f) => decode(f, opts)).filter((d) => d.ok && d.header.msgId === 0x0900);
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.every((d) => d.ok && d.body !== null && d.verification?.status === 'valid')).toBe(true);
    expectRoundTrip(written, 'jiapei');
  });

  it('runs a whole session: logins, one record per minute consistent with the track, photos, logouts; resends a record whose ack is missing', async () => {
    const { gw, term, written } = await setup(testCar());
    let dropped: string | null = null;
    gw.dropAck = (m) => {
      const ext = (m.body as TransparentData | null)?.message;
      if (ext?.id !== 0x0203 || dropped) return false;
      const rec = ext.data as MinuteRecord;
      if (!rec.recordNo.endsWith('0002')) return false;
      dropped = rec.recordNo;
      return true;
    };
    expect(await term.logon()).toBe(true);
    const s = await term.runSession({ minutes: 4, traineeIndex: 1 });
    expect(s.aborted).toBeUndefined();
    await eventually(() => term.unackedCount === 0);

    const ext = extendedOf(gw.messages);
    const order = ext.map((e) => e.message.id).filter((id) => id !== 0x0306 && id !== 0x0305);
    expect(order.slice(0, 2)).toEqual([0x0101, 0x0201]);
    expect(order.slice(-2)).toEqual([0x0202, 0x0102]);

    const records = ext.filter((e) => e.message.id === 0x0203).map((e) => e.message.data as MinuteRecord);
    const unique = [...new Map(records.map((r) => [r.recordNo, r])).values()];
    expect(unique.map((r) => r.recordNo)).toEqual([1, 2, 3, 4].map((n) => `3701020000000001250303000${n}`));
    expect(s.recordNos).toEqual(unique.map((r) => r.recordNo));
    // The record whose 0x8001 was held back came again, identical.
    expect(dropped).not.toBeNull();
    const copies = records.filter((r) => r.recordNo === dropped);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(copies[1]).toEqual(copies[0]);
    expect(term.stats.resends).toBeGreaterThanOrEqual(1);

    for (const r of unique) {
      const parsed = parseRecordNumber(r.recordNo)!;
      expect(parsed).toEqual({
        terminalNo: '3701020000000001',
        date: '2025-03-03',
        sequence: expect.any(Number),
      });
      expect(r).toMatchObject({
        traineeNo: '3701022024000002',
        coachNo: '3701022019000001',
        classId: s.classId,
        reportType: 1,
      });
      expect(r.courseCode).toMatch(/^1212(11|12)0000$/);
      expect(r.maxSpeedKmh).toBeLessThanOrEqual(40);
    }

    // Mileage and max speed agree with the 0x0200 track of the same minute.
    const positions = gw.messages
      .filter((m) => m.header.msgId === 0x0200)
      .map((m) => m.body as LocationReport)
      .map((p) => ({ ...p, t: Date.parse(p.time) }));
    for (const r of unique) {
      const end = Date.parse(`2025-03-03T${r.recordTime}+08:00`);
      // The minute's positions, plus the one that closed the minute before (where this one starts).
      const inMinute = positions.filter((p) => p.t >= end - 60_000 && p.t <= end);
      expect(inMinute.length).toBeGreaterThanOrEqual(6);
      let d = 0;
      for (let i = 1; i < inMinute.length; i++) {
        d += haversineM(
          inMinute[i - 1]!.latitude,
          inMinute[i - 1]!.longitude,
          inMinute[i]!.latitude,
          inMinute[i]!.longitude,
        );
      }
      // Positions every 10 s cut corners, so the straight-line sum is at most the driven distance.
      expect(d / 1000).toBeLessThanOrEqual(r.mileageKm + 0.05);
      expect(d / 1000).toBeGreaterThanOrEqual(r.mileageKm * 0.7 - 0.05);
      expect(Math.max(...inMinute.slice(1).map((p) => p.speed))).toBeLessThanOrEqual(r.maxSpeedKmh);
      expect(insideGeoJson(GROUND, r.gnss.longitude, r.gnss.latitude)).toBe(true);
    }
    const totalKm = Math.round(unique.reduce((a, r) => a + r.mileageKm, 0) * 10) / 10;
    const logout = ext.find((e) => e.message.id === 0x0202)!.message.data as ExtendedBodyMap[0x0202];
    expect(logout).toMatchObject({ loginMinutes: 4, loginMileageKm: totalKm, classId: s.classId });

    // Photos: coach login, trainee login, trainee logout; each a JPEG rebuilt from its 0x0306 packets.
    const inits = ext
      .filter((e) => e.message.id === 0x0305)
      .map((e) => e.message.data as ExtendedBodyMap[0x0305]);
    expect(inits.map((i) => i.eventType)).toEqual([20, 17, 18]);
    for (const init of inits) {
      const parts = ext
        .filter(
          (e) =>
            e.message.id === 0x0306 && (e.message.data as ExtendedBodyMap[0x0306]).photoNo === init.photoNo,
        )
        .map((e) => (e.message.data as ExtendedBodyMap[0x0306]).data);
      expect(parts.length).toBe(init.totalPackets);
      const jpeg = Buffer.concat(parts);
      expect(jpeg.length).toBe(init.photoBytes);
      expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
      expect(init.classId).toBe(s.classId);
    }
    expect(gw.problems).toEqual([]);
    expectRoundTrip(written, '2013');
  });

  it('sends a record answered 1 (失败) again, also after the session ends, and not one answered 2 (消息有误)', async () => {
    const { gw, term } = await setup(testCar());
    const recordNo = (m: Parameters<FakeGateway['ackResult']>[0]) => {
      const ext = (m.body as TransparentData | null)?.message;
      return ext?.id === 0x0203 ? (ext.data as MinuteRecord).recordNo : null;
    };
    const answered = new Map<string, number>();
    // The platform fails the last minute's record once (its database, say) and finds the second wrong.
    gw.ackResult = (m) => {
      const no = recordNo(m);
      if (!no) return 0;
      const times = (answered.get(no) ?? 0) + 1;
      answered.set(no, times);
      if (no.endsWith('0003') && times === 1) return 1;
      return no.endsWith('0002') ? 2 : 0;
    };
    expect(await term.logon()).toBe(true);
    const s = await term.runSession({ minutes: 3, traineeIndex: 1 });
    expect(s.aborted).toBeUndefined();
    // The session is over before the failed record's ack time runs out: only settling sends it again.
    expect(await term.settle(5000)).toBe(0);
    expect(Object.fromEntries(answered)).toEqual({
      '37010200000000012503030001': 1,
      '37010200000000012503030002': 1,
      '37010200000000012503030003': 2,
    });
    expect(term.stats.nacks).toEqual({ '0x0900/0x0203:1': 1, '0x0900/0x0203:2': 1 });
    expect(term.stats.resends).toBe(1);
    expect(gw.problems).toEqual([]);
  });

  it('takes a photo every 定时拍照 minutes (set through 0x8501) and numbers records per day across midnight', async () => {
    const { gw, term } = await setup(testCar(), {}, Date.parse('2025-03-03T23:57:00+08:00'));
    expect(await term.logon()).toBe(true);
    gw.sendExtended(0x8501, { paramNo: 1, params: { photoIntervalMin: 2 } });
    await eventually(() => extIds(gw).includes(0x0501));
    expect(term.appParams.photoIntervalMin).toBe(2);
    await term.runSession({ minutes: 5 });
    const ext = extendedOf(gw.messages);
    const recordNos = ext
      .filter((e) => e.message.id === 0x0203)
      .map((e) => (e.message.data as MinuteRecord).recordNo);
    // Trainee login at 23:57:30, minutes end 23:59:00 … 00:03:00: the sequence restarts with the new day.
    expect(recordNos.map((n) => n.slice(16))).toEqual([
      '2503030001',
      '2503040001',
      '2503040002',
      '2503040003',
      '2503040004',
    ]);
    const events = ext
      .filter((e) => e.message.id === 0x0305)
      .map((e) => (e.message.data as ExtendedBodyMap[0x0305]).eventType);
    expect(events).toEqual([20, 17, 19, 19, 18]);
  });
});
