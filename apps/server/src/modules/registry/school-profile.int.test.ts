import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newUser, newVehicle, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

describe('public school profile', () => {
  let ctx: TestContext;
  let schoolId: string;
  let coach: Awaited<ReturnType<typeof newCoach>>;
  let vehicle: Awaited<ReturnType<typeof newVehicle>>;
  let cookie: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const school = await newSchool(ctx.app.db, { name: '济南公开档案测试驾校' });
    schoolId = school.id;
    coach = await newCoach(ctx.app.db, ctx.app.vault, schoolId);
    vehicle = await newVehicle(ctx.app.db, schoolId);
    await ctx.app.db
      .updateTable('schools')
      .set({ photos: JSON.stringify(['/photos/gate.jpg', '/photos/ground.jpg']) })
      .where('id', '=', schoolId)
      .execute();
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
  const profile = async () => {
    const res = await ctx.http.inject({ method: 'GET', url: `/api/public/schools/${schoolId}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('files a class type with its fee breakdown and refuses one that does not add up', async () => {
    const fees = [
      { item: '科目二培训费', amountFen: 200_000, kind: 'included', note: '含场地、油费' },
      { item: '科目三培训费', amountFen: 180_000, kind: 'included' },
      { item: '补考培训费', amountFen: 20_000, kind: 'extra', note: '每次补考前加训,按次收取' },
    ];
    const bad = await post('class-types', {
      name: '普通班',
      licenceClass: 'C1',
      priceFen: 390_000,
      inclusions: ['科目二', '科目三'],
      fees,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('fees');

    const ok = await post('class-types', {
      name: '普通班',
      licenceClass: 'C1',
      priceFen: 380_000,
      inclusions: ['科目二', '科目三'],
      fees,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const page = await profile();
    expect(page.classTypes).toEqual([
      {
        id: ok.json().id,
        name: '普通班',
        licenceClass: 'C1',
        priceFen: 380_000,
        inclusions: ['科目二', '科目三'],
        description: '',
        fees: [
          { item: '科目二培训费', amountFen: 200_000, kind: 'included', note: '含场地、油费' },
          { item: '科目三培训费', amountFen: 180_000, kind: 'included', note: '' },
          { item: '补考培训费', amountFen: 20_000, kind: 'extra', note: '每次补考前加训,按次收取' },
        ],
      },
    ]);
  });

  it('shows coaches, cars and teaching areas with public fields only', async () => {
    const area = await post('teaching-areas', {
      name: '一号训练场',
      kind: 'training_ground',
      licenceClasses: ['C1'],
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [117.02, 36.66],
            [117.021, 36.66],
            [117.021, 36.661],
            [117.02, 36.661],
            [117.02, 36.66],
          ],
        ],
      },
    });
    expect(area.statusCode, area.body).toBe(201);

    const page = await profile();
    const text = JSON.stringify(page);
    expect(page.coaches).toEqual([
      { id: coach.id, name: coach.name, gender: 'male', licenceClasses: ['C1'], yearsAtSchool: 6 },
    ]);
    for (const secret of [
      coach.phone,
      coach.idNumberMasked,
      coach.idNumberCipher,
      coach.coachNumber,
      vehicle.plate,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(page.vehicles).toEqual([
      {
        plateMasked: `${vehicle.plate.slice(0, 4)}${'*'.repeat([...vehicle.plate].length - 5)}学`,
        licenceClass: 'C1',
        make: vehicle.make,
        model: vehicle.model,
      },
    ]);
    expect(page.teachingAreas.type).toBe('FeatureCollection');
    expect(page.teachingAreas.features[0]).toMatchObject({
      type: 'Feature',
      id: area.json().id,
      geometry: { type: 'Polygon' },
      properties: { name: '一号训练场', kind: 'training_ground', licenceClasses: ['C1'] },
    });
    expect(page.photos).toEqual(['/photos/gate.jpg', '/photos/ground.jpg']);
    expect(page.links.tel).toMatch(/^tel:0531/);
  });

  it('takes pass rates from exam-link and shows nulls until ratings and complaints exist', async () => {
    const page = await profile();
    const fromExamLink = (
      await ctx.http.inject({ method: 'GET', url: `/api/public/schools/${schoolId}/pass-rates` })
    ).json();
    expect(page.passRates).toEqual(fromExamLink.parts);
    expect(page.rating).toEqual({
      overall: null,
      teaching: null,
      attitude: null,
      car: null,
      environment: null,
      count: 0,
    });
    expect(page.complaints).toEqual({ count: null, per100Cars: null, vehicleCount: 1 });
    expect(page.warnings).toEqual([]);
  });

  it('warns when the school is under key supervision or has stopped enrolling', async () => {
    await ctx.app.db
      .insertInto('keySupervisions')
      .values({
        subject: 'school',
        schoolId,
        countyCode: regions.county,
        reason: '退费投诉集中',
        sanction: 'rectify',
        fromDate: '2026-10-20',
      })
      .execute();
    await ctx.app.db
      .updateTable('schools')
      .set({ status: 'enrolment_stopped' })
      .where('id', '=', schoolId)
      .execute();
    await ctx.app.db.insertInto('schoolComplaintStats').values({ schoolId, complaintCount: 2 }).execute();

    const page = await profile();
    expect(page.warnings).toEqual([
      { code: 'key_supervision', since: '2026-10-20', reason: '退费投诉集中' },
      { code: 'enrolment_stopped', since: null, reason: null },
    ]);
    expect(page.complaints).toEqual({ count: 2, per100Cars: 200, vehicleCount: 1 });
  });

  it('answers 404 for an unknown school and 400 for a malformed id', async () => {
    const unknown = await ctx.http.inject({
      method: 'GET',
      url: '/api/public/schools/00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await ctx.http.inject({ method: 'GET', url: '/api/public/schools/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
  });
});
