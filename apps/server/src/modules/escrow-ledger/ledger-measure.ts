/**
 * Measurement worker for bench/ledger.bench.ts (bench/ never imports apps/*, so it runs this file as a
 * process and reads the JSON on its last line). `LEDGER_BENCH_CLIENTS` (32) concurrent clients write
 * the ledger's real journal path for `LEDGER_BENCH_SECONDS` (10): per contract a confirmed payment
 * (bank cash → escrow), a release with its payout (escrow → school payable: row lock and balance check
 * on the escrow) and the payout's settlement (payable → bank cash: lock and check on the school's
 * payable), each its own database transaction of two postings, plus one retried write in ten (an
 * idempotency-key hit that must post nothing). Afterwards every invariant is checked over all rows.
 * Database: PostgreSQL at LEDGER_BENCH_DATABASE_URL, else PGlite in a temp directory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { connectPglite, connectPostgres } from '../../db/connect.ts';
import { createEscrowLedgerRepository } from './escrow-ledger.repository.ts';
import { BANK_CASH, escrowAccount, schoolPayableAccount } from './journal.ts';
import { findInvariantViolations, postEntry } from './ledger.ts';

const clients = Number(process.env.LEDGER_BENCH_CLIENTS ?? 32);
const seconds = Number(process.env.LEDGER_BENCH_SECONDS ?? 10);
const schoolsCount = Number(process.env.LEDGER_BENCH_SCHOOLS ?? 100);
const url = process.env.LEDGER_BENCH_DATABASE_URL;

const tmp = url ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-ledger-bench-'));
const handle = url ? await connectPostgres(url, clients) : await connectPglite(path.join(tmp!, 'pglite'));
const app = await createApp(
  loadConfig({
    NODE_ENV: 'test',
    DATA_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
  }),
  { handle },
);
const db = app.db;
const repo = createEscrowLedgerRepository();

// Setup (not timed): regions, schools, one trainee per client slot, contracts made on demand.
await db
  .insertInto('regions')
  .values([
    { code: '370000', name: '山东省', level: 'province', parentCode: null },
    { code: '370100', name: '济南市', level: 'city', parentCode: '370000' },
    { code: '370102', name: '历下区', level: 'county', parentCode: '370100' },
  ])
  .onConflict((oc) => oc.column('code').doNothing())
  .execute();
const schools: string[] = [];
for (let i = 0; i < schoolsCount; i++) {
  const id = randomUUID();
  await db
    .insertInto('schools')
    .values({
      id,
      name: `基准驾校${i}`,
      shortName: `基准${i}`,
      creditCode: `91370102${String(i).padStart(9, '0')}B`,
      licenceNumber: `BENCH-${i}-${randomUUID().slice(0, 6)}`,
      grade: 2,
      licenceClasses: ['C1'],
      countyCode: '370102',
      address: '基准路',
      latitude: 36.6,
      longitude: 117,
      phone: '0531-80000000',
    })
    .execute();
  schools.push(id);
}
const traineeOf = new Map<string, string>();
for (const schoolId of schools) {
  const id = randomUUID();
  const protectedId = app.vault.protect(
    `37010219900101${String(1000 + schools.indexOf(schoolId)).slice(-3)}X`,
  );
  await db
    .insertInto('trainees')
    .values({
      id,
      schoolId,
      traineeNumber: `9${String(schools.indexOf(schoolId)).padStart(15, '0')}`,
      name: '基准学员',
      gender: 'male',
      idNumberCipher: protectedId.cipher,
      idNumberHash: randomBytes(32).toString('hex'),
      idNumberMasked: protectedId.masked,
      phone: '13800000000',
      licenceClass: 'C1',
      enrolledOn: '2026-09-01',
    })
    .execute();
  traineeOf.set(schoolId, id);
}

let transactions = 0;
let postings = 0;
let duplicates = 0;
const latenciesMs: number[] = [];
const keys: string[] = [];

async function timed<T>(fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  latenciesMs.push(performance.now() - t0);
  return out;
}

// Contracts are made before the clock starts (they are the enrolment module's writes, not the
// journal's); a client that runs out makes more on the fly.
const contractPool: Array<{ id: string; schoolId: string; price: number }> = [];
const poolSize = Number(process.env.LEDGER_BENCH_CONTRACTS ?? 8_000);
async function makeContracts(count: number, offset: number) {
  const rows = Array.from({ length: count }, (_, i) => {
    const schoolId = schools[(offset + i) % schools.length]!;
    return {
      traineeId: traineeOf.get(schoolId)!,
      schoolId,
      priceFen: 300_000 + ((offset + i) % 1000),
      perHourFen: 10_000,
      releasePlan: JSON.stringify({ kind: 'hours', upfrontPercent: 25 }),
    };
  });
  const made = await db
    .insertInto('escrowContracts')
    .values(rows)
    .returning(['id', 'schoolId', 'priceFen'])
    .execute();
  return made.map((r) => ({ id: r.id, schoolId: r.schoolId, price: r.priceFen }));
}
for (let i = 0; i < poolSize; i += 500) {
  contractPool.push(...(await makeContracts(Math.min(500, poolSize - i), i)));
}
let nextContract = 0;

async function oneContract(client: number, n: number) {
  const contract = contractPool[nextContract++] ?? (await makeContracts(1, client * 7919 + n))[0]!;
  const { schoolId, price } = contract;
  const bankRef = `bench-pay-${randomUUID()}`;
  const payKey = `payment:${bankRef}`;
  const pay = {
    key: payKey,
    kind: 'payment' as const,
    contractId: contract.id,
    bankRef,
    bankBookedAt: new Date(),
    postings: [
      { account: BANK_CASH, amountFen: price },
      { account: escrowAccount(contract.id), amountFen: -price },
    ],
  };
  await timed(() => db.transaction().execute((tx) => postEntry(tx, repo, pay)));
  transactions++;
  postings += 2;
  keys.push(payKey);

  const release = Math.floor(price / 4);
  const payable = schoolPayableAccount(schoolId);
  const payoutId = await timed(() =>
    db.transaction().execute(async (tx) => {
      const posted = await postEntry(tx, repo, {
        key: `release:${contract.id}:upfront`,
        kind: 'release',
        contractId: contract.id,
        postings: [
          { account: escrowAccount(contract.id), amountFen: release },
          { account: payable, amountFen: -release },
        ],
      });
      const payout = await repo.insertPayout(
        tx,
        {
          contractId: contract.id,
          kind: 'release',
          payableAccount: payable,
          amountFen: release,
          beneficiary: `school:${schoolId}`,
          sourceTransactionId: posted.transactionId,
        },
        new Date(),
      );
      return payout.id;
    }),
  );
  transactions++;
  postings += 2;

  const transferId = `bench-tr-${randomUUID()}`;
  await timed(() =>
    db.transaction().execute(async (tx) => {
      await postEntry(tx, repo, {
        key: `settle:${payoutId}`,
        kind: 'payout_settled',
        contractId: contract.id,
        bankRef: transferId,
        bankBookedAt: new Date(),
        postings: [
          { account: payable, amountFen: release },
          { account: BANK_CASH, amountFen: -release },
        ],
      });
      await repo.markPayoutSettled(tx, payoutId, transferId, new Date());
    }),
  );
  transactions++;
  postings += 2;

  // A retried callback: same key and facts, nothing posted.
  if (n % 10 === 0) {
    const again = await timed(() => db.transaction().execute((tx) => postEntry(tx, repo, pay)));
    if (!again.duplicate) throw new Error('a retried payment posted twice');
    duplicates++;
  }
}

const deadline = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; performance.now() < deadline; n++) await oneContract(client, n);
  }),
);
const elapsed = (performance.now() - started) / 1000;

const checkStarted = performance.now();
const violations = await findInvariantViolations(db);
const checkSeconds = (performance.now() - checkStarted) / 1000;
const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_postings`.execute(db);

latenciesMs.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round((latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? 0) * 100) /
  100;
await app.close();
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
console.log(
  JSON.stringify({
    database: url ? 'postgres' : 'pglite',
    clients,
    seconds: Math.round(elapsed * 100) / 100,
    transactions,
    postings,
    postingsPerSecond: Math.round(postings / elapsed),
    transactionsPerSecond: Math.round(transactions / elapsed),
    retriedWrites: duplicates,
    postingRowsInDatabase: rows.rows[0]!.n,
    latencyMs: { p50: pct(0.5), p99: pct(0.99) },
    invariantViolations: violations.length,
    violationSamples: violations.slice(0, 5),
    invariantCheckSeconds: Math.round(checkSeconds * 100) / 100,
  }),
);
