/**
 * The demo region: 济南市 with about a hundred driving schools and their filed coaches, cars, terminals,
 * teaching areas, class types, recruitment points and trainees, plus one demo account per role.
 *
 * `generateDemoRegion` is pure and deterministic: it returns plain rows with explicit ids, the same on
 * every run and machine for a given seed. Identity numbers come back in clear; seed-demo.ts encrypts them
 * on the way into the database. Each school draws from its own random stream, so changing how one
 * section is generated does not reshuffle the rest.
 */
import { boundingBox, ringAreaM2, type LonLat } from '../../shared/geo.ts';
import { idNumberCheckChar } from '../../shared/identity-number.ts';
import { portalOfRole, Role, type Portal } from '../../shared/permissions.ts';
import {
  CITY,
  EXTRA_CLASS_TYPES,
  GIVEN_NAMES_OLDER,
  GIVEN_NAMES_YOUNGER,
  GRADE_NAMES,
  JINAN_COUNTIES,
  LARGE_VEHICLE_CLASS_TYPES,
  LICENCE_CLASS_LABELS,
  MOBILE_PREFIXES,
  PHOTO_KINDS,
  PHOTOS_PER_KIND,
  PROVINCE,
  SCHOOL_BRANDS,
  SCHOOL_INTRO_FIGURES,
  SCHOOL_INTRO_OPENING,
  SCHOOL_INTRO_SERVICES,
  SCHOOL_NAME_PATTERNS,
  STANDARD_CLASS_TYPES,
  SURNAME_TIERS,
  TERMINAL_MAKERS,
  VEHICLE_MODELS,
  type ClassTypeTemplate,
  type County,
} from './demo-words.ts';
import {
  CREDIT_CODE_CHARS,
  creditCodeCheckChar,
  imeiCheckDigit,
  organisationCodeCheckChar,
} from './registry-codes.ts';
import {
  addYears,
  createRandom,
  deterministicUuid,
  fromDayNumber,
  toDayNumber,
  type Random,
} from './seeded-random.ts';

export const DEMO_SEED = 'jiapei-demo';
export const DEMO_PASSWORD = 'jiapei-demo';

/**
 * The demo world's "today". Enrolments run up to it and inspection and maintenance dates are laid out
 * around it, so a handful of cars are already overdue for the audits to find.
 */
export const DEMO_AS_OF = '2026-11-20';

// ---------------------------------------------------------------------------------------------------
// Row shapes: the registry tables' columns (camelCase), minus timestamps, with identity numbers in clear.

export type Gender = 'male' | 'female';
export type GeoJsonPolygon = { type: 'Polygon'; coordinates: LonLat[][] };

export type DemoRegionRow = {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
};

export type DemoSchool = {
  id: string;
  name: string;
  shortName: string;
  creditCode: string;
  licenceNumber: string;
  grade: 1 | 2 | 3;
  licenceClasses: string[];
  countyCode: string;
  address: string;
  latitude: number;
  longitude: number;
  phone: string;
  introduction: string;
  photos: string[];
  status: 'operating' | 'enrolment_stopped' | 'suspended';
  /**
   * When the school entered the registry: its founding year (licensed or filed then), so a demo's
   * earlier months report the schools that existed, not an empty province before the seed ran.
   */
  createdAt: string;
};

export type DemoClassType = {
  id: string;
  schoolId: string;
  name: string;
  licenceClass: string;
  priceFen: number;
  inclusions: string[];
  description: string;
  status: 'on_sale' | 'withdrawn';
};

export type DemoCoach = {
  id: string;
  schoolId: string;
  coachNumber: string;
  name: string;
  gender: Gender;
  idNumber: string;
  phone: string;
  licenceClasses: string[];
  status: 'active' | 'suspended' | 'left';
  hiredOn: string;
};

export type DemoVehicle = {
  id: string;
  schoolId: string;
  plate: string;
  licenceClass: string;
  make: string;
  model: string;
  inspectionValidUntil: string;
  lastMaintainedOn: string;
  status: 'active' | 'suspended' | 'scrapped';
};

export type DemoTerminal = {
  id: string;
  schoolId: string;
  terminalNumber: string;
  imei: string;
  simNumber: string;
  vehicleId: string;
  maker: string;
  model: string;
  status: 'active' | 'disabled';
};

export type DemoTeachingArea = {
  id: string;
  schoolId: string;
  name: string;
  kind: 'training_ground' | 'road_route';
  licenceClasses: string[];
  polygon: GeoJsonPolygon;
  minLatitude: number;
  minLongitude: number;
  maxLatitude: number;
  maxLongitude: number;
  areaM2: number;
};

export type DemoRecruitmentPoint = {
  id: string;
  schoolId: string;
  name: string;
  address: string;
  countyCode: string;
  latitude: number;
  longitude: number;
  phone: string;
};

export type DemoTrainee = {
  id: string;
  schoolId: string;
  /** 学员编号: county code, enrolment year and a six-digit serial, as terminals send it. */
  traineeNumber: string;
  name: string;
  gender: Gender;
  idNumber: string;
  phone: string;
  licenceClass: string;
  classTypeId: string;
  enrolledOn: string;
  status: 'training' | 'graduated' | 'withdrawn';
};

export type DemoUser = {
  id: string;
  username: DemoUsername;
  displayName: string;
  role: Role;
  regionCode: string | null;
  schoolId: string | null;
  coachId: string | null;
  traineeId: string | null;
};

export type DemoRegion = {
  seed: string;
  regions: DemoRegionRow[];
  schools: DemoSchool[];
  classTypes: DemoClassType[];
  coaches: DemoCoach[];
  vehicles: DemoVehicle[];
  terminals: DemoTerminal[];
  teachingAreas: DemoTeachingArea[];
  recruitmentPoints: DemoRecruitmentPoint[];
  trainees: DemoTrainee[];
  users: DemoUser[];
};

export type DemoRegionCounts = Record<Exclude<keyof DemoRegion, 'seed'>, number>;

export function countDemoRegion(region: DemoRegion): DemoRegionCounts {
  return {
    regions: region.regions.length,
    schools: region.schools.length,
    classTypes: region.classTypes.length,
    coaches: region.coaches.length,
    vehicles: region.vehicles.length,
    terminals: region.terminals.length,
    teachingAreas: region.teachingAreas.length,
    recruitmentPoints: region.recruitmentPoints.length,
    trainees: region.trainees.length,
    users: region.users.length,
  };
}

// ---------------------------------------------------------------------------------------------------
// Demo accounts: one per role, all with DEMO_PASSWORD. The list is static so the server can print it
// at start without generating the region; the generator fills in ids and display names.

const DEMO_ACCOUNT_LIST = [
  { username: 'demo-province', role: Role.regulatorProvince, scope: '山东省 370000' },
  { username: 'demo-city', role: Role.regulatorCity, scope: '济南市 370100' },
  { username: 'demo-county', role: Role.regulatorCounty, scope: '历下区 370102' },
  { username: 'demo-school', role: Role.schoolAdmin, scope: '历下区第一所驾校' },
  { username: 'demo-staff', role: Role.schoolStaff, scope: '历下区第一所驾校' },
  { username: 'demo-coach', role: Role.coach, scope: '该驾校第一位教练员' },
  { username: 'demo-trainee', role: Role.trainee, scope: '该驾校第一位学员' },
  { username: 'demo-police', role: Role.policeLiaison, scope: '济南市 370100' },
] as const;

export type DemoUsername = (typeof DEMO_ACCOUNT_LIST)[number]['username'];
export type DemoAccount = { username: DemoUsername; role: Role; portal: Portal; scope: string };

export const demoAccounts: readonly DemoAccount[] = DEMO_ACCOUNT_LIST.map((account) => ({
  ...account,
  portal: portalOfRole[account.role],
}));

/** The county whose first school carries the school, coach and trainee demo accounts. */
export const DEMO_COUNTY_CODE = '370102';

// ---------------------------------------------------------------------------------------------------
// Ids and geometry helpers.

/** Fixed per table so ids of different tables can never collide (see deterministicUuid). */
const ENTITY_TAGS = {
  user: 0x0001,
  school: 0x0002,
  classType: 0x0003,
  coach: 0x0004,
  vehicle: 0x0005,
  terminal: 0x0006,
  teachingArea: 0x0007,
  recruitmentPoint: 0x0008,
  trainee: 0x0009,
} as const;

type IdMaker = () => string;

function idSequence(seed: string, entity: keyof typeof ENTITY_TAGS): IdMaker {
  let index = 0;
  return () => deterministicUuid(seed, ENTITY_TAGS[entity], index++);
}

/** Metres per degree of latitude on the mean Earth sphere (the same radius as shared/geo.ts). */
const METRES_PER_DEGREE = (Math.PI / 180) * 6_371_008.8;

/** Six decimals is about 0.1 m: precise enough, and it hides last-bit differences in Math.cos. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

type Point = { latitude: number; longitude: number };

function offsetPoint(origin: Point, eastM: number, northM: number): Point {
  return {
    latitude: round6(origin.latitude + northM / METRES_PER_DEGREE),
    longitude: round6(
      origin.longitude + eastM / (METRES_PER_DEGREE * Math.cos((origin.latitude * Math.PI) / 180)),
    ),
  };
}

/** A uniformly distributed point within `radiusKm` of the centre. */
function pointNear(random: Random, centre: Point, radiusKm: number): Point {
  const distanceM = radiusKm * 1000 * Math.sqrt(random.next());
  const bearing = random.float(0, 2 * Math.PI);
  return offsetPoint(centre, distanceM * Math.sin(bearing), distanceM * Math.cos(bearing));
}

/**
 * A star-shaped ring of `vertexCount` vertices around `centre`, closed, with roughly `targetAreaM2`.
 * Vertex angles increase strictly (jitter stays under half a step), so the ring never crosses itself.
 */
function groundRing(random: Random, centre: Point, targetAreaM2: number, vertexCount: number): LonLat[] {
  const step = (2 * Math.PI) / vertexCount;
  // A regular n-gon of circumradius r has area n·r²·sin(2π/n)/2.
  const radiusM = Math.sqrt((2 * targetAreaM2) / (vertexCount * Math.sin(step)));
  const start = random.float(0, step);
  const ring: LonLat[] = [];
  for (let k = 0; k < vertexCount; k++) {
    const angle = start + k * step + random.float(-0.3, 0.3) * step;
    const r = radiusM * random.float(0.85, 1.15);
    const p = offsetPoint(centre, r * Math.cos(angle), r * Math.sin(angle));
    ring.push([p.longitude, p.latitude]);
  }
  ring.push(ring[0]!);
  return ring;
}

/**
 * A road-training route as a corridor polygon: a road of `lengthM` with one gentle bend, buffered by
 * half the road width on each side (six vertices, closed).
 */
function routeRing(random: Random, start: Point, lengthM: number, widthM: number): LonLat[] {
  const heading = random.float(0, 2 * Math.PI);
  const bend = random.float(-0.3, 0.3);
  const half = lengthM / 2;
  const along = (h: number, d: number) => [d * Math.sin(h), d * Math.cos(h)] as const;
  const [mx, my] = along(heading, half);
  const [bx, by] = along(heading + bend, half);
  const centreLine = [
    [0, 0],
    [mx, my],
    [mx + bx, my + by],
  ] as const;
  // Offset each centre-line point along the normal of its (averaged) heading.
  const headings = [heading, heading + bend / 2, heading + bend];
  const side = (sign: 1 | -1) =>
    centreLine.map(([x, y], i) => {
      const normal = headings[i]! + Math.PI / 2;
      const p = offsetPoint(
        start,
        x + sign * (widthM / 2) * Math.sin(normal),
        y + sign * (widthM / 2) * Math.cos(normal),
      );
      return [p.longitude, p.latitude] as LonLat;
    });
  const ring = [...side(1), ...side(-1).reverse()];
  ring.push(ring[0]!);
  return ring;
}

function toTeachingAreaGeometry(ring: LonLat[]) {
  const box = boundingBox(ring);
  return {
    polygon: { type: 'Polygon' as const, coordinates: [ring] },
    minLatitude: box.minLatitude,
    minLongitude: box.minLongitude,
    maxLatitude: box.maxLatitude,
    maxLongitude: box.maxLongitude,
    areaM2: Math.round(ringAreaM2(ring)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Unique values: plates, phones, identity numbers and device numbers are unique across the region.

function drawUnique(used: Set<string>, draw: () => string): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const value = draw();
    if (!used.has(value)) {
      used.add(value);
      return value;
    }
  }
  throw new Error('the demo generator ran out of unique values');
}

const SURNAME_WEIGHTS: ReadonlyArray<readonly [string, number]> = SURNAME_TIERS.flatMap(([weight, names]) =>
  names.split(' ').map((name) => [name, weight] as const),
);
/** Plate characters after the city letter: digits and letters except I and O (GA 36-2018). */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

type Registers = {
  idNumbers: Set<string>;
  mobiles: Set<string>;
  landlines: Set<string>;
  plates: Set<string>;
  terminalNumbers: Set<string>;
  imeis: Set<string>;
  sims: Set<string>;
  creditCodes: Set<string>;
  /** Next serial of the 16-digit trainee number (学员编号), unique across the region. */
  traineeSerial: { next: number };
};

function personName(random: Random, gender: Gender, birthYear: number): string {
  // People born before 1990 mostly carry the older names; a few either way keeps it from looking sorted.
  const older = birthYear < 1990 ? random.chance(0.85) : random.chance(0.1);
  const given = (older ? GIVEN_NAMES_OLDER : GIVEN_NAMES_YOUNGER)[gender];
  return random.weighted(SURNAME_WEIGHTS) + random.pick(given);
}

/** GB 11643: county code, birth date, a three-digit order code whose last digit is odd for men, check. */
function idNumber(random: Random, used: Set<string>, countyCode: string, birthDate: string, gender: Gender) {
  return drawUnique(used, () => {
    const parity = gender === 'male' ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]);
    const first17 = `${countyCode}${birthDate.replaceAll('-', '')}${random.digits(2)}${parity}`;
    return first17 + idNumberCheckChar(first17);
  });
}

const mobile = (random: Random, used: Set<string>) =>
  drawUnique(used, () => random.pick(MOBILE_PREFIXES) + random.digits(8));
const landline = (random: Random, used: Set<string>) => drawUnique(used, () => `0531-8${random.digits(7)}`);

function dateBetween(random: Random, from: string, to: string): string {
  return fromDayNumber(random.int(toDayNumber(from), toDayNumber(to)));
}

// ---------------------------------------------------------------------------------------------------
// Schools.

type SchoolPlan = {
  index: number;
  county: County;
  brand: string;
  grade: 1 | 2 | 3;
  status: DemoSchool['status'];
  /** Fewer coaches than the 110 % rule asks, for the capacity audits to find. */
  understaffed: boolean;
  /** A training ground smaller than its grade requires. */
  undersizedGround: boolean;
  isDemoSchool: boolean;
};

/**
 * Decides the city-wide mix before any school is built: brands without repeats, grades by quota (about
 * 15 % 一级, 43 % 二级), and the few schools with a status or shortfall worth finding. The demo school
 * (the first in 历下区) stays an ordinary operating school so every demo account can act.
 */
function planSchools(seed: string): SchoolPlan[] {
  const random = createRandom(`${seed}:plan`);
  // The demo county goes first, so school 0 is its first school.
  const counties = [
    ...JINAN_COUNTIES.filter((c) => c.code === DEMO_COUNTY_CODE),
    ...JINAN_COUNTIES.filter((c) => c.code !== DEMO_COUNTY_CODE),
  ];
  const total = counties.reduce((sum, c) => sum + c.schoolCount, 0);
  if (SCHOOL_BRANDS.length < total) throw new Error('more schools than brand words');
  const brands = random.shuffle(SCHOOL_BRANDS);
  const gradeOneCount = Math.round(total * 0.15);
  const gradeTwoCount = Math.round(total * 0.43);
  const grades = random.shuffle(
    Array.from(
      { length: total },
      (_, i) => (i < gradeOneCount ? 1 : i < gradeOneCount + gradeTwoCount ? 2 : 3) as 1 | 2 | 3,
    ),
  );
  // Everything except index 0 (the demo school) may be picked out for statuses and shortfalls.
  const others = random.shuffle(Array.from({ length: total - 1 }, (_, i) => i + 1));
  const enrolmentStopped = new Set(others.slice(0, 3));
  const suspended = new Set(others.slice(3, 5));
  const understaffed = new Set(others.slice(5, 8));
  const undersized = new Set(others.slice(8, 10));

  const plans: SchoolPlan[] = [];
  for (const county of counties) {
    for (let k = 0; k < county.schoolCount; k++) {
      const index = plans.length;
      plans.push({
        index,
        county,
        brand: brands[index]!,
        grade: grades[index]!,
        status: enrolmentStopped.has(index)
          ? 'enrolment_stopped'
          : suspended.has(index)
            ? 'suspended'
            : 'operating',
        understaffed: understaffed.has(index),
        undersizedGround: undersized.has(index),
        isDemoSchool: index === 0,
      });
    }
  }
  return plans;
}

function schoolLicenceClasses(random: Random, grade: 1 | 2 | 3): string[] {
  const has = (p: Record<1 | 2 | 3, number>) => random.chance(p[grade]);
  const classes = ['C1'];
  if (grade <= 2 || random.chance(0.85)) classes.push('C2');
  if (has({ 1: 0.7, 2: 0.25, 3: 0.03 })) classes.push('B2');
  if (has({ 1: 0.4, 2: 0.05, 3: 0 })) classes.push('A1');
  if (has({ 1: 0.35, 2: 0.05, 3: 0 })) classes.push('A2');
  if (random.chance(0.15)) {
    if (random.chance(0.5)) classes.push('D');
    classes.push('E');
  }
  return classes;
}

/** Cars per licence class: mostly manual C1 cars, a share of automatics, a few large vehicles. */
function vehicleMix(random: Random, grade: 1 | 2 | 3, classes: readonly string[]): Map<string, number> {
  const total = { 1: random.int(24, 36), 2: random.int(13, 20), 3: random.int(8, 11) }[grade];
  const mix = new Map<string, number>();
  if (classes.includes('B2')) mix.set('B2', grade === 1 ? random.int(3, 6) : random.int(2, 3));
  if (classes.includes('A1')) mix.set('A1', random.int(1, 3));
  if (classes.includes('A2')) mix.set('A2', random.int(1, 2));
  if (classes.includes('D')) mix.set('D', 1);
  if (classes.includes('E')) mix.set('E', random.int(1, 2));
  const large = [...mix.values()].reduce((a, b) => a + b, 0);
  const smallCars = Math.max(6, total - large);
  const automatics = classes.includes('C2') ? Math.round(smallCars * random.float(0.25, 0.4)) : 0;
  mix.set('C1', smallCars - automatics);
  if (automatics > 0) mix.set('C2', automatics);
  return mix;
}

/**
 * Which classes a coach of each vehicle group may teach: the group's own classes plus the neighbouring
 * ones the school also trains (a truck coach usually teaches C1 too). Always a subset of the school's.
 */
function coachGroups(
  classes: readonly string[],
): Array<{ vehicleClasses: string[]; coachClasses: string[] }> {
  const offered = (list: string[]) => list.filter((c) => classes.includes(c));
  const groups = [
    { vehicleClasses: offered(['C1', 'C2']), coachClasses: offered(['C1', 'C2']) },
    { vehicleClasses: offered(['B2']), coachClasses: offered(['B2', 'C1']) },
    { vehicleClasses: offered(['A1']), coachClasses: offered(['A1', 'B2']) },
    { vehicleClasses: offered(['A2']), coachClasses: offered(['A2', 'B2']) },
    { vehicleClasses: offered(['D', 'E']), coachClasses: offered(['D', 'E']) },
  ];
  return groups.filter((g) => g.vehicleClasses.length > 0);
}

function creditCode(random: Random, used: Set<string>, countyCode: string, foundedYear: number): string {
  return drawUnique(used, () => {
    // Organisation codes issued since 2015 start with MA; older ones are eight digits.
    const body =
      foundedYear >= 2015
        ? `MA${random.digits(1)}${Array.from({ length: 5 }, () => random.pick([...CREDIT_CODE_CHARS])).join('')}`
        : random.digits(8);
    // 9 = registered by market regulation, 1 = enterprise (GB 32100-2015 table 1).
    const first17 = `91${countyCode}${body}${organisationCodeCheckChar(body)}`;
    return first17 + creditCodeCheckChar(first17);
  });
}

/**
 * Schools licensed before 2021 hold a 许可 number; newer ones filed (备案) with the county authority
 * (RULES §5). The school's index keeps every number unique.
 */
function licenceNumber(plan: SchoolPlan, foundedYear: number): string {
  const serial = String(plan.index + 1).padStart(3, '0');
  return foundedYear >= 2021
    ? `济交驾培备字〔${foundedYear}〕${plan.county.code}${serial}号`
    : `鲁交运管许可济字${plan.county.code}000${serial}号`;
}

function schoolName(random: Random, plan: SchoolPlan): string {
  return random
    .weighted(SCHOOL_NAME_PATTERNS)
    .replace('{brand}', plan.brand)
    .replace('{county}', plan.county.name);
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`template field ${key} missing`);
    return String(values[key]);
  });
}

function photoPaths(random: Random): string[] {
  const kinds = random.shuffle(PHOTO_KINDS).slice(0, random.int(2, 4));
  return kinds.map(
    (kind) => `/demo/photos/${kind}-${String(random.int(1, PHOTOS_PER_KIND)).padStart(2, '0')}.jpg`,
  );
}

/** Grades are earned over years of quality-reputation reviews, so 一级 schools are the older ones. */
const FOUNDED_YEARS: Record<1 | 2 | 3, readonly [number, number]> = {
  1: [1993, 2008],
  2: [1995, 2018],
  3: [2000, 2024],
};

/** GB/T 30340-2013 minimum ground area of small-car schools, by grade (RULES §6). */
const MIN_GROUND_AREA_M2: Record<1 | 2 | 3, number> = { 1: 33_000, 2: 17_000, 3: 10_000 };

/** Monthly enrolment weights: the summer holidays and the weeks after the Spring Festival are busiest. */
const ENROLMENT_MONTH_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['2025-09', 1.2],
  ['2025-10', 1.0],
  ['2025-11', 0.9],
  ['2025-12', 0.8],
  ['2026-01', 1.3],
  ['2026-02', 1.3],
  ['2026-03', 1.1],
  ['2026-04', 1.0],
  ['2026-05', 1.0],
  ['2026-06', 1.1],
  ['2026-07', 1.8],
  ['2026-08', 1.8],
  ['2026-09', 1.1],
  ['2026-10', 1.0],
  ['2026-11', 0.6],
];

function enrolmentDate(random: Random, lastDay: string): string {
  for (;;) {
    const month = random.weighted(ENROLMENT_MONTH_WEIGHTS);
    const firstOfMonth = `${month}-01`;
    if (firstOfMonth > lastDay) continue;
    const lastOfMonth = fromDayNumber(toDayNumber(addMonth(firstOfMonth)) - 1);
    return dateBetween(random, firstOfMonth, lastOfMonth < lastDay ? lastOfMonth : lastDay);
  }
}

function addMonth(firstOfMonth: string): string {
  const [y, m] = firstOfMonth.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01-01` : `${y}-${String(m! + 1).padStart(2, '0')}-01`;
}

// ---------------------------------------------------------------------------------------------------
// The generator.

type Sequences = Record<keyof typeof ENTITY_TAGS, IdMaker>;

export function generateDemoRegion(seed: string = DEMO_SEED): DemoRegion {
  const ids = Object.fromEntries(
    (Object.keys(ENTITY_TAGS) as Array<keyof typeof ENTITY_TAGS>).map((entity) => [
      entity,
      idSequence(seed, entity),
    ]),
  ) as Sequences;
  const registers: Registers = {
    idNumbers: new Set(),
    mobiles: new Set(),
    landlines: new Set(),
    plates: new Set(),
    terminalNumbers: new Set(),
    imeis: new Set(),
    sims: new Set(),
    creditCodes: new Set(),
    traineeSerial: { next: 1 },
  };
  const region: DemoRegion = {
    seed,
    regions: [
      { code: PROVINCE.code, name: PROVINCE.name, level: 'province', parentCode: null },
      { code: CITY.code, name: CITY.name, level: 'city', parentCode: PROVINCE.code },
      ...JINAN_COUNTIES.map((c) => ({
        code: c.code,
        name: c.name,
        level: 'county' as const,
        parentCode: CITY.code,
      })),
    ],
    schools: [],
    classTypes: [],
    coaches: [],
    vehicles: [],
    terminals: [],
    teachingAreas: [],
    recruitmentPoints: [],
    trainees: [],
    users: [],
  };
  const coachSerial = { next: 1 };
  for (const plan of planSchools(seed)) {
    buildSchool(createRandom(`${seed}:school:${plan.index}`), plan, ids, registers, coachSerial, region);
  }
  region.users = buildDemoUsers(ids.user, region);
  return region;
}

function buildSchool(
  random: Random,
  plan: SchoolPlan,
  ids: Sequences,
  registers: Registers,
  coachSerial: { next: number },
  region: DemoRegion,
): void {
  const { county, grade } = plan;
  const schoolId = ids.school();
  const location = pointNear(random, county, county.spreadKm);
  const [foundedFrom, foundedTo] = FOUNDED_YEARS[grade];
  const foundedYear = random.int(foundedFrom, foundedTo);
  const licenceClasses = schoolLicenceClasses(random, grade);
  const street = random.pick(county.streets);
  const name = schoolName(random, plan);
  const shortName = `${plan.brand}驾校`;

  // Cars, each with its timing terminal. One maker per school: schools buy terminals in one tender.
  const maker = random.pick(TERMINAL_MAKERS);
  const mix = vehicleMix(random, grade, licenceClasses);
  const vehicles: DemoVehicle[] = [];
  for (const [licenceClass, count] of mix) {
    for (let k = 0; k < count; k++) {
      const vehicle = buildVehicle(random, ids.vehicle(), schoolId, county, licenceClass, registers);
      vehicles.push(vehicle);
      region.terminals.push({
        id: ids.terminal(),
        schoolId,
        terminalNumber: drawUnique(registers.terminalNumbers, () => maker.code + random.digits(11)),
        imei: drawUnique(registers.imeis, () => {
          const body = maker.tac + random.digits(6);
          return body + imeiCheckDigit(body);
        }),
        // 13-digit IoT SIM numbers (China Mobile 1440…, China Unicom 1064…).
        simNumber: drawUnique(registers.sims, () => random.pick(['1440', '1064']) + random.digits(9)),
        vehicleId: vehicle.id,
        maker: maker.name,
        model: random.pick(maker.models),
        status: vehicle.status === 'scrapped' ? 'disabled' : 'active',
      });
    }
  }
  region.vehicles.push(...vehicles);

  // Coaches: RULES §6 asks for at least 110 % of each class's cars; understaffed schools fall short.
  const coaches: DemoCoach[] = [];
  for (const group of coachGroups(licenceClasses)) {
    const cars = group.vehicleClasses.reduce((sum, c) => sum + (mix.get(c) ?? 0), 0);
    const ratio = plan.understaffed ? random.float(0.8, 0.95) : random.float(1.12, 1.35);
    const count = Math.max(1, Math.round(cars * ratio));
    for (let k = 0; k < count; k++) {
      const pinned = plan.isDemoSchool && coaches.length === 0;
      coaches.push(
        buildCoach(
          random,
          ids.coach(),
          schoolId,
          plan,
          foundedYear,
          group.coachClasses,
          pinned,
          coachSerial,
          registers,
        ),
      );
    }
  }
  region.coaches.push(...coaches);

  // Teaching areas: one or two grounds sized to the grade, sometimes a filed road route.
  const vehicleCount = vehicles.length;
  const groundAreaM2 =
    MIN_GROUND_AREA_M2[grade] * (plan.undersizedGround ? random.float(0.7, 0.85) : random.float(1.0, 1.3)) +
    400 * Math.max(0, vehicleCount - 20);
  const groundShares = random.chance(0.3) ? [0.65, 0.35] : [1];
  let groundAreaTotal = 0;
  groundShares.forEach((share, k) => {
    const centre = pointNear(random, location, random.float(0.3, 1.5));
    const geometry = toTeachingAreaGeometry(
      groundRing(random, centre, groundAreaM2 * share, random.int(5, 8)),
    );
    groundAreaTotal += geometry.areaM2;
    region.teachingAreas.push({
      id: ids.teachingArea(),
      schoolId,
      name: `${shortName}${k === 0 ? '第一' : '第二'}训练场`,
      kind: 'training_ground',
      licenceClasses: k === 0 ? [...licenceClasses] : licenceClasses.filter((c) => c === 'C1' || c === 'C2'),
      ...geometry,
    });
  });
  if (random.chance(0.25)) {
    const routeStreet = random.pick(county.streets);
    const start = pointNear(random, location, 2);
    region.teachingAreas.push({
      id: ids.teachingArea(),
      schoolId,
      name: `${shortName}科目三道路训练路线(${routeStreet})`,
      kind: 'road_route',
      licenceClasses: licenceClasses.filter((c) => c === 'C1' || c === 'C2'),
      ...toTeachingAreaGeometry(routeRing(random, start, random.float(1200, 2500), 30)),
    });
  }

  // Class types on sale: the standard small-car classes, the school's large-vehicle classes, extras.
  const classTypes = pickClassTemplates(random, licenceClasses, plan.isDemoSchool).map(
    (template, k): DemoClassType & { popularity: number } => ({
      id: ids.classType(),
      schoolId,
      name: template.name,
      licenceClass: template.licenceClass,
      priceFen: random.int(template.priceYuan[0] / 100, template.priceYuan[1] / 100) * 100 * 100,
      inclusions: [...template.inclusions],
      description: template.description,
      // The first class stays on sale so every school can enrol.
      status: k > 0 && random.chance(0.05) ? 'withdrawn' : 'on_sale',
      popularity: template.popularity,
    }),
  );
  region.classTypes.push(...classTypes.map(({ popularity: _, ...row }) => row));

  const recruitmentPointCount = random.int(1, 2);
  for (let k = 0; k < recruitmentPointCount; k++) {
    const pointStreet = random.pick(county.streets);
    region.recruitmentPoints.push({
      id: ids.recruitmentPoint(),
      schoolId,
      name: `${shortName}${pointStreet}报名点`,
      address: `济南市${county.name}${pointStreet}${random.int(1, 2999)}号`,
      countyCode: county.code,
      ...pointNear(random, county, county.spreadKm),
      phone: random.chance(0.5) ? landline(random, registers.landlines) : mobile(random, registers.mobiles),
    });
  }

  // Trainees: about 2–3 per car in the demo (the real ratio is far higher). A school that stopped
  // enrolling or was suspended took no one after its stop date.
  const lastEnrolment =
    plan.status === 'enrolment_stopped'
      ? '2026-06-30'
      : plan.status === 'suspended'
        ? '2026-08-31'
        : DEMO_AS_OF;
  const onSale = classTypes.filter((c) => c.status === 'on_sale');
  const traineeCount = Math.round(vehicleCount * random.float(2.0, 2.9));
  for (let k = 0; k < traineeCount; k++) {
    const pinned = plan.isDemoSchool && k === 0;
    const classType = random.weighted(onSale.map((c) => [c, c.popularity] as const));
    region.trainees.push(
      buildTrainee(random, ids.trainee(), schoolId, county, classType, lastEnrolment, pinned, registers),
    );
  }

  const activeCoaches = coaches.filter((c) => c.status === 'active').length;
  const services = random.shuffle(SCHOOL_INTRO_SERVICES).slice(0, 2);
  const introduction =
    fill(SCHOOL_INTRO_OPENING, {
      name,
      year: foundedYear,
      county: county.name,
      street,
      filing: foundedYear >= 2021 ? '备案' : '许可',
      grade: GRADE_NAMES[grade],
    }) +
    fill(SCHOOL_INTRO_FIGURES, {
      vehicles: vehicleCount,
      coaches: activeCoaches,
      area: Math.round(groundAreaTotal / 100) * 100,
      classes: licenceClasses.map((c) => LICENCE_CLASS_LABELS[c] ?? c).join('、'),
    }) +
    services.join('');

  region.schools.push({
    id: schoolId,
    name,
    shortName,
    creditCode: creditCode(random, registers.creditCodes, county.code, foundedYear),
    licenceNumber: licenceNumber(plan, foundedYear),
    grade,
    licenceClasses,
    countyCode: county.code,
    address: `济南市${county.name}${street}${random.int(1, 9999)}号`,
    latitude: location.latitude,
    longitude: location.longitude,
    phone: landline(random, registers.landlines),
    introduction,
    photos: photoPaths(random),
    status: plan.status,
    createdAt: `${foundedYear}-03-01T09:00:00+08:00`,
  });
}

function pickClassTemplates(
  random: Random,
  classes: readonly string[],
  isDemoSchool: boolean,
): ClassTypeTemplate[] {
  const offered = (t: ClassTypeTemplate) => classes.includes(t.licenceClass);
  const standard = STANDARD_CLASS_TYPES.filter(offered);
  const large = random.shuffle(LARGE_VEHICLE_CLASS_TYPES.filter(offered)).slice(0, 2);
  const target = isDemoSchool ? 4 : random.int(2, 4);
  const extras = random.shuffle(EXTRA_CLASS_TYPES.filter(offered));
  const picked = [...standard, ...large];
  while (picked.length < target && extras.length > 0) picked.push(extras.shift()!);
  return picked;
}

function buildVehicle(
  random: Random,
  id: string,
  schoolId: string,
  county: County,
  licenceClass: string,
  registers: Registers,
): DemoVehicle {
  const model = random.pick(VEHICLE_MODELS[licenceClass] ?? VEHICLE_MODELS.C1!);
  // Mostly four digits; some plates start with a letter once a number range runs out.
  const plate = drawUnique(registers.plates, () => {
    const serial = random.chance(0.75)
      ? random.digits(4)
      : random.pick([...PLATE_LETTERS]) + random.digits(3);
    return `${county.platePrefix}${serial}学`;
  });
  // 教练车 are inspected yearly; about 1 % have lapsed. 二级维护 is due twice a year (RULES §7), so a
  // last service more than six months before DEMO_AS_OF is overdue; about 3 % are.
  const inspectionValidUntil = random.chance(0.01)
    ? dateBetween(random, '2026-07-01', '2026-11-15')
    : dateBetween(random, '2026-12-01', '2027-10-31');
  const lastMaintainedOn = random.chance(0.03)
    ? dateBetween(random, '2025-12-01', '2026-04-30')
    : dateBetween(random, '2026-06-01', '2026-11-15');
  return {
    id,
    schoolId,
    plate,
    licenceClass,
    make: model.make,
    model: model.model,
    inspectionValidUntil,
    lastMaintainedOn,
    status: random.weighted([
      ['active', 97],
      ['suspended', 2],
      ['scrapped', 1],
    ] as const),
  };
}

function buildCoach(
  random: Random,
  id: string,
  schoolId: string,
  plan: SchoolPlan,
  foundedYear: number,
  licenceClasses: string[],
  pinnedActive: boolean,
  coachSerial: { next: number },
  registers: Registers,
): DemoCoach {
  const gender: Gender = random.chance(0.88) ? 'male' : 'female';
  const birthDate = dateBetween(random, '1965-01-01', '1998-12-31');
  // Hired at 25 at the earliest (three years of driving first), and not before the school existed.
  const earliest = [addYears(birthDate, 25), `${foundedYear}-03-01`, '2005-01-01'].sort().at(-1)!;
  const hiredOn = dateBetween(random, earliest, '2026-10-31');
  // County code, year hired, then a city-wide serial: 16 digits, unique by the serial.
  const coachNumber = `${plan.county.code}${hiredOn.slice(0, 4)}${String(coachSerial.next++).padStart(6, '0')}`;
  const idCounty = random.chance(0.7) ? plan.county.code : random.pick(JINAN_COUNTIES).code;
  return {
    id,
    schoolId,
    coachNumber,
    name: personName(random, gender, Number(birthDate.slice(0, 4))),
    gender,
    idNumber: idNumber(random, registers.idNumbers, idCounty, birthDate, gender),
    phone: mobile(random, registers.mobiles),
    licenceClasses: [...licenceClasses],
    status: pinnedActive
      ? 'active'
      : random.weighted([
          ['active', 92],
          ['left', 5],
          ['suspended', 3],
        ] as const),
    hiredOn,
  };
}

/** Birth-year bands of trainees: most learn to drive at university age or soon after. */
const TRAINEE_BIRTH_BANDS: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['2000-01-01', '2007-12-31'], 45],
  [['1990-01-01', '1999-12-31'], 35],
  [['1975-01-01', '1989-12-31'], 20],
];

function buildTrainee(
  random: Random,
  id: string,
  schoolId: string,
  county: County,
  classType: DemoClassType,
  lastEnrolment: string,
  pinnedTraining: boolean,
  registers: Registers,
): DemoTrainee {
  const gender: Gender = random.chance(0.56) ? 'male' : 'female';
  const enrolledOn = enrolmentDate(random, lastEnrolment);
  // Applicants for a small-car licence must be 18 (公安部令第162号 §11).
  const [bandStart, bandEnd] = random.weighted(TRAINEE_BIRTH_BANDS);
  const latestBirth = addYears(enrolledOn, -18);
  const birthDate = dateBetween(random, bandStart, bandEnd < latestBirth ? bandEnd : latestBirth);
  const idCounty = random.chance(0.7) ? county.code : random.pick(JINAN_COUNTIES).code;
  // Small-car training takes three to six months, so older enrolments have mostly graduated.
  const monthsAgo = (toDayNumber(DEMO_AS_OF) - toDayNumber(enrolledOn)) / 30.4;
  const graduatedShare = monthsAgo > 8 ? 0.6 : monthsAgo > 4 ? 0.2 : 0;
  const withdrawnShare = monthsAgo > 4 ? 0.04 : 0.01;
  const roll = random.next();
  const status = pinnedTraining
    ? 'training'
    : roll < graduatedShare
      ? 'graduated'
      : roll < graduatedShare + withdrawnShare
        ? 'withdrawn'
        : 'training';
  const traineeNumber = `${county.code}${enrolledOn.slice(0, 4)}${String(registers.traineeSerial.next++).padStart(6, '0')}`;
  return {
    id,
    schoolId,
    traineeNumber,
    name: personName(random, gender, Number(birthDate.slice(0, 4))),
    gender,
    idNumber: idNumber(random, registers.idNumbers, idCounty, birthDate, gender),
    phone: mobile(random, registers.mobiles),
    licenceClass: classType.licenceClass,
    classTypeId: classType.id,
    enrolledOn,
    status,
  };
}

function buildDemoUsers(nextId: IdMaker, region: DemoRegion): DemoUser[] {
  const school = region.schools.find((s) => s.countyCode === DEMO_COUNTY_CODE);
  const coach = school && region.coaches.find((c) => c.schoolId === school.id);
  const trainee = school && region.trainees.find((t) => t.schoolId === school.id);
  if (!school || !coach || !trainee) throw new Error('the demo school needs a coach and a trainee');

  const regulator = (displayName: string, regionCode: string) => ({
    displayName,
    regionCode,
    schoolId: null,
    coachId: null,
    traineeId: null,
  });
  const schoolUser = (displayName: string, extra: { coachId?: string; traineeId?: string } = {}) => ({
    displayName,
    regionCode: null,
    schoolId: school.id,
    coachId: extra.coachId ?? null,
    traineeId: extra.traineeId ?? null,
  });
  const details: Record<DemoUsername, Omit<DemoUser, 'id' | 'username' | 'role'>> = {
    'demo-province': regulator('山东省交通运输厅(演示)', PROVINCE.code),
    'demo-city': regulator('济南市交通运输局(演示)', CITY.code),
    'demo-county': regulator('历下区交通运输局(演示)', DEMO_COUNTY_CODE),
    'demo-school': schoolUser(`${school.shortName}管理员`),
    'demo-staff': schoolUser(`${school.shortName}教务员`),
    'demo-coach': schoolUser(coach.name, { coachId: coach.id }),
    'demo-trainee': schoolUser(trainee.name, { traineeId: trainee.id }),
    'demo-police': regulator('济南市公安局交警支队(演示)', CITY.code),
  };
  return demoAccounts.map((account) => ({
    id: nextId(),
    username: account.username,
    role: account.role,
    ...details[account.username],
  }));
}
