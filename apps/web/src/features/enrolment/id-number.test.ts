import { describe, expect, it } from 'vitest';
import { checkDigitOf, idNumberHint } from './id-number.ts';

describe('idNumberHint', () => {
  it('accepts a number whose check digit matches (including X)', () => {
    // 11010519491231002X is the standard's own example.
    expect(idNumberHint('11010519491231002X')).toBe('ok');
    expect(idNumberHint('11010519491231002x')).toBe('ok');
    const first17 = '37010219900307123';
    expect(idNumberHint(first17 + checkDigitOf(first17))).toBe('ok');
  });

  it('names what is wrong', () => {
    expect(idNumberHint('3701021990')).toBe('incomplete');
    expect(idNumberHint('37010A1990')).toBe('bad_shape');
    expect(idNumberHint('370102199002301234')).toBe('bad_date');
    const first17 = '37010219900307123';
    const wrong = checkDigitOf(first17) === '0' ? '1' : '0';
    expect(idNumberHint(first17 + wrong)).toBe('bad_check_digit');
  });
});
