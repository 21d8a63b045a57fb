import { Writer } from '../io/writer.ts';
import { resolveOptions, type BodyContext, type CodecOptions, type SignatureOptions } from '../options.ts';
import { extendedCodec } from '../registry.ts';
import type { DigestAlgorithm, Signer, Verification } from '../types.ts';
import {
  digestOf,
  JIAPEI_TRANSPARENT_TYPE,
  signedBytes,
  writeExtendedMessage,
  type ExtendedMessage,
} from './envelope.ts';

/*
 * 驾培 signatures (REFERENCE §1.5, §1.6). Both are RSA PKCS#1 v1.5 private-key operations made with the
 * terminal certificate issued at 备案; the platform checks them with the certificate's public key.
 * The core never touches crypto: it prepares the exact bytes and asks an injected verifier/signer.
 */

/**
 * Bytes signed by 0x0102 驾培 鉴权: 计时终端编号 as 16 ASCII bytes ‖ 时间戳 as 4-byte big-endian
 * (REFERENCE §1.5), digested with SHA-256.
 */
export function authenticationPayload(terminalNo: string, timestamp: number): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 16; i++) out[i] = i < terminalNo.length ? terminalNo.charCodeAt(i) & 0xff : 0;
  new DataView(out.buffer).setUint32(16, timestamp >>> 0);
  return out;
}

/** Check the 鉴权密文 of a 驾培 0x0102 for `terminalNo`. */
export function verifyJiapeiAuthentication(
  auth: { timestamp?: number; signature?: Uint8Array },
  terminalNo: string | undefined,
  sig: SignatureOptions,
): Verification {
  if (!auth.signature || auth.signature.length === 0 || auth.timestamp === undefined) {
    return { status: 'unsigned' };
  }
  if (!sig.verifier || !terminalNo) return { status: 'unverified', digest: 'sha256' };
  const ok = sig.verifier.verify({
    message: authenticationPayload(terminalNo, auth.timestamp),
    signature: auth.signature,
    digest: 'sha256',
    terminalNo,
  });
  return { status: ok ? 'valid' : 'invalid', digest: 'sha256' };
}

/**
 * Check the 校验串 of an extended message. `transparentBody` is the exact 0x0900 body it was decoded
 * from (the signature covers wire bytes, so it is checked against them, not a re-encoding).
 */
export function verifyExtendedSignature(
  transparentBody: Uint8Array,
  message: ExtendedMessage,
  sig: SignatureOptions,
  scope: 'type' | 'id',
): Verification {
  const digest = digestOf(message.digest, sig.defaultDigest ?? 'sha256');
  if (!message.signature || message.signature.length === 0) return { status: 'unsigned' };
  if (!digest) return { status: 'invalid' };
  if (!sig.verifier) return { status: 'unverified', digest };
  const ok = sig.verifier.verify({
    message: signedBytes(transparentBody, message.signature.length, scope),
    signature: message.signature,
    digest,
    terminalNo: message.terminalNo,
  });
  return { status: ok ? 'valid' : 'invalid', digest };
}

/**
 * Return `message` with its 校验串 computed by `signer` (for terminals and simulators). When the
 * attribute bits name no digest, SHA-256 (2) is set.
 */
export function signExtendedMessage(
  message: ExtendedMessage,
  signer: Signer,
  options?: CodecOptions,
): ExtendedMessage {
  const opts = resolveOptions(options);
  const digestBits = message.digest === 0 ? 2 : message.digest;
  const digest: DigestAlgorithm = digestOf(digestBits, 'sha256') ?? 'sha256';
  const unsigned: ExtendedMessage = { ...message, digest: digestBits, signature: null };
  const ctx: BodyContext = { version: 'jiapei', opts, extended: extendedCodec };
  const w = new Writer();
  w.u8(JIAPEI_TRANSPARENT_TYPE);
  writeExtendedMessage(w, unsigned, ctx);
  const body = w.result();
  const signature = signer.sign({ message: signedBytes(body, 0, opts.jiapei.signatureScope), digest });
  return { ...unsigned, signature };
}
