import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';

/**
 * Signed requests from integration clients (the police exam side first; banks and upper platforms
 * later). A client is a row of `integration_clients` holding its RSA public key; every request carries:
 *
 *   X-Jiapei-Client     the client key
 *   X-Jiapei-Timestamp  Unix time in milliseconds (as the national interface's `ts`, REFERENCE §2.1)
 *   X-Jiapei-Nonce      16–64 characters of [A-Za-z0-9_-], never reused by the client
 *   X-Jiapei-Signature  base64 RSA-SHA256 (PKCS#1 v1.5) over the canonical string below
 *
 * canonical = METHOD \n path \n query \n timestamp \n nonce \n hex SHA-256 of the body bytes
 *
 * `query` is the raw query string exactly as sent (without `?`, empty when none) and the body hash is
 * over the bytes on the wire, so neither side re-serialises anything. Unlike the national interface
 * (raw PKCS#1 over a bare digest) this is standard SHA256withRSA, which every stack offers.
 *
 * Freshness: a timestamp more than 3 minutes from our clock is refused (the national interface's
 * errorcode 201 uses the same window); a nonce is remembered until its timestamp leaves that window,
 * so a captured request cannot be replayed while it would still be fresh.
 */
export const SIGNATURE_HEADERS = {
  client: 'x-jiapei-client',
  timestamp: 'x-jiapei-timestamp',
  nonce: 'x-jiapei-nonce',
  signature: 'x-jiapei-signature',
} as const;

export const MAX_CLOCK_SKEW_MS = 180_000;

export type IntegrationKind = 'timing_platform' | 'police' | 'bank' | 'upper_platform';

/** The authenticated caller of an integration route; services scope rows by its region. */
export type IntegrationClient = {
  id: string;
  clientKey: string;
  name: string;
  kind: IntegrationKind;
  regionCode: string;
};

export type SignedRequestHeaders = {
  clientKey: string;
  timestamp: number;
  nonce: string;
  signature: Buffer;
};

export function canonicalString(parts: {
  method: string;
  path: string;
  query: string;
  timestamp: number | string;
  nonce: string;
  bodySha256Hex: string;
}): string {
  return [
    parts.method.toUpperCase(),
    parts.path,
    parts.query,
    String(parts.timestamp),
    parts.nonce,
    parts.bodySha256Hex,
  ].join('\n');
}

export const EMPTY_BODY_SHA256 = createHash('sha256').digest('hex');

/** Why a signed request was refused; sent as `details.reason` so the client can tell what to fix. */
export type RefusalReason =
  | 'signature_headers_missing'
  | 'timestamp_stale'
  | 'client_unknown'
  | 'client_disabled'
  | 'client_wrong_kind'
  | 'signature_invalid'
  | 'nonce_replayed';

export function refuse(reason: RefusalReason): AppError {
  const forbidden = reason === 'client_disabled' || reason === 'client_wrong_kind';
  return new AppError(forbidden ? 'auth.forbidden' : 'auth.unauthenticated', {
    message: `integration request refused: ${reason}`,
    details: { reason },
  });
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads the four headers; anything missing or malformed is one refusal, before any database work. */
export function readSignatureHeaders(
  headers: Record<string, string | string[] | undefined>,
): SignedRequestHeaders {
  const one = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const clientKey = one(SIGNATURE_HEADERS.client);
  const timestamp = one(SIGNATURE_HEADERS.timestamp);
  const nonce = one(SIGNATURE_HEADERS.nonce);
  const signature = one(SIGNATURE_HEADERS.signature);
  if (
    !clientKey ||
    clientKey.length > 100 ||
    !timestamp ||
    !TIMESTAMP.test(timestamp) ||
    !nonce ||
    !NONCE.test(nonce) ||
    !signature ||
    signature.length > 2048 ||
    !BASE64.test(signature)
  ) {
    throw refuse('signature_headers_missing');
  }
  return { clientKey, timestamp: Number(timestamp), nonce, signature: Buffer.from(signature, 'base64') };
}

export function createIntegrationAuth(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps;
  // Parsed public keys by client id and PEM, so a key rotation (new PEM) is picked up at once.
  const keys = new Map<string, { pem: string; key: KeyObject }>();

  function publicKeyOf(clientId: string, pem: string): KeyObject {
    const cached = keys.get(clientId);
    if (cached && cached.pem === pem) return cached.key;
    const key = createPublicKey(pem);
    keys.set(clientId, { pem, key });
    return key;
  }

  return {
    /**
     * Step one, before the body is read: fresh timestamp, a known and active client of the expected
     * kind. Returns the client and its parsed key for `verify`.
     */
    async identify(signed: SignedRequestHeaders, kind: IntegrationKind) {
      if (Math.abs(clock.now().getTime() - signed.timestamp) > MAX_CLOCK_SKEW_MS) {
        throw refuse('timestamp_stale');
      }
      const row = await db
        .selectFrom('integrationClients')
        .select(['id', 'clientKey', 'name', 'kind', 'regionCode', 'publicKeyPem', 'status'])
        .where('clientKey', '=', signed.clientKey)
        .executeTakeFirst();
      if (!row) throw refuse('client_unknown');
      if (row.status !== 'active') throw refuse('client_disabled');
      if (row.kind !== kind) throw refuse('client_wrong_kind');
      let key: KeyObject;
      try {
        key = publicKeyOf(row.id, row.publicKeyPem);
      } catch {
        // A client filed with an unusable key can never authenticate; say so as a bad signature.
        throw refuse('signature_invalid');
      }
      const client: IntegrationClient = {
        id: row.id,
        clientKey: row.clientKey,
        name: row.name,
        kind: row.kind as IntegrationKind,
        regionCode: row.regionCode,
      };
      return { client, key };
    },

    /**
     * Step two, once the body's hash is known: the signature must verify, then the nonce is claimed.
     * The nonce is claimed only after the signature holds, so nobody can burn a client's nonces.
     */
    async verify(
      identified: { client: IntegrationClient; key: KeyObject },
      signed: SignedRequestHeaders,
      request: { method: string; path: string; query: string; bodySha256Hex: string },
    ): Promise<IntegrationClient> {
      const message = canonicalString({ ...request, timestamp: signed.timestamp, nonce: signed.nonce });
      let good = false;
      try {
        good = verify('sha256', Buffer.from(message, 'utf8'), identified.key, signed.signature);
      } catch {
        good = false;
      }
      if (!good) throw refuse('signature_invalid');

      const now = clock.now();
      const expiresAt = new Date(signed.timestamp + MAX_CLOCK_SKEW_MS);
      const claimed = await db.transaction().execute(async (tx) => {
        // Forgotten nonces are those whose request could no longer pass the freshness check anyway.
        await tx.deleteFrom('integrationNonces').where('expiresAt', '<', now).execute();
        const inserted = await tx
          .insertInto('integrationNonces')
          .values({ integrationClientId: identified.client.id, nonce: signed.nonce, expiresAt })
          .onConflict((oc) => oc.columns(['integrationClientId', 'nonce']).doNothing())
          .returning(sql<number>`1`.as('one'))
          .executeTakeFirst();
        return inserted !== undefined;
      });
      if (!claimed) throw refuse('nonce_replayed');
      return identified.client;
    },
  };
}
export type IntegrationAuth = ReturnType<typeof createIntegrationAuth>;
