import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createBankSandbox, signCallback, type BankSandbox } from '@jiapei/bank-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { approveStageDirectly } from '../exam-link/exam-link.fixtures.ts';
import { chinaDay } from './escrow-ledger.service.ts';

/**
 * The escrow flow over real HTTP: the server listens, the bank sandbox runs in-process on a free port
 * and calls back with signed requests. The sandbox reads the test's movable clock, so signatures and
 * booking days agree with the server's.
 */
const SECRET = 'escrow-int-test-callback-secret';
const API_KEY = 'escrow-int-test-key';

let ctx: TestContext;
let bank: BankSandbox;
let clockNow: () => Date = () => new Date();

beforeAll(async () => {
  bank = createBankSandbox({
    callbackSecret: SECRET,
    apiKey: API_KEY,
    retryBaseMs: 20,
    retryMaxMs: 200,
    now: () => clockNow(),
  });
  const bankUrl = await bank.listen(0);
  ctx = await createTestContext({
    BANK_URL: bankUrl,
    BANK_API_KEY: API_KEY,
    BANK_CALLBACK_SECRET: SECRET,
    BANK_TIMEOUT_MS: '2000',
  });
  clockNow = () => ctx.clock.now();
  const address = await ctx.http.listen({ host: '127.0.0.1', port: 0 });
  ctx.app.setPublicUrl(address);
});
afterAll(async () => {
  await bank?.close();
  await ctx?.close();
});

const plan25 = {
  kind: 'stages',
  steps: [
    { on: 'enrolment', percent: 25 },
    { on: 'part', part: 1, percent: 15 },
    { on: 'part', part: 2, percent: 30 },
    { on: 'part', part: 3, percent: 30 },
  ],
};

async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setup() {
  const db = ctx.app.db;
  const school = await newSchool(db);
  const trainee = await newTrainee(db, ctx.app.vault, school.id);
  const traineeUser = await newUser(db, 'trainee', { traineeId: trainee.id });
  const contract = await ctx.app.escrow.openContract({
    traineeId: trainee.id,
    schoolId: school.id,
    priceFen: 398_001,
    perHourFen: 15_000,
    releasePlan: plan25,
  });
  const cookie = await loginAs(ctx.http, traineeUser.username, 'public');
  return { school, trainee, contract, cookie };
}

async function journalSize() {
  const r = await sql<{ t: number; p: number; c: number }>`
    SELECT (SELECT count(*) FROM ledger_transactions)::int AS t, (SELECT count(*) FROM ledger_postings)::int AS p,
      (SELECT count(*) FROM bank_callbacks)::int AS c`.execute(ctx.app.db);
  return r.rows[0]!;
}

const myContract = async (cookie: string, id: string) => {
  const res = await ctx.http.inject({ method: 'GET', url: '/api/escrow/my', headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { contracts: Array<Record<string, unknown>> }).contracts.find((c) => c.id === id)!;
};

describe('escrow over HTTP with the bank sandbox', () => {
  it('escrows only after the bank confirms, releases by plan, refunds with an explanation, and reconciles to zero', async () => {
    const { school, trainee, contract, cookie } = await setup();
    const key = randomUUID();
    const start = await ctx.http.inject({
      method: 'POST',
      url: `/api/escrow/my/contracts/${contract.id}/payments`,
      headers: { cookie },
      payload: { idempotencyKey: key },
    });
    expect(start.statusCode).toBe(200);
    const intent = start.json() as { payUrl: string; amountFen: number; status: string };
    expect(intent).toMatchObject({ amountFen: 398_001, status: 'pending' });
    // A retried "pay" gives the same bank page.
    const again = await ctx.http.inject({
      method: 'POST',
      url: `/api/escrow/my/contracts/${contract.id}/payments`,
      headers: { cookie },
      payload: { idempotencyKey: key },
    });
    expect((again.json() as { payUrl: string }).payUrl).toBe(intent.payUrl);
    expect(await myContract(cookie, contract.id)).toMatchObject({
      status: 'awaiting_payment',
      escrowFen: 0,
      fundedFen: 0,
    });

    // The trainee clicks "pay" on the bank's page; the bank calls back.
    const page = await fetch(intent.payUrl, { method: 'POST' });
    expect(await page.text()).toContain('data-testid="paid"');
    await until(() => bank.callbackSummary().pending === 0);
    const enrolmentShare = Math.floor((398_001 * 25) / 100);
    expect(await myContract(cookie, contract.id)).toMatchObject({
      status: 'active',
      fundedFen: 398_001,
      releasedFen: enrolmentShare,
      escrowFen: 398_001 - enrolmentShare,
    });

    // A regulator approves part 1: its 15 % is released.
    await approveStageDirectly(ctx.app, trainee, 1, ctx.clock.now());
    const part1 = Math.floor((398_001 * 15) / 100);
    expect(await myContract(cookie, contract.id)).toMatchObject({ releasedFen: enrolmentShare + part1 });
    expect(await ctx.app.escrow.dispatchPayouts()).toBe(2);

    // Withdrawal with no verified hours: everything still in escrow comes back, explained.
    const preview = await ctx.http.inject({
      method: 'GET',
      url: `/api/escrow/my/contracts/${contract.id}/withdrawal`,
      headers: { cookie },
    });
    expect(preview.statusCode).toBe(200);
    const remaining = 398_001 - enrolmentShare - part1;
    expect(preview.json()).toMatchObject({ refundFen: remaining, schoolFen: 0 });
    const withdraw = () =>
      ctx.http.inject({
        method: 'POST',
        url: `/api/escrow/my/contracts/${contract.id}/withdrawal`,
        headers: { cookie },
      });
    const done = await withdraw();
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'withdrawn', refundFen: remaining });
    const lines = (done.json() as { lines: Array<{ code: string; amountFen: number }> }).lines;
    expect(lines.map((l) => l.code)).toEqual([
      'funded',
      'released_before',
      'escrow_remaining',
      'hours_trained',
      'training_value',
      'owed_to_school',
      'refund',
    ]);
    expect((await withdraw()).json()).toEqual(done.json());
    expect(await ctx.app.escrow.dispatchPayouts()).toBe(1);
    await until(() => bank.callbackSummary().pending === 0);
    expect(await myContract(cookie, contract.id)).toMatchObject({
      status: 'withdrawn',
      escrowFen: 0,
      refundedFen: remaining,
    });

    // The school's settlement and the regulator's overview.
    const admin = await newUser(ctx.app.db, 'school_admin', { schoolId: school.id });
    const schoolView = await ctx.http.inject({
      method: 'GET',
      url: '/api/escrow/school/settlement',
      headers: { cookie: await loginAs(ctx.http, admin.username, 'school') },
    });
    expect(schoolView.json()).toMatchObject({
      totals: {
        releasedFen: enrolmentShare + part1,
        releasedPaidFen: enrolmentShare + part1,
        refundedFen: remaining,
        escrowFen: 0,
      },
    });
    const regulator = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });
    const regCookie = await loginAs(ctx.http, regulator.username, 'regulator');
    const overview = await ctx.http.inject({
      method: 'GET',
      url: '/api/escrow/regulator/overview',
      headers: { cookie: regCookie },
    });
    expect(
      (overview.json() as { schools: Array<{ schoolId: string }> }).schools.map((s) => s.schoolId),
    ).toContain(school.id);
    const outsider = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.otherCity });
    const otherView = await ctx.http.inject({
      method: 'GET',
      url: '/api/escrow/regulator/overview',
      headers: { cookie: await loginAs(ctx.http, outsider.username, 'regulator') },
    });
    expect(
      (otherView.json() as { schools: Array<{ schoolId: string }> }).schools.map((s) => s.schoolId),
    ).not.toContain(school.id);

    // Today's statement matches the journal.
    const rec = await ctx.http.inject({
      method: 'POST',
      url: '/api/escrow/regulator/reconciliations',
      headers: { cookie: regCookie },
      payload: { day: chinaDay(ctx.clock.now()) },
    });
    expect(rec.statusCode).toBe(200);
    expect(rec.json()).toMatchObject({ differenceFen: 0, mismatches: [], alertId: null });
    expect(await ctx.app.escrow.findInvariantViolations()).toEqual([]);
  });

  it("keeps another trainee's contract hidden", async () => {
    const { contract } = await setup();
    const other = await setup();
    const res = await ctx.http.inject({
      method: 'GET',
      url: `/api/escrow/my/contracts/${contract.id}/withdrawal`,
      headers: { cookie: other.cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'escrow.contract_not_found' });
  });

  it('refuses forged, tampered, stale and mismatched callbacks with a reason and leaves the ledger untouched', async () => {
    const { contract, cookie } = await setup();
    const start = await ctx.http.inject({
      method: 'POST',
      url: `/api/escrow/my/contracts/${contract.id}/payments`,
      headers: { cookie },
      payload: { idempotencyKey: randomUUID() },
    });
    const intent = start.json() as { id: string; payUrl: string };
    const paymentId = intent.payUrl.split('/').at(-1)!;
    const genuine = {
      eventId: `evt_${randomUUID()}`,
      type: 'payment.succeeded',
      ref: paymentId,
      merchantRef: intent.id,
      amountFen: 398_001,
      bookedAt: ctx.clock.now().toISOString(),
    };
    const send = (body: object, opts: { secret?: string; at?: number; tamper?: boolean } = {}) => {
      const raw = JSON.stringify(body);
      const ts = String(opts.at ?? ctx.clock.now().getTime());
      const signature = signCallback(opts.secret ?? SECRET, ts, raw);
      return ctx.http.inject({
        method: 'POST',
        url: '/api/escrow/bank/callbacks',
        headers: {
          'content-type': 'application/json',
          'x-bank-timestamp': ts,
          'x-bank-signature': signature,
        },
        // Tampered: the signed bytes say one amount, the body another.
        payload: opts.tamper ? raw.replace('398001', '1') : raw,
      });
    };
    const before = await journalSize();
    const cases: Array<[string, Promise<{ statusCode: number; json(): unknown }>, number, string]> = [
      [
        'wrong secret',
        send(genuine, { secret: 'not-the-bank-secret-at-all' }),
        401,
        'escrow.callback_bad_signature',
      ],
      ['tampered body', send(genuine, { tamper: true }), 401, 'escrow.callback_bad_signature'],
      [
        'replayed old signature',
        send(genuine, { at: ctx.clock.now().getTime() - 10 * 60_000 }),
        401,
        'escrow.callback_stale',
      ],
      [
        'unknown payment',
        send({ ...genuine, ref: 'pay_nobody', merchantRef: randomUUID() }),
        422,
        'escrow.callback_unknown_payment',
      ],
      ['wrong amount', send({ ...genuine, amountFen: 1 }), 422, 'escrow.callback_amount_mismatch'],
      [
        'unknown payout',
        send({ ...genuine, type: 'transfer.succeeded', ref: 'tr_x', merchantRef: randomUUID() }),
        422,
        'escrow.callback_unknown_payment',
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect({ name, status: res.statusCode, code: (res.json() as { code: string }).code }).toEqual({
        name,
        status,
        code,
      });
    }
    const noHeaders = await ctx.http.inject({
      method: 'POST',
      url: '/api/escrow/bank/callbacks',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(genuine),
    });
    expect(noHeaders.statusCode).toBe(401);
    expect(await journalSize()).toEqual(before);
    expect(await myContract(cookie, contract.id)).toMatchObject({ fundedFen: 0, escrowFen: 0 });

    // The genuine one is accepted once; the same event again (freshly signed) is a duplicate.
    expect((await send(genuine)).json()).toEqual({ accepted: true, duplicate: false });
    const afterOne = await journalSize();
    expect((await send(genuine)).json()).toEqual({ accepted: true, duplicate: true });
    expect((await send({ ...genuine, eventId: `evt_${randomUUID()}` })).json()).toEqual({
      accepted: true,
      duplicate: true,
    });
    expect((await journalSize()).t).toBe(afterOne.t);
    // The bank books the payment for real; its own callback (another event id) changes nothing either.
    bank.pay(paymentId);
    await until(() => bank.callbackSummary().pending === 0);
    expect((await journalSize()).t).toBe(afterOne.t);
    expect(await ctx.app.escrow.findInvariantViolations()).toEqual([]);
  });

  it('raises an alert when the bank holds money the journal does not know', async () => {
    // A payment booked at the bank whose callback can never arrive (nobody listens there).
    const res = await fetch(`${bank.url}/api/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        merchantRef: randomUUID(),
        amountFen: 777,
        callbackUrl: 'http://127.0.0.1:9/nowhere',
      }),
    });
    const { paymentId } = (await res.json()) as { paymentId: string };
    bank.pay(paymentId);
    const before = ctx.app.metrics.render();
    const rec = await ctx.app.escrow.reconcileDay(chinaDay(ctx.clock.now()));
    expect(rec.differenceFen).toBe(777);
    expect(rec.mismatches).toContainEqual({ ref: paymentId, bankFen: 777, ledgerFen: null });
    expect(rec.alertId).not.toBeNull();
    const alert = await ctx.app.db
      .selectFrom('escrowAlerts')
      .selectAll()
      .where('id', '=', rec.alertId!)
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'reconciliation_difference', differenceFen: 777 });
    expect(before).not.toContain('jiapei_escrow_reconciliation_difference_fen 777');
    expect(ctx.app.metrics.render()).toContain('jiapei_escrow_reconciliation_difference_fen 777');
  });
});
