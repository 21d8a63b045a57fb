import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { hashPassword } from '../../modules/identity/index.ts';
import { countDemoRegion, generateDemoRegion, type DemoRegionCounts } from './demo-region.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo, type SeedDemoResult } from './seed-demo.ts';

/** Table behind each count of countDemoRegion. */
const TABLES: Record<keyof DemoRegionCounts, string> = {
  regions: 'regions',
  schools: 'schools',
  classTypes: 'class_types',
  coaches: 'coaches',
  vehicles: 'vehicles',
  terminals: 'terminals',
  teachingAreas: 'teaching_areas',
  recruitmentPoints: 'recruitment_points',
  trainees: 'trainees',
  users: 'users',
};

describe('seedDemo', () => {
  const region = generateDemoRegion();
  let ctx: TestContext;
  let first: SeedDemoResult;
  let second: SeedDemoResult;
  let firstMs: number;

  async function countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [key, table] of Object.entries(TABLES)) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
        ctx.app.db,
      );
      counts[key] = rows[0]!.n;
    }
    return counts;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const deps = { vault: ctx.app.vault, hashPassword, audit: ctx.app.audit };
    const started = performance.now();
    first = await seedDemo(ctx.app.db, deps);
    firstMs = performance.now() - started;
    second = await seedDemo(ctx.app.db, deps);
  });
  afterAll(() => ctx.close());

  it('inserts exactly the generated region, well within the start-up budget', async () => {
    const expected = countDemoRegion(region);

    expect(first).toEqual({ inserted: true, counts: expected });
    expect(await countRows()).toEqual(expected);
    expect(firstMs).toBeLessThan(30_000);
  });

  it('does nothing the second time', async () => {
    expect(second).toEqual({ inserted: false, counts: {} });
    expect(await countRows()).toEqual(countDemoRegion(region));
  });

  it('stores identity numbers encrypted and finds them by their lookup hash', async () => {
    const coach = region.coaches[0]!;

    const row = await ctx.app.db
      .selectFrom('coaches')
      .select(['id', 'idNumberCipher', 'idNumberMasked'])
      .where('idNumberHash', '=', ctx.app.vault.lookupHash(coach.idNumber))
      .executeTakeFirstOrThrow();

    expect(row.id).toBe(coach.id);
    expect(row.idNumberCipher).not.toContain(coach.idNumber);
    expect(ctx.app.vault.reveal(row.idNumberCipher)).toBe(coach.idNumber);
    expect(row.idNumberMasked).toBe(`${coach.idNumber.slice(0, 6)}********${coach.idNumber.slice(-4)}`);
  });

  it('keeps jsonb and array columns as generated', async () => {
    const area = region.teachingAreas[0]!;
    const school = region.schools[0]!;

    const storedArea = await ctx.app.db
      .selectFrom('teachingAreas')
      .select(['polygon', 'licenceClasses', 'areaM2'])
      .where('id', '=', area.id)
      .executeTakeFirstOrThrow();
    const storedSchool = await ctx.app.db
      .selectFrom('schools')
      .select(['photos', 'licenceClasses'])
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();

    expect(storedArea).toEqual({
      polygon: area.polygon,
      licenceClasses: area.licenceClasses,
      areaM2: area.areaM2,
    });
    expect(storedSchool).toEqual({ photos: school.photos, licenceClasses: school.licenceClasses });
  });

  it('lets every demo account sign in through its portal with the demo password', async () => {
    for (const account of demoAccounts) {
      await expect(loginAs(ctx.http, account.username, account.portal, DEMO_PASSWORD)).resolves.toMatch(
        /^jiapei_session=/,
      );
    }
  });

  it('records the seeding once in an intact audit chain', async () => {
    const entries = await ctx.app.db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', '=', 'demo.seeded')
      .execute();

    expect(entries).toEqual([{ action: 'demo.seeded', entityId: '370100' }]);
    expect(await ctx.app.audit.verifyChain(ctx.app.db)).toMatchObject({ ok: true });
  });
});
