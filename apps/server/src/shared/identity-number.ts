import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Chinese resident identity numbers (GB 11643-1999): 17 digits and a check character computed as
 * ISO 7064 MOD 11-2. They are personal data: stored encrypted (AES-256-GCM), found through a keyed
 * hash, and shown masked.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function isValidIdNumber(value: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return false;
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return idNumberCheckChar(value.slice(0, 17)) === value[17];
}

/** Keeps the six-digit region code and the last four characters: what Chinese forms conventionally show. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

export type ProtectedIdNumber = { cipher: string; hash: string; masked: string };

export type IdNumberVault = {
  protect(idNumber: string): ProtectedIdNumber;
  reveal(cipher: string): string;
  /** Keyed hash for exact lookups (the police side asks "is this ID eligible?"). */
  lookupHash(idNumber: string): string;
};

/** `key` is 32 bytes; encryption and lookup keys are derived from it so one secret suffices. */
export function createIdNumberVault(key: Buffer): IdNumberVault {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  const encKey = createHmac('sha256', key).update('jiapei:id-number:enc').digest();
  const macKey = createHmac('sha256', key).update('jiapei:id-number:lookup').digest();
  const lookupHash = (idNumber: string) => createHmac('sha256', macKey).update(idNumber).digest('hex');
  return {
    protect(idNumber) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return {
        cipher: `v1.${Buffer.concat([iv, tag, body]).toString('base64')}`,
        hash: lookupHash(idNumber),
        masked: maskIdNumber(idNumber),
      };
    },
    reveal(stored) {
      const raw = Buffer.from(stored.replace(/^v1\./, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    lookupHash,
  };
}
