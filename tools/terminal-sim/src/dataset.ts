import type { FleetCar } from './fleet-file.ts';
import { planeAround } from './geo.ts';
import type { CarProfile } from './profiles.ts';
import { createRng, seedOf, type Rng } from './rng.ts';
import { CarDriver, recordSession, type RecordedSession } from './session.ts';

/**
 * A labelled data set of training sessions, generated in memory (no TCP) by the same per-car code the
 * TCP terminal runs (session.ts), for measuring anomaly detectors.
 *
 * A fleet of synthetic schools (training grounds and road corridors of varied size) and cars drives
 * `days` working days. Most cars are honest (some with a flaky link: `offline-resend`, which is not
 * fraud); a few carry a fraud profile in every session (`replay` and `photo-reuse` from their second
 * session on). On top
 * of that, fleet-level frauds are injected into the schedule: one coach signed in two cars at once,
 * one trainee in two sessions at once (two cars, or theory during practice: 交叉培训), and a cloned
 * terminal running a second session on the same car. Each session carries the frauds it takes part in
 * as `labels` (both sessions of an overlapping pair), so a detector's hits can be checked against
 * what really happened. Deterministic for a seed.
 */

/** What a session can be guilty of; an empty list is an honest session. */
export const FRAUD_KINDS = [
  'paoma',
  'replay',
  'out-of-fence',
  'clock-drift',
  'emulator',
  'gnss-spoof',
  'face-mismatch',
  'camera-blocked',
  'photo-reuse',
  'coach-overlap',
  'trainee-overlap',
  'vehicle-overlap',
] as const;
export type FraudKind = (typeof FRAUD_KINDS)[number];

/** Car profiles that are fraud in every session (replay and photo-reuse: from the second session on). */
const SESSION_FRAUD: Partial<Record<CarProfile, FraudKind>> = {
  paoma: 'paoma',
  replay: 'replay',
  'out-of-fence': 'out-of-fence',
  'clock-drift': 'clock-drift',
  emulator: 'emulator',
  'gnss-spoof': 'gnss-spoof',
  'face-mismatch': 'face-mismatch',
  'camera-blocked': 'camera-blocked',
  'photo-reuse': 'photo-reuse',
};

/** Profiles whose first session is still honest: the fraud repeats something that session produced. */
const FROM_SECOND_SESSION: ReadonlySet<CarProfile> = new Set(['replay', 'photo-reuse']);

export type DatasetOptions = {
  seed?: number | string;
  cars?: number;
  /** Working days driven (08:00–18:00 GMT+8, sessions back to back with breaks). */
  days?: number;
  /** First day, as epoch ms of 08:00 GMT+8. */
  firstDay?: number;
  /** Share of cars per non-honest profile (rounded to whole cars); the rest are honest. */
  carShares?: Partial<Record<CarProfile, number>>;
  /** Share of sessions that get caught up in an injected overlap, per kind (each pair is two sessions). */
  overlapShare?: Partial<Record<'coach-overlap' | 'trainee-overlap' | 'vehicle-overlap', number>>;
  /** Share of honest cars practising their school's fixed course all day instead of driving freely. */
  courseShare?: number;
};

export const DEFAULT_DATASET: Required<Omit<DatasetOptions, 'seed' | 'firstDay'>> = {
  cars: 620,
  days: 2,
  carShares: {
    'offline-resend': 0.03,
    paoma: 0.006,
    replay: 0.006,
    'clock-drift': 0.006,
    emulator: 0.006,
    'gnss-spoof': 0.006,
    'out-of-fence': 0.004,
    'face-mismatch': 0.006,
    'camera-blocked': 0.006,
    'photo-reuse': 0.006,
  },
  overlapShare: { 'coach-overlap': 0.004, 'trainee-overlap': 0.004, 'vehicle-overlap': 0.004 },
  courseShare: 0.25,
};

/** One session of the data set, its schedule and who took part (a theory session has no car or data). */
export type DatasetSession = {
  sessionId: string;
  kind: 'practical' | 'theory';
  /** Terminal number of the car, null for theory. */
  vehicleId: string | null;
  coachId: string;
  traineeId: string;
  /** Coach login and coach logout (simulated epoch ms). */
  startMs: number;
  endMs: number;
  minutes: number;
  carProfile: CarProfile | null;
  labels: FraudKind[];
};

type PlannedSession = DatasetSession & {
  carIndex: number;
  traineeIndex: number;
  /** Driven by a cloned terminal of the car (a second device under the same plate). */
  clone: boolean;
};

export type DatasetPlan = {
  /** `practiceCourse`: an honest car practising its school's fixed course (the replay detector's hard case). */
  cars: { car: FleetCar; profile: CarProfile; practiceCourse: boolean }[];
  /** Every session, sorted by car then start. */
  sessions: PlannedSession[];
  seed: number | string;
  firstDay: number;
  days: number;
};

const DAY_MS = 86_400_000;
const DEFAULT_FIRST_DAY = Date.parse('2026-11-02T08:00:00+08:00');
/** Sessions run from 08:00 until a session would start after 17:30. */
const LAST_START_MS = 9.5 * 3600_000;

const LOGIN_TO_DRIVE_MS = 60_000;
const DRIVE_END_TO_LOGOUT_MS = 40_000;

/** A teaching area: an irregular hexagon ground 250–900 m across, or a 30 m road corridor 1–3 km long. */
function teachingArea(rng: Rng): FleetCar['area'] {
  const lon0 = 117 + rng.float(-0.5, 0.5);
  const lat0 = 36.6 + rng.float(-0.3, 0.3);
  const plane = planeAround(lon0, lat0);
  const rot = rng.float(0, 2 * Math.PI);
  const turn = ([x, y]: [number, number]): [number, number] => [
    x * Math.cos(rot) - y * Math.sin(rot),
    x * Math.sin(rot) + y * Math.cos(rot),
  ];
  let points: [number, number][];
  if (rng.chance(0.8)) {
    const s = rng.float(0.6, 2.2);
    points = (
      [
        [-200, -60],
        [-90, -190],
        [130, -170],
        [210, 20],
        [80, 180],
        [-150, 140],
      ] as [number, number][]
    ).map(([x, y]) => [x * s * rng.float(0.85, 1.15), y * s * rng.float(0.85, 1.15)]);
  } else {
    const a = rng.float(500, 1500);
    const b = rng.float(500, 1500);
    const bend = rng.float(-300, 300);
    points = [
      [0, -15],
      [a, -15],
      [a + b, bend - 15],
      [a + b, bend + 15],
      [a, 15],
      [0, 15],
    ];
  }
  const ring = points.map(turn).map(([x, y]) => {
    const p = plane.toLonLat({ x, y });
    return [Math.round(p.longitude * 1e7) / 1e7, Math.round(p.latitude * 1e7) / 1e7] as [number, number];
  });
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

function syntheticCars(count: number, rng: Rng): FleetCar[] {
  const cars: FleetCar[] = [];
  // A school: one teaching area shared by 4–10 cars.
  while (cars.length < count) {
    const area = teachingArea(rng);
    const size = Math.min(rng.int(4, 10), count - cars.length);
    for (let k = 0; k < size; k++) {
      const n = cars.length + 1;
      const id = (prefix: string, width: number, v: number) => `${prefix}${String(v).padStart(width, '0')}`;
      cars.push({
        terminalNumber: id('3701', 12, n),
        phone: id('0139', 8, n),
        imei: id('86', 13, n),
        serialNumber: id('SN', 5, n),
        maker: '70110',
        model: 'JPSIM-1',
        regionCode: '370102',
        plate: `鲁A${String(n).padStart(4, '0')}学`,
        plateColor: 2,
        licenceClass: 'C1',
        protocol: '2013',
        coach: { coachNumber: id('3701C', 11, n), idNumber: id('370102', 12, n), licenceClass: 'C1' },
        trainees: [1, 2, 3, 4].map((t) => ({
          traineeNumber: id('3701T', 11, n * 10 + t),
          licenceClass: 'C1',
        })),
        area,
      });
    }
  }
  return cars;
}

const overlapMs = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
  Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs);

/** Injected overlaps overlap by at least 10 minutes: clearly two places at once, not a handover. */
const MIN_INJECTED_OVERLAP_MS = 10 * 60_000;

/**
 * The schedule of the data set: cars, profiles, every session's time and people, labels. Cheap (no
 * driving); {@link recordDataset} drives it.
 */
export function planDataset(options: DatasetOptions = {}): DatasetPlan {
  const seed = options.seed ?? 1;
  const carCount = options.cars ?? DEFAULT_DATASET.cars;
  const days = options.days ?? DEFAULT_DATASET.days;
  const firstDay = options.firstDay ?? DEFAULT_FIRST_DAY;
  const shares = options.carShares ?? DEFAULT_DATASET.carShares;
  const overlapShare = options.overlapShare ?? DEFAULT_DATASET.overlapShare;
  const rng = createRng(seedOf(seed, 'dataset'));
  const fleet = syntheticCars(carCount, rng);

  // Whole cars per profile, spread over the fleet by a shuffle.
  const profiles: CarProfile[] = fleet.map(() => 'honest');
  const order = fleet.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let next = 0;
  for (const [profile, share] of Object.entries(shares) as [CarProfile, number][]) {
    const n = Math.round(share * carCount);
    for (let k = 0; k < n && next < order.length; k++) profiles[order[next++]!] = profile;
  }
  const cars = fleet.map((car, i) => ({
    car,
    profile: profiles[i]!,
    practiceCourse:
      profiles[i] === 'honest' && rng.chance(options.courseShare ?? DEFAULT_DATASET.courseShare),
  }));

  const sessions: PlannedSession[] = [];
  cars.forEach(({ car, profile }, carIndex) => {
    let firstMinutes: number | null = null;
    let index = 0;
    for (let day = 0; day < days; day++) {
      const dayStart = firstDay + day * DAY_MS;
      let t = dayStart + rng.int(0, 40) * 60_000;
      while (t - dayStart <= LAST_START_MS) {
        let minutes = rng.int(30, 90);
        if (profile === 'replay') minutes = firstMinutes ??= minutes;
        const endMs = t + LOGIN_TO_DRIVE_MS + minutes * 60_000 + DRIVE_END_TO_LOGOUT_MS;
        const fraud = SESSION_FRAUD[profile];
        sessions.push({
          sessionId: `${car.terminalNumber}-${String(index).padStart(3, '0')}`,
          kind: 'practical',
          vehicleId: car.terminalNumber,
          coachId: car.coach.coachNumber,
          traineeId: car.trainees[index % car.trainees.length]!.traineeNumber,
          traineeIndex: index % car.trainees.length,
          startMs: t,
          endMs,
          minutes,
          carProfile: profile,
          labels: fraud && !(FROM_SECOND_SESSION.has(profile) && index === 0) ? [fraud] : [],
          carIndex,
          clone: false,
        });
        index++;
        t = endMs + rng.int(2, 10) * 60_000;
      }
    }
  });

  injectOverlaps(sessions, cars, overlapShare, rng);
  sessions.sort((a, b) => a.carIndex - b.carIndex || a.startMs - b.startMs);
  return { cars, sessions, seed, firstDay, days };
}

function injectOverlaps(
  sessions: PlannedSession[],
  cars: DatasetPlan['cars'],
  share: NonNullable<DatasetOptions['overlapShare']>,
  rng: Rng,
): void {
  const total = sessions.length;
  // Only honest sessions take part, so each session's labels name one fraud.
  const pool = sessions.filter((s) => s.kind === 'practical' && s.labels.length === 0);
  const pickFree = () => {
    const s = rng.pick(pool);
    return s.labels.length === 0 ? s : null;
  };
  // Sessions per coach, trainee and car, kept up to date as the injections change who took part.
  const groups = { coach: new Map<string, PlannedSession[]>(), trainee: new Map<string, PlannedSession[]>() };
  const vehicles = new Map<string, PlannedSession[]>();
  const add = (map: Map<string, PlannedSession[]>, id: string, s: PlannedSession) => {
    const list = map.get(id);
    if (list) list.push(s);
    else map.set(id, [s]);
  };
  for (const s of sessions) {
    add(groups.coach, s.coachId, s);
    add(groups.trainee, s.traineeId, s);
    if (s.vehicleId) add(vehicles, s.vehicleId, s);
  }
  const of = (map: Map<string, PlannedSession[]>, id: string) => map.get(id) ?? [];
  const move = (map: Map<string, PlannedSession[]>, from: string, to: string, s: PlannedSession) => {
    map.set(
      from,
      of(map, from).filter((x) => x !== s),
    );
    add(map, to, s);
  };
  /** `s` overlaps nothing of `others` except `partner` (so the ground truth is exactly the pair). */
  const clearOf = (
    s: { startMs: number; endMs: number },
    others: PlannedSession[],
    partner: PlannedSession,
  ) => others.every((o) => o === partner || o === s || overlapMs(s, o) <= 0);

  const pairs = (kind: keyof typeof share) => Math.round(((share[kind] ?? 0) * total) / 2);

  // One coach signed in two cars at once: B's record carries A's coach.
  for (let made = 0, tries = 0; made < pairs('coach-overlap') && tries < 20_000; tries++) {
    const a = pickFree();
    const b = pickFree();
    if (!a || !b || a.vehicleId === b.vehicleId || overlapMs(a, b) < MIN_INJECTED_OVERLAP_MS) continue;
    if (!clearOf(b, of(groups.coach, a.coachId), a)) continue;
    move(groups.coach, b.coachId, a.coachId, b);
    b.coachId = a.coachId;
    a.labels.push('coach-overlap');
    b.labels.push('coach-overlap');
    made++;
  }

  // One trainee in two sessions at once: another car (B's record carries A's trainee), or a theory
  // class during the practical session (交叉培训).
  for (let made = 0, tries = 0; made < pairs('trainee-overlap') && tries < 20_000; tries++) {
    const a = pickFree();
    if (!a) continue;
    const mine = of(groups.trainee, a.traineeId);
    if (rng.chance(0.5)) {
      const b = pickFree();
      if (!b || a.vehicleId === b.vehicleId || overlapMs(a, b) < MIN_INJECTED_OVERLAP_MS) continue;
      if (!clearOf(b, mine, a)) continue;
      move(groups.trainee, b.traineeId, a.traineeId, b);
      b.traineeId = a.traineeId;
      a.labels.push('trainee-overlap');
      b.labels.push('trainee-overlap');
    } else {
      const minutes = rng.int(45, 120);
      const startMs = a.startMs + rng.int(-minutes + 15, a.minutes - 15) * 60_000;
      const theory: PlannedSession = {
        sessionId: `${a.sessionId}-theory`,
        kind: 'theory',
        vehicleId: null,
        coachId: `THEORY-${a.coachId}`,
        traineeId: a.traineeId,
        traineeIndex: a.traineeIndex,
        startMs,
        endMs: startMs + minutes * 60_000,
        minutes,
        carProfile: null,
        labels: ['trainee-overlap'],
        carIndex: a.carIndex,
        clone: false,
      };
      if (overlapMs(a, theory) < MIN_INJECTED_OVERLAP_MS || !clearOf(theory, mine, a)) continue;
      if (sessions.some((s) => s.sessionId === theory.sessionId)) continue;
      a.labels.push('trainee-overlap');
      sessions.push(theory);
      add(groups.trainee, theory.traineeId, theory);
    }
    made++;
  }

  // A cloned terminal: a second session under the same car, inside one of its real sessions, with a
  // trainee nobody else trains.
  for (let made = 0, tries = 0; made < pairs('vehicle-overlap') && tries < 20_000; tries++) {
    const a = pickFree();
    if (!a || a.minutes < 40 || sessions.some((s) => s.sessionId === `${a.sessionId}-clone`)) continue;
    const minutes = rng.int(30, a.minutes);
    const startMs = a.startMs + rng.int(0, a.minutes - minutes) * 60_000;
    const car = cars[a.carIndex]!.car;
    const clone: PlannedSession = {
      sessionId: `${a.sessionId}-clone`,
      kind: 'practical',
      vehicleId: a.vehicleId,
      coachId: `CLONE-${car.coach.coachNumber}`,
      traineeId: `CLONE-${a.sessionId}`,
      traineeIndex: 0,
      startMs,
      endMs: startMs + LOGIN_TO_DRIVE_MS + minutes * 60_000 + DRIVE_END_TO_LOGOUT_MS,
      minutes,
      carProfile: 'honest',
      labels: ['vehicle-overlap'],
      carIndex: a.carIndex,
      clone: true,
    };
    if (!clearOf(clone, of(vehicles, a.vehicleId!), a)) continue;
    a.labels.push('vehicle-overlap');
    sessions.push(clone);
    add(vehicles, a.vehicleId!, clone);
    made++;
  }
}

/** A session of the data set with what its terminal sent (null for a theory session). */
export type LabelledSession = DatasetSession & { recorded: RecordedSession | null };

/**
 * Drive the plan car by car, yielding each car's sessions in time order with their telemetry, so a
 * caller can process and drop them (a data set of 10,000 sessions holds millions of positions).
 */
export function* recordDataset(plan: DatasetPlan): Generator<LabelledSession> {
  let i = 0;
  while (i < plan.sessions.length) {
    const carIndex = plan.sessions[i]!.carIndex;
    const { car, profile, practiceCourse } = plan.cars[carIndex]!;
    const driver = new CarDriver({
      car,
      profile,
      practiceCourse,
      seed: plan.seed,
      now: plan.firstDay - 3600_000,
    });
    // The clone is another device: its own route, honest, under the same plate.
    const cloneDriver = new CarDriver({
      car: { ...car, terminalNumber: `${car.terminalNumber.slice(0, -1)}X` },
      seed: plan.seed,
      now: plan.firstDay - 3600_000,
    });
    for (; i < plan.sessions.length && plan.sessions[i]!.carIndex === carIndex; i++) {
      const s = plan.sessions[i]!;
      const { carIndex: _c, traineeIndex, clone, ...session } = s;
      const recorded =
        s.kind === 'theory'
          ? null
          : recordSession(clone ? cloneDriver : driver, {
              startAt: s.startMs,
              minutes: s.minutes,
              traineeIndex,
            });
      yield { ...session, recorded };
    }
  }
}
