import {
  CoachLoginResult,
  parseCourseCode,
  parseRecordNumber,
  TraineeLoginResult,
  type MinuteRecord,
} from '@jiapei/jt808';

/*
 * The 驾培 sign-in and minute-record rules as pure functions (REFERENCE §1.8), so they are tested
 * without a database. The service looks the rows up and applies these.
 */

/** A codec time (`2026-11-02T09:00:00+08:00`, or raw digits when the terminal had no valid time). */
export function parseTerminalTime(iso: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso)) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 学时记录编号 = 计时终端编号 (16) + YYMMDD + 4-digit sequence (REFERENCE §1.8), split by the codec. */
export const splitRecordNumber = parseRecordNumber;

/** When a minute record was made: the date in its record number plus its hh:mm:ss, GMT+8. */
export function minuteRecordTime(recordNo: string, recordTime: string): Date | null {
  const n = splitRecordNumber(recordNo);
  if (!n || !/^\d{2}:\d{2}:\d{2}$/.test(recordTime)) return null;
  const d = new Date(`${n.date}T${recordTime}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export type CoachFacts = { schoolId: string; status: string; licenceClasses: string[] };
export type TraineeFacts = { schoolId: string; status: string; licenceClass: string };
export type CarFacts = { schoolId: string; vehicleClass: string | null };

/**
 * 0x8101 result: 2 unknown coach (not filed, not active, or of another school — cross-school teaching is
 * off by default, 表B.56), 3 the coach may not teach the car's class or the class the terminal names,
 * 1 ok.
 */
export function coachLoginResult(coach: CoachFacts | undefined, car: CarFacts, claimedClass: string): number {
  if (!coach || coach.status !== 'active' || coach.schoolId !== car.schoolId) {
    return CoachLoginResult.unknownCoach;
  }
  const classes = new Set(coach.licenceClasses);
  if (car.vehicleClass && !classes.has(car.vehicleClass)) return CoachLoginResult.classMismatch;
  if (claimedClass.trim() && !classes.has(claimedClass.trim())) return CoachLoginResult.classMismatch;
  return CoachLoginResult.ok;
}

/**
 * 0x8201 result: 2 unknown trainee, 3 forbidden (not in training, or of another school), 5 the
 * trainee's class, the course's class and the car's class disagree, 1 ok.
 */
export function traineeLoginResult(
  trainee: TraineeFacts | undefined,
  car: CarFacts,
  courseCode: string,
): number {
  if (!trainee) return TraineeLoginResult.unknownTrainee;
  if (trainee.status !== 'training' || trainee.schoolId !== car.schoolId) {
    return TraineeLoginResult.traineeBanned;
  }
  if (car.vehicleClass && trainee.licenceClass !== car.vehicleClass) return TraineeLoginResult.classMismatch;
  const course = parseCourseCode(courseCode);
  if (course && course.vehicleClass && course.vehicleClass !== trainee.licenceClass) {
    return TraineeLoginResult.classMismatch;
  }
  return TraineeLoginResult.ok;
}

/** Why a minute record cannot be true, or null. */
export type ImpossibleReason =
  'bad_record_number' | 'foreign_record_number' | 'future_time' | 'mileage_exceeds_speed';

/**
 * Values no honest terminal sends: a record number that is not this terminal's, a time in the future
 * beyond the tolerance, or more distance in the minute than its own maximum speed allows (with 0.2 km
 * for rounding to 1/10 km). Mileage and speed are unsigned on the wire, so they cannot be negative.
 */
export function impossibleMinuteRecord(
  record: Pick<MinuteRecord, 'recordNo' | 'recordTime' | 'maxSpeedKmh' | 'mileageKm'>,
  terminalNumber: string,
  now: Date,
  futureToleranceSeconds: number,
): ImpossibleReason | null {
  const n = splitRecordNumber(record.recordNo);
  const at = minuteRecordTime(record.recordNo, record.recordTime);
  if (!n || !at) return 'bad_record_number';
  if (n.terminalNo !== terminalNumber.trim()) return 'foreign_record_number';
  if (at.getTime() > now.getTime() + futureToleranceSeconds * 1000) return 'future_time';
  if (record.mileageKm > record.maxSpeedKmh / 60 + 0.2) return 'mileage_exceeds_speed';
  return null;
}
