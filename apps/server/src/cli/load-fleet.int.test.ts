import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee } from '../../test/factories.ts';
import { createTestContext, type TestContext } from '../../test/harness.ts';
import { buildLoadFleet, LOAD_MARK, loadCarIdentity } from './load-fleet.ts';

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
  ],
};

describe('buildLoadFleet', () => {
  it('files only the missing synthetic cars, bound to their terminals in one school, and describes all of them', async () => {
    const { db, vault } = ctx.app;
    const school = await newSchool(db, { licenceClasses: ['C1'] });
    const coach = await newCoach(db, vault, school.id);
    await newTrainee(db, vault, school.id);
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

    const first = await buildLoadFleet(db, vault, { cars: 3, protocol: 'jiapei' });
    expect(first.inserted).toBe(3);
    const second = await buildLoadFleet(db, vault, { cars: 5, protocol: '2013' });
    expect(second.inserted).toBe(2);
    const again = await buildLoadFleet(db, vault, { cars: 5, protocol: '2013' });
    expect(again.inserted).toBe(0);

    const filed = await db
      .selectFrom('terminals')
      .innerJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
      .select([
        'terminals.terminalNumber',
        'terminals.simNumber',
        'terminals.imei',
        'terminals.authCode',
        'terminals.schoolId',
        'vehicles.make',
        'vehicles.plate',
      ])
      .where('terminals.maker', '=', LOAD_MARK)
      .orderBy('terminals.terminalNumber')
      .execute();
    expect(filed).toHaveLength(5);
    expect(new Set(filed.map((t) => t.schoolId))).toEqual(new Set([school.id]));
    expect(filed.every((t) => t.make === LOAD_MARK && /^LOAD\d{12}$/.test(t.terminalNumber))).toBe(true);
    expect(filed.every((t) => /^99\d{13}$/.test(t.imei) && /^1999\d{8}$/.test(t.simNumber))).toBe(true);

    const cars = second.fleet.cars;
    expect(cars.map((c) => c.terminalNumber)).toEqual(filed.map((t) => t.terminalNumber.trim()));
    expect(cars.map((c) => c.phone)).toEqual(filed.map((t) => t.simNumber));
    expect(cars.map((c) => c.authCode)).toEqual(filed.map((t) => t.authCode));
    expect(cars.every((c) => c.coach.coachNumber === coach.coachNumber.trim())).toBe(true);
    expect(cars[0]!.area).toEqual(square);
    expect(first.fleet.cars.every((c) => c.protocol === 'jiapei' && c.authCode === undefined)).toBe(true);
    expect(loadCarIdentity(4).plate).toBe(filed[4]!.plate);
  });

  it('refuses a car count it cannot number', async () => {
    await expect(buildLoadFleet(ctx.app.db, ctx.app.vault, { cars: 0, protocol: 'jiapei' })).rejects.toThrow(
      RangeError,
    );
  });
});
