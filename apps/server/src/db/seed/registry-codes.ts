/**
 * Check characters of the registry codes the demo data carries, so generated codes pass the same checks
 * real ones do: unified social credit codes (GB 32100-2015) with their embedded organisation code
 * (GB 11714-1997), and terminal IMEIs (Luhn, 3GPP TS 23.003 §6.2.1).
 */

/** GB 32100-2015 §4.2: the 31 characters a credit code may use (no I, O, Z, S, V). */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: weights 3^i mod 31 for the first 17 positions. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i] ?? '');
    if (value < 0) throw new Error(`not a credit-code character at ${i}: ${first17}`);
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_CODE_CHARS.includes(ch))) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** GB 11714-1997: the 9th character of an organisation code; letters count A=10 … Z=35. */
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function organisationCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i] ?? '', 36) * ORGANISATION_CODE_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** The Luhn digit that completes a 14-digit IMEI body (TAC + serial). */
export function imeiCheckDigit(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(first14[i]);
    // Counting from the left, every second digit (positions 2, 4, …) is doubled.
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}
