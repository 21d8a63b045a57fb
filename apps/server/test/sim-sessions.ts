import { createRealtimeScheduler, SimTerminal, type CarProfile, type FleetCar } from '@jiapei/terminal-sim';
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type { GatewayTest } from './gateway-fixtures.ts';

/**
 * Training sessions driven by the terminal simulator through the real gateway over TCP, then assembled
 * into teaching logs and audited, for tests of what comes after the audit (anomaly scoring, review).
 * The school's teaching ground is a 0.004° square around it; the simulator runs 300× real time and the
 * test's clock moves with it while a car drives.
 */

/** Polls `read` until `done` holds (throws after `ms`). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const GROUND_DEG = 0.002;

/** The ring of the school's teaching ground (lon/lat). */
function groundRing(t: GatewayTest): [number, number][] {
  const { longitude: lon, latitude: lat } = t.school;
  const d = GROUND_DEG;
  return [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ];
}

/** Files the school's teaching ground (the audit's fence) once per test context. */
export async function fileTeachingGround(t: GatewayTest): Promise<void> {
  const { longitude: lon, latitude: lat } = t.school;
  const d = GROUND_DEG;
  await t.ctx.app.db
    .insertInto('teachingAreas')
    .values({
      schoolId: t.school.id,
      name: '测试训练场',
      kind: 'training_ground',
      licenceClasses: ['C1'],
      polygon: JSON.stringify({ type: 'Polygon', coordinates: [groundRing(t)] }),
      minLatitude: lat - d,
      minLongitude: lon - d,
      maxLatitude: lat + d,
      maxLongitude: lon + d,
      areaM2: 200_000,
    })
    .execute();
}

/** A filed car with a key, a coach, a trainee and the teaching ground the simulator drives in. */
export async function simulatedCar(
  t: GatewayTest,
): Promise<{ car: FleetCar; terminalId: string; traineeId: string }> {
  const filed = await t.filedCar({ certificate: false });
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const db = t.ctx.app.db;
  await db
    .updateTable('terminals')
    .set({ certificatePem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() })
    .where('id', '=', filed.terminal.id)
    .execute();
  const coach = await db
    .selectFrom('coaches')
    .select('idNumberCipher')
    .where('id', '=', filed.coach.id)
    .executeTakeFirstOrThrow();
  const car: FleetCar = {
    terminalNumber: filed.terminal.terminalNumber,
    phone: filed.terminal.simNumber,
    imei: filed.terminal.imei,
    serialNumber: filed.terminal.terminalNumber.slice(-7),
    maker: filed.terminal.terminalNumber.slice(0, 5),
    model: filed.terminal.model,
    regionCode: t.school.countyCode,
    plate: filed.vehicle.plate,
    plateColor: 2,
    licenceClass: 'C1',
    protocol: 'jiapei',
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    coach: {
      coachNumber: filed.coach.coachNumber,
      idNumber: t.ctx.app.vault.reveal(coach.idNumberCipher),
      licenceClass: 'C1',
    },
    trainees: [{ traineeNumber: filed.trainee.traineeNumber, licenceClass: 'C1' }],
    area: { type: 'Polygon', coordinates: [groundRing(t)] },
  };
  return { car, terminalId: filed.terminal.id, traineeId: filed.trainee.id };
}

/** What the platform refused or set aside from a terminal, as 'kind: reason' (a readable failure). */
export async function quarantineReasons(t: GatewayTest, terminalId: string): Promise<string[]> {
  const rows = await t.ctx.app.db
    .selectFrom('quarantinedRecords')
    .select(['kind', 'reason'])
    .where('terminalId', '=', terminalId)
    .execute();
  return rows.map((q) => `${q.kind}: ${q.reason}`);
}

/** Simulators and schedulers to stop when the test file ends. */
export type SimRegistry = { stop(): Promise<void>; add(term: SimTerminal, stopScheduler: () => void): void };

export function simRegistry(): SimRegistry {
  const sims: SimTerminal[] = [];
  const schedulers: (() => void)[] = [];
  return {
    add(term, stopScheduler) {
      sims.push(term);
      schedulers.push(stopScheduler);
    },
    async stop() {
      await Promise.all(sims.map((s) => s.stop()));
      schedulers.forEach((stop) => stop());
    },
  };
}

/**
 * One new car of the profile drives sessions of the given lengths, one after another; returns their
 * teaching logs (start order) once every minute, position and photo is stored, assembled and audited.
 */
export async function driveSessions(
  t: GatewayTest,
  registry: SimRegistry,
  options: { profile: CarProfile; minutes: number[]; seed: string },
): Promise<{ logIds: string[]; traineeId: string; terminalId: string }> {
  const { car, terminalId, traineeId } = await simulatedCar(t);
  const scheduler = createRealtimeScheduler({ speedup: 300, startAt: t.ctx.clock.now().getTime() });
  const term = new SimTerminal({
    car,
    scheduler,
    port: t.gateway.port,
    seed: options.seed,
    profile: options.profile,
    minRealTimeoutMs: 500,
  });
  registry.add(term, () => scheduler.stop());
  // The platform's clock keeps time with the simulated one (within a few simulated seconds), so what
  // the gateway stamps as received is as close to the terminal's own time as on a live network.
  const follow = setInterval(() => t.ctx.clock.set(new Date(scheduler.now())), 10);
  let photos = 0;
  try {
    expect(await term.logon()).toBe(true);
    for (const minutes of options.minutes) {
      const session = await term.runSession({ minutes });
      expect(session.aborted).toBeUndefined();
      photos += session.photos;
    }
  } finally {
    clearInterval(follow);
  }
  // A record the gateway answered 失败 or did not answer in time goes again, as from a terminal left on.
  await term.settle();
  const total = options.minutes.reduce((a, b) => a + b, 0);
  const db = t.ctx.app.db;
  const count = async (table: 'minuteRecords' | 'positions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('terminalId', '=', terminalId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const completePhotos = async () =>
    Number(
      (
        await db
          .selectFrom('photos')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('terminalId', '=', terminalId)
          .where('status', '=', 'complete')
          .executeTakeFirstOrThrow()
      ).n,
    );
  await eventually(
    async () => ({
      minutes: await count('minuteRecords'),
      // Why a frame was refused, should one be: the failure message then says it.
      quarantined: await quarantineReasons(t, terminalId),
      terminal: { nacks: term.stats.nacks, errors: term.stats.errors, unacked: term.unackedCount },
      positions: await count('positions'),
      photos: await completePhotos(),
      signedOut: (
        await db
          .selectFrom('traineeSignIns')
          .select('signedOutAt')
          .where('terminalId', '=', terminalId)
          .execute()
      ).every((s) => s.signedOutAt !== null),
    }),
    (s) => s.minutes === total && s.signedOut && s.positions >= total * 5 && s.photos === photos,
  );
  await t.ctx.app.trainingHours.assembleFinishedSessions();
  await t.ctx.app.trainingHours.auditDue();
  const logs = await db
    .selectFrom('teachingLogs')
    .select(['id', 'auditedAt'])
    .where('terminalId', '=', terminalId)
    .orderBy('startedAt')
    .execute();
  expect(logs).toHaveLength(options.minutes.length);
  for (const log of logs) expect(log.auditedAt).not.toBeNull();
  return { logIds: logs.map((l) => l.id), traineeId, terminalId };
}
