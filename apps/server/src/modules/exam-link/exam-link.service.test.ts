import { describe, expect, it } from 'vitest';
import { chinaDay, partRates, passRate } from './exam-link.service.ts';

describe('pass-rate arithmetic', () => {
  it('divides passed by attempts, rounded to 4 decimals', () => {
    expect(passRate(1, 3)).toBe(0.3333);
    expect(passRate(2, 3)).toBe(0.6667);
    expect(passRate(7, 7)).toBe(1);
    expect(passRate(0, 5)).toBe(0);
  });

  it('says null, not 0 %, when nobody sat the exam', () => {
    expect(passRate(0, 0)).toBeNull();
  });

  it('lists parts 1–4 in order, filling the parts nobody sat', () => {
    expect(partRates([{ part: 3, attempts: 4, passed: 3 }])).toEqual([
      { part: 1, attempts: 0, passed: 0, passRate: null },
      { part: 2, attempts: 0, passed: 0, passRate: null },
      { part: 3, attempts: 4, passed: 3, passRate: 0.75 },
      { part: 4, attempts: 0, passed: 0, passRate: null },
    ]);
  });
});

describe('chinaDay', () => {
  it('is the calendar day in +08:00 on both sides of UTC midnight', () => {
    expect(chinaDay(new Date('2026-11-01T15:59:59Z'))).toBe('2026-11-01');
    expect(chinaDay(new Date('2026-11-01T16:00:00Z'))).toBe('2026-11-02');
  });
});
