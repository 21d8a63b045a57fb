import { createHmac } from 'node:crypto';

/**
 * How the bank signs its callbacks: hex HMAC-SHA256 with the shared secret over `${timestamp}.${body}`,
 * sent as `x-bank-signature` with `x-bank-timestamp` (ms). Every attempt is signed afresh, so the
 * platform can refuse old signatures as replays. (The platform's side: apps/server escrow-ledger
 * bank-client.ts; tools never import apps, so the three lines are repeated there.)
 */
export const CALLBACK_HEADERS = { timestamp: 'x-bank-timestamp', signature: 'x-bank-signature' } as const;

export function signCallback(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}
