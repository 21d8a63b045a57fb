import { describe, expect, it } from 'vitest';
import { formatFen } from './money-text.tsx';

describe('formatFen', () => {
  it('formats fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(123400)).toBe('¥1,234.00');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
  });

  it('formats negative amounts such as refunds with a leading minus', () => {
    expect(formatFen(-1230)).toBe('-¥12.30');
  });

  it('keeps every fen of a large amount', () => {
    expect(formatFen(9_007_199_254_740_991)).toBe('¥90,071,992,547,409.91');
  });

  it('uses the yuan sign in English too', () => {
    expect(formatFen(350000, 'en-US')).toBe('¥3,500.00');
  });

  it('rejects amounts that are not whole fen', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});
