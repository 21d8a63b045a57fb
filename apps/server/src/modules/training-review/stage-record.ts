import { createHash, createSign, createVerify, generateKeyPairSync } from 'node:crypto';

/**
 * The 阶段报审 record as signed: canonical JSON (object keys sorted, no whitespace), its SHA-256 and an
 * RSA-SHA256 signature with the school's key. The key pair is generated server-side per school and
 * stands in for the UKey / 电子签章 a school would hold; the public key lets anyone verify the record.
 */
export type StageRecord = {
  format: 'jiapei.stage-record/1';
  trainee: { id: string; name: string; traineeNumber: string; licenceClass: string };
  school: { id: string; name: string };
  part: number;
  syllabus: { edition: string; requiredMinutes: number; requiredMileageM: number };
  totals: { creditedMinutes: number; mileageM: number; logCount: number };
  logs: {
    id: string;
    startedAt: string;
    endedAt: string;
    courseCode: string;
    coachName: string | null;
    creditedMinutes: number;
    mileageM: number;
    verdict: string;
  }[];
  submittedAt: string;
};

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newSigningKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function signRecord(canonical: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(canonical, 'utf8').sign(privateKeyPem, 'base64');
}

export function verifyRecord(canonical: string, signature: string, publicKeyPem: string): boolean {
  return createVerify('RSA-SHA256').update(canonical, 'utf8').verify(publicKeyPem, signature, 'base64');
}
