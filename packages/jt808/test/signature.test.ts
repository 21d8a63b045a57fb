import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authenticationPayload,
  decode,
  encode,
  signExtendedMessage,
  type CodecOptions,
  type ExtendedMessage,
  type TransparentData,
} from '../src/index.ts';
import { createRsaSigner, createRsaVerifier } from '../src/node-crypto.ts';
import { fixture } from './helpers.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createRsaSigner(privateKey);
const verifier = createRsaVerifier(publicKey);

function minuteRecord(): ExtendedMessage {
  const r = decode(fixture('0x0900-ext-0x0203-minute-record.hex'));
  if (!r.ok || r.body === null) throw new Error('fixture');
  return (r.body as TransparentData).message!;
}

function frameOf(message: ExtendedMessage, options?: CodecOptions): Uint8Array {
  return encode(
    { header: { msgId: 0x0900, phone: '13912345678', version: 'jiapei' }, body: { type: 0x13, message } },
    options,
  );
}

describe('驾培 校验串 (REFERENCE §1.6)', () => {
  it('accepts a message signed with the terminal key (SHA-256 by the attribute bits)', () => {
    const frame = frameOf(signExtendedMessage(minuteRecord(), signer));

    const r = decode(frame, { jiapei: { signature: { policy: 'enforce', verifier } } });

    expect(r).toMatchObject({ ok: true, verification: { status: 'valid', digest: 'sha256' } });
  });

  it('uses SHA-1 when bits 4–7 say 1', () => {
    const frame = frameOf(signExtendedMessage({ ...minuteRecord(), digest: 1 }, signer));

    expect(decode(frame, { jiapei: { signature: { policy: 'enforce', verifier } } })).toMatchObject({
      ok: true,
      verification: { status: 'valid', digest: 'sha1' },
    });
  });

  it('rejects a tampered message under enforce, reports it under log, ignores it under off', () => {
    const signed = signExtendedMessage(minuteRecord(), signer);
    const tampered = frameOf({ ...signed, data: { ...(signed.data as object), mileageKm: 9.9 } as never });

    expect(decode(tampered, { jiapei: { signature: { policy: 'enforce', verifier } } })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(decode(tampered, { jiapei: { signature: { policy: 'log', verifier } } })).toMatchObject({
      ok: true,
      verification: { status: 'invalid' },
    });
    const off = decode(tampered, { jiapei: { signature: { policy: 'off', verifier } } });
    expect(off.ok).toBe(true);
    expect(off.ok && off.body !== null && off.verification).toBeUndefined();
  });

  it('rejects a signature made with another key', () => {
    const frame = frameOf(signExtendedMessage(minuteRecord(), createRsaSigner(other.privateKey)));

    expect(decode(frame, { jiapei: { signature: { policy: 'log', verifier } } })).toMatchObject({
      verification: { status: 'invalid' },
    });
  });

  it('fails closed under enforce for unsigned messages and when no verifier is configured', () => {
    const unsigned = frameOf({ ...minuteRecord(), signature: null });
    const signed = frameOf(signExtendedMessage(minuteRecord(), signer));

    expect(decode(unsigned, { jiapei: { signature: { policy: 'enforce', verifier } } })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(decode(signed, { jiapei: { signature: { policy: 'enforce' } } })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(decode(signed, { jiapei: { signature: { policy: 'log' } } })).toMatchObject({
      ok: true,
      verification: { status: 'unverified' },
    });
  });

  it('honours the signature scope option (from the type byte or from the message id)', () => {
    const byId: CodecOptions = { jiapei: { signatureScope: 'id', signature: { policy: 'log', verifier } } };
    const frame = frameOf(signExtendedMessage(minuteRecord(), signer, byId));

    expect(decode(frame, byId)).toMatchObject({ verification: { status: 'valid' } });
    expect(decode(frame, { jiapei: { signature: { policy: 'log', verifier } } })).toMatchObject({
      verification: { status: 'invalid' },
    });
  });

  it('accepts standard DigestInfo signatures too', () => {
    const frame = frameOf(
      signExtendedMessage(minuteRecord(), createRsaSigner(privateKey, { digestInfo: true })),
    );

    expect(decode(frame, { jiapei: { signature: { policy: 'enforce', verifier } } }).ok).toBe(true);
  });

  it('looks keys up per terminal', () => {
    const perTerminal = createRsaVerifier((terminalNo) =>
      terminalNo === '1234567890123456' ? publicKey.export({ type: 'spki', format: 'pem' }) : undefined,
    );
    const frame = frameOf(signExtendedMessage(minuteRecord(), signer));
    const stranger = frameOf(
      signExtendedMessage({ ...minuteRecord(), terminalNo: '9999999999999999' }, signer),
    );

    expect(decode(frame, { jiapei: { signature: { policy: 'enforce', verifier: perTerminal } } }).ok).toBe(
      true,
    );
    expect(
      decode(stranger, { jiapei: { signature: { policy: 'enforce', verifier: perTerminal } } }),
    ).toMatchObject({ reason: 'bad_signature' });
  });

  it('does not check downlink messages', () => {
    const r = decode(fixture('0x8900-ext-0x8101-coach-login-reply.hex'), {
      jiapei: { signature: { policy: 'enforce', verifier } },
    });

    expect(r.ok).toBe(true);
  });
});

describe('0x0102 驾培 authentication (REFERENCE §1.5)', () => {
  const terminalNo = '1234567890123456';
  const timestamp = 1709253000;
  const signature = signer.sign({ message: authenticationPayload(terminalNo, timestamp), digest: 'sha256' });
  const frame = encode({
    header: { msgId: 0x0102, phone: '13912345678', version: 'jiapei' },
    body: { layout: 'jiapei', timestamp, signature },
  });

  it('signs SHA-256(terminal number ‖ timestamp BE)', () => {
    expect(Buffer.from(authenticationPayload(terminalNo, timestamp)).toString('hex')).toBe(
      Buffer.from(terminalNo).toString('hex') + '65e12188',
    );
  });

  it('verifies with the certificate key for the session terminal', () => {
    const r = decode(frame, { jiapei: { signature: { policy: 'enforce', verifier, terminalNo } } });

    expect(r).toMatchObject({
      ok: true,
      body: { timestamp },
      verification: { status: 'valid', digest: 'sha256' },
    });
  });

  it('rejects it for another terminal or another key', () => {
    expect(
      decode(frame, {
        jiapei: { signature: { policy: 'enforce', verifier, terminalNo: '1234567890123457' } },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      decode(frame, {
        jiapei: { signature: { policy: 'log', verifier: createRsaVerifier(other.publicKey), terminalNo } },
      }),
    ).toMatchObject({
      verification: { status: 'invalid' },
    });
  });

  it('cannot verify without knowing the terminal', () => {
    expect(decode(frame, { jiapei: { signature: { policy: 'log', verifier } } })).toMatchObject({
      verification: { status: 'unverified' },
    });
  });
});
