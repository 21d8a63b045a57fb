import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { hashPassword } from '../../modules/identity/index.ts';
import { seedDemoTraining } from './demo-training.ts';
import { seedDemo } from './seed-demo.ts';

describe('seedDemoTraining', () => {
  let ctx: TestContext;
  let demoTraineeId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.app.db, { vault: ctx.app.vault, hashPassword, audit: ctx.app.audit });
    const user = await ctx.app.db
      .selectFrom('users')
      .select('traineeId')
      .where('username', '=', 'demo-trainee')
      .executeTakeFirstOrThrow();
    demoTraineeId = user.traineeId!;
  });
  afterAll(() => ctx.close());

  it('gives demo-trainee audited sessions, some with voided minutes and their reasons', async () => {
    const logs = await ctx.app.trainingHours.listTeachingLogs({ traineeId: demoTraineeId });

    expect(logs.total).toBeGreaterThanOrEqual(6);
    expect(logs.items.every((l) => l.verdict !== 'pending')).toBe(true);
    expect(logs.items.some((l) => l.verdict === 'partial' || l.verdict === 'invalid')).toBe(true);
    const reasons = new Set(logs.items.flatMap((l) => l.sessionReasons));
    expect(reasons).toContain('daily_cap_exceeded');
    const partial = logs.items.find((l) => l.verdict === 'partial')!;
    const detail = await ctx.app.trainingHours.getTeachingLog(partial.id);
    expect(detail.minutes.some((m) => m.reasons.length > 0)).toBe(true);
    const allReasons = new Set(
      (await Promise.all(logs.items.map((l) => ctx.app.trainingHours.getTeachingLog(l.id)))).flatMap((d) =>
        d.minutes.flatMap((m) => m.reasons),
      ),
    );
    expect(allReasons).toContain('outside_teaching_area');
    expect(allReasons).toContain('long_stop');
  });

  it('leaves another trainee of the school with part 2 complete', async () => {
    const trainee = await ctx.app.db
      .selectFrom('teachingLogs')
      .select('traineeId')
      .distinct()
      .where('traineeId', '!=', demoTraineeId)
      .execute();
    const complete = [];
    for (const t of trainee) {
      if ((await ctx.app.trainingHours.completedParts(t.traineeId)).includes(2)) complete.push(t.traineeId);
    }

    expect(complete.length).toBeGreaterThanOrEqual(1);
  });

  it('does nothing the second time', async () => {
    const before = await ctx.app.db.selectFrom('teachingLogs').select('id').execute();

    const again = await seedDemoTraining(ctx.app.db);

    expect(again.sessions).toBe(0);
    expect(await ctx.app.db.selectFrom('teachingLogs').select('id').execute()).toHaveLength(before.length);
  });
});
