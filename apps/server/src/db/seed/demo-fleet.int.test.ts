import { authenticationPayload } from '@jiapei/jt808';
import { createRsaSigner, createRsaVerifier } from '@jiapei/jt808/node-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newCoach,
  newSchool,
  newTerminal,
  newTrainee,
  newUser,
  newVehicle,
} from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { buildDemoFleet } from './demo-fleet.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [117.0, 36.6],
      [117.01, 36.6],
      [117.01, 36.61],
      [117.0, 36.61],
      [117.0, 36.6],
    ],
  ] as [number, number][][],
};

describe('buildDemoFleet', () => {
  it('pairs each active car with a coach who may teach its class, trainees of that class and the school area', async () => {
    const { db, vault } = ctx.app;
    const school = await newSchool(db);
    await db
      .insertInto('teachingAreas')
      .values({
        schoolId: school.id,
        name: '训练场',
        kind: 'training_ground',
        licenceClasses: ['C1', 'C2'],
        polygon: JSON.stringify(square),
        minLatitude: 36.6,
        minLongitude: 117.0,
        maxLatitude: 36.61,
        maxLongitude: 117.01,
        areaM2: 1_000_000,
      })
      .execute();
    const coachIds = [await newCoach(db, vault, school.id), await newCoach(db, vault, school.id)];
    const trainees = await Promise.all([1, 2, 3, 4].map(() => newTrainee(db, vault, school.id)));
    const c1 = await newVehicle(db, school.id, { licenceClass: 'C1' });
    const c1b = await newVehicle(db, school.id, { licenceClass: 'C1' });
    const b2 = await newVehicle(db, school.id, { licenceClass: 'B2' }); // no coach may teach B2
    const terminals = [
      await newTerminal(db, school.id, { vehicleId: c1.id }),
      await newTerminal(db, school.id, { vehicleId: c1b.id }),
      await newTerminal(db, school.id, { vehicleId: b2.id }),
      await newTerminal(db, school.id, { status: 'disabled' }),
    ];

    const fleet = await buildDemoFleet(db, vault, { cars: 30, gateway: { host: '127.0.0.1', port: 7611 } });
    const ours = fleet.cars.filter((c) => terminals.some((t) => t.terminalNumber === c.terminalNumber));
    expect(ours.map((c) => c.plate).sort()).toEqual([c1.plate, c1b.plate].sort());
    expect(fleet.gateway).toEqual({ host: '127.0.0.1', port: 7611 });
    const coachNumbers = new Set(coachIds.map((c) => c.coachNumber));
    for (const car of ours) {
      expect(car).toMatchObject({ protocol: 'jiapei', plateColor: 2, licenceClass: 'C1', area: square });
      expect(coachNumbers.has(car.coach.coachNumber)).toBe(true);
      expect(car.coach.idNumber).toMatch(/^\d{17}[\dX]$/);
      expect(car.trainees.length).toBeGreaterThanOrEqual(1);
      expect(car.trainees.every((r) => trainees.some((x) => x.traineeNumber === r.traineeNumber))).toBe(true);
      // The key in the file matches the certificate now filed for the terminal.
      const filed = await db
        .selectFrom('terminals')
        .select('certificatePem')
        .where('terminalNumber', '=', car.terminalNumber)
        .executeTakeFirstOrThrow();
      const payload = authenticationPayload(car.terminalNumber, 1_800_000_000);
      const signature = createRsaSigner(car.privateKeyPem!).sign({ message: payload, digest: 'sha256' });
      expect(
        createRsaVerifier(filed.certificatePem!).verify({ message: payload, signature, digest: 'sha256' }),
      ).toBe(true);
    }
    // No coach or trainee drives two cars.
    expect(new Set(ours.map((c) => c.coach.coachNumber)).size).toBe(ours.length);
    const allTrainees = ours.flatMap((c) => c.trainees.map((r) => r.traineeNumber));
    expect(new Set(allTrainees).size).toBe(allTrainees.length);
  });

  it('reuses the previous start’s key of a terminal whose filed certificate still matches it', async () => {
    const { db, vault } = ctx.app;
    const first = await buildDemoFleet(db, vault, { cars: 30 });
    expect(first.cars.length).toBeGreaterThanOrEqual(2);
    const certificates = async () =>
      new Map(
        (await db.selectFrom('terminals').select(['terminalNumber', 'certificatePem']).execute()).map((t) => [
          t.terminalNumber,
          t.certificatePem,
        ]),
      );
    const filedBefore = await certificates();

    // One terminal's certificate was replaced since (re-filed): only that car gets a new key.
    const changed = first.cars[0]!;
    await db
      .updateTable('terminals')
      .set({ certificatePem: 'not the previous key' })
      .where('terminalNumber', '=', changed.terminalNumber)
      .execute();
    const second = await buildDemoFleet(db, vault, { cars: 30, previous: first });

    const keyOf = (fleet: typeof first, n: string) =>
      fleet.cars.find((c) => c.terminalNumber === n)?.privateKeyPem;
    for (const car of first.cars.slice(1)) {
      expect(keyOf(second, car.terminalNumber)).toBe(car.privateKeyPem);
    }
    expect(keyOf(second, changed.terminalNumber)).not.toBe(changed.privateKeyPem);
    const filedAfter = await certificates();
    for (const car of first.cars.slice(1)) {
      expect(filedAfter.get(car.terminalNumber)).toBe(filedBefore.get(car.terminalNumber));
    }
    expect(filedAfter.get(changed.terminalNumber)).not.toBe('not the previous key');
  });
  it("puts the demo school's cars first (the start script gives them the fraud profiles)", async () => {
    const { db, vault } = ctx.app;
    const school = await newSchool(db);
    await db
      .insertInto('teachingAreas')
      .values({
        schoolId: school.id,
        name: '训练场',
        kind: 'training_ground',
        licenceClasses: ['C1'],
        polygon: JSON.stringify(square),
        minLatitude: 36.6,
        minLongitude: 117.0,
        maxLatitude: 36.61,
        maxLongitude: 117.01,
        areaM2: 1_000_000,
      })
      .execute();
    await newCoach(db, vault, school.id);
    await newTrainee(db, vault, school.id);
    const car = await newVehicle(db, school.id, { licenceClass: 'C1' });
    const terminal = await newTerminal(db, school.id, { vehicleId: car.id });
    // Its terminal number sorts after the other schools' (all 'TEST…'), so only the demo account moves it.
    await db
      .updateTable('terminals')
      .set({ terminalNumber: 'ZZZZ000000000001' })
      .where('id', '=', terminal.id)
      .execute();
    const before = await buildDemoFleet(db, vault, { cars: 30 });
    expect(before.cars[0]!.plate).not.toBe(car.plate);

    const admin = await newUser(db, 'school_admin', { schoolId: school.id });
    await db.updateTable('users').set({ username: 'demo-school' }).where('id', '=', admin.id).execute();
    const after = await buildDemoFleet(db, vault, { cars: 30 });
    expect(after.cars[0]!.plate).toBe(car.plate);
    expect(after.cars.length).toBe(before.cars.length);
  });
});
