import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { newSchool, newTrainee, newUser } from '../../../test/factories.ts';
import type { Actor } from '../../shared/access.ts';
import { createDomainEventBus } from '../../shared/domain-events.ts';
import { createMetricsRegistry } from '../../shared/metrics.ts';
import { signCallback, type BankClient } from './bank-client.ts';
import { createEscrowLedgerService } from './escrow-ledger.service.ts';

/**
 * The school settlement's month breakdown: released, paid out and refunded per calendar month in
 * China time, with moves placed just either side of a month boundary in +08:00 (which is still the
 * previous month in UTC) so a UTC grouping would fail. The bank is a stub that books at the test clock.
 */
const SECRET = 'settlement-months-secret';
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('schoolSettlement months', () => {
  it('splits released, paid out and refunded by +08:00 calendar month and adds up to the totals', async () => {
    const db = ctx.app.db;
    const clock = ctx.clock;
    const minutes = new Map<string, number>();
    const bank: BankClient = {
      async createPayment(input) {
        const paymentId = `pay-${input.merchantRef}`;
        return {
          paymentId,
          payUrl: `http://bank/${paymentId}`,
          status: 'awaiting',
          amountFen: input.amountFen,
        };
      },
      async createTransfer(input) {
        return {
          transferId: `tr-${input.merchantRef}`,
          status: 'succeeded',
          bookedAt: clock.now().toISOString(),
          amountFen: input.amountFen,
        };
      },
      async statement(date) {
        return { date, openingFen: 0, closingFen: 0, entries: [] };
      },
    };
    const escrow = createEscrowLedgerService({
      db,
      clock,
      audit: ctx.app.audit,
      events: createDomainEventBus(),
      bank,
      metrics: createMetricsRegistry('months_'),
      creditedMinutes: async (id) => minutes.get(id) ?? 0,
      options: { callbackSecret: SECRET, callbackUrl: () => 'http://platform/cb' },
    });
    const school = await newSchool(db);
    const trainee = await newTrainee(db, ctx.app.vault, school.id);
    const actor: Actor = {
      userId: randomUUID(),
      username: `t-${trainee.id}`,
      role: 'trainee',
      regionCode: null,
      schoolId: null,
      coachId: null,
      traineeId: trainee.id,
    };

    // 31 Oct 23:30 in China: fund; the 30 % up-front share (150,000 分) is released in October.
    clock.set(new Date('2026-10-31T23:30:00+08:00'));
    const c = await escrow.openContract({
      traineeId: trainee.id,
      schoolId: school.id,
      priceFen: 500_000,
      perHourFen: 10_000,
      releasePlan: { kind: 'hours', upfrontPercent: 30 },
    });
    const intent = await escrow.startPayment(actor, c.id, { idempotencyKey: `k-${c.id}` });
    const body = JSON.stringify({
      eventId: `ev-${c.id}`,
      type: 'payment.succeeded',
      ref: `pay-${intent.id}`,
      merchantRef: intent.id,
      amountFen: intent.amountFen,
      bookedAt: clock.now().toISOString(),
    });
    const ts = String(clock.now().getTime());
    await escrow.handleBankCallback({
      rawBody: body,
      timestamp: ts,
      signature: signCallback(SECRET, ts, body),
    });

    // 1 Nov 00:30 in China (still 31 Oct in UTC): the bank pays the school; 3 h release 30,000 分.
    clock.set(new Date('2026-11-01T00:30:00+08:00'));
    expect(await escrow.dispatchPayouts()).toBe(1);
    minutes.set(trainee.id, 180);
    expect(await escrow.releaseForHours(c.id)).toMatchObject({ amountFen: 30_000 });

    // 1 Dec: the payout of November's release settles; the trainee withdraws — 320,000 分 back.
    clock.set(new Date('2026-12-01T08:00:00+08:00'));
    expect(await escrow.dispatchPayouts()).toBe(1);
    await escrow.withdraw(actor, c.id);

    const admin = await newUser(db, 'school_admin', { schoolId: school.id });
    const res = await ctx.http.inject({
      method: 'GET',
      url: '/api/escrow/school/settlement',
      headers: { cookie: await loginAs(ctx.http, admin.username, 'school') },
    });
    expect(res.statusCode).toBe(200);
    const view = res.json() as {
      months: Array<{ month: string; releasedFen: number; paidOutFen: number; refundedFen: number }>;
      totals: { releasedFen: number; refundedFen: number };
    };
    expect(view.months).toEqual([
      { month: '2026-12', releasedFen: 0, paidOutFen: 30_000, refundedFen: 320_000 },
      { month: '2026-11', releasedFen: 30_000, paidOutFen: 150_000, refundedFen: 0 },
      { month: '2026-10', releasedFen: 150_000, paidOutFen: 0, refundedFen: 0 },
    ]);
    const sum = (k: 'releasedFen' | 'refundedFen') => view.months.reduce((s, m) => s + m[k], 0);
    expect(sum('releasedFen')).toBe(view.totals.releasedFen);
    expect(sum('refundedFen')).toBe(view.totals.refundedFen);
  });
});
