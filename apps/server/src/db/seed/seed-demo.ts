/**
 * Writes the demo region (demo-region.ts) into an empty database: once, in one transaction, in
 * multi-row batches. PGlite runs one statement at a time over a single connection, so the statement
 * count, not the row count, decides how long this takes.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditLogService } from '../../modules/audit-log/index.ts';
import { seedDemoContent } from '../../modules/content/index.ts';
import type { IdNumberVault } from '../../shared/identity-number.ts';
import type { DB } from '../types.ts';
import { countDemoRegion, DEMO_PASSWORD, generateDemoRegion, type DemoRegion } from './demo-region.ts';
import { seedDemoFeedback } from './demo-feedback.ts';
import { seedDemoTraining } from './demo-training.ts';
import { seedDemoContracts } from './demo-contracts.ts';
import { seedDemoSupervision } from './demo-supervision.ts';
import { seedDemoWorkOrders } from './demo-work-orders.ts';

export { DEMO_PASSWORD, DEMO_SEED, demoAccounts, type DemoAccount } from './demo-region.ts';

export type SeedDemoDeps = {
  vault: IdNumberVault;
  hashPassword: (plain: string) => Promise<string>;
  /** When given, the seeding is recorded as one system entry in the audit chain, in the same transaction. */
  audit?: Pick<AuditLogService, 'append'>;
};

export type SeedDemoResult = { inserted: boolean; counts: Record<string, number> };

/** The demo city's code: its presence means the demo region is already there. */
const DEMO_CITY_CODE = '370100';
/** Multi-row INSERTs of this many rows stay far below PostgreSQL's 65 535 bind parameters. */
const BATCH_ROWS = 500;
/** Serialises two processes seeding one empty database at the same time (migrate.ts uses 7265). */
const SEED_LOCK_KEY = 7266;

/**
 * Idempotent: returns `inserted: false` and writes nothing when the demo city exists. Otherwise inserts
 * regions, the registry and the demo accounts in one transaction, so a failure leaves nothing behind.
 */
export async function seedDemo(
  db: Kysely<DB>,
  deps: SeedDemoDeps,
  options: { seed?: string; now?: Date } = {},
): Promise<SeedDemoResult> {
  // Checked before generating and hashing, so a restart of a seeded server costs one query.
  if (await hasDemoCity(db)) return { inserted: false, counts: {} };

  const region = generateDemoRegion(options.seed);
  // The demo's recent history (complaints, supervision, training) is dated back from this instant.
  const now = options.now ?? new Date();
  // One argon2 hash per account (each with its own salt); the accounts are few, so this stays cheap.
  const passwordHashes = await Promise.all(region.users.map(() => deps.hashPassword(DEMO_PASSWORD)));

  const inserted = await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(tx);
    if (await hasDemoCity(tx)) return false;
    await insertRegion(tx, region, deps.vault, passwordHashes);
    // 学车指南 and 常见问题 of the demo city (issue 5), published.
    await seedDemoContent(tx, DEMO_CITY_CODE);
    // The city's contract template in force, so enrolment works at once (issue 5).
    await seedDemoContracts(tx, DEMO_CITY_CODE);
    // Complaints in every status for a few schools, so inboxes and complaint rates show (issue 5).
    await seedDemoFeedback(tx, DEMO_CITY_CODE, now);
    // 重点监管 entries, last and this month's supervision actions and last month's public notice, so the
    // supervision pages and the monthly report's first columns are not empty (issue 6).
    const supervision = await seedDemoSupervision(tx, DEMO_CITY_CODE, now);
    // Work orders of the last weeks in every status, some overdue and escalated, so the dashboard's
    // 工单处置率 and funnel and 工单管理 are not empty (issue 6); after supervision, whose findings some are.
    const workOrders = await seedDemoWorkOrders(tx, DEMO_CITY_CODE, now);
    await deps.audit?.append(tx, null, {
      action: 'demo.seeded',
      entityType: 'region',
      entityId: DEMO_CITY_CODE,
      regionCode: DEMO_CITY_CODE,
      details: { seed: region.seed, counts: countDemoRegion(region), supervision, workOrders },
    });
    return true;
  });
  // Training history goes through the real assembly and audit, which run on committed data.
  if (inserted) await seedDemoTraining(db, { now });
  return inserted ? { inserted: true, counts: countDemoRegion(region) } : { inserted: false, counts: {} };
}

async function hasDemoCity(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', DEMO_CITY_CODE)
    .executeTakeFirst();
  return row !== undefined;
}

async function inBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    await insert(rows.slice(start, start + BATCH_ROWS));
  }
}

/** Parents before children: schools, then what schools file, then trainees, then users that point at them. */
async function insertRegion(
  tx: Transaction<DB>,
  region: DemoRegion,
  vault: IdNumberVault,
  passwordHashes: string[],
): Promise<void> {
  // The province may exist already (another city's data); the city does not, or we would not be here.
  await tx
    .insertInto('regions')
    .values(region.regions)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();

  await inBatches(region.schools, (batch) =>
    tx
      .insertInto('schools')
      .values(batch.map((s) => ({ ...s, photos: JSON.stringify(s.photos) })))
      .execute(),
  );
  await inBatches(region.classTypes, (batch) => tx.insertInto('classTypes').values(batch).execute());
  await inBatches(region.coaches, (batch) =>
    tx
      .insertInto('coaches')
      .values(batch.map(({ idNumber, ...coach }) => ({ ...coach, ...protectIdNumber(vault, idNumber) })))
      .execute(),
  );
  await inBatches(region.vehicles, (batch) => tx.insertInto('vehicles').values(batch).execute());
  await inBatches(region.terminals, (batch) => tx.insertInto('terminals').values(batch).execute());
  await inBatches(region.teachingAreas, (batch) =>
    tx
      .insertInto('teachingAreas')
      .values(batch.map((area) => ({ ...area, polygon: JSON.stringify(area.polygon) })))
      .execute(),
  );
  await inBatches(region.recruitmentPoints, (batch) =>
    tx.insertInto('recruitmentPoints').values(batch).execute(),
  );
  await inBatches(region.trainees, (batch) =>
    tx
      .insertInto('trainees')
      .values(batch.map(({ idNumber, ...trainee }) => ({ ...trainee, ...protectIdNumber(vault, idNumber) })))
      .execute(),
  );
  await tx
    .insertInto('users')
    .values(region.users.map((user, i) => ({ ...user, passwordHash: passwordHashes[i]! })))
    .execute();
}

function protectIdNumber(vault: IdNumberVault, idNumber: string) {
  const { cipher, hash, masked } = vault.protect(idNumber);
  return { idNumberCipher: cipher, idNumberHash: hash, idNumberMasked: masked };
}
