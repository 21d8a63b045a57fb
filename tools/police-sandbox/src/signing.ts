import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * Request signing for the Jiapei exam link, as the server verifies it
 * (apps/server/src/modules/exam-link/integration-auth.ts):
 *
 *   canonical = METHOD \n path \n query \n timestamp(ms) \n nonce \n hex SHA-256(body bytes)
 *   signature = base64 RSA-SHA256 (PKCS#1 v1.5) of canonical, with the client's private key
 *
 * `query` is the raw query string exactly as sent, without `?`. The body is hashed as the exact bytes
 * sent; GET requests sign the hash of zero bytes.
 */
export const HEADERS = {
  client: 'x-jiapei-client',
  timestamp: 'x-jiapei-timestamp',
  nonce: 'x-jiapei-nonce',
  signature: 'x-jiapei-signature',
} as const;

export function canonicalString(parts: {
  method: string;
  path: string;
  query: string;
  timestamp: number;
  nonce: string;
  body: string;
}): string {
  return [
    parts.method.toUpperCase(),
    parts.path,
    parts.query,
    String(parts.timestamp),
    parts.nonce,
    createHash('sha256').update(parts.body, 'utf8').digest('hex'),
  ].join('\n');
}

/** A fresh nonce: 32 hex characters (the server accepts 16–64 of [A-Za-z0-9_-]). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function signRequest(
  key: { clientKey: string; privateKey: KeyObject | string },
  request: { method: string; pathAndQuery: string; body?: string },
  options: { timestamp?: number; nonce?: string } = {},
): Record<string, string> {
  const at = request.pathAndQuery.indexOf('?');
  const path = at < 0 ? request.pathAndQuery : request.pathAndQuery.slice(0, at);
  const query = at < 0 ? '' : request.pathAndQuery.slice(at + 1);
  const timestamp = options.timestamp ?? Date.now();
  const nonce = options.nonce ?? newNonce();
  const message = canonicalString({
    method: request.method,
    path,
    query,
    timestamp,
    nonce,
    body: request.body ?? '',
  });
  return {
    [HEADERS.client]: key.clientKey,
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.nonce]: nonce,
    [HEADERS.signature]: sign('sha256', Buffer.from(message, 'utf8'), key.privateKey).toString('base64'),
  };
}
