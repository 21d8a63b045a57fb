import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { MAX_TRACK_POINTS, STALE_AFTER_MS } from './monitoring.service.ts';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

describe('monitoring', () => {
  let ctx: TestContext;
  let now: Date;
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  let school: Awaited<ReturnType<typeof newSchool>>;
  let otherCountySchool: Awaited<ReturnType<typeof newSchool>>;
  let countyCookie: string;
  let cityCookie: string;
  let otherCountyCookie: string;
  let policeCookie: string;
  let schoolAdminCookie: string;

  /** A filed car with its terminal; the status row is what the gateway would write. */
  async function newCarWithTerminal(schoolId: string, plate: string) {
    const vehicleId = randomUUID();
    await ctx.app.db
      .insertInto('vehicles')
      .values({
        id: vehicleId,
        schoolId,
        plate,
        licenceClass: 'C1',
        make: '大众',
        model: '捷达',
        inspectionValidUntil: '2027-06-30',
        lastMaintainedOn: '2026-09-01',
      })
      .execute();
    const terminalId = randomUUID();
    await ctx.app.db
      .insertInto('terminals')
      .values({
        id: terminalId,
        schoolId,
        terminalNumber: `T${digits(15)}`,
        imei: digits(15),
        simNumber: `1440${digits(9)}`,
        vehicleId,
        maker: '测试厂',
        model: 'JP-1',
      })
      .execute();
    return { vehicleId, terminalId };
  }

  async function setStatus(
    terminalId: string,
    fields: { online: boolean; lastSeenAt: Date; latitude?: number; longitude?: number; coachId?: string },
  ) {
    await ctx.app.db
      .insertInto('terminalStatus')
      .values({
        terminalId,
        online: fields.online,
        lastSeenAt: fields.lastSeenAt,
        latitude: fields.latitude ?? 36.66,
        longitude: fields.longitude ?? 117.05,
        speedKmh: 23.5,
        direction: 135,
        fixTime: fields.lastSeenAt,
        coachId: fields.coachId ?? null,
        updatedAt: fields.lastSeenAt,
      })
      .execute();
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    now = ctx.clock.now();
    school = await newSchool(ctx.app.db, { countyCode: regions.county, name: '历下监控测试驾校' });
    otherCountySchool = await newSchool(ctx.app.db, {
      countyCode: regions.otherCounty,
      name: '市中监控测试驾校',
    });
    const users = {
      county: await newUser(ctx.app.db, 'regulator_county', { regionCode: regions.county }),
      city: await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city }),
      otherCounty: await newUser(ctx.app.db, 'regulator_county', { regionCode: regions.otherCounty }),
      police: await newUser(ctx.app.db, 'police_liaison', { regionCode: regions.city }),
      schoolAdmin: await newUser(ctx.app.db, 'school_admin', { schoolId: school.id }),
    };
    countyCookie = await loginAs(ctx.http, users.county.username, 'regulator');
    cityCookie = await loginAs(ctx.http, users.city.username, 'regulator');
    otherCountyCookie = await loginAs(ctx.http, users.otherCounty.username, 'regulator');
    policeCookie = await loginAs(ctx.http, users.police.username, 'regulator');
    schoolAdminCookie = await loginAs(ctx.http, users.schoolAdmin.username, 'school');
  });
  afterAll(() => ctx.close());

  const get = (url: string, cookie: string) => ctx.http.inject({ method: 'GET', url, headers: { cookie } });

  describe('vehicles', () => {
    let inSession: { terminalId: string; vehicleId: string };
    let idle: { terminalId: string; vehicleId: string };
    let stale: { terminalId: string; vehicleId: string };
    let foreign: { terminalId: string; vehicleId: string };
    let traineeName: string;
    let coachName: string;

    beforeAll(async () => {
      inSession = await newCarWithTerminal(school.id, '鲁A1001学');
      idle = await newCarWithTerminal(school.id, '鲁A1002学');
      stale = await newCarWithTerminal(school.id, '鲁A1003学');
      foreign = await newCarWithTerminal(otherCountySchool.id, '鲁A2001学');
      // A filed car that never connected has no status row and is not on the map.
      await newCarWithTerminal(school.id, '鲁A1004学');

      const coach = await newCoach(ctx.app.db, ctx.app.vault, school.id);
      const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
      coachName = coach.name;
      traineeName = trainee.name;
      await setStatus(inSession.terminalId, { online: true, lastSeenAt: minutesAgo(0.1), coachId: coach.id });
      await setStatus(idle.terminalId, { online: true, lastSeenAt: minutesAgo(1) });
      // Says online, but silent for longer than the stale limit: the gateway died without closing it.
      await setStatus(stale.terminalId, {
        online: true,
        lastSeenAt: minutesAgo(STALE_AFTER_MS / 60_000 + 1),
      });
      await setStatus(foreign.terminalId, { online: true, lastSeenAt: minutesAgo(0.5) });
      await ctx.app.db
        .insertInto('traineeSignIns')
        .values({
          terminalId: inSession.terminalId,
          vehicleId: inSession.vehicleId,
          traineeId: trainee.id,
          coachId: coach.id,
          classroomId: 7001,
          courseCode: '1212110000',
          signedInAt: minutesAgo(20),
        })
        .execute();
    });

    it('lists the cars of the regulator county with position, school and session', async () => {
      const res = await get('/api/monitoring/vehicles', countyCookie);

      expect(res.statusCode).toBe(200);
      const body = res.json();
      const plates = body.items.map((v: { plate: string }) => v.plate).sort();
      expect(plates).toEqual(['鲁A1001学', '鲁A1002学', '鲁A1003学']);
      const car = body.items.find((v: { terminalId: string }) => v.terminalId === inSession.terminalId);
      expect(car).toMatchObject({
        plate: '鲁A1001学',
        schoolId: school.id,
        schoolName: '历下监控测试驾校',
        latitude: 36.66,
        longitude: 117.05,
        speedKmh: 23.5,
        direction: 135,
        online: true,
        coachName,
        session: { classroomId: 7001, traineeName, coachName, signedInAt: minutesAgo(20).toISOString() },
      });
      expect(car.terminalNumber).toMatch(/^T[0-9]{15}$/);
      expect(body.counts).toEqual({ vehicles: 3, online: 2, inSession: 1 });
      expect(body.truncated).toBe(false);
    });

    it('shows a car silent for longer than the stale limit as offline', async () => {
      const res = await get('/api/monitoring/vehicles', countyCookie);

      const car = res.json().items.find((v: { terminalId: string }) => v.terminalId === stale.terminalId);
      expect(car.online).toBe(false);
      expect(car.session).toBeNull();
    });

    it('filters online cars and cars of one school', async () => {
      const online = await get('/api/monitoring/vehicles?online=true', countyCookie);
      const bySchool = await get(`/api/monitoring/vehicles?schoolId=${otherCountySchool.id}`, cityCookie);

      expect(
        online
          .json()
          .items.map((v: { terminalId: string }) => v.terminalId)
          .sort(),
      ).toEqual([inSession.terminalId, idle.terminalId].sort());
      expect(bySchool.json().items.map((v: { plate: string }) => v.plate)).toEqual(['鲁A2001学']);
    });

    it('shows the city regulator the cars of every county in the city', async () => {
      const res = await get('/api/monitoring/vehicles', cityCookie);

      const plates = res.json().items.map((v: { plate: string }) => v.plate);
      expect(plates).toEqual(expect.arrayContaining(['鲁A1001学', '鲁A2001学']));
    });

    it('refuses a school filter outside the county, and names an unknown school', async () => {
      const foreignSchool = await get(
        `/api/monitoring/vehicles?schoolId=${otherCountySchool.id}`,
        countyCookie,
      );
      const unknown = await get(`/api/monitoring/vehicles?schoolId=${randomUUID()}`, countyCookie);

      expect(foreignSchool.statusCode).toBe(403);
      expect(foreignSchool.json().code).toBe('auth.forbidden');
      expect(unknown.statusCode).toBe(404);
    });

    it('refuses users without the monitoring permission', async () => {
      const police = await get('/api/monitoring/vehicles', policeCookie);
      const schoolAdmin = await get('/api/monitoring/vehicles', schoolAdminCookie);
      const anonymous = await ctx.http.inject({ method: 'GET', url: '/api/monitoring/vehicles' });

      expect(police.statusCode).toBe(403);
      expect(schoolAdmin.statusCode).toBe(403);
      expect(anonymous.statusCode).toBe(401);
    });

    it("refuses a county regulator another county's car, with no data", async () => {
      const track = await get(`/api/monitoring/vehicles/${foreign.terminalId}/track`, countyCookie);
      const session = await get(`/api/monitoring/vehicles/${foreign.terminalId}/session`, countyCookie);
      const own = await get(`/api/monitoring/vehicles/${foreign.terminalId}/track`, otherCountyCookie);

      expect(track.statusCode).toBe(403);
      expect(track.json().code).toBe('auth.forbidden');
      expect(track.body).not.toContain('points');
      expect(session.statusCode).toBe(403);
      expect(own.statusCode).toBe(200);
    });

    it('answers an unknown terminal with 404', async () => {
      const res = await get(`/api/monitoring/vehicles/${randomUUID()}/session`, countyCookie);

      expect(res.statusCode).toBe(404);
    });

    it('reports the session in progress with its minute records so far', async () => {
      const signIn = await ctx.app.db
        .selectFrom('traineeSignIns')
        .selectAll()
        .where('terminalId', '=', inSession.terminalId)
        .executeTakeFirstOrThrow();
      const recordNumberPrefix = digits(16);
      await ctx.app.db
        .insertInto('minuteRecords')
        .values(
          [1, 2, 3].map((i) => ({
            recordNumber: `${recordNumberPrefix}${String(i).padStart(10, '0')}`,
            terminalId: inSession.terminalId,
            vehicleId: inSession.vehicleId,
            traineeId: signIn.traineeId,
            coachId: signIn.coachId,
            classroomId: 7001,
            recordedAt: minutesAgo(10 - i),
            courseCode: '1212110000',
            recordStatus: 0,
            maxSpeedDecikmh: 300,
            mileageDecikm: 4 + i,
            reportType: 0,
          })),
        )
        .execute();

      const res = await get(`/api/monitoring/vehicles/${inSession.terminalId}/session`, countyCookie);
      const none = await get(`/api/monitoring/vehicles/${idle.terminalId}/session`, countyCookie);

      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        terminalId: inSession.terminalId,
        session: {
          classroomId: 7001,
          courseCode: '1212110000',
          signedInAt: minutesAgo(20).toISOString(),
          traineeId: signIn.traineeId,
          traineeName,
          coachId: signIn.coachId,
          coachName,
          minuteRecords: 3,
          lastRecordAt: minutesAgo(7).toISOString(),
          mileageDecikm: 5 + 6 + 7,
        },
      });
      expect(JSON.stringify(res.json())).not.toMatch(/idNumber|[0-9]{17}[0-9X]/);
      expect(none.json()).toEqual({ terminalId: idle.terminalId, session: null });
    });

    it('ends the session once the trainee signs out', async () => {
      const signedOut = await newCarWithTerminal(school.id, '鲁A1005学');
      const coach = await newCoach(ctx.app.db, ctx.app.vault, school.id);
      const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
      await setStatus(signedOut.terminalId, { online: true, lastSeenAt: minutesAgo(0) });
      await ctx.app.db
        .insertInto('traineeSignIns')
        .values({
          terminalId: signedOut.terminalId,
          traineeId: trainee.id,
          coachId: coach.id,
          classroomId: 9,
          courseCode: '1212110000',
          signedInAt: minutesAgo(90),
          signedOutAt: minutesAgo(5),
        })
        .execute();

      const res = await get(`/api/monitoring/vehicles/${signedOut.terminalId}/session`, countyCookie);
      const list = await get('/api/monitoring/vehicles', countyCookie);

      expect(res.json().session).toBeNull();
      const car = list
        .json()
        .items.find((v: { terminalId: string }) => v.terminalId === signedOut.terminalId);
      expect(car.session).toBeNull();
    });
  });

  describe('track', () => {
    let car: { terminalId: string };
    beforeAll(async () => {
      car = await newCarWithTerminal(school.id, '鲁A3001学');
      await setStatus(car.terminalId, { online: true, lastSeenAt: minutesAgo(0) });
    });

    async function insertFixes(terminalId: string, times: Date[]) {
      // Inserted newest first, so an ordered answer is the query's doing, not the insert order's.
      const rows = [...times].reverse().map((t, i) => ({
        terminalId,
        fixTime: t,
        receivedAt: t,
        latitude: 36.6 + i * 0.0001,
        longitude: 117.0 + i * 0.0001,
        speedKmh: 20 + (i % 10),
        direction: 90,
      }));
      for (let i = 0; i < rows.length; i += 500) {
        await ctx.app.db
          .insertInto('positions')
          .values(rows.slice(i, i + 500))
          .execute();
      }
    }

    it('returns the fixes of the last minutes, oldest first, and nothing older', async () => {
      // One fix a minute for the last 60 minutes (minute 0 is now).
      await insertFixes(
        car.terminalId,
        Array.from({ length: 61 }, (_, m) => minutesAgo(m)),
      );

      const res = await get(`/api/monitoring/vehicles/${car.terminalId}/track?minutes=30`, countyCookie);

      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.totalPoints).toBe(31);
      expect(body.points).toHaveLength(31);
      const times = body.points.map((p: { time: string }) => Date.parse(p.time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBe(minutesAgo(30).getTime());
      expect(times.at(-1)).toBe(now.getTime());
      expect(body.points[0]).toEqual({
        time: minutesAgo(30).toISOString(),
        latitude: expect.any(Number),
        longitude: expect.any(Number),
        speedKmh: expect.any(Number),
      });
      expect(body.from).toBe(minutesAgo(30).toISOString());
    });

    it('thins a long track to at most the point limit, keeping the first and the newest fix', async () => {
      const dense = await newCarWithTerminal(school.id, '鲁A3002学');
      // One fix a second for 40 minutes: 2,400 fixes.
      const times = Array.from({ length: 2400 }, (_, s) => new Date(now.getTime() - s * 1000));
      await insertFixes(dense.terminalId, times);

      const res = await get(`/api/monitoring/vehicles/${dense.terminalId}/track?minutes=60`, countyCookie);

      const body = res.json();
      expect(body.totalPoints).toBe(2400);
      expect(body.points.length).toBeLessThanOrEqual(MAX_TRACK_POINTS + 1);
      expect(body.points.length).toBeGreaterThan(MAX_TRACK_POINTS / 2);
      expect(Date.parse(body.points[0].time)).toBe(times.at(-1)!.getTime());
      expect(Date.parse(body.points.at(-1).time)).toBe(now.getTime());
      const parsed = body.points.map((p: { time: string }) => Date.parse(p.time));
      expect(parsed).toEqual([...parsed].sort((a, b) => a - b));
    });

    it('rejects a window beyond the maximum and a bad terminal id', async () => {
      const tooLong = await get(`/api/monitoring/vehicles/${car.terminalId}/track?minutes=241`, countyCookie);
      const zero = await get(`/api/monitoring/vehicles/${car.terminalId}/track?minutes=0`, countyCookie);
      const badId = await get('/api/monitoring/vehicles/not-a-uuid/track', countyCookie);

      expect(tooLong.statusCode).toBe(400);
      expect(zero.statusCode).toBe(400);
      expect(badId.statusCode).toBe(400);
    });

    it('answers an empty track for a car without recent fixes', async () => {
      const quiet = await newCarWithTerminal(school.id, '鲁A3003学');

      const res = await get(`/api/monitoring/vehicles/${quiet.terminalId}/track`, countyCookie);

      expect(res.json()).toMatchObject({ totalPoints: 0, points: [] });
    });
  });

  describe('fences and schools', () => {
    const square = (lon: number, lat: number, d: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + d, lat],
          [lon + d, lat + d],
          [lon, lat + d],
          [lon, lat],
        ],
      ],
    });
    async function newArea(schoolId: string, name: string, lon: number, lat: number, status = 'active') {
      const d = 0.01;
      await ctx.app.db
        .insertInto('teachingAreas')
        .values({
          schoolId,
          name,
          kind: 'training_ground',
          licenceClasses: ['C1'],
          polygon: JSON.stringify(square(lon, lat, d)),
          minLatitude: lat,
          minLongitude: lon,
          maxLatitude: lat + d,
          maxLongitude: lon + d,
          areaM2: 1_000_000,
          status,
        })
        .execute();
    }
    beforeAll(async () => {
      await newArea(school.id, '东场地', 117.1, 36.6);
      await newArea(school.id, '西场地', 116.9, 36.6);
      await newArea(school.id, '旧场地', 117.0, 36.6, 'retired');
      await newArea(otherCountySchool.id, '市中场地', 117.0, 36.7);
    });

    it('returns the active teaching areas of the county as GeoJSON features', async () => {
      const res = await get('/api/monitoring/fences', countyCookie);

      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.type).toBe('FeatureCollection');
      expect(body.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(
        ['东场地', '西场地'].sort(),
      );
      expect(body.features[0]).toMatchObject({
        type: 'Feature',
        geometry: { type: 'Polygon' },
        properties: { schoolId: school.id, schoolName: '历下监控测试驾校', kind: 'training_ground' },
      });
      expect(body.features[0].geometry.coordinates[0]).toHaveLength(5);
    });

    it('keeps only the areas overlapping a bounding box', async () => {
      const res = await get(
        '/api/monitoring/fences?minLatitude=36.55&maxLatitude=36.65&minLongitude=117.05&maxLongitude=117.2',
        cityCookie,
      );

      expect(res.json().features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual([
        '东场地',
      ]);
    });

    it('rejects half a bounding box and an inverted one', async () => {
      const half = await get('/api/monitoring/fences?minLatitude=36.5', countyCookie);
      const inverted = await get(
        '/api/monitoring/fences?minLatitude=37&maxLatitude=36&minLongitude=117&maxLongitude=118',
        countyCookie,
      );

      expect(half.statusCode).toBe(400);
      expect(inverted.statusCode).toBe(400);
    });

    it("does not give a county regulator another county's fences or schools", async () => {
      const fences = await get(`/api/monitoring/fences?schoolId=${otherCountySchool.id}`, countyCookie);
      const schools = await get('/api/monitoring/schools', countyCookie);

      expect(fences.statusCode).toBe(403);
      const ids = schools.json().items.map((s: { id: string }) => s.id);
      expect(ids).toContain(school.id);
      expect(ids).not.toContain(otherCountySchool.id);
    });
  });
});
