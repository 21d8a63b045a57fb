import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRegions, newCoach, newTrainee, newVehicle, regions } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { createSchoolSearchRepository } from './school-search.repository.ts';
import { createSchoolSearchService } from './school-search.service.ts';

/** Haversine with the mean Earth radius, written here independently of the service. */
function haversineM(lat1: number, lon1: number, lat2: number, lon2: number) {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const a =
    Math.sin(toRad(lat2 - lat1) / 2) ** 2 +
    Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

type Item = {
  id: string;
  name: string;
  distanceM: number | null;
  minPriceFen: number | null;
  maxPriceFen: number | null;
  rating: number | null;
  passRate: number | null;
  grade: number;
  countyCode: string;
  complaintsPer100Cars: number | null;
  keySupervision: boolean;
  enrolmentStopped: boolean;
  vehicleCount: number;
  coachCount: number;
  links: { tel: string; geo: string; amap: string; baidu: string };
};

describe('public school search', () => {
  let ctx: TestContext;
  // A tag in every name, so each query sees only this file's schools whatever the golden database holds.
  const tag = `检索${randomUUID().slice(0, 6)}`;
  const origin = { lat: 36.651, lon: 117.12 };
  const schools: Array<{ id: string; name: string; lat: number; lon: number; countyCode: string }> = [];

  // name, offset from the origin (degrees), grade, county, classes, prices, rating, exam results, complaints
  const plan = [
    {
      key: 'A',
      dLat: 0.001,
      dLon: 0.002,
      grade: 1,
      county: regions.county,
      classes: ['C1', 'C2'],
      prices: [380_000, 520_000],
      rating: 4.6,
      exams: [8, 10],
      complaints: 1,
    },
    {
      key: 'B',
      dLat: -0.01,
      dLon: 0.004,
      grade: 2,
      county: regions.county,
      classes: ['C1'],
      prices: [320_000],
      rating: 3.9,
      exams: [5, 10],
      complaints: null,
    },
    {
      key: 'C',
      dLat: 0.03,
      dLon: -0.02,
      grade: 1,
      county: regions.otherCounty,
      classes: ['A1', 'B2', 'C1'],
      prices: [450_000, 1_200_000],
      rating: null,
      exams: [9, 10],
      complaints: 3,
    },
    {
      key: 'D',
      dLat: -0.05,
      dLon: 0.06,
      grade: 3,
      county: regions.otherCounty,
      classes: ['C1', 'C2'],
      prices: [],
      rating: 4.9,
      exams: [0, 0],
      complaints: null,
    },
    {
      key: 'E',
      dLat: 0.12,
      dLon: 0.1,
      grade: 2,
      county: regions.county,
      classes: ['A1'],
      prices: [900_000],
      rating: 2.5,
      exams: [1, 4],
      complaints: 0,
    },
    {
      key: 'F',
      dLat: 0.0005,
      dLon: -0.0003,
      grade: 2,
      county: regions.county,
      classes: ['C1'],
      prices: [280_000],
      rating: null,
      exams: [0, 0],
      complaints: null,
    },
  ] as const;

  beforeAll(async () => {
    ctx = await createTestContext();
    const db = ctx.app.db;
    await ensureRegions(db);
    const clientId = randomUUID();
    await db
      .insertInto('integrationClients')
      .values({
        id: clientId,
        clientKey: `test-${clientId}`,
        name: '测试考试系统',
        kind: 'police',
        regionCode: regions.city,
        publicKeyPem: 'unused',
      })
      .execute();
    let n = 0;
    for (const p of plan) {
      n++;
      const id = randomUUID();
      const lat = origin.lat + p.dLat;
      const lon = origin.lon + p.dLon;
      const name = `${tag}${p.key}驾校`;
      await db
        .insertInto('schools')
        .values({
          id,
          name,
          shortName: `${tag}${p.key}`,
          creditCode: `91370102${String(Date.now() % 1e9).padStart(9, '0')}${p.key}`,
          licenceNumber: `SEARCH-${id}`,
          grade: p.grade,
          licenceClasses: [...p.classes],
          countyCode: p.county,
          address: `测试路${n}号`,
          latitude: lat,
          longitude: lon,
          phone: '0531-8888 1234',
          introduction: `${p.key} 的简介`,
          status: p.key === 'F' ? 'enrolment_stopped' : 'operating',
        })
        .execute();
      schools.push({ id, name, lat, lon, countyCode: p.county });
      for (const priceFen of p.prices) {
        await db
          .insertInto('classTypes')
          .values({ schoolId: id, name: `班型${priceFen}`, licenceClass: p.classes[0], priceFen })
          .execute();
      }
      // A withdrawn class type never counts toward prices.
      await db
        .insertInto('classTypes')
        .values({ schoolId: id, name: '停售班', licenceClass: 'C1', priceFen: 1, status: 'withdrawn' })
        .execute();
      for (let v = 0; v < n; v++) await newVehicle(db, id);
      if (p.rating !== null) {
        await db
          .insertInto('schoolRatings')
          .values({ schoolId: id, evaluationCount: 7, overallAvg: p.rating, teachingAvg: p.rating })
          .execute();
      }
      if (p.complaints !== null) {
        await db
          .insertInto('schoolComplaintStats')
          .values({ schoolId: id, complaintCount: p.complaints })
          .execute();
      }
      const [passed, attempts] = p.exams;
      if (attempts > 0) {
        const trainee = await newTrainee(db, ctx.app.vault, id);
        await db
          .insertInto('examResults')
          .values(
            Array.from({ length: attempts }, (_, i) => ({
              traineeId: trainee.id,
              schoolId: id,
              part: (i % 4) + 1,
              kind: 'result',
              examDate: '2026-10-01',
              passed: i < passed,
              integrationClientId: clientId,
              externalId: `${id}-${i}`,
            })),
          )
          .execute();
      }
    }
    await db
      .insertInto('keySupervisions')
      .values({
        subject: 'school',
        schoolId: schools[4]!.id,
        countyCode: schools[4]!.countyCode,
        reason: '投诉集中,限期整改',
        sanction: 'rectify',
        fromDate: '2026-10-15',
      })
      .execute();
    // The search flag is kept by the supervision module (after its writes and by its periodic job).
    await ctx.app.keySupervision.syncSearchFlags();
  });
  afterAll(() => ctx.close());

  const search = async (params: Record<string, string | number>) => {
    const qs = new URLSearchParams({
      q: tag,
      pageSize: '50',
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    });
    const res = await ctx.http.inject({ method: 'GET', url: `/api/public/schools?${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: Item[];
      total: number;
      totalCapped: boolean;
      page: number;
      pageSize: number;
    };
  };
  const keys = (items: Item[]) => items.map((i) => i.name.slice(tag.length, tag.length + 1)).join('');
  const near = { lat: origin.lat, lon: origin.lon };

  it('sorts by distance when lat/lon are given, with distances that match a haversine', async () => {
    const page = await search(near);
    const expected = [...plan]
      .map((p, i) => ({
        key: p.key,
        d: haversineM(origin.lat, origin.lon, schools[i]!.lat, schools[i]!.lon),
      }))
      .sort((a, b) => a.d - b.d);
    expect(keys(page.items)).toBe(expected.map((e) => e.key).join(''));
    for (const item of page.items) {
      const s = schools.find((x) => x.id === item.id)!;
      expect(
        Math.abs(item.distanceM! - haversineM(origin.lat, origin.lon, s.lat, s.lon)),
      ).toBeLessThanOrEqual(1);
    }
    expect(page.total).toBe(6);
  });

  it('counts exactly up to the cap and says when more match', async () => {
    const capped = createSchoolSearchService({
      db: ctx.app.db,
      search: createSchoolSearchRepository(),
      publicPassRates: ctx.app.examLink.publicPassRates,
      clock: ctx.clock,
      totalCap: 4,
    });
    const query = { q: tag, page: 1, pageSize: 2, ...near };
    expect(await capped.findPublicSchools(query)).toMatchObject({ total: 4, totalCapped: true });
    expect(await capped.findPublicSchools({ ...query, grade: 1 })).toMatchObject({
      total: 2,
      totalCapped: false,
    });
    expect((await search(near)).totalCapped).toBe(false);
  });

  it('pages the distance order without gaps or repeats', async () => {
    const all = keys((await search(near)).items);
    const pages = [];
    for (let p = 1; p <= 3; p++) pages.push(await search({ ...near, pageSize: 2, page: p }));
    expect(pages.map((p) => keys(p.items)).join('')).toBe(all);
    expect(pages.every((p) => p.total === 6)).toBe(true);
    expect((await search({ ...near, pageSize: 2, page: 4 })).items).toEqual([]);
  });

  it('filters by district (county, or a whole city), grade and licence class', async () => {
    expect(keys((await search({ ...near, district: regions.otherCounty })).items)).toBe('CD');
    expect((await search({ ...near, district: regions.city })).total).toBe(6);
    expect(keys((await search({ ...near, countyCode: regions.otherCounty })).items)).toBe('CD');
    expect(keys((await search({ ...near, grade: 1 })).items)).toBe('AC');
    expect(keys((await search({ ...near, licenceClass: 'A1' })).items)).toBe('CE');
    expect(keys((await search({ ...near, licenceClass: 'C2', grade: 3 })).items)).toBe('D');
  });

  it('filters by the lowest on-sale price, and ignores withdrawn class types', async () => {
    const page = await search({ ...near, minPriceFen: 300_000, maxPriceFen: 450_000 });
    expect(keys(page.items)).toBe('ABC');
    const a = page.items.find((i) => i.name.endsWith('A驾校'))!;
    expect([a.minPriceFen, a.maxPriceFen]).toEqual([380_000, 520_000]);
    const d = (await search({ ...near, grade: 3 })).items[0]!;
    expect([d.minPriceFen, d.maxPriceFen]).toEqual([null, null]);
  });

  it('filters by minimum rating and minimum pass rate; unrated and unexamined schools drop out', async () => {
    expect(keys((await search({ ...near, minRating: 4 })).items)).toBe('AD');
    expect(keys((await search({ ...near, minPassRate: 0.8 })).items)).toBe('AC');
    expect(keys((await search({ ...near, minPassRate: 0.5, minRating: 3 })).items)).toBe('AB');
  });

  it('sorts by rating, price and pass rate, nulls last', async () => {
    expect(keys((await search({ sort: 'rating' })).items).slice(0, 4)).toBe('DABE');
    expect(keys((await search({ sort: 'price' })).items).slice(0, 5)).toBe('FBACE');
    expect(keys((await search({ sort: 'passRate' })).items).slice(0, 4)).toBe('CABE');
    const byRating = (await search({ sort: 'rating' })).items;
    expect(byRating.slice(4).every((i) => i.rating === null)).toBe(true);
    expect(byRating.every((i) => i.distanceM === null)).toBe(true);
  });

  it('reports rating, pass rate, complaints per 100 cars and the status flags', async () => {
    const items = (await search(near)).items;
    const by = (k: string) => items.find((i) => i.name === `${tag}${k}驾校`)!;
    expect(by('A')).toMatchObject({ rating: 4.6, passRate: 0.8, complaintsPer100Cars: 100, vehicleCount: 1 });
    expect(by('C')).toMatchObject({
      rating: null,
      passRate: 0.9,
      complaintsPer100Cars: 100,
      vehicleCount: 3,
    });
    expect(by('E')).toMatchObject({ passRate: 0.25, complaintsPer100Cars: 0, keySupervision: true });
    expect(by('B').complaintsPer100Cars).toBeNull();
    expect(by('F')).toMatchObject({ enrolmentStopped: true, keySupervision: false, passRate: null });
  });

  it('builds call and navigation links from the filed phone and WGS-84 coordinates', async () => {
    const a = (await search({ ...near, grade: 1 })).items[0]!;
    const s = schools[0]!;
    const name = encodeURIComponent(a.name);
    expect(a.links).toEqual({
      tel: 'tel:053188881234',
      geo: `geo:${s.lat},${s.lon}?q=${s.lat},${s.lon}(${name})`,
      amap: `https://uri.amap.com/marker?position=${s.lon},${s.lat}&name=${name}&coordinate=wgs84&src=jiapei`,
      baidu: `baidumap://map/marker?location=${s.lat},${s.lon}&title=${name}&content=${name}&coord_type=wgs84&src=jiapei`,
    });
  });

  it('keeps the read model in step with later writes (new class type, coach, vehicle retired)', async () => {
    const b = schools[1]!;
    await ctx.app.db
      .insertInto('classTypes')
      .values({ schoolId: b.id, name: '周末班', licenceClass: 'C1', priceFen: 150_000 })
      .execute();
    await newCoach(ctx.app.db, ctx.app.vault, b.id);
    await ctx.app.db
      .updateTable('vehicles')
      .set({ status: 'scrapped' })
      .where('schoolId', '=', b.id)
      .execute();
    const item = (await search({ ...near, district: regions.county })).items.find((i) => i.id === b.id)!;
    expect(item).toMatchObject({
      minPriceFen: 150_000,
      maxPriceFen: 320_000,
      coachCount: 1,
      vehicleCount: 0,
    });
    // Recomputing from the sources changes nothing: the triggers left no drift.
    const before = await ctx.app.db
      .selectFrom('schoolSearch')
      .selectAll()
      .where('schoolId', '=', b.id)
      .executeTakeFirstOrThrow();
    await sql`SELECT refresh_school_search(${b.id}::uuid)`.execute(ctx.app.db);
    const after = await ctx.app.db
      .selectFrom('schoolSearch')
      .selectAll()
      .where('schoolId', '=', b.id)
      .executeTakeFirstOrThrow();
    expect({ ...after, refreshedAt: null }).toEqual({ ...before, refreshedAt: null });
  });

  it('refuses half a point and sort=distance without one', async () => {
    const half = await ctx.http.inject({ method: 'GET', url: '/api/public/schools?lat=36.6' });
    expect(half.statusCode).toBe(400);
    const noPoint = await ctx.http.inject({ method: 'GET', url: '/api/public/schools?sort=distance' });
    expect(noPoint.statusCode).toBe(400);
    const bad = await ctx.http.inject({ method: 'GET', url: '/api/public/schools?lat=91&lon=117' });
    expect(bad.statusCode).toBe(400);
  });

  it('answers the distance sort with the GiST index (KNN), never a sort over every school', async () => {
    const repo = createSchoolSearchRepository();
    const query = repo.schoolPageQuery(
      ctx.app.db,
      { grade: 2, licenceClass: 'C1' },
      { by: 'distance', lat: origin.lat, lon: origin.lon },
      0,
      20,
    );
    // Few rows here would make a sequential scan the cheaper plan; forbid it to see the plan 20,000 gets.
    const plan = await ctx.app.db.connection().execute(async (conn) => {
      await sql`SET enable_seqscan = off`.execute(conn);
      try {
        const compiled = query.compile();
        const rows = await sql
          .raw(
            `EXPLAIN ${compiled.sql.replace(/\$(\d+)/g, (_m, i: string) => literal(compiled.parameters[Number(i) - 1]))}`,
          )
          .execute(conn);
        return (rows.rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await sql`SET enable_seqscan = on`.execute(conn);
      }
    });
    expect(plan).toMatch(/Index Scan using school_search_location_idx/);
    expect(plan).toMatch(/Order By: .*ll_to_earth.*<->/);
    expect(plan).not.toMatch(/Sort Key|Seq Scan on school_search/);
  });
});

function literal(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}
