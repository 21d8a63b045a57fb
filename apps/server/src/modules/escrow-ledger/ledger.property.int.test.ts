import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { newSchool, newTrainee } from '../../../test/factories.ts';
import type { Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import { createDomainEventBus } from '../../shared/domain-events.ts';
import { createMetricsRegistry } from '../../shared/metrics.ts';
import { signCallback, type BankClient } from './bank-client.ts';
import { createEscrowLedgerService, chinaDay } from './escrow-ledger.service.ts';

/**
 * Must-show 1: the ledger's invariants over random sequences of payments (with duplicate, reordered
 * and forged callbacks), stage releases, hour releases, withdrawals, transfers, retried requests and
 * payouts the bank fails or answers too late. A seeded generator makes any failure repeatable: the
 * seed is in the test name.
 */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const SECRET = 'property-test-callback-secret';
const plans = [
  {
    kind: 'stages',
    steps: [
      { on: 'enrolment', percent: 25 },
      { on: 'part', part: 1, percent: 15 },
      { on: 'part', part: 2, percent: 30 },
      { on: 'part', part: 3, percent: 30 },
    ],
  },
  {
    kind: 'stages',
    steps: [
      { on: 'part', part: 1, percent: 10 },
      { on: 'part', part: 2, percent: 30 },
      { on: 'part', part: 3, percent: 30 },
      { on: 'part', part: 4, percent: 30 },
    ],
  },
  { kind: 'hours', upfrontPercent: 30 },
];

type Callback = { body: string };

/** An in-memory bank with the sandbox's behaviour: idempotent on merchantRef, callbacks queued. */
function fakeBank(clock: { now(): Date }, r: ReturnType<typeof rng>) {
  const payments = new Map<string, { paymentId: string; amountFen: number; paid: boolean }>();
  const transfers = new Map<string, { transferId: string; amountFen: number; bookedAt: string }>();
  const entries: Array<{
    ref: string;
    amountFen: number;
    bookedAt: string;
    merchantRef: string;
    type: 'payment' | 'transfer';
  }> = [];
  const queue: Callback[] = [];
  const delivered: Callback[] = [];
  let faults = true;
  // Bank ids are unique across the seeds sharing this database.
  const bankId = randomUUID().slice(0, 8);
  let seq = 0;
  const enqueue = (body: object) =>
    queue.push({ body: JSON.stringify({ eventId: `ev-${bankId}-${++seq}`, ...body }) });
  const client: BankClient = {
    async createPayment(input) {
      if (faults && r.chance(0.1)) throw new AppError('escrow.bank_unavailable', { message: 'fake 503' });
      let p = payments.get(input.merchantRef);
      if (!p) {
        p = { paymentId: `pay-${bankId}-${++seq}`, amountFen: input.amountFen, paid: false };
        payments.set(input.merchantRef, p);
      }
      return {
        paymentId: p.paymentId,
        payUrl: `http://bank/pay/${p.paymentId}`,
        status: 'awaiting',
        amountFen: p.amountFen,
      };
    },
    async createTransfer(input) {
      if (faults && r.chance(0.15)) {
        throw new AppError('escrow.bank_unavailable', { message: 'fake 503 before' });
      }
      let t = transfers.get(input.merchantRef);
      if (!t) {
        const balance = entries.reduce((s, e) => s + e.amountFen, 0);
        if (balance < input.amountFen) {
          throw new Error(`fake bank would go negative: ${balance} < ${input.amountFen}`);
        }
        t = {
          transferId: `tr-${bankId}-${++seq}`,
          amountFen: input.amountFen,
          bookedAt: clock.now().toISOString(),
        };
        transfers.set(input.merchantRef, t);
        entries.push({
          ref: t.transferId,
          amountFen: -t.amountFen,
          bookedAt: t.bookedAt,
          merchantRef: input.merchantRef,
          type: 'transfer',
        });
        enqueue({
          type: 'transfer.succeeded',
          ref: t.transferId,
          merchantRef: input.merchantRef,
          amountFen: t.amountFen,
          bookedAt: t.bookedAt,
        });
      }
      // Executed, but the answer is lost (a timeout after the bank booked it).
      if (faults && r.chance(0.15)) {
        throw new AppError('escrow.bank_unavailable', { message: 'fake timeout after' });
      }
      return { transferId: t.transferId, status: 'succeeded', bookedAt: t.bookedAt, amountFen: t.amountFen };
    },
    async statement(date) {
      const day = entries.filter((e) => chinaDay(new Date(e.bookedAt)) === date);
      const closing = entries
        .filter((e) => chinaDay(new Date(e.bookedAt)) <= date)
        .reduce((s, e) => s + e.amountFen, 0);
      const net = day.reduce((s, e) => s + e.amountFen, 0);
      return { date, openingFen: closing - net, closingFen: closing, entries: day };
    },
  };
  return {
    client,
    payments,
    queue,
    delivered,
    setFaults: (on: boolean) => {
      faults = on;
    },
    /** The trainee pays on the bank's page: booked now, callback queued. */
    pay(merchantRef: string) {
      const p = payments.get(merchantRef);
      if (!p || p.paid) return;
      p.paid = true;
      const bookedAt = clock.now().toISOString();
      entries.push({ ref: p.paymentId, amountFen: p.amountFen, bookedAt, merchantRef, type: 'payment' });
      enqueue({ type: 'payment.succeeded', ref: p.paymentId, merchantRef, amountFen: p.amountFen, bookedAt });
    },
  };
}

// Each seed gets its own database: the fake bank of one seed knows nothing of another's payments.
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx?.close();
});

async function journalSize() {
  const r = await sql<{ t: number; p: number }>`
    SELECT (SELECT count(*) FROM ledger_transactions)::int AS t, (SELECT count(*) FROM ledger_postings)::int AS p`.execute(
    ctx.app.db,
  );
  return r.rows[0]!;
}

const expectedRefusals = new Set([
  'escrow.contract_not_active',
  'escrow.nothing_due',
  'escrow.transfer_invalid',
  'escrow.bank_unavailable',
  // The test reuses idempotency keys on other contracts on purpose.
  'escrow.idempotency_conflict',
]);

describe.each([1, 2, 3])('ledger invariants over random operations (seed %i)', (seed) => {
  it('hold after every step, and the bank agrees with the journal at the end', async () => {
    const r = rng(seed);
    const db = ctx.app.db;
    const clock = ctx.clock;
    const bank = fakeBank(clock, r);
    const minutes = new Map<string, number>();
    const events = createDomainEventBus();
    const escrow = createEscrowLedgerService({
      db,
      clock,
      audit: ctx.app.audit,
      events,
      bank: bank.client,
      metrics: createMetricsRegistry('t_'),
      creditedMinutes: async (id) => minutes.get(id) ?? 0,
      options: { callbackSecret: SECRET, callbackUrl: () => 'http://platform/cb' },
    });
    const schools = await Promise.all([0, 1, 2].map(() => newSchool(db)));
    const trainees = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const t = await newTrainee(db, ctx.app.vault, schools[i % 3]!.id);
        const actor: Actor = {
          userId: randomUUID(),
          username: `t${i}`,
          role: 'trainee',
          regionCode: null,
          schoolId: null,
          coachId: null,
          traineeId: t.id,
        };
        return { ...t, actor };
      }),
    );
    const contracts: Array<{ id: string; traineeIndex: number; schoolId: string }> = [];
    const keys: string[] = [];

    const sign = (body: string, opts: { badSig?: boolean; at?: number } = {}) => {
      const ts = String(opts.at ?? clock.now().getTime());
      const sig = signCallback(opts.badSig ? 'wrong-secret-wrong-secret' : SECRET, ts, body);
      return { rawBody: body, timestamp: ts, signature: sig };
    };

    const openFor = async (ti: number, schoolId?: string) => {
      const school = schoolId ?? r.pick(schools).id;
      const c = await escrow.openContract({
        traineeId: trainees[ti]!.id,
        schoolId: school,
        priceFen: 200_000 + r.int(400_000),
        perHourFen: 5_000 + r.int(20_000),
        releasePlan: r.pick(plans),
      });
      contracts.push({ id: c.id, traineeIndex: ti, schoolId: school });
      return c.id;
    };

    const ops: Record<string, () => Promise<unknown>> = {
      open: () => openFor(r.int(trainees.length)),
      startPayment: async () => {
        if (!contracts.length) return;
        const c = r.pick(contracts);
        const key = keys.length && r.chance(0.3) ? r.pick(keys) : `key-${randomUUID()}`;
        keys.push(key);
        return escrow.startPayment(trainees[c.traineeIndex]!.actor, c.id, { idempotencyKey: key });
      },
      pay: async () => {
        const refs = [...bank.payments.entries()].filter(([, p]) => !p.paid).map(([ref]) => ref);
        if (refs.length) bank.pay(r.pick(refs));
      },
      deliver: async () => {
        if (!bank.queue.length) return;
        // Out of order: any queued callback, not the oldest.
        const cb = bank.queue.splice(r.int(bank.queue.length), 1)[0]!;
        await escrow.handleBankCallback(sign(cb.body));
        bank.delivered.push(cb);
        if (r.chance(0.3)) bank.queue.push(cb); // the bank will send it again
      },
      redeliver: async () => {
        if (!bank.delivered.length) return;
        const res = await escrow.handleBankCallback(sign(r.pick(bank.delivered).body));
        expect(res.duplicate).toBe(true);
      },
      forge: async () => {
        const before = await journalSize();
        const base = bank.delivered.length
          ? (JSON.parse(r.pick(bank.delivered).body) as Record<string, unknown>)
          : null;
        const variant = r.int(4);
        const forged =
          variant === 0 || !base
            ? {
                eventId: `f-${randomUUID()}`,
                type: 'payment.succeeded',
                ref: 'pay-unknown',
                merchantRef: randomUUID(),
                amountFen: 100,
                bookedAt: clock.now().toISOString(),
              }
            : {
                ...base,
                eventId: `f-${randomUUID()}`,
                ref: `${String(base.ref)}-x`,
                amountFen: Number(base.amountFen) + 1,
              };
        const body = JSON.stringify(forged);
        const input =
          variant === 1
            ? sign(body, { badSig: true })
            : variant === 2
              ? sign(body, { at: clock.now().getTime() - 3_600_000 })
              : sign(body);
        const err = await escrow.handleBankCallback(input).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toMatch(/^escrow\.callback_/);
        expect(await journalSize()).toEqual(before);
      },
      approveStage: async () => {
        const t = r.pick(trainees);
        const part = 1 + r.int(4);
        const mine = contracts.filter((c) => trainees[c.traineeIndex]!.id === t.id);
        if (!mine.length) return;
        const schoolId = r.pick(mine).schoolId;
        await db.transaction().execute((tx) =>
          events.publish(tx, 'stage.approved', {
            stageSubmissionId: randomUUID(),
            traineeId: t.id,
            schoolId,
            part,
            approvedAt: clock.now().toISOString(),
          }),
        );
        await events.dispatchPending(db);
      },
      train: async () => {
        const t = r.pick(trainees);
        minutes.set(t.id, (minutes.get(t.id) ?? 0) + 30 + r.int(240));
      },
      releaseHours: async () => {
        if (contracts.length) await escrow.releaseForHours(r.pick(contracts).id);
      },
      withdraw: async () => {
        if (!contracts.length) return;
        const c = r.pick(contracts);
        const first = await escrow.withdraw(trainees[c.traineeIndex]!.actor, c.id);
        if (r.chance(0.5)) {
          expect(await escrow.withdraw(trainees[c.traineeIndex]!.actor, c.id)).toEqual(first);
        } // retried
      },
      transfer: async () => {
        if (!contracts.length) return;
        const from = r.pick(contracts);
        const to = await openFor(from.traineeIndex);
        await escrow.transfer(trainees[from.traineeIndex]!.actor, from.id, { toContractId: to });
      },
      payouts: () => escrow.dispatchPayouts(),
      tick: async () => clock.advance(r.int(6) * 3_600_000),
    };
    const weights: Array<[string, number]> = [
      ['open', 3],
      ['startPayment', 6],
      ['pay', 6],
      ['deliver', 8],
      ['redeliver', 2],
      ['forge', 2],
      ['approveStage', 5],
      ['train', 4],
      ['releaseHours', 2],
      ['withdraw', 2],
      ['transfer', 1],
      ['payouts', 4],
      ['tick', 1],
    ];
    const bag = weights.flatMap(([name, w]) => Array<string>(w).fill(name));

    for (let step = 0; step < 160; step++) {
      const name = r.pick(bag);
      try {
        await ops[name]!();
      } catch (err) {
        if (!(err instanceof AppError && expectedRefusals.has(err.code))) {
          throw new Error(`seed ${seed} step ${step} ${name}: ${String(err)}`, { cause: err });
        }
      }
      if (step % 20 === 19) expect(await escrow.findInvariantViolations(), `after step ${step}`).toEqual([]);
    }

    // Drain: the bank stops failing, every callback arrives, every payout is sent and settled.
    bank.setFaults(false);
    while (bank.queue.length) {
      const cb = bank.queue.shift()!;
      await escrow.handleBankCallback(sign(cb.body));
    }
    clock.advance(3_600_000);
    while ((await escrow.dispatchPayouts()) > 0);
    const pending = await db
      .selectFrom('escrowPayouts')
      .select(['id', 'attempts', 'lastError', 'nextAttemptAt'])
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
    expect(await escrow.findInvariantViolations()).toEqual([]);

    // The run exercised the paths it claims to (not a vacuous pass).
    const kinds = await sql<{ kind: string; n: number }>`
      SELECT kind, count(*)::int AS n FROM ledger_transactions GROUP BY kind`.execute(db);
    const count = Object.fromEntries(kinds.rows.map((k) => [k.kind, k.n]));
    for (const kind of ['payment', 'release', 'payout_settled']) {
      expect(count[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    expect((count.refund ?? 0) + (count.transfer ?? 0)).toBeGreaterThan(0);

    // Every day the bank booked on reconciles with zero difference and no unmatched movement.
    const days = await sql<{ day: string }>`
      SELECT DISTINCT to_char(bank_booked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
      FROM ledger_transactions WHERE bank_ref IS NOT NULL`.execute(db);
    expect(days.rows.length).toBeGreaterThan(0);
    for (const { day } of days.rows) {
      const rec = await escrow.reconcileDay(day);
      expect({ day, diff: rec.differenceFen, mismatches: rec.mismatches }).toEqual({
        day,
        diff: 0,
        mismatches: [],
      });
    }
  });
});

describe('the database itself', () => {
  it('refuses an unbalanced transaction, a negative escrow, and any edit of the journal', async () => {
    const db = ctx.app.db;
    const school = await newSchool(db);
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const contract = await ctx.app.escrow.openContract({
      traineeId: trainee.id,
      schoolId: school.id,
      priceFen: 100_000,
      perHourFen: 10_000,
      releasePlan: plans[0],
    });
    const escrowCode = `escrow:${contract.id}`;
    await db
      .insertInto('ledgerAccounts')
      .values({
        code: escrowCode,
        kind: 'escrow',
        normalSide: 'credit',
        floorZero: true,
        contractId: contract.id,
      })
      .execute();
    const insert = (key: string, postings: Array<[string, number]>) =>
      db.transaction().execute(async (tx) => {
        const t = await tx
          .insertInto('ledgerTransactions')
          .values({
            idempotencyKey: key,
            requestHash: 'x'.repeat(64),
            kind: 'payment',
            contractId: contract.id,
            bankRef: key,
            bankBookedAt: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [account, amountFen] of postings) {
          await tx
            .insertInto('ledgerPostings')
            .values({ transactionId: t.id, accountCode: account, amountFen })
            .execute();
        }
      });
    await expect(
      insert('k1', [
        ['bank_cash', 100],
        [escrowCode, -99],
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(insert('k2', [['bank_cash', 100]])).rejects.toThrow(/does not balance|fewer than two/);
    await expect(insert('k3', [])).rejects.toThrow(/fewer than two/);
    // Escrow is credit-normal: a debit with nothing in it would take it below zero.
    await expect(
      insert('k4', [
        ['bank_cash', -100],
        [escrowCode, 100],
      ]),
    ).rejects.toThrow(/below zero/);
    await insert('k5', [
      ['bank_cash', 100],
      [escrowCode, -100],
    ]);
    await expect(sql`UPDATE ledger_postings SET amount_fen = amount_fen * 2`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ledger_transactions`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ledger_postings`.execute(db)).rejects.toThrow(/append-only/);
    expect(await ctx.app.escrow.findInvariantViolations()).toEqual([]);
  });
});
