import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, newSchool, newUser } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

describe('registry', () => {
  let ctx: TestContext;
  let schoolId: string;
  let cookie: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    const school = await newSchool(ctx.app.db, { name: '济南测试顺达驾驶员培训学校' });
    schoolId = school.id;
    const admin = await newUser(ctx.app.db, 'school_admin', { schoolId });
    cookie = await loginAs(ctx.http, admin.username, 'school');
  });
  afterAll(() => ctx.close());

  const post = (path: string, payload: object) =>
    ctx.http.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/${path}`,
      headers: { cookie },
      payload,
    });
  const get = (path: string) =>
    ctx.http.inject({ method: 'GET', url: `/api/schools/${schoolId}/${path}`, headers: { cookie } });

  const coach = (overrides: object = {}) => ({
    coachNumber: '3701020000000001',
    name: '王建国',
    gender: 'male',
    idNumber: makeIdNumber('370102', '19800512'),
    phone: '13912345678',
    licenceClasses: ['C1', 'C2'],
    hiredOn: '2019-04-01',
    ...overrides,
  });

  it('files a coach, shows the identity number masked and stores it encrypted', async () => {
    const idNumber = makeIdNumber('370102', '19850923');

    const created = await post('coaches', coach({ coachNumber: '3701020000000002', idNumber }));
    const list = await get('coaches');
    const stored = await ctx.app.db
      .selectFrom('coaches')
      .selectAll()
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow();

    expect(created.statusCode).toBe(201);
    const listed = list.json().items.find((c: { id: string }) => c.id === created.json().id);
    expect(listed.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(JSON.stringify(list.json())).not.toContain(idNumber);
    expect(stored.idNumberCipher).not.toContain(idNumber.slice(6, 14));
    expect(ctx.app.vault.reveal(stored.idNumberCipher)).toBe(idNumber);
  });

  it('rejects an identity number with a wrong check digit', async () => {
    const good = makeIdNumber();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

    const res = await post('coaches', coach({ coachNumber: '3701020000000003', idNumber: bad }));

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'registry.invalid_id_number',
      details: [{ field: 'idNumber' }],
    });
  });

  it('answers a duplicate coach number with 409 and keeps the first', async () => {
    await post('coaches', coach({ coachNumber: '3701020000000004' }));

    const again = await post('coaches', coach({ coachNumber: '3701020000000004', idNumber: makeIdNumber() }));

    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('registry.duplicate');
    const count = await ctx.app.db
      .selectFrom('coaches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('coachNumber', '=', '3701020000000004')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('files a teaching area with its area computed, and refuses an open or self-crossing ring', async () => {
    // A square of about 0.001° × 0.001° near Jinan: ~111 m × ~89 m.
    const square = [
      [117.0, 36.6],
      [117.001, 36.6],
      [117.001, 36.601],
      [117.0, 36.601],
      [117.0, 36.6],
    ];
    const bowtie = [
      [117.0, 36.6],
      [117.001, 36.601],
      [117.001, 36.6],
      [117.0, 36.601],
      [117.0, 36.6],
    ];
    const area = (ring: number[][]) => ({
      name: '一号训练场',
      kind: 'training_ground',
      licenceClasses: ['C1'],
      polygon: { type: 'Polygon', coordinates: [ring] },
    });

    const ok = await post('teaching-areas', area(square));
    const open = await post('teaching-areas', area(square.slice(0, 4)));
    const crossed = await post('teaching-areas', area(bowtie));
    const listed = (await get('teaching-areas')).json().items;

    expect(ok.statusCode).toBe(201);
    expect(listed[0].areaM2).toBeGreaterThan(9_700);
    expect(listed[0].areaM2).toBeLessThan(10_100);
    expect(open.json().code).toBe('registry.invalid_polygon');
    expect(crossed.json().code).toBe('registry.invalid_polygon');
  });

  it('binds a terminal to a vehicle once', async () => {
    const vehicle = await post('vehicles', {
      plate: '鲁A2001学',
      licenceClass: 'C1',
      make: '大众',
      model: '捷达',
      inspectionValidUntil: '2027-01-01',
      lastMaintainedOn: '2026-10-01',
    });
    const terminal = (n: string) => ({
      terminalNumber: `T0000000000000${n}`,
      imei: `86000000000000${n.slice(-1)}`,
      simNumber: `144000000000${n.slice(-1)}`,
      vehicleId: vehicle.json().id,
      maker: '某终端厂',
      model: 'JP-1',
    });

    const first = await post('terminals', terminal('01'));
    const second = await post('terminals', terminal('02'));
    const vehicles = (await get('vehicles')).json().items;

    expect(first.statusCode).toBe(201);
    expect(second.json().code).toBe('registry.vehicle_bound');
    expect(vehicles.find((v: { plate: string }) => v.plate === '鲁A2001学').terminalNumber).toBe(
      'T000000000000001',
    );
  });

  it('keeps SQL-like search strings inert', async () => {
    const before = await ctx.app.db
      .selectFrom('schools')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const injected = await ctx.http.inject({
      method: 'GET',
      url: `/api/public/schools?q=${encodeURIComponent("'; DROP TABLE schools; --")}`,
    });
    const wildcard = await ctx.http.inject({
      method: 'GET',
      url: `/api/public/schools?q=${encodeURIComponent('%')}`,
    });
    const real = await ctx.http.inject({
      method: 'GET',
      url: `/api/public/schools?q=${encodeURIComponent('顺达')}`,
    });
    const after = await ctx.app.db
      .selectFrom('schools')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    expect(injected.statusCode).toBe(200);
    expect(injected.json().total).toBe(0);
    expect(wildcard.json().total).toBe(0);
    expect(real.json().items.map((s: { name: string }) => s.name)).toEqual(['济南测试顺达驾驶员培训学校']);
    expect(after.n).toBe(before.n);
  });

  it('pages the public list and filters by county and licence class', async () => {
    for (let i = 0; i < 3; i++) {
      await newSchool(ctx.app.db, { countyCode: '370103', licenceClasses: ['C1', 'A2'] });
    }

    const page1 = (
      await ctx.http.inject({ method: 'GET', url: '/api/public/schools?countyCode=370103&pageSize=2' })
    ).json();
    const page2 = (
      await ctx.http.inject({ method: 'GET', url: '/api/public/schools?countyCode=370103&pageSize=2&page=2' })
    ).json();
    const a2 = (await ctx.http.inject({ method: 'GET', url: '/api/public/schools?licenceClass=A2' })).json();

    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(1);
    expect(new Set([...page1.items, ...page2.items].map((s: { id: string }) => s.id)).size).toBe(3);
    expect(
      a2.items.every(
        (s: { licenceClasses: string[]; countyName: string }) =>
          s.licenceClasses.includes('A2') && s.countyName === '市中区',
      ),
    ).toBe(true);
  });
});
