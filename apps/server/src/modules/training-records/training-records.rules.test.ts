import { describe, expect, it } from 'vitest';
import {
  coachLoginResult,
  impossibleMinuteRecord,
  minuteRecordTime,
  splitRecordNumber,
  traineeLoginResult,
} from './training-records.rules.ts';

const car = { schoolId: 's1', vehicleClass: 'C1' };

describe('驾培 sign-in rules', () => {
  it('coach login: 2 unknown/inactive/other school, 3 class not allowed, 1 ok', () => {
    const coach = { schoolId: 's1', status: 'active', licenceClasses: ['C1', 'C2'] };
    expect(coachLoginResult(undefined, car, 'C1')).toBe(2);
    expect(coachLoginResult({ ...coach, status: 'suspended' }, car, 'C1')).toBe(2);
    expect(coachLoginResult({ ...coach, schoolId: 's2' }, car, 'C1')).toBe(2);
    expect(coachLoginResult({ ...coach, licenceClasses: ['C2'] }, car, 'C2')).toBe(3);
    expect(coachLoginResult(coach, car, 'B2')).toBe(3);
    expect(coachLoginResult(coach, car, 'C1')).toBe(1);
  });

  it('trainee login: 2 unknown, 3 not training or other school, 5 class mismatch, 1 ok', () => {
    const trainee = { schoolId: 's1', status: 'training', licenceClass: 'C1' };
    expect(traineeLoginResult(undefined, car, '1212120000')).toBe(2);
    expect(traineeLoginResult({ ...trainee, status: 'graduated' }, car, '1212120000')).toBe(3);
    expect(traineeLoginResult({ ...trainee, schoolId: 's2' }, car, '1212120000')).toBe(3);
    expect(traineeLoginResult({ ...trainee, licenceClass: 'C2' }, car, '1222120000')).toBe(5);
    expect(traineeLoginResult(trainee, car, '1222120000')).toBe(5);
    expect(traineeLoginResult(trainee, car, '1212120000')).toBe(1);
  });
});

describe('minute records', () => {
  const terminalNo = 'QCZL012345678901';
  const record = (over: Record<string, unknown> = {}) => ({
    recordNo: `${terminalNo}2611020007`,
    recordTime: '09:10:00',
    maxSpeedKmh: 30,
    mileageKm: 0.4,
    ...over,
  });
  const now = new Date('2026-11-02T09:30:00+08:00');

  it('splits record numbers with a lettered maker prefix and dates them in GMT+8', () => {
    expect(splitRecordNumber(`${terminalNo}2611020007`)).toEqual({
      terminalNo,
      date: '2026-11-02',
      sequence: 7,
    });
    expect(splitRecordNumber('short')).toBeNull();
    expect(minuteRecordTime(`${terminalNo}2611020007`, '09:10:00')?.toISOString()).toBe(
      '2026-11-02T01:10:00.000Z',
    );
  });

  it('flags impossible values with a reason', () => {
    expect(impossibleMinuteRecord(record(), terminalNo, now, 300)).toBeNull();
    expect(impossibleMinuteRecord(record({ recordNo: 'x' }), terminalNo, now, 300)).toBe('bad_record_number');
    expect(
      impossibleMinuteRecord(record({ recordNo: `OTHER00000000000${'2611020007'}` }), terminalNo, now, 300),
    ).toBe('foreign_record_number');
    expect(impossibleMinuteRecord(record({ recordTime: '09:36:00' }), terminalNo, now, 300)).toBe(
      'future_time',
    );
    expect(impossibleMinuteRecord(record({ recordTime: '09:34:00' }), terminalNo, now, 300)).toBeNull();
    expect(impossibleMinuteRecord(record({ mileageKm: 1.2 }), terminalNo, now, 300)).toBe(
      'mileage_exceeds_speed',
    );
  });
});
