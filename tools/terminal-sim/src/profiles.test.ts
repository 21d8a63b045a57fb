import {
  createReassembler,
  decode,
  decodeBody,
  type DecodedFragment,
  type ExtendedBodyMap,
  type LocationBatch,
  type LocationReport,
  type MinuteRecord,
} from '@jiapei/jt808';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetCar } from './fleet-file.ts';
import { haversineM } from './geo.ts';
import { MALFORMED_CLASSES } from './malformed.ts';
import type { CarProfile } from './profiles.ts';
import { createRealtimeScheduler } from './scheduler.ts';
import { SimTerminal, type SimTerminalOptions } from './terminal.ts';
import { extendedOf, startFakeGateway, type FakeGateway } from './testing/fake-gateway.ts';
import { testCar } from './testing/fixtures.ts';

const START = Date.parse('2025-03-03T09:00:00+08:00');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(
  profile: CarProfile,
  options: Partial<SimTerminalOptions> = {},
  car: FleetCar = testCar(),
) {
  const gw = await startFakeGateway(car.protocol, car.terminalNumber);
  const scheduler = createRealtimeScheduler({ speedup: 300, startAt: START });
  const written: Uint8Array[] = [];
  const term = new SimTerminal({
    car,
    scheduler,
    port: gw.port,
    seed: 'profiles',
    profile,
    minRealTimeoutMs: 100,
    tap: (dir, bytes) => dir === 'up' && written.push(bytes),
    ...options,
  });
  cleanup.push(
    () => gw.close(),
    () => term.stop(),
    () => scheduler.stop(),
  );
  expect(await term.logon()).toBe(true);
  return { gw, term, written };
}

async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ext = (gw: FakeGateway) => extendedOf(gw.messages);
const extData = <K extends keyof ExtendedBodyMap>(gw: FakeGateway, id: K) =>
  ext(gw)
    .filter((e) => e.message.id === id)
    .map((e) => ({ data: e.message.data as ExtendedBodyMap[K], message: e.message }));

describe('downlink commands', () => {
  it('0x8301 photo now → 0x0301 then a 中心查询 upload', async () => {
    const { gw } = await setup('honest');
    gw.sendExtended(0x8301, { uploadMode: 1, channel: 1, size: 2 });
    await eventually(() => extData(gw, 0x0306).length > 0);
    expect(extData(gw, 0x0301)[0]!.data).toEqual({ result: 1, uploadMode: 1, channel: 1, size: 2 });
    expect(extData(gw, 0x0305)[0]!.data).toMatchObject({ eventType: 0, uploadMode: 1, channel: 1, size: 2 });
  });

  it('0x8502 禁训 → 0x0502, ends the running session and starts none until lifted', async () => {
    const { gw, term } = await setup('honest');
    const session = term.runSession({ minutes: 30 });
    await eventually(() => extData(gw, 0x0203).length >= 2);
    gw.sendExtended(0x8502, { state: 2, message: '暂停培训' });
    const s = await session;
    expect(s.aborted).toBe('banned');
    expect(s.recordNos.length).toBeLessThan(30);
    expect(extData(gw, 0x0502)[0]!.data).toEqual({ result: 1, state: 2, message: '暂停培训' });
    expect(extData(gw, 0x0202)).toHaveLength(1); // trainee still logged out properly
    expect((await term.runSession({ minutes: 1 })).aborted).toBe('banned');
    gw.sendExtended(0x8502, { state: 1, message: '' });
    await eventually(() => !term.banned);
  });

  it('0x8503 → 0x0503 with the parameters; 0x8205 → 0x0205 and the records again as 上报类型 2', async () => {
    const { gw, term } = await setup('honest');
    gw.sendExtended(0x8503, {});
    await eventually(() => extData(gw, 0x0503).length > 0);
    expect(extData(gw, 0x0503)[0]!.data).toMatchObject({ result: 0, params: { photoIntervalMin: 15 } });
    const s = await term.runSession({ minutes: 3 });
    gw.sendExtended(0x8205, { queryMode: 2, start: '000000000000', end: '000000000000', count: 2 });
    await eventually(() => extData(gw, 0x0203).length >= 5);
    expect(extData(gw, 0x0205)[0]!.data).toEqual({ result: 1 });
    const again = extData(gw, 0x0203).slice(3);
    expect(again.map((r) => r.data.recordNo)).toEqual(s.recordNos.slice(1));
    expect(again.every((r) => r.data.reportType === 2)).toBe(true);
    gw.sendExtended(0x8205, {
      queryMode: 1,
      start: '2025-03-03T10:00:00+08:00',
      end: '2025-03-03T11:00:00+08:00',
      count: 0,
    });
    await eventually(() => extData(gw, 0x0205).length === 2);
    expect(extData(gw, 0x0205)[1]!.data).toEqual({ result: 3 }); // nothing in that hour
  });
});

describe('profiles', () => {
  it('offline-resend: drops the link, buffers, then sends 0x0704 blind-area batches and 补传 0x0203; answers 0x8003', async () => {
    const { gw, term } = await setup('offline-resend', {
      settings: { offlineAfterMinutes: 1, offlineForMinutes: 2 },
      positionIntervalSec: 3,
    });
    const s = await term.runSession({ minutes: 5 });
    expect(s.aborted).toBeUndefined();
    const records = extData(gw, 0x0203);
    // The record sent just before the link dropped may have lost its ack and come again: unique numbers.
    expect([...new Set(records.map((r) => r.data.recordNo))]).toEqual(s.recordNos);
    const resent = records.filter((r) => r.message.resend).map((r) => r.data.recordNo);
    expect([...new Set(resent)]).toEqual(s.recordNos.slice(1, 3));
    expect(gw.messages.filter((m) => m.header.msgId === 0x0102)).toHaveLength(2); // authenticated again

    // 0x0704 arrives in sub-packets; put them together as a gateway would.
    const reassembler = createReassembler();
    const batches: LocationBatch[] = [];
    for (const m of gw.messages.filter((m) => m.header.msgId === 0x0704)) {
      if (m.body !== null) {
        batches.push(m.body as LocationBatch);
        continue;
      }
      const f = m as unknown as DecodedFragment;
      const r = reassembler.push(f.header, f.fragment, 0);
      if (r.status === 'complete') {
        const d = decodeBody(r.header, r.body, { header: '2013' });
        if (d.ok) batches.push(d.body as LocationBatch);
      }
    }
    const items = batches.flatMap((b) => b.items);
    // 2 minutes offline at one position per 3 s: about 40 positions, all flagged 补传.
    expect(items.length).toBeGreaterThanOrEqual(38);
    expect(batches.every((b) => b.type === 1)).toBe(true);
    expect(items.every((i: LocationReport) => (i.status & (1 << 6)) !== 0)).toBe(true);

    // A 0x8003 for packet 2 of the first multi-packet batch gets exactly that frame again.
    const firstPacket = gw.messages.find((m) => m.header.msgId === 0x0704 && m.header.packet?.index === 1);
    expect(firstPacket).toBeDefined();
    if (firstPacket) {
      const before = gw.frames.length;
      gw.send({
        header: { msgId: 0x8003, phone: firstPacket.header.phone, serial: 900, version: '2013' },
        body: { originalSerial: firstPacket.header.serial, packetIds: [2] },
      });
      await eventually(() => gw.frames.length > before);
      const again = decode(gw.frames.at(-1)!, { header: '2013' });
      expect(again.ok && again.header.packet).toEqual({ total: firstPacket.header.packet!.total, index: 2 });
      expect(term.stats.retransmitted).toBe(1);
    }
  });

  it('paoma: minute records count pulse mileage while the GNSS position does not move', async () => {
    const { gw, term } = await setup('paoma');
    const s = await term.runSession({ minutes: 3 });
    const records = extData(gw, 0x0203).map((r) => r.data);
    expect(records.reduce((a, r) => a + r.mileageKm, 0)).toBeGreaterThan(0.3);
    expect(Math.max(...records.map((r) => r.maxSpeedKmh))).toBeGreaterThan(10);
    const positions = gw.messages
      .filter((m) => m.header.msgId === 0x0200)
      .map((m) => m.body as LocationReport);
    // Parked GNSS jitters by a metre or so; it never travels.
    const [p0] = positions;
    expect(positions.every((p) => haversineM(p.latitude, p.longitude, p0!.latitude, p0!.longitude) < 4)).toBe(
      true,
    );
    expect(positions.every((p) => p.speed === 0)).toBe(true);
    // The pulse speed rides in item 0x03 under a JT/T 808 header.
    expect(positions.some((p) => (p.extras['0x03']?.value ?? 0) > 100)).toBe(true);
    expect(s.mileageKm).toBeGreaterThan(0.3);
  });

  it('clock-drift: every timestamp is off by the drift', async () => {
    const { gw, term } = await setup('clock-drift', { settings: { clockDriftMs: 9 * 60_000 } });
    await term.runSession({ minutes: 1 });
    const login = extData(gw, 0x0101)[0]!.data;
    expect(Date.parse(login.gnss.time) - START).toBeGreaterThanOrEqual(9 * 60_000);
    expect(Date.parse(login.gnss.time) - START).toBeLessThan(10 * 60_000);
  });

  it('replay: the second session drives the first one’s route again (forger noise ≤ 1 m), as long, later', async () => {
    const { gw, term } = await setup('replay');
    const firstSession = await term.runSession({ minutes: 2 });
    const cut = gw.messages.length;
    const secondSession = await term.runSession();
    expect(secondSession.recordNos).toHaveLength(firstSession.recordNos.length);
    const track = (ms: typeof gw.messages) =>
      ms.filter((m) => m.header.msgId === 0x0200).map((m) => m.body as LocationReport);
    const first = track(gw.messages.slice(0, cut));
    const second = track(gw.messages.slice(cut));
    expect(second.length).toBeGreaterThan(10);
    expect(second.map((p) => p.speed)).toEqual(first.slice(0, second.length).map((p) => p.speed));
    second.forEach((p, i) => {
      const q = first[i]!;
      expect(haversineM(p.latitude, p.longitude, q.latitude, q.longitude)).toBeLessThan(1.5);
    });
    const times = (ms: typeof gw.messages) => track(ms).map((p) => p.time);
    expect(times(gw.messages.slice(cut))[0]! > times(gw.messages.slice(0, cut)).at(-1)!).toBe(true);
  });

  it('malformed: writes every malformed class among valid frames, and the good data still arrives', async () => {
    const { gw, term, written } = await setup('malformed', { settings: { malformedEvery: 2 } });
    const s = await term.runSession({ minutes: 2 });
    expect(s.aborted).toBeUndefined();
    for (const kind of MALFORMED_CLASSES) expect(term.stats.malformed[kind] ?? 0).toBeGreaterThan(0);
    const reasons = new Set(
      gw.problems.map((p) =>
        'type' in p ? (p.type === 'dropped' ? p.reason : 'frame') : p.ok ? 'ok' : p.reason,
      ),
    );
    for (const r of ['bad_checksum', 'bad_escape', 'unknown_message', 'too_long']) {
      expect(reasons).toContain(r);
    }
    expect(reasons).toContain('garbage');
    expect(gw.messages.some((m) => m.header.msgId === 0x0002 && m.header.phone !== '013912345678')).toBe(
      true,
    );
    // Split writes arrive as many small chunks that make one valid frame.
    expect(written.some((w) => w.length < 6 && w[0] === 0x7e)).toBe(true);
    const records = extData(gw, 0x0203).map((r) => r.data.recordNo);
    expect(new Set(records)).toEqual(new Set(s.recordNos));
    expect(extData(gw, 0x0202)).toHaveLength(1);
    const kinds = extData(gw, 0x0203).map((r) => r.data as MinuteRecord);
    expect(kinds.every((r) => r.reportType === 1)).toBe(true);
  });
});
