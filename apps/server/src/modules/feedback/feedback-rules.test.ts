import { describe, expect, it } from 'vitest';
import { addWorkingDays, noExceptions } from '../../shared/working-days.ts';
import { holdReasonsOf, maskPhone, newTrackingNumber, per100Cars, sniffImageType } from './feedback-rules.ts';

describe('feedback rules', () => {
  it('holds texts with phone numbers, links or banned words, and passes plain criticism', () => {
    expect(holdReasonsOf('教练很耐心，车况也好')).toEqual([]);
    expect(holdReasonsOf('太差了，垃圾服务，退费拖了三个月')).toEqual([]);
    expect(holdReasonsOf('有事打我电话 138 1234 5678')).toEqual(['phone_number']);
    expect(holdReasonsOf('报名找 0531-88889999')).toEqual(['phone_number']);
    expect(holdReasonsOf('更便宜的看 www.example.cn')).toEqual(['link']);
    expect(holdReasonsOf('https://x.y/z 代 考 包过')).toEqual(['link', 'banned_word']);
    // Full-width digits are normalised before matching.
    expect(holdReasonsOf('１３８１２３４５６７８')).toEqual(['phone_number']);
  });

  it('counts working days Monday to Friday in Beijing time, starting the day after', () => {
    // Monday 09:00 + 5 working days = next Monday 09:00.
    expect(addWorkingDays(new Date('2026-11-02T09:00:00+08:00'), 5, noExceptions).toISOString()).toBe(
      new Date('2026-11-09T09:00:00+08:00').toISOString(),
    );
    // Friday 15:00 + 5 = next Friday; Saturday + 1 = Monday.
    expect(addWorkingDays(new Date('2026-11-06T15:00:00+08:00'), 5, noExceptions).toISOString()).toBe(
      new Date('2026-11-13T15:00:00+08:00').toISOString(),
    );
    expect(addWorkingDays(new Date('2026-11-07T10:00:00+08:00'), 1, noExceptions).toISOString()).toBe(
      new Date('2026-11-09T10:00:00+08:00').toISOString(),
    );
    // 23:30 Beijing on a Friday is still Friday (15:30 UTC): the weekend is judged in Beijing time.
    expect(addWorkingDays(new Date('2026-11-06T23:30:00+08:00'), 1, noExceptions).toISOString()).toBe(
      new Date('2026-11-09T23:30:00+08:00').toISOString(),
    );
  });

  it('makes tracking numbers from the Beijing date and six random digits', () => {
    // 2026-11-06 17:00 UTC is already the 7th in Beijing.
    expect(newTrackingNumber(new Date('2026-11-06T17:00:00Z'), () => 42)).toBe('TS261107000042');
    expect(newTrackingNumber(new Date('2026-01-01T00:00:00+08:00'))).toMatch(/^TS260101\d{6}$/);
  });

  it('recognises JPEG and PNG by their bytes only', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(sniffImageType(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
  });

  it('computes complaints per 100 cars to two decimals, null without cars', () => {
    expect(per100Cars(2, 3)).toBe(66.67);
    expect(per100Cars(1, 8)).toBe(12.5);
    expect(per100Cars(0, 5)).toBe(0);
    expect(per100Cars(3, 0)).toBeNull();
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
