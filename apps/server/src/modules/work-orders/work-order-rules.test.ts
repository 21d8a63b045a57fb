import { describe, expect, it } from 'vitest';
import { noExceptions } from '../../shared/working-days.ts';
import {
  beijingDay,
  disposalRate,
  dueAfterReturn,
  dueAtFor,
  periodBounds,
  sniffEvidenceType,
  workOrderNumber,
} from './work-order-rules.ts';

describe('work-order rules', () => {
  it('numbers orders by county, Beijing day and sequence', () => {
    // 23:30 UTC on 30 November is already 1 December in Beijing.
    expect(beijingDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(workOrderNumber('370102', '2026-12-01', 7)).toBe('GD-370102-20261201-0007');
    expect(() => workOrderNumber('370102', '2026-12-01', 10_000)).toThrow(RangeError);
  });

  it('counts deadlines in working days, skipping the weekend', () => {
    const friday = new Date('2026-12-04T09:00:00+08:00');
    expect(dueAtFor('hours_fraud', friday, noExceptions).toISOString()).toBe(
      new Date('2026-12-11T09:00:00+08:00').toISOString(),
    );
    expect(dueAtFor('rectification', friday, noExceptions).toISOString()).toBe(
      new Date('2026-12-25T09:00:00+08:00').toISOString(),
    );
    expect(dueAfterReturn(friday, noExceptions).toISOString()).toBe(
      new Date('2026-12-09T09:00:00+08:00').toISOString(),
    );
  });

  it("counts the calendar's holidays and 调休 workdays when given them", () => {
    const national = new Map([
      ['2026-10-01', 'holiday'],
      ['2026-10-02', 'holiday'],
      ['2026-10-05', 'holiday'],
      ['2026-10-06', 'holiday'],
      ['2026-10-07', 'holiday'],
      ['2026-10-10', 'workday'],
    ] as const);
    // Wednesday 30 September + 5: Oct 8 (Thu), 9 (Fri), 10 (Sat, 调休), 12 (Mon), 13 (Tue).
    const eve = new Date('2026-09-30T09:00:00+08:00');
    expect(dueAtFor('hours_fraud', eve, national).toISOString()).toBe(
      new Date('2026-10-13T09:00:00+08:00').toISOString(),
    );
    expect(dueAtFor('hours_fraud', eve, noExceptions).toISOString()).toBe(
      new Date('2026-10-07T09:00:00+08:00').toISOString(),
    );
    expect(dueAfterReturn(eve, national).toISOString()).toBe(
      new Date('2026-10-10T09:00:00+08:00').toISOString(),
    );
  });

  it('computes the disposal rate with one decimal, none when nothing was pushed', () => {
    expect(disposalRate(2, 3)).toBe(66.7);
    expect(disposalRate(3, 3)).toBe(100);
    expect(disposalRate(0, 0)).toBeNull();
  });

  it('bounds a period by Beijing midnights, the last day included', () => {
    const { start, end } = periodBounds('2026-12-01', '2026-12-31');
    expect(start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('recognises evidence by its bytes, not its name', () => {
    expect(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png',
    );
    expect(sniffEvidenceType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffEvidenceType(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(sniffEvidenceType(Buffer.alloc(0))).toBeNull();
  });
});
