/**
 * Search load data: `tsx apps/server/src/cli/load-schools.ts --schools N`.
 *
 * For the search benchmark (bench/search.bench.ts) and for sizing a deployment: files N synthetic schools
 * spread over Shandong (lat 34.4–38.2, lon 114.8–122.7), in the demo city's counties, each with one to
 * three class types on sale, and evaluations summaries for about 70 % of them, so every filter and sort
 * of `GET /api/public/schools` has data to work on. The `school_search` triggers fill the read model
 * exactly as they do for real writes. Honours DATABASE_URL / DATA_DIR like the other CLIs: migrates,
 * seeds the demo region when it is missing, then adds only the schools that are not there yet.
 *
 * Synthetic rows are marked: licence numbers `LOADSCH-000001`, credit codes `93LOAD…`, names
 * `负载测试驾校000001`. Use it on a database meant for load tests.
 */
import { sql } from 'kysely';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { createRandom } from '../db/seed/seeded-random.ts';
import { seedDemo } from '../db/seed/seed-demo.ts';
import { hashPassword } from '../modules/identity/index.ts';

export const LOAD_SCHOOL_MARK = 'LOADSCH-';
export const MAX_LOAD_SCHOOLS = 999_999;
/** Multi-row INSERTs of 500 schools × 13 columns stay far below PostgreSQL's 65 535 bind parameters. */
const BATCH_ROWS = 500;
const CLASS_SETS = [['C1', 'C2'], ['C1'], ['C2'], ['A1', 'B2', 'C1'], ['A2', 'B2'], ['C1', 'C2', 'D', 'E']];

export function loadSchoolNumber(index: number): string {
  return String(index + 1).padStart(6, '0');
}

/** Files the synthetic schools 1..`schools` that are missing; returns how many it filed. */
export async function buildLoadSchools(db: Database, options: { schools: number; seed?: string }) {
  if (!Number.isInteger(options.schools) || options.schools < 1 || options.schools > MAX_LOAD_SCHOOLS) {
    throw new RangeError(`schools must be an integer from 1 to ${MAX_LOAD_SCHOOLS}`);
  }
  const counties = (
    await db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'county')
      .where('code', 'like', '3701%')
      .execute()
  ).map((r) => r.code);
  if (counties.length === 0) throw new Error('no counties under 370100: seed the demo region first');
  const have = new Set(
    (
      await db
        .selectFrom('schools')
        .select('licenceNumber')
        .where('licenceNumber', 'like', `${LOAD_SCHOOL_MARK}%`)
        .execute()
    ).map((r) => r.licenceNumber),
  );
  // Each school's figures derive from its number, so a second run files the same data.
  const missing = Array.from({ length: options.schools }, (_, i) => i).filter(
    (i) => !have.has(LOAD_SCHOOL_MARK + loadSchoolNumber(i)),
  );
  for (let start = 0; start < missing.length; start += BATCH_ROWS) {
    const batch = missing.slice(start, start + BATCH_ROWS).map((i) => {
      const rnd = createRandom(`${options.seed ?? 'load-schools'}-${i}`);
      const number = loadSchoolNumber(i);
      const classes = rnd.pick(CLASS_SETS);
      return {
        school: {
          name: `负载测试驾校${number}`,
          shortName: `负载${number}`,
          creditCode: `93LOAD${String(i + 1).padStart(12, '0')}`,
          licenceNumber: LOAD_SCHOOL_MARK + number,
          grade: rnd.int(1, 3),
          licenceClasses: classes,
          countyCode: rnd.pick(counties),
          address: `负载测试路${number}号`,
          latitude: 34.4 + rnd.next() * 3.8,
          longitude: 114.8 + rnd.next() * 7.9,
          phone: `0531-${String(80_000_000 + i).slice(-8)}`,
        },
        prices: Array.from({ length: rnd.int(1, 3) }, () => rnd.int(25, 120) * 10_000),
        classes,
        rating: rnd.next() < 0.7 ? Math.round((2.5 + rnd.next() * 2.5) * 100) / 100 : null,
      };
    });
    const inserted = await db
      .insertInto('schools')
      .values(batch.map((b) => b.school))
      .returning(['id', 'licenceNumber'])
      .execute();
    const idOf = new Map(inserted.map((r) => [r.licenceNumber, r.id]));
    await db
      .insertInto('classTypes')
      .values(
        batch.flatMap((b) =>
          b.prices.map((priceFen, k) => ({
            schoolId: idOf.get(b.school.licenceNumber)!,
            name: ['普通班', 'VIP班', '周末班'][k]!,
            licenceClass: b.classes[0]!,
            priceFen,
          })),
        ),
      )
      .execute();
    const rated = batch.filter((b) => b.rating !== null);
    if (rated.length > 0) {
      await db
        .insertInto('schoolRatings')
        .values(
          rated.map((b) => ({
            schoolId: idOf.get(b.school.licenceNumber)!,
            evaluationCount: 10,
            overallAvg: b.rating,
          })),
        )
        .execute();
    }
  }
  return { inserted: missing.length };
}

async function main() {
  const { values } = parseArgs({ options: { schools: { type: 'string', default: '20000' } } });
  const schools = Number(values.schools);
  const app = await createApp(loadConfig());
  try {
    const seeded = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
    if (seeded.inserted) console.log('seeded the demo region');
    const started = Date.now();
    const { inserted } = await buildLoadSchools(app.db, { schools });
    // Fresh statistics, so the planner sees 20,000 rows rather than the handful it saw at migration.
    await sql`ANALYZE`.execute(app.db);
    console.log(`load schools: ${schools} (${inserted} filed now, in ${Date.now() - started} ms)`);
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
