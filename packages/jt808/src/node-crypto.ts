/**
 * Node implementations of the codec's `SignatureVerifier` and `Signer` (REFERENCE §1.5, §1.6). This is
 * the only file that imports `node:crypto`; the codec core stays pure and runs anywhere.
 *
 * 驾培 terminals sign with a raw RSA PKCS#1 v1.5 private-key operation over the digest bytes
 * (`privateEncrypt`), not always over a DigestInfo structure. The verifier accepts both forms.
 */
import {
  constants,
  createHash,
  createPublicKey,
  privateEncrypt,
  publicDecrypt,
  timingSafeEqual,
  X509Certificate,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DigestAlgorithm, SignatureVerifier, Signer } from './types.ts';

/** A public key: KeyObject, PEM/DER public key, or a PEM X.509 certificate. */
export type PublicKeyInput = KeyObject | string | Uint8Array;

/** DER prefixes of DigestInfo (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<DigestAlgorithm, Uint8Array> = {
  sha1: Uint8Array.from(Buffer.from('3021300906052b0e03021a05000414', 'hex')),
  sha256: Uint8Array.from(Buffer.from('3031300d060960864801650304020105000420', 'hex')),
};

function toKey(input: PublicKeyInput): KeyObject {
  if (typeof input === 'string' && input.includes('BEGIN CERTIFICATE')) {
    return new X509Certificate(input).publicKey;
  }
  if (typeof input === 'string') return createPublicKey(input);
  if (input instanceof Uint8Array) {
    try {
      return new X509Certificate(input).publicKey;
    } catch {
      return createPublicKey({ key: Buffer.from(input), format: 'der', type: 'spki' });
    }
  }
  return input;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * RSA verifier. Pass one key, or a lookup from 计时终端编号 to the key of that terminal's certificate
 * (return undefined for an unknown terminal: verification then fails).
 */
export function createRsaVerifier(
  key: PublicKeyInput | ((terminalNo: string | undefined) => PublicKeyInput | undefined),
): SignatureVerifier {
  const fixed = typeof key === 'function' ? null : toKey(key);
  return {
    verify({ message, signature, digest, terminalNo }) {
      let k: KeyObject | null = fixed;
      try {
        if (!k) {
          const found = (key as (t: string | undefined) => PublicKeyInput | undefined)(terminalNo);
          if (found === undefined) return false;
          k = toKey(found);
        }
        const hash = new Uint8Array(createHash(digest).update(message).digest());
        const recovered = new Uint8Array(
          publicDecrypt({ key: k, padding: constants.RSA_PKCS1_PADDING }, signature),
        );
        return same(recovered, hash) || same(recovered, concat(DIGEST_INFO[digest], hash));
      } catch {
        return false;
      }
    },
  };
}

/**
 * RSA signer producing what 驾培 terminals send: PKCS#1 v1.5 private-key operation over the raw digest
 * (`digestInfo: true` wraps the digest in DigestInfo first, i.e. a standard RSASSA-PKCS1-v1_5 signature).
 */
export function createRsaSigner(
  privateKey: KeyObject | string,
  options: { digestInfo?: boolean } = {},
): Signer {
  return {
    sign({ message, digest }) {
      const hash = new Uint8Array(createHash(digest).update(message).digest());
      const input = options.digestInfo ? concat(DIGEST_INFO[digest], hash) : hash;
      return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, input));
    },
  };
}
