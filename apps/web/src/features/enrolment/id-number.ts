/**
 * A hint while typing a 居民身份证号码 (GB 11643-1999): shape, a real date of birth and the ISO 7064
 * MOD 11-2 check digit. Only a hint: the server checks again and is the judge.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = '10X98765432';

export type IdNumberHint = 'incomplete' | 'bad_shape' | 'bad_date' | 'bad_check_digit' | 'ok';

export function checkDigitOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17[i]) * (weights[i] ?? 0);
  }
  return checkChars[sum % 11] ?? '';
}

export function idNumberHint(raw: string): IdNumberHint {
  const value = raw.trim().toUpperCase();
  if (value.length < 18) {
    return /^[0-9]*$/.test(value) ? 'incomplete' : 'bad_shape';
  }
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(value)) {
    return 'bad_shape';
  }
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > Date.now()
  ) {
    return 'bad_date';
  }
  return checkDigitOf(value.slice(0, 17)) === value[17] ? 'ok' : 'bad_check_digit';
}
