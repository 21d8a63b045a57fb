import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newUser } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

describe('audit log chain', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    const school = await newSchool(ctx.app.db);
    const admin = await newUser(ctx.app.db, 'school_admin', { schoolId: school.id });
    const cookie = await loginAs(ctx.http, admin.username, 'school');
    for (const [i, plate] of ['鲁A1001学', '鲁A1002学', '鲁A1003学'].entries()) {
      const res = await ctx.http.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/vehicles`,
        headers: { cookie },
        payload: {
          plate,
          licenceClass: 'C1',
          make: '大众',
          model: `捷达${i}`,
          inspectionValidUntil: '2027-01-01',
          lastMaintainedOn: '2026-10-01',
        },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => ctx.close());

  /** Runs `fn` with triggers off, as only a superuser can: what an attacker with database access would do. */
  async function behindTheAppsBack(statement: ReturnType<typeof sql>) {
    await ctx.app.db.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      try {
        await statement.execute(conn);
      } finally {
        await sql`SET session_replication_role = DEFAULT`.execute(conn);
      }
    });
  }

  it('records every write (login and filings) in an intact chain', async () => {
    const rows = await ctx.app.db.selectFrom('auditLog').select(['seq', 'action']).orderBy('seq').execute();
    const verdict = await ctx.app.audit.verifyChain(ctx.app.db);

    expect(rows.map((r) => r.action)).toEqual([
      'auth.login',
      'registry.vehicles.created',
      'registry.vehicles.created',
      'registry.vehicles.created',
    ]);
    expect(verdict).toEqual({ ok: true, checked: 4, lastSeq: 4 });
  });

  it('refuses updates and deletes through ordinary connections', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(ctx.app.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(ctx.app.db)).rejects.toThrow(/append-only/);
  });

  it('detects a row edited behind the application’s back', async () => {
    await behindTheAppsBack(sql`UPDATE audit_log SET details = '{"plate":"鲁A9999学"}'::jsonb WHERE seq = 3`);

    const verdict = await ctx.app.audit.verifyChain(ctx.app.db);

    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'hash_mismatch' });
  });

  it('detects a deleted row', async () => {
    await behindTheAppsBack(sql`DELETE FROM audit_log WHERE seq = 2`);

    const verdict = await ctx.app.audit.verifyChain(ctx.app.db);

    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'gap' });
  });
});
