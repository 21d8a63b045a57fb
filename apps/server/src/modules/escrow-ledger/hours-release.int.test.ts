import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { newSchool, newTrainee } from '../../../test/factories.ts';
import type { Actor } from '../../shared/access.ts';
import { createDomainEventBus } from '../../shared/domain-events.ts';
import { createMetricsRegistry } from '../../shared/metrics.ts';
import { signCallback, type BankClient } from './bank-client.ts';
import { createEscrowLedgerService } from './escrow-ledger.service.ts';

/**
 * The jobs loop's per-hour step (`releaseDueHours`): hours-plan contracts get the value of newly
 * credited hours released, exactly once per minute count, and nothing else is touched. The trainee's
 * credited minutes come from a map the test moves; the bank is a stub that books every payment.
 */
const SECRET = 'hours-release-test-secret';
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

function stubBank(): BankClient {
  let seq = 0;
  return {
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
        transferId: `tr-${randomUUID()}-${++seq}`,
        status: 'succeeded',
        bookedAt: new Date().toISOString(),
        amountFen: input.amountFen,
      };
    },
    async statement(date) {
      return { date, openingFen: 0, closingFen: 0, entries: [] };
    },
  };
}

describe('releaseDueHours', () => {
  it('releases the value of new credited hours once, and leaves stages plans alone', async () => {
    const db = ctx.app.db;
    const minutes = new Map<string, number>();
    const escrow = createEscrowLedgerService({
      db,
      clock: ctx.clock,
      audit: ctx.app.audit,
      events: createDomainEventBus(),
      bank: stubBank(),
      metrics: createMetricsRegistry('hours_'),
      creditedMinutes: async (id) => minutes.get(id) ?? 0,
      options: { callbackSecret: SECRET, callbackUrl: () => 'http://platform/cb' },
    });
    const school = await newSchool(db);
    const open = async (releasePlan: unknown) => {
      const t = await newTrainee(db, ctx.app.vault, school.id);
      const actor: Actor = {
        userId: randomUUID(),
        username: `t-${t.id}`,
        role: 'trainee',
        regionCode: null,
        schoolId: null,
        coachId: null,
        traineeId: t.id,
      };
      const c = await escrow.openContract({
        traineeId: t.id,
        schoolId: school.id,
        priceFen: 600_000,
        perHourFen: 12_000,
        releasePlan,
      });
      const intent = await escrow.startPayment(actor, c.id, { idempotencyKey: `k-${c.id}` });
      const body = JSON.stringify({
        eventId: `ev-${c.id}`,
        type: 'payment.succeeded',
        ref: `pay-${intent.id}`,
        merchantRef: intent.id,
        amountFen: intent.amountFen,
        bookedAt: ctx.clock.now().toISOString(),
      });
      const ts = String(ctx.clock.now().getTime());
      await escrow.handleBankCallback({
        rawBody: body,
        timestamp: ts,
        signature: signCallback(SECRET, ts, body),
      });
      return { contractId: c.id, traineeId: t.id };
    };
    const released = async (contractId: string) =>
      Number(
        (
          await sql<{ s: string | null }>`
            SELECT sum(p.amount_fen) AS s FROM ledger_transactions t
            JOIN ledger_postings p ON p.transaction_id = t.id AND p.account_code = ${'escrow:' + contractId}
            WHERE t.contract_id = ${contractId} AND t.kind = 'release'`.execute(db)
        ).rows[0]?.s ?? 0,
      );

    const hours = await open({ kind: 'hours', upfrontPercent: 30 });
    const stages = await open({ kind: 'stages', steps: [{ on: 'part', part: 1, percent: 100 }] });
    // Funding released the up-front 30 % of the hours plan only.
    expect(await released(hours.contractId)).toBe(180_000);
    expect(await released(stages.contractId)).toBe(0);

    // No new hours: nothing to do.
    expect((await escrow.releaseDueHours()).released).toBe(0);

    // 95 minutes at 120 元/h = 19,000 分 beyond the up-front share.
    minutes.set(hours.traineeId, 95);
    minutes.set(stages.traineeId, 600);
    const first = await escrow.releaseDueHours();
    expect(first).toMatchObject({ released: 1, amountFen: 19_000 });
    expect(await released(hours.contractId)).toBe(180_000 + 19_000);
    expect(await released(stages.contractId)).toBe(0);

    // Run again with the same minutes (a second jobs process, a retried loop): nothing more.
    expect((await escrow.releaseDueHours()).released).toBe(0);
    expect(await escrow.releaseForHours(hours.contractId)).toBeNull();
    expect(await released(hours.contractId)).toBe(199_000);

    // More hours: only the difference; small page size still covers every contract.
    minutes.set(hours.traineeId, 155);
    const second = await escrow.releaseDueHours(1);
    expect(second).toMatchObject({ released: 1, amountFen: 12_000 });
    expect(await released(hours.contractId)).toBe(211_000);

    // Far more hours than the price: capped at the price, then the contract is completed.
    minutes.set(hours.traineeId, 100 * 60);
    await escrow.releaseDueHours();
    expect(await released(hours.contractId)).toBe(600_000);
    const status = await db
      .selectFrom('escrowContracts')
      .select('status')
      .where('id', '=', hours.contractId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('completed');
    expect((await escrow.releaseDueHours()).checked).toBe(0);
  });
});
