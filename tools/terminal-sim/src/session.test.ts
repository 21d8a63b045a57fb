import type { LocationReport, MinuteRecord } from '@jiapei/jt808';
import { afterEach, describe, expect, it } from 'vitest';
import { planDataset, recordDataset, type LabelledSession } from './dataset.ts';
import type { CarProfile } from './profiles.ts';
import { createRealtimeScheduler } from './scheduler.ts';
import { CarDriver, recordSession } from './session.ts';
import { SimTerminal } from './terminal.ts';
import { extendedOf, startFakeGateway } from './testing/fake-gateway.ts';
import { testCar } from './testing/fixtures.ts';

const START = Date.parse('2025-03-03T09:00:00+08:00');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** What the TCP terminal puts on the wire for one session of `profile`. */
async function overTcp(profile: CarProfile, sessions: number) {
  const car = testCar();
  const gw = await startFakeGateway(car.protocol, car.terminalNumber);
  const scheduler = createRealtimeScheduler({ speedup: 600, startAt: START });
  const term = new SimTerminal({
    car,
    scheduler,
    port: gw.port,
    seed: 'same',
    profile,
    minRealTimeoutMs: 100,
  });
  cleanup.push(
    () => gw.close(),
    () => term.stop(),
    () => scheduler.stop(),
  );
  expect(await term.logon()).toBe(true);
  const starts: number[] = [];
  for (let i = 0; i < sessions; i++) starts.push((await term.runSession({ minutes: 3 })).start);
  const positions = gw.messages
    .filter((m) => m.header.msgId === 0x0200)
    .map((m) => m.body as LocationReport)
    .filter((p) => (p.status & 1) === 1); // driving (ignition on): the session's 0x0200 series
  const records = extendedOf(gw.messages)
    .filter((e) => e.message.id === 0x0203)
    .map((e) => e.message.data as MinuteRecord);
  return { car, starts, positions, records };
}

describe('in-memory recording', () => {
  for (const profile of ['honest', 'paoma', 'replay', 'clock-drift'] as const) {
    it(`produces exactly the positions and minute records the TCP terminal sends (${profile})`, async () => {
      const wire = await overTcp(profile, 2);
      const driver = new CarDriver({ car: wire.car, profile, seed: 'same', now: START });
      const recorded = wire.starts.map((startAt) => recordSession(driver, { startAt, minutes: 3 }));
      const positions = recorded.flatMap((r) => r.positions);
      expect(positions).toHaveLength(wire.positions.length);
      positions.forEach((p, i) => {
        const w = wire.positions[i]!;
        expect([w.latitude, w.longitude, w.speed, w.direction]).toEqual([
          p.fix.latitude,
          p.fix.longitude,
          p.fix.speedKmh,
          p.fix.direction,
        ]);
        expect(Date.parse(w.time)).toBe(p.deviceTime);
      });
      const minutes = recorded.flatMap((r) => r.minutes);
      expect(minutes.map((m) => [m.mileageKm, m.maxSpeedKmh])).toEqual(
        wire.records.map((r) => [r.mileageKm, r.maxSpeedKmh]),
      );
    });
  }

  it('marks the offline window as 补传, received at the reconnect', () => {
    const driver = new CarDriver({
      car: testCar(),
      profile: 'offline-resend',
      settings: { offlineAfterMinutes: 2, offlineForMinutes: 3 },
      now: START,
    });
    const s = recordSession(driver, { startAt: START, minutes: 8 });
    const anchor = START + 60_000;
    const late = s.positions.filter((p) => p.resent);
    expect(late.length).toBe(3 * 6);
    expect(late.every((p) => p.deviceTime > anchor + 120_000 && p.deviceTime <= anchor + 300_000)).toBe(true);
    expect(late.every((p) => p.receivedAt >= anchor + 300_000)).toBe(true);
    expect(s.minutes.filter((m) => m.resent)).toHaveLength(3);
  });
});

describe('labelled data set', () => {
  const plan = planDataset({
    seed: 'small',
    cars: 40,
    days: 1,
    carShares: { paoma: 0.05, replay: 0.05, emulator: 0.05, 'gnss-spoof': 0.05, 'clock-drift': 0.05 },
    overlapShare: { 'coach-overlap': 0.03, 'trainee-overlap': 0.03, 'vehicle-overlap': 0.03 },
  });
  const span = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
    Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs);

  it('is deterministic for a seed', () => {
    expect(planDataset({ seed: 'small', cars: 40, days: 1 }).sessions).toEqual(
      planDataset({ seed: 'small', cars: 40, days: 1 }).sessions,
    );
  });

  it("labels every session of a fraud car, except a replay car's original", () => {
    for (const { car, profile } of plan.cars) {
      const mine = plan.sessions.filter(
        (s) => s.vehicleId === car.terminalNumber && !s.sessionId.endsWith('-clone'),
      );
      if (profile === 'honest' || profile === 'offline-resend') continue;
      expect(mine.length).toBeGreaterThan(3);
      const own = mine.map((s) => s.labels.filter((l) => l === profile).length);
      expect(own).toEqual(mine.map((_, i) => (profile === 'replay' && i === 0 ? 0 : 1)));
    }
  });

  it('injects overlaps that really overlap, between exactly the two labelled sessions', () => {
    for (const kind of ['coach-overlap', 'trainee-overlap', 'vehicle-overlap'] as const) {
      const key = {
        'coach-overlap': 'coachId',
        'trainee-overlap': 'traineeId',
        'vehicle-overlap': 'vehicleId',
      }[kind] as 'coachId' | 'traineeId' | 'vehicleId';
      const labelled = plan.sessions.filter((s) => s.labels.includes(kind));
      expect(labelled.length).toBeGreaterThanOrEqual(2);
      for (const s of labelled) {
        const partners = plan.sessions.filter(
          (o) =>
            o !== s &&
            o[key] === s[key] &&
            span(s, o) > 0 &&
            (kind !== 'coach-overlap' || o.vehicleId !== s.vehicleId),
        );
        expect(partners).toHaveLength(1);
        expect(span(s, partners[0]!)).toBeGreaterThanOrEqual(10 * 60_000);
        expect(partners[0]!.labels).toContain(kind);
      }
    }
  });

  it('records what the labels say: a replay repeats its original, a 跑马机 stands still', () => {
    const wanted = new Set(
      plan.cars
        .filter((c) => c.profile === 'replay' || c.profile === 'paoma')
        .map((c) => c.car.terminalNumber),
    );
    // Only those cars' first two sessions: recording is the slow part.
    const picked = plan.sessions.filter((s) => wanted.has(s.vehicleId ?? '') && /-00[01]$/.test(s.sessionId));
    const byCar = new Map<string, LabelledSession[]>();
    for (const s of recordDataset({ ...plan, sessions: picked })) {
      const list = byCar.get(s.vehicleId!) ?? [];
      list.push(s);
      byCar.set(s.vehicleId!, list);
    }
    expect(byCar.size).toBe(4);
    for (const sessions of byCar.values()) {
      const [first, second] = sessions;
      if (first!.carProfile === 'replay') {
        expect(second!.minutes).toBe(first!.minutes);
        expect(second!.recorded!.positions[100]!.fix.speedKmh).toBe(
          first!.recorded!.positions[100]!.fix.speedKmh,
        );
      } else {
        const lats = first!.recorded!.positions.map((p) => p.fix.latitude);
        expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.0001); // ≈ 11 m
        expect(first!.recorded!.minutes.reduce((a, m) => a + m.mileageKm, 0)).toBeGreaterThan(3);
      }
    }
  });
});
