import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  imeiCheckDigit,
  isValidCreditCode,
  organisationCodeCheckChar,
} from './registry-codes.ts';

describe('unified social credit codes (GB 32100)', () => {
  it('computes the check characters of published codes', () => {
    // The standard's example, and the published codes of two well-known companies.
    for (const code of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F']) {
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
      expect(organisationCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it('rejects a wrong check character and the excluded letters', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('IMEI check digit (Luhn)', () => {
  it('completes the 3GPP example 49015420323751-8', () => {
    expect(imeiCheckDigit('49015420323751')).toBe('8');
  });
});
