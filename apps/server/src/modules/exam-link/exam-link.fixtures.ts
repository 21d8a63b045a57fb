// Test-only helpers for the exam link's integration tests: a police client with a fresh key pair, a
// signer that follows integration-auth.ts, and a stage approval inserted directly and published as
// `stage.approved` through the outbox (what the review module does on approval).
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import type { Database } from '../../db/connect.ts';
import type { App } from '../../app.ts';
import { ensureRegions, newUser } from '../../../test/factories.ts';
import { canonicalString, SIGNATURE_HEADERS, type IntegrationKind } from './integration-auth.ts';

export type TestClient = { id: string; clientKey: string; privateKeyPem: string };

export async function newIntegrationClient(
  db: Database,
  options: { regionCode: string; kind?: IntegrationKind; status?: 'active' | 'disabled' },
): Promise<TestClient> {
  await ensureRegions(db);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientKey = `test-${options.kind ?? 'police'}-${randomBytes(4).toString('hex')}`;
  const row = await db
    .insertInto('integrationClients')
    .values({
      clientKey,
      name: `测试交管 ${clientKey}`,
      kind: options.kind ?? 'police',
      regionCode: options.regionCode,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      status: options.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    clientKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Headers for one signed request; every part can be overridden to forge a bad one. */
export function signedHeaders(
  client: Pick<TestClient, 'clientKey' | 'privateKeyPem'>,
  request: { method: string; url: string; body?: string },
  options: { timestamp?: number; nonce?: string } = {},
): Record<string, string> {
  const [path = '', query = ''] = request.url.split('?');
  const timestamp = options.timestamp ?? Date.now();
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const message = canonicalString({
    method: request.method,
    path,
    query,
    timestamp,
    nonce,
    bodySha256Hex: createHash('sha256')
      .update(request.body ?? '')
      .digest('hex'),
  });
  return {
    [SIGNATURE_HEADERS.client]: client.clientKey,
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: sign('sha256', Buffer.from(message), client.privateKeyPem).toString(
      'base64',
    ),
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
}

/**
 * An approved stage submission for (trainee, part) inserted directly, then `stage.approved` published
 * through the outbox and dispatched, as the review module's approval does.
 */
export async function approveStageDirectly(
  app: App,
  trainee: { id: string; schoolId: string },
  part: number,
  approvedAt: Date,
): Promise<string> {
  const submitter = await newUser(app.db, 'school_admin', { schoolId: trainee.schoolId });
  const id = randomUUID();
  await app.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('stageSubmissions')
      .values({
        id,
        traineeId: trainee.id,
        schoolId: trainee.schoolId,
        part,
        creditedMinutes: 720,
        mileageM: 0,
        teachingLogIds: [],
        record: JSON.stringify({ part }),
        recordSha256: '0'.repeat(64),
        signature: 'test',
        status: 'approved',
        submittedBy: submitter.id,
        reviewedAt: approvedAt,
      })
      .execute();
    await app.events.publish(tx, 'stage.approved', {
      stageSubmissionId: id,
      traineeId: trainee.id,
      schoolId: trainee.schoolId,
      part,
      approvedAt: approvedAt.toISOString(),
    });
  });
  await app.events.dispatchPending(app.db);
  return id;
}
