import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { createBankSandbox, type BankSandbox } from '@jiapei/bank-sandbox';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../app.ts';
import { loadConfig, repoRoot } from '../../config.ts';
import { connectPglite, connectPostgres, type DbHandle } from '../../db/connect.ts';
import { newSchool, newTrainee, newUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { withDatabase } from '../../../test/global-setup.ts';
import { chinaDay } from './escrow-ledger.service.ts';

/**
 * Must-show 2: the real server (`node --import tsx apps/server/src/main.ts`) takes a burst of payments,
 * enrolment releases, withdrawals and refunds while the bank sandbox duplicates, reorders and drops its
 * callbacks and fails some transfers; the server is SIGKILLed mid-burst and started again; clients
 * retry what failed with the same keys. Afterwards every callback is acknowledged, every payout
 * settled, the statement reconciles to zero and nothing was posted twice.
 */
const SECRET = 'crash-test-callback-secret-0123';
const API_KEY = 'crash-test-bank-key';
const TRAINEES = 18;
const plan = {
  kind: 'stages',
  steps: [
    { on: 'enrolment', percent: 25 },
    { on: 'part', part: 1, percent: 15 },
    { on: 'part', part: 2, percent: 30 },
    { on: 'part', part: 3, percent: 30 },
  ],
};

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A database the child server can open: a PGlite directory, or a fresh PostgreSQL database. */
async function prepareDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<DbHandle> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `jiapei_crash_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('goldenPostgresDb')}`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const dbUrl = withDatabase(url, name);
    return { env: { DATABASE_URL: dbUrl }, open: () => connectPostgres(dbUrl, 4) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-crash-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const pgliteDir = path.join(dataDir, 'pglite');
  // Start from the migrated golden database rather than migrating again.
  const golden = await connectPglite(pgliteDir, {
    loadDataDir: new Blob([fs.readFileSync(inject('goldenPglitePath'))]),
  });
  await golden.close();
  return { env: { DATA_DIR: dataDir }, open: () => connectPglite(pgliteDir) };
}

describe('escrow under a server crash', () => {
  it(
    'loses nothing and doubles nothing when the server is SIGKILLed mid-burst',
    { timeout: 180_000 },
    async () => {
      const bank: BankSandbox = createBankSandbox({
        callbackSecret: SECRET,
        apiKey: API_KEY,
        retryBaseMs: 100,
        retryMaxMs: 1_000,
        callbackTimeoutMs: 2_000,
        seed: 5,
        faults: { duplicateRate: 0.3, reorderMs: 400, callbackDropRate: 0.2, errorRate: 0.1, latencyMs: 5 },
      });
      const bankUrl = await bank.listen(0);
      cleanups.push(() => bank.close());

      const database = await prepareDatabase();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        NODE_ENV: 'development',
        ROLE: 'all',
        HOST: '127.0.0.1',
        PORT: String(port),
        GATEWAY_PORT: '0',
        DATA_KEY: randomBytes(32).toString('base64'),
        SEED_DEMO: 'false',
        DEMO_FLEET: 'false',
        DEMO_POLICE: 'false',
        DEMO_BANK: 'false',
        BANK_URL: bankUrl,
        BANK_API_KEY: API_KEY,
        BANK_CALLBACK_SECRET: SECRET,
        BANK_TIMEOUT_MS: '1500',
        PUBLIC_URL: base,
        LOG_LEVEL: 'warn',
        ...database.env,
      };

      // Schools, trainees, their accounts and contracts, written before the server owns the database.
      const handle = await database.open();
      const setupApp = await createApp(loadConfig(env), { handle });
      const school = await newSchool(setupApp.db);
      const trainees: Array<{ username: string; contractId: string; withdraws: boolean }> = [];
      for (let i = 0; i < TRAINEES; i++) {
        const t = await newTrainee(setupApp.db, setupApp.vault, school.id);
        const user = await newUser(setupApp.db, 'trainee', { traineeId: t.id });
        const contract = await setupApp.escrow.openContract({
          traineeId: t.id,
          schoolId: school.id,
          priceFen: 300_000 + i * 1_001,
          perHourFen: 12_000,
          releasePlan: plan,
        });
        trainees.push({ username: user.username, contractId: contract.id, withdraws: i % 3 === 0 });
      }
      await setupApp.close();

      let child: ChildProcess | null = null;
      const startServer = async () => {
        const p = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(repoRoot, 'apps/server/src/main.ts')],
          {
            cwd: repoRoot,
            env: { PATH: process.env.PATH ?? '', ...env },
            stdio: ['ignore', 'ignore', 'inherit'],
          },
        );
        child = p;
        cleanups.push(() => {
          if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
        });
        await until(
          async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true,
          60_000,
          'the server to answer',
        );
      };

      /** A client that retries until the server answers (network errors and 5xx), same request each time. */
      const call = async (method: string, url: string, cookie: string | null, body?: unknown) => {
        for (;;) {
          const res = await fetch(`${base}${url}`, {
            method,
            headers: {
              ...(cookie ? { cookie } : {}),
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            body: body ? JSON.stringify(body) : null,
          }).catch(() => null);
          if (res && res.status < 500) {
            const json = (await res.json()) as Record<string, unknown>;
            if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
            return { json, res };
          }
          await sleep(150);
        }
      };

      await startServer();
      const burst = trainees.map(async (t) => {
        const login = await call('POST', '/api/auth/login', null, {
          username: t.username,
          password: TEST_PASSWORD,
          portal: 'public',
        });
        const cookie = login.res.headers
          .getSetCookie()
          .find((c) => c.startsWith('jiapei_session='))!
          .split(';')[0]!;
        const key = randomUUID();
        const intent = await call('POST', `/api/escrow/my/contracts/${t.contractId}/payments`, cookie, {
          idempotencyKey: key,
        });
        bank.pay(String(intent.json.payUrl).split('/').at(-1)!);
        if (t.withdraws) {
          await sleep(Math.random() * 800);
          await call('POST', `/api/escrow/my/contracts/${t.contractId}/withdrawal`, cookie);
        }
        return cookie;
      });

      // Kill the server while callbacks, payouts and withdrawals are in flight.
      await until(
        () => bank.store.transfers.size >= 3 && bank.callbackSummary().pending > 0,
        30_000,
        'the burst to be under way',
      );
      child!.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      const atCrash = { ...bank.callbackSummary(), transfers: bank.store.transfers.size };
      await startServer();

      const cookies = await Promise.all(burst);
      // The bank stops failing so the retries can finish; its callbacks and our payouts drain.
      bank.setFaults({ errorRate: 0, callbackDropRate: 0 });
      const settledEverywhere = async () => {
        if (bank.callbackSummary().pending > 0) return false;
        for (let i = 0; i < trainees.length; i++) {
          const { json } = await call('GET', '/api/escrow/my', cookies[i]!);
          const c = (
            json.contracts as Array<{ payouts: Array<{ status: string }>; status: string; fundedFen: number }>
          )[0]!;
          if (c.fundedFen === 0 || c.payouts.some((p) => p.status !== 'settled')) return false;
          if (trainees[i]!.withdraws ? c.status !== 'withdrawn' : c.status !== 'active') return false;
        }
        return true;
      };
      await until(settledEverywhere, 60_000, 'callbacks and payouts to settle');
      child!.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));

      // The books: reconciliation against the bank's statement, invariants, nothing twice.
      const after = await createApp(loadConfig(env), { handle: await database.open() });
      cleanups.push(() => after.close());
      const rec = await after.escrow.reconcileDay(chinaDay(new Date()));
      expect({ differenceFen: rec.differenceFen, mismatches: rec.mismatches }).toEqual({
        differenceFen: 0,
        mismatches: [],
      });
      expect(await after.escrow.findInvariantViolations()).toEqual([]);
      const counts = await sql<{ payments: number; settled: number; refunds: number }>`
      SELECT (SELECT count(*) FROM ledger_transactions WHERE kind = 'payment')::int AS payments,
        (SELECT count(*) FROM ledger_transactions WHERE kind = 'payout_settled')::int AS settled,
        (SELECT count(*) FROM ledger_transactions WHERE kind = 'refund')::int AS refunds`.execute(after.db);
      const paid = [...bank.store.payments.values()].filter((p) => p.status === 'paid').length;
      // One payment per bank payment, one settlement per bank transfer, one refund per withdrawal (paid
      // after withdrawing or before: a late payment is refunded whole).
      expect(counts.rows[0]).toEqual({
        payments: paid,
        settled: bank.store.transfers.size,
        refunds: trainees.filter((t) => t.withdraws).length,
      });
      expect(paid).toBe(TRAINEES);
      // The crash really happened mid-flight, and the bank had to retry.
      expect(atCrash.pending).toBeGreaterThan(0);
      expect(bank.callbackSummary().attempts).toBeGreaterThan(bank.callbackSummary().acked);
      const bankCash = await sql<{ sum: number }>`
      SELECT coalesce(sum(amount_fen), 0)::bigint AS sum FROM ledger_postings WHERE account_code = 'bank_cash'`.execute(
        after.db,
      );
      expect(Number(bankCash.rows[0]!.sum)).toBe(bank.balanceFen());
    },
  );
});
