import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../src/db/connect.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { idNumberCheckChar, type IdNumberVault } from '../src/shared/identity-number.ts';
import type { Role } from '../src/shared/permissions.ts';

export const TEST_PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | undefined;
let sequence = 0;
const next = () => ++sequence;
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** Two provinces, each with a city and two counties: enough to test every scope boundary. */
export const regions = {
  province: '370000',
  city: '370100',
  county: '370102',
  otherCounty: '370103',
  otherProvince: '320000',
  otherCity: '320100',
  otherProvinceCounty: '320102',
} as const;

export async function ensureRegions(db: Database): Promise<void> {
  await db
    .insertInto('regions')
    .values([
      { code: '370000', name: '山东省', level: 'province', parentCode: null },
      { code: '370100', name: '济南市', level: 'city', parentCode: '370000' },
      { code: '370102', name: '历下区', level: 'county', parentCode: '370100' },
      { code: '370103', name: '市中区', level: 'county', parentCode: '370100' },
      { code: '320000', name: '江苏省', level: 'province', parentCode: null },
      { code: '320100', name: '南京市', level: 'city', parentCode: '320000' },
      { code: '320102', name: '玄武区', level: 'county', parentCode: '320100' },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export function makeIdNumber(countyCode = '370102', birth = '19900101'): string {
  const first17 = `${countyCode}${birth}${digits(3)}`;
  return first17 + idNumberCheckChar(first17);
}

export async function newSchool(
  db: Database,
  overrides: { countyCode?: string; name?: string; licenceClasses?: string[] } = {},
) {
  await ensureRegions(db);
  const n = next();
  const row = {
    id: randomUUID(),
    name: overrides.name ?? `测试驾驶员培训学校${n}号${digits(4)}`,
    shortName: `测试驾校${n}`,
    creditCode: `91370102${digits(9)}${String.fromCharCode(65 + (n % 20))}`,
    licenceNumber: `TEST-${digits(10)}`,
    grade: 2,
    licenceClasses: overrides.licenceClasses ?? ['C1', 'C2'],
    countyCode: overrides.countyCode ?? regions.county,
    address: `测试路${n}号`,
    latitude: 36.66 + n * 0.001,
    longitude: 117.02 + n * 0.001,
    phone: `0531-8${digits(7)}`,
    introduction: '测试用驾校',
  };
  await db.insertInto('schools').values(row).execute();
  return row;
}

/** A random birth date 1970–1999: with the 3 random sequence digits, identity numbers rarely collide. */
function randomBirth(): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `19${70 + randomInt(30)}${pad(1 + randomInt(12))}${pad(1 + randomInt(28))}`;
}

export async function newCoach(db: Database, vault: IdNumberVault, schoolId: string) {
  // Coach identity numbers are unique (by hash); a fixed birth date left 1,000 possible numbers.
  const id = vault.protect(makeIdNumber('370102', randomBirth()));
  const row = {
    id: randomUUID(),
    schoolId,
    coachNumber: digits(16),
    name: `教练${next()}`,
    gender: 'male',
    idNumberCipher: id.cipher,
    idNumberHash: id.hash,
    idNumberMasked: id.masked,
    phone: `139${digits(8)}`,
    licenceClasses: ['C1'],
    hiredOn: '2020-03-01',
  };
  await db.insertInto('coaches').values(row).execute();
  return row;
}

export async function newTrainee(db: Database, vault: IdNumberVault, schoolId: string) {
  const id = vault.protect(makeIdNumber('370102', '20010203'));
  const row = {
    id: randomUUID(),
    schoolId,
    traineeNumber: `3701021999${String(next()).padStart(6, '0')}`,
    name: `学员${next()}`,
    gender: 'female',
    idNumberCipher: id.cipher,
    idNumberHash: id.hash,
    idNumberMasked: id.masked,
    phone: `138${digits(8)}`,
    licenceClass: 'C1',
    enrolledOn: '2026-09-01',
  };
  await db.insertInto('trainees').values(row).execute();
  return row;
}

export async function newUser(
  db: Database,
  role: Role,
  scope: { regionCode?: string; schoolId?: string; coachId?: string; traineeId?: string } = {},
) {
  await ensureRegions(db);
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = `u${next()}-${digits(6)}`;
  const row = {
    id: randomUUID(),
    username,
    passwordHash: await passwordHash,
    displayName: `测试用户 ${username}`,
    role,
    regionCode: scope.regionCode ?? null,
    schoolId: scope.schoolId ?? null,
    coachId: scope.coachId ?? null,
    traineeId: scope.traineeId ?? null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

export async function newVehicle(db: Database, schoolId: string, overrides: { licenceClass?: string } = {}) {
  const row = {
    id: randomUUID(),
    schoolId,
    plate: `鲁A${digits(4)}${next() % 10}学`,
    licenceClass: overrides.licenceClass ?? 'C1',
    make: '测试牌',
    model: '教练车',
    inspectionValidUntil: '2027-12-31',
    lastMaintainedOn: '2026-10-01',
  };
  await db.insertInto('vehicles').values(row).execute();
  return row;
}

/** A filed timing terminal; its SIM number is the phone the test terminal puts in its headers. */
export async function newTerminal(
  db: Database,
  schoolId: string,
  overrides: {
    vehicleId?: string | null;
    certificatePem?: string | null;
    status?: 'active' | 'disabled';
  } = {},
) {
  const n = next();
  const row = {
    id: randomUUID(),
    schoolId,
    terminalNumber: `TEST${digits(8)}${String(n % 10000).padStart(4, '0')}`,
    imei: `86${digits(9)}${String(n % 10000).padStart(4, '0')}`,
    simNumber: `1440${digits(5)}${String(n % 10000).padStart(4, '0')}`,
    vehicleId: overrides.vehicleId ?? null,
    maker: '测试终端厂',
    model: 'JP-T',
    status: overrides.status ?? 'active',
    certificatePem: overrides.certificatePem ?? null,
  };
  await db.insertInto('terminals').values(row).execute();
  return row;
}
