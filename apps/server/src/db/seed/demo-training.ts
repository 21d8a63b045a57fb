/**
 * Demo training history for the demo school (the school of demo-school / demo-trainee): three weeks of
 * finished sessions written as the gateway would have stored them (trainee sign-ins, minute records,
 * photo rows without image bytes) on the school's own filed cars, coaches and training ground, then
 * assembled and audited by the real engine. Deterministic for a given seeding day: the schedule is
 * fixed, only the calendar dates move with "today" so the demo always shows recent weeks.
 *
 * What it shows: demo-trainee has clean sessions and three with voided minutes (out of the fence, a
 * long stop, over the daily cap); another trainee has part 2 complete, ready for a stage submission.
 */
import { formatCourseCode } from '@jiapei/jt808';
import type { Kysely } from 'kysely';
import {
  auditTraineeLogs,
  assembleFinishedSessions,
  createTrainingHoursRepository,
  seedTrainingReferenceData,
} from '../../modules/training-hours/index.ts';
import type { DB } from '../types.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const CST = 8 * 3_600_000;
/** Record sequences from 5001 and classroom ids from 900000 keep clear of what the live simulator sends. */
const FIRST_RECORD_SEQ = 5001;
const FIRST_CLASSROOM_ID = 900_000;

type Trouble = 'none' | 'out_of_fence' | 'long_stop';
/** One session: days before today, +08:00 start hour, minutes, part, what goes wrong. */
type Planned = { daysAgo: number; hour: number; minutes: number; part: 2 | 3; trouble: Trouble };

/** demo-trainee: mostly good sessions; one out of the fence, one with a long stop, one over the cap. */
const DEMO_TRAINEE_PLAN: Planned[] = [
  { daysAgo: 20, hour: 8, minutes: 120, part: 2, trouble: 'none' },
  { daysAgo: 18, hour: 14, minutes: 90, part: 2, trouble: 'none' },
  { daysAgo: 15, hour: 9, minutes: 60, part: 2, trouble: 'out_of_fence' },
  { daysAgo: 13, hour: 15, minutes: 120, part: 2, trouble: 'none' },
  { daysAgo: 10, hour: 8, minutes: 60, part: 2, trouble: 'long_stop' },
  // Two sessions on one day: 180 + 120 minutes, the last 60 are over the 4-学时 cap.
  { daysAgo: 6, hour: 8, minutes: 180, part: 2, trouble: 'none' },
  { daysAgo: 6, hour: 14, minutes: 120, part: 2, trouble: 'none' },
  { daysAgo: 3, hour: 9, minutes: 90, part: 2, trouble: 'none' },
];

/** A trainee whose part 2 is complete: five days of 4 学时 (C1 needs 16, C2 14). */
const COMPLETE_PART2_PLAN: Planned[] = [19, 17, 14, 12, 9].map((daysAgo) => ({
  daysAgo,
  hour: 8,
  minutes: 240,
  part: 2,
  trouble: 'none',
}));

/** A few more trainees with a session or two, so lists are not empty. */
const OTHER_PLANS: Planned[][] = [
  [
    { daysAgo: 11, hour: 10, minutes: 60, part: 2, trouble: 'none' },
    { daysAgo: 4, hour: 16, minutes: 90, part: 3, trouble: 'none' },
  ],
  [{ daysAgo: 8, hour: 13, minutes: 60, part: 2, trouble: 'out_of_fence' }],
  [{ daysAgo: 5, hour: 9, minutes: 120, part: 3, trouble: 'none' }],
];

export type DemoTrainingResult = { sessions: number; minuteRecords: number; teachingLogs: number };

/** Runs once: does nothing when the demo school already has teaching logs. */
export async function seedDemoTraining(
  db: Kysely<DB>,
  options: { now?: Date } = {},
): Promise<DemoTrainingResult> {
  const empty = { sessions: 0, minuteRecords: 0, teachingLogs: 0 };
  await seedTrainingReferenceData(db, '370000', ['370100']);
  const accounts = await db
    .selectFrom('users')
    .select(['username', 'schoolId', 'traineeId'])
    .where('username', 'in', ['demo-school', 'demo-trainee'])
    .execute();
  const schoolId = accounts.find((a) => a.username === 'demo-school')?.schoolId;
  const demoTraineeId = accounts.find((a) => a.username === 'demo-trainee')?.traineeId;
  if (!schoolId || !demoTraineeId) return empty;
  const already = await db
    .selectFrom('teachingLogs')
    .select('id')
    .where('schoolId', '=', schoolId)
    .executeTakeFirst();
  if (already) return empty;

  const [cars, coaches, trainees, areas] = await Promise.all([
    db
      .selectFrom('terminals')
      .innerJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
      .select([
        'terminals.id',
        'terminals.terminalNumber',
        'vehicles.id as vehicleId',
        'vehicles.licenceClass',
      ])
      .where('terminals.schoolId', '=', schoolId)
      .where('terminals.status', '=', 'active')
      .where('vehicles.status', '=', 'active')
      .orderBy('terminals.terminalNumber')
      .execute(),
    db
      .selectFrom('coaches')
      .select(['id', 'licenceClasses'])
      .where('schoolId', '=', schoolId)
      .where('status', '=', 'active')
      .orderBy('coachNumber')
      .execute(),
    db
      .selectFrom('trainees')
      .select(['id', 'licenceClass'])
      .where('schoolId', '=', schoolId)
      .where('status', '=', 'training')
      .orderBy('traineeNumber')
      .execute(),
    db
      .selectFrom('teachingAreas')
      .select(['polygon', 'licenceClasses', 'minLongitude', 'maxLongitude', 'minLatitude', 'maxLatitude'])
      .where('schoolId', '=', schoolId)
      .where('status', '=', 'active')
      .where('kind', '=', 'training_ground')
      .execute(),
  ]);

  /** A car, a coach and a ground for a class, or null when the school cannot train it. */
  const kitFor = (licenceClass: string) => {
    const car = cars.find((c) => c.licenceClass === licenceClass);
    const coach = coaches.find((c) => c.licenceClasses.includes(licenceClass));
    const area = areas.find((a) => a.licenceClasses.includes(licenceClass));
    return car && coach && area ? { car, coach, area } : null;
  };
  const demoTrainee = trainees.find((t) => t.id === demoTraineeId);
  if (!demoTrainee || !kitFor(demoTrainee.licenceClass)) return empty;
  const others = trainees.filter((t) => t.id !== demoTraineeId && kitFor(t.licenceClass));
  const plans: Array<{ traineeId: string; licenceClass: string; sessions: Planned[] }> = [
    { traineeId: demoTrainee.id, licenceClass: demoTrainee.licenceClass, sessions: DEMO_TRAINEE_PLAN },
  ];
  others.slice(0, 1 + OTHER_PLANS.length).forEach((t, i) =>
    plans.push({
      traineeId: t.id,
      licenceClass: t.licenceClass,
      sessions: i === 0 ? COMPLETE_PART2_PLAN : OTHER_PLANS[i - 1]!,
    }),
  );

  const now = options.now ?? new Date();
  const todayCst = Math.floor((now.getTime() + CST) / DAY);
  const sequences = new Map<string, number>();
  let classroomId = FIRST_CLASSROOM_ID;
  const signIns: Array<Record<string, unknown>> = [];
  const minutes: Array<Record<string, unknown>> = [];
  const photos: Array<Record<string, unknown>> = [];
  const carBusy = new Map<string, number>();

  for (const plan of plans) {
    const kit = kitFor(plan.licenceClass)!;
    const inside = insidePoint(kit.area.polygon as { coordinates: number[][][] });
    const outside: [number, number] = [kit.area.maxLongitude + 0.01, kit.area.maxLatitude + 0.005];
    const lap = lapOf(kit.area.polygon as { coordinates: number[][][] }, inside);
    for (const s of plan.sessions) {
      // Cars are shared between trainees: a later trainee's session on a busy car moves an hour on.
      const day = todayCst - s.daysAgo;
      let start = day * DAY - CST + s.hour * 3_600_000;
      const busyUntil = carBusy.get(`${kit.car.id}:${day}`) ?? 0;
      if (start < busyUntil) start = busyUntil + 30 * MINUTE;
      carBusy.set(`${kit.car.id}:${day}`, start + s.minutes * MINUTE);
      const end = start + s.minutes * MINUTE;
      const id = classroomId++;
      const courseCode = formatCourseCode(1, plan.licenceClass, s.part, s.part === 2 ? 12 : 21);
      signIns.push({
        terminalId: kit.car.id,
        vehicleId: kit.car.vehicleId,
        traineeId: plan.traineeId,
        coachId: kit.coach.id,
        classroomId: id,
        courseCode,
        signedInAt: new Date(start),
        signedOutAt: new Date(end),
        reportedMinutes: s.minutes,
        reportedMileageDecikm: s.minutes * 3,
        latitude: inside[1],
        longitude: inside[0],
        receivedAt: new Date(end),
      });
      const yymmdd = new Date(day * DAY).toISOString().slice(2, 10).replaceAll('-', '');
      const seqKey = `${kit.car.terminalNumber}:${yymmdd}`;
      for (let i = 0; i < s.minutes; i++) {
        const seq = sequences.get(seqKey) ?? FIRST_RECORD_SEQ;
        sequences.set(seqKey, seq + 1);
        const out = s.trouble === 'out_of_fence' && i >= 20 && i < 40;
        const stopped = s.trouble === 'long_stop' && i >= 25 && i < 35;
        // Laps of the ground: each minute at the next point of a loop 40 % of the way from the inner
        // point to the fence's vertices — inside (the grounds are star-shaped around their centre) and
        // tens of metres apart, as a car adding 0.2–0.4 km a minute would be; a loop of a few metres
        // would read as mileage without movement (跑马机) to the anomaly detectors.
        const [lapLongitude, lapLatitude] = lap[i % lap.length]!;
        minutes.push({
          recordNumber: `${kit.car.terminalNumber}${yymmdd}${String(seq).padStart(4, '0')}`,
          terminalId: kit.car.id,
          vehicleId: kit.car.vehicleId,
          traineeId: plan.traineeId,
          coachId: kit.coach.id,
          classroomId: id,
          recordedAt: new Date(start + i * MINUTE),
          courseCode,
          recordStatus: 0,
          maxSpeedDecikmh: stopped ? 0 : 180 + (i % 7) * 10,
          mileageDecikm: stopped ? 0 : 2 + (i % 3),
          latitude: out ? outside[1] : lapLatitude,
          longitude: out ? outside[0] : lapLongitude,
          gnssSpeedKmh: stopped ? 0 : 18,
          reportType: 1,
          blind: false,
          engineRpm: stopped ? 800 : 1600,
          recorderSpeedDecikmh: stopped ? 0 : 180,
          receivedAt: new Date(start + i * MINUTE + 2_000),
        });
      }
      const shots: Array<[number, number]> = [[17, start + 10_000]];
      for (let t = start + 15 * MINUTE; t <= end - 7.5 * MINUTE; t += 15 * MINUTE) shots.push([19, t]);
      shots.push([18, end]);
      shots.forEach(([eventType, t], k) =>
        photos.push({
          terminalId: kit.car.id,
          photoNumber: String(id * 100 + k).padStart(10, '0'),
          personNumber: '0'.repeat(16),
          uploadMode: 129,
          channel: 1,
          sizeCode: 1,
          eventType,
          classroomId: id,
          takenAt: new Date(t),
          latitude: inside[1],
          longitude: inside[0],
          faceConfidence: 92,
          byteSize: 0,
          packetsTotal: 0,
          status: 'complete',
          receivedAt: new Date(t + 5_000),
        }),
      );
    }
  }

  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('traineeSignIns')
      .values(signIns as never)
      .execute();
    for (let at = 0; at < minutes.length; at += 1000) {
      await tx
        .insertInto('minuteRecords')
        .values(minutes.slice(at, at + 1000) as never)
        .execute();
    }
    await tx
      .insertInto('photos')
      .values(photos as never)
      .execute();
  });

  const repo = createTrainingHoursRepository();
  let teachingLogs = 0;
  for (;;) {
    const n = await assembleFinishedSessions(db, repo, now, 500);
    teachingLogs += n;
    if (n === 0) break;
  }
  for (const plan of plans) await auditTraineeLogs(db, repo, plan.traineeId, now);
  return { sessions: signIns.length, minuteRecords: minutes.length, teachingLogs };
}

/** A point well inside the ground: the vertex mean, which is inside the star-shaped demo grounds. */
/** The loop a seeded session drives: 40 % of the way from `inside` to each vertex of the outer ring. */
function lapOf(polygon: { coordinates: number[][][] }, inside: [number, number]): [number, number][] {
  return polygon.coordinates[0]!.slice(0, -1).map((v) => [
    inside[0] + 0.4 * (v[0]! - inside[0]),
    inside[1] + 0.4 * (v[1]! - inside[1]),
  ]);
}

function insidePoint(polygon: { coordinates: number[][][] }): [number, number] {
  const ring = polygon.coordinates[0]!.slice(0, -1);
  const lon = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
  return [lon, lat];
}
