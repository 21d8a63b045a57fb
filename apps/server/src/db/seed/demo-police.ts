/**
 * The demo's police integration client (kind `police`, the whole demo province), which the police
 * sandbox signs its requests with. The key pair is made here, on the machine: the public key goes into
 * `integration_clients`, the private key into DATA_DIR (mode 0600, git-ignored), never into the repo.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditLogService } from '../../modules/audit-log/index.ts';
import type { DB } from '../types.ts';
import { PROVINCE } from './demo-words.ts';

export const DEMO_POLICE_CLIENT_KEY = 'demo-police-sandbox';
export const DEMO_POLICE_KEY_FILE = 'demo-police.key.pem';

export type DemoPoliceClient = { clientKey: string; privateKeyFile: string; created: boolean };

/**
 * Idempotent: reuses the client when the key file beside the data still matches its public key;
 * otherwise (first start, or the file was lost) makes a new pair and files the new public key, so the
 * old private key, wherever it went, stops working.
 */
export async function ensureDemoPoliceClient(
  db: Kysely<DB>,
  options: { dataDir: string; audit?: Pick<AuditLogService, 'append'> },
): Promise<DemoPoliceClient> {
  const privateKeyFile = path.join(options.dataDir, DEMO_POLICE_KEY_FILE);
  const existing = await db
    .selectFrom('integrationClients')
    .select(['id', 'publicKeyPem', 'status'])
    .where('clientKey', '=', DEMO_POLICE_CLIENT_KEY)
    .executeTakeFirst();
  if (existing && existing.status === 'active' && keyFileMatches(privateKeyFile, existing.publicKeyPem)) {
    return { clientKey: DEMO_POLICE_CLIENT_KEY, privateKeyFile, created: false };
  }

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  fs.mkdirSync(options.dataDir, { recursive: true });
  // Written beside the target and renamed, so a crash never leaves a half-written key behind.
  const temporary = `${privateKeyFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.renameSync(temporary, privateKeyFile);

  await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('integrationClients')
      .values({
        clientKey: DEMO_POLICE_CLIENT_KEY,
        name: '演示公安交管考试系统(沙箱)',
        kind: 'police',
        regionCode: PROVINCE.code,
        publicKeyPem,
        status: 'active',
      })
      .onConflict((oc) =>
        oc.column('clientKey').doUpdateSet({ publicKeyPem, status: 'active', updatedAt: new Date() }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await options.audit?.append(tx, null, {
      action: existing ? 'integration_client.key_rotated' : 'integration_client.created',
      entityType: 'integration_client',
      entityId: row.id,
      regionCode: PROVINCE.code,
      details: { clientKey: DEMO_POLICE_CLIENT_KEY, kind: 'police', demo: true },
    });
  });
  return { clientKey: DEMO_POLICE_CLIENT_KEY, privateKeyFile, created: true };
}

function keyFileMatches(file: string, publicKeyPem: string): boolean {
  try {
    const derived = createPublicKey(createPrivateKey(fs.readFileSync(file, 'utf8')));
    return derived.export({ type: 'spki', format: 'pem' }).toString() === publicKeyPem;
  } catch {
    return false;
  }
}
