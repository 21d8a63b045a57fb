import { describe, expect, it } from 'vitest';
import { isClosedRing, isSimpleRing, ringAreaM2, type LonLat } from '../../shared/geo.ts';
import { isValidIdNumber } from '../../shared/identity-number.ts';
import { countDemoRegion, DEMO_AS_OF, demoAccounts, generateDemoRegion } from './demo-region.ts';
import { JINAN_COUNTIES } from './demo-words.ts';
import { imeiCheckDigit, isValidCreditCode } from './registry-codes.ts';
import { addYears } from './seeded-random.ts';

// Generated once: the generator is pure, so every test may read the same value.
const region = generateDemoRegion();

const countyByCode = new Map(JINAN_COUNTIES.map((c) => [c.code, c]));
const schoolById = new Map(region.schools.map((s) => [s.id, s]));

/** Great-circle distance in km (haversine), independent of the generator's own flat-earth offsets. */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

function expectUnique(values: readonly string[], column: string) {
  const seen = new Set<string>();
  const duplicates = values.filter((v) => seen.size === seen.add(v).size);
  expect(duplicates, `duplicate ${column}`).toEqual([]);
}

/** Birth date (YYYY-MM-DD) encoded in an identity number. */
const birthDateOf = (idNumber: string) =>
  `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;

describe('generateDemoRegion', () => {
  it('returns identical data on every call, and different data for another seed', () => {
    const again = generateDemoRegion();
    const other = generateDemoRegion('another-seed');

    expect(again).toEqual(region);
    expect(other.schools[0]!.id).not.toBe(region.schools[0]!.id);
    expect(other.coaches.map((c) => c.idNumber)).not.toEqual(region.coaches.map((c) => c.idNumber));
  });

  it('produces at least the counts the demo promises', () => {
    const counts = countDemoRegion(region);

    expect(counts.regions).toBe(2 + JINAN_COUNTIES.length);
    expect(counts.schools).toBeGreaterThanOrEqual(90);
    expect(counts.classTypes).toBeGreaterThanOrEqual(200);
    expect(counts.coaches).toBeGreaterThanOrEqual(1500);
    expect(counts.vehicles).toBeGreaterThanOrEqual(1200);
    expect(counts.terminals).toBe(counts.vehicles);
    expect(counts.trainees).toBeGreaterThanOrEqual(3000);
    expect(counts.users).toBe(demoAccounts.length);
  });

  it('covers the real districts and counties of 济南 under 370100', () => {
    const codes = region.regions.map((r) => r.code);

    expect(codes).toEqual(
      expect.arrayContaining(['370000', '370100', '370102', '370112', '370116', '370126']),
    );
    expect(region.regions.filter((r) => r.level === 'county').every((r) => r.parentCode === '370100')).toBe(
      true,
    );
    expect(new Set(region.schools.map((s) => s.countyCode)).size).toBe(JINAN_COUNTIES.length);
  });

  it('never repeats a value of a unique column', () => {
    const all = [
      ...region.schools,
      ...region.classTypes,
      ...region.coaches,
      ...region.vehicles,
      ...region.terminals,
      ...region.teachingAreas,
      ...region.recruitmentPoints,
      ...region.trainees,
      ...region.users,
    ];

    const uniqueColumns: Array<[string, string[]]> = [
      ['id', all.map((row) => row.id)],
      ['school name', region.schools.map((s) => s.name)],
      ['school short name', region.schools.map((s) => s.shortName)],
      ['credit code', region.schools.map((s) => s.creditCode)],
      ['licence number', region.schools.map((s) => s.licenceNumber)],
      ['coach number', region.coaches.map((c) => c.coachNumber)],
      ['identity number', [...region.coaches, ...region.trainees].map((p) => p.idNumber)],
      ['plate', region.vehicles.map((v) => v.plate)],
      ['terminal number', region.terminals.map((t) => t.terminalNumber)],
      ['IMEI', region.terminals.map((t) => t.imei)],
      ['SIM number', region.terminals.map((t) => t.simNumber)],
      ['terminal vehicle', region.terminals.map((t) => t.vehicleId)],
      ['username', region.users.map((u) => u.username)],
    ];

    for (const [column, values] of uniqueColumns) expectUnique(values, column);
  });

  it('formats ids and registry numbers as the schema and the registry API expect', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    expect(region.schools.every((s) => uuid.test(s.id) && isValidCreditCode(s.creditCode))).toBe(true);
    expect(region.schools.every((s) => /^0531-8[0-9]{7}$/.test(s.phone))).toBe(true);
    expect(
      region.coaches.every((c) => /^[0-9]{16}$/.test(c.coachNumber) && /^1[358][0-9]{9}$/.test(c.phone)),
    ).toBe(true);
    expect(region.vehicles.every((v) => /^鲁[AS][0-9A-HJ-NP-Z][0-9]{3}学$/.test(v.plate))).toBe(true);
    expect(region.terminals.every((t) => /^[0-9A-Z]{16}$/.test(t.terminalNumber))).toBe(true);
    expect(
      region.terminals.every((t) => /^[0-9]{15}$/.test(t.imei) && imeiCheckDigit(t.imei) === t.imei[14]),
    ).toBe(true);
    expect(region.terminals.every((t) => /^(1440|1064)[0-9]{9}$/.test(t.simNumber))).toBe(true);
    expect(region.users.every((u) => /^[a-z0-9][a-z0-9._-]{2,63}$/.test(u.username))).toBe(true);
  });

  it('gives everyone a valid identity number from a 济南 county with a plausible birth date and gender digit', () => {
    const people = [
      ...region.coaches.map((p) => ({ ...p, born: ['1965-01-01', '1998-12-31'] })),
      ...region.trainees.map((p) => ({ ...p, born: ['1975-01-01', '2007-12-31'] })),
    ];

    const wrong = people.filter((p) => {
      const birth = birthDateOf(p.idNumber);
      const male = Number(p.idNumber[16]) % 2 === 1;
      return (
        !isValidIdNumber(p.idNumber) ||
        !countyByCode.has(p.idNumber.slice(0, 6)) ||
        birth < p.born[0]! ||
        birth > p.born[1]! ||
        male !== (p.gender === 'male')
      );
    });

    expect(wrong).toEqual([]);
  });

  it('enrols adults only, between 2025-09 and the demo date', () => {
    const wrong = region.trainees.filter(
      (t) =>
        t.enrolledOn < '2025-09-01' ||
        t.enrolledOn > DEMO_AS_OF ||
        addYears(birthDateOf(t.idNumber), 18) > t.enrolledOn,
    );

    expect(wrong).toEqual([]);
  });

  it('places every school inside 济南 and within 8 km of its county centre', () => {
    const outside = region.schools.filter((s) => {
      const county = countyByCode.get(s.countyCode)!;
      return (
        s.latitude < 36.0 ||
        s.latitude > 37.5 ||
        s.longitude < 116.2 ||
        s.longitude > 117.9 ||
        distanceKm(s, county) > 8
      );
    });

    expect(outside).toEqual([]);
  });

  it('draws teaching areas as closed, simple rings near their school, with the filed area and box', () => {
    const wrong = region.teachingAreas.filter((area) => {
      const ring = area.polygon.coordinates[0]!;
      const school = schoolById.get(area.schoolId)!;
      const lats = ring.map((p) => p[1]);
      const lons = ring.map((p) => p[0]);
      const nearestKm = Math.min(
        ...ring.map(([longitude, latitude]) => distanceKm(school, { latitude, longitude })),
      );
      return (
        area.polygon.type !== 'Polygon' ||
        !isClosedRing(ring) ||
        !isSimpleRing(ring) ||
        ring.length < 6 ||
        ring.length > 9 ||
        area.areaM2 <= 0 ||
        area.areaM2 !== Math.round(ringAreaM2(ring)) ||
        area.minLatitude !== Math.min(...lats) ||
        area.maxLongitude !== Math.max(...lons) ||
        nearestKm > 4
      );
    });

    expect(wrong).toEqual([]);
    expect(region.teachingAreas.some((a) => a.kind === 'road_route')).toBe(true);
  });

  it('sizes training grounds at a few hundred metres across', () => {
    const grounds = region.teachingAreas.filter((a) => a.kind === 'training_ground');

    const spansM = grounds.map((a) => (a.maxLatitude - a.minLatitude) * 111_195);

    expect(Math.min(...spansM)).toBeGreaterThan(60);
    expect(Math.max(...spansM)).toBeLessThan(800);
  });

  it('keeps each school’s filings consistent with its licence classes', () => {
    const classTypeById = new Map(region.classTypes.map((c) => [c.id, c]));
    const vehicleById = new Map(region.vehicles.map((v) => [v.id, v]));
    const offers = (schoolId: string, licenceClass: string) =>
      schoolById.get(schoolId)!.licenceClasses.includes(licenceClass);

    expect(region.coaches.filter((c) => c.licenceClasses.some((l) => !offers(c.schoolId, l)))).toEqual([]);
    expect(region.vehicles.filter((v) => !offers(v.schoolId, v.licenceClass))).toEqual([]);
    expect(region.terminals.filter((t) => vehicleById.get(t.vehicleId)?.schoolId !== t.schoolId)).toEqual([]);
    expect(
      region.trainees.filter((t) => {
        const classType = classTypeById.get(t.classTypeId);
        return classType?.schoolId !== t.schoolId || classType.licenceClass !== t.licenceClass;
      }),
    ).toEqual([]);
  });

  it('prices classes realistically, in 分', () => {
    const c1 = region.classTypes.filter((c) => c.licenceClass === 'C1');

    expect(c1.every((c) => c.priceFen >= 380_000 && c.priceFen <= 680_000 && c.priceFen % 10_000 === 0)).toBe(
      true,
    );
    expect(region.classTypes.every((c) => c.inclusions.length >= 3)).toBe(true);
  });

  it('leaves a few things for the audits to find', () => {
    const lapsed = region.vehicles.filter((v) => v.inspectionValidUntil < DEMO_AS_OF);

    expect(lapsed.length).toBeGreaterThan(0);
    expect(lapsed.length).toBeLessThan(region.vehicles.length * 0.05);
    expect(region.schools.filter((s) => s.status !== 'operating').length).toBeGreaterThanOrEqual(3);
  });

  it('ties the demo accounts to 历下区 and its first school, coach and trainee', () => {
    const user = (username: string) => region.users.find((u) => u.username === username)!;
    const school = region.schools.find((s) => s.countyCode === '370102')!;
    const coach = region.coaches.find((c) => c.schoolId === school.id)!;
    const trainee = region.trainees.find((t) => t.schoolId === school.id)!;

    expect(region.users.map((u) => u.username)).toEqual(demoAccounts.map((a) => a.username));
    expect(user('demo-province')).toMatchObject({ role: 'regulator_province', regionCode: '370000' });
    expect(user('demo-city')).toMatchObject({ role: 'regulator_city', regionCode: '370100' });
    expect(user('demo-county')).toMatchObject({ role: 'regulator_county', regionCode: '370102' });
    expect(user('demo-police')).toMatchObject({ role: 'police_liaison', regionCode: '370100' });
    expect(user('demo-school')).toMatchObject({ role: 'school_admin', schoolId: school.id });
    expect(user('demo-staff')).toMatchObject({ role: 'school_staff', schoolId: school.id });
    expect(user('demo-coach')).toMatchObject({
      role: 'coach',
      schoolId: school.id,
      coachId: coach.id,
      displayName: coach.name,
    });
    expect(user('demo-trainee')).toMatchObject({
      role: 'trainee',
      schoolId: school.id,
      traineeId: trainee.id,
      displayName: trainee.name,
    });
    expect([school.status, coach.status, trainee.status]).toEqual(['operating', 'active', 'training']);
  });
});

describe('ringAreaM2 on a generator-sized square', () => {
  it('measures a 200 m × 200 m square at 济南’s latitude as 40 000 m² within 0.5 %', () => {
    const lat = 36.65;
    const dLat = 200 / 111_195;
    const dLon = 200 / (111_195 * Math.cos((lat * Math.PI) / 180));
    const square: LonLat[] = [
      [117, lat],
      [117 + dLon, lat],
      [117 + dLon, lat + dLat],
      [117, lat + dLat],
      [117, lat],
    ];

    expect(Math.abs(ringAreaM2(square) - 40_000) / 40_000).toBeLessThan(0.005);
  });
});
