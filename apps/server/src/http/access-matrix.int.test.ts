import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, regions } from '../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../test/harness.ts';
import type { Role } from '../shared/permissions.ts';

/**
 * Every role against every kind of call, including the scope boundaries: a county regulator and another
 * county's school, a school admin and another school's records, a city regulator and another province.
 */
type Caller = Role | 'anonymous' | 'other_province_regulator';
const callers: Caller[] = [
  'anonymous',
  'trainee',
  'coach',
  'school_staff',
  'school_admin',
  'regulator_county',
  'regulator_city',
  'regulator_province',
  'police_liaison',
  'other_province_regulator',
];

describe('access matrix', () => {
  let ctx: TestContext;
  const cookies = new Map<Caller, string>();
  const ids = { schoolA: '', schoolB: '', schoolC: '' };

  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000' });
    const db = ctx.app.db;
    const a = await newSchool(db, { countyCode: regions.county });
    const b = await newSchool(db, { countyCode: regions.otherCounty });
    const c = await newSchool(db, { countyCode: regions.otherProvinceCounty });
    Object.assign(ids, { schoolA: a.id, schoolB: b.id, schoolC: c.id });
    const coach = await newCoach(db, ctx.app.vault, a.id);
    const trainee = await newTrainee(db, ctx.app.vault, a.id);
    const users: Array<[Caller, Awaited<ReturnType<typeof newUser>>, 'public' | 'school' | 'regulator']> = [
      ['trainee', await newUser(db, 'trainee', { schoolId: a.id, traineeId: trainee.id }), 'public'],
      ['coach', await newUser(db, 'coach', { schoolId: a.id, coachId: coach.id }), 'school'],
      ['school_staff', await newUser(db, 'school_staff', { schoolId: a.id }), 'school'],
      ['school_admin', await newUser(db, 'school_admin', { schoolId: a.id }), 'school'],
      [
        'regulator_county',
        await newUser(db, 'regulator_county', { regionCode: regions.county }),
        'regulator',
      ],
      ['regulator_city', await newUser(db, 'regulator_city', { regionCode: regions.city }), 'regulator'],
      [
        'regulator_province',
        await newUser(db, 'regulator_province', { regionCode: regions.province }),
        'regulator',
      ],
      ['police_liaison', await newUser(db, 'police_liaison', { regionCode: regions.city }), 'regulator'],
      [
        'other_province_regulator',
        await newUser(db, 'regulator_province', { regionCode: regions.otherProvince }),
        'regulator',
      ],
    ];
    for (const [caller, user, portal] of users) {
      cookies.set(caller, await loginAs(ctx.http, user.username, portal));
    }
  });
  afterAll(() => ctx.close());

  const vehicle = () => ({
    plate: `鲁A${Math.floor(1000 + Math.random() * 8999)}学`,
    licenceClass: 'C1',
    make: '大众',
    model: '捷达',
    inspectionValidUntil: '2027-06-30',
    lastMaintainedOn: '2026-08-01',
  });

  type Case = {
    name: string;
    method: 'GET' | 'POST';
    url: () => string;
    body?: () => object;
    allowed: Caller[];
    /** What an allowed caller gets when not the usual 200 (GET) / 201 (POST). */
    okStatus?: number;
  };
  const allSignedIn = callers.filter((c) => c !== 'anonymous');
  const cases: Case[] = [
    { name: 'public school list', method: 'GET', url: () => '/api/public/schools', allowed: callers },
    { name: 'own identity', method: 'GET', url: () => '/api/auth/me', allowed: allSignedIn },
    {
      name: 'school A profile',
      method: 'GET',
      url: () => `/api/schools/${ids.schoolA}`,
      allowed: [
        'coach',
        'school_staff',
        'school_admin',
        'regulator_county',
        'regulator_city',
        'regulator_province',
      ],
    },
    {
      name: 'school B profile (another county, another school)',
      method: 'GET',
      url: () => `/api/schools/${ids.schoolB}`,
      allowed: ['regulator_city', 'regulator_province'],
    },
    {
      name: 'school C profile (another province)',
      method: 'GET',
      url: () => `/api/schools/${ids.schoolC}`,
      allowed: ['other_province_regulator'],
    },
    {
      name: 'school A coaches',
      method: 'GET',
      url: () => `/api/schools/${ids.schoolA}/coaches`,
      allowed: ['school_staff', 'school_admin', 'regulator_county', 'regulator_city', 'regulator_province'],
    },
    {
      name: 'school B trainees',
      method: 'GET',
      url: () => `/api/schools/${ids.schoolB}/trainees`,
      allowed: ['regulator_city', 'regulator_province'],
    },
    {
      name: 'file a vehicle for school A',
      method: 'POST',
      url: () => `/api/schools/${ids.schoolA}/vehicles`,
      body: vehicle,
      allowed: ['school_admin'],
    },
    {
      name: 'file a vehicle for school B',
      method: 'POST',
      url: () => `/api/schools/${ids.schoolB}/vehicles`,
      body: vehicle,
      allowed: [],
    },
    {
      name: 'regulator overview',
      method: 'GET',
      url: () => '/api/regulator/overview',
      allowed: [
        'regulator_county',
        'regulator_city',
        'regulator_province',
        'police_liaison',
        'other_province_regulator',
      ],
    },
    {
      name: 'regulator school list',
      method: 'GET',
      url: () => '/api/schools',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    { name: 'own trainee record', method: 'GET', url: () => '/api/trainee/record', allowed: ['trainee'] },
    {
      name: 'exam pass rates of school A',
      method: 'GET',
      url: () => `/api/exam-link/pass-rates?schoolId=${ids.schoolA}`,
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'police_liaison'],
    },
    {
      name: 'public pass rates of school C',
      method: 'GET',
      url: () => `/api/public/schools/${ids.schoolC}/pass-rates`,
      allowed: callers,
    },
    {
      name: 'key supervision list (region-scoped rows)',
      method: 'GET',
      url: () => '/api/regulator/key-supervisions',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'supervision actions (region-scoped rows)',
      method: 'GET',
      url: () => '/api/regulator/supervision-actions',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'published key-supervision notices',
      method: 'GET',
      url: () => '/api/public/key-supervision-notices',
      allowed: callers,
    },
    {
      name: 'regulator work orders',
      method: 'GET',
      url: () => '/api/regulator/work-orders',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'school work orders',
      method: 'GET',
      url: () => '/api/school/work-orders',
      allowed: ['school_staff', 'school_admin'],
    },
    {
      name: 'anomaly sessions (region-scoped rows)',
      method: 'GET',
      url: () => '/api/regulator/anomalies/sessions?from=2026-11-01&to=2026-11-02',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: "the school's own anomaly findings",
      method: 'GET',
      url: () => '/api/school/anomalies/sessions?from=2026-11-01&to=2026-11-02',
      allowed: ['coach', 'school_staff', 'school_admin'],
    },
    {
      name: 'anomaly bulk re-scoring (city and province)',
      method: 'POST',
      url: () => '/api/regulator/anomalies/rescore',
      body: () => ({ from: '2026-11-01', to: '2026-11-02' }),
      allowed: ['regulator_city', 'regulator_province', 'other_province_regulator'],
      // Queued for the jobs loop: 202 with the run.
      okStatus: 202,
    },
    {
      name: 'anomaly re-scoring runs (region-scoped rows)',
      method: 'GET',
      url: () => '/api/regulator/anomalies/rescore',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'the working-day calendar (national; the province keeps it)',
      method: 'GET',
      url: () => '/api/regulator/calendar/days?year=2026',
      allowed: ['regulator_province', 'other_province_regulator'],
    },
    {
      name: 'audit chain check',
      method: 'GET',
      url: () => '/api/audit-log/verify',
      allowed: ['regulator_province', 'other_province_regulator'],
    },
    {
      name: 'manual review queue (region-scoped rows)',
      method: 'GET',
      url: () => '/api/regulator/reviews',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'manual review sampling ratio',
      method: 'GET',
      url: () => '/api/regulator/review-sampling',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'monthly report of the caller’s own region',
      method: 'GET',
      url: () => '/api/regulator/monthly-report?month=2026-10',
      allowed: ['regulator_county', 'regulator_city', 'regulator_province', 'other_province_regulator'],
    },
    {
      name: 'monthly report of city 370100 (a county sees only its own share)',
      method: 'GET',
      url: () => '/api/regulator/monthly-report?month=2026-10&region=370100',
      allowed: ['regulator_city', 'regulator_province'],
    },
    {
      name: 'monthly report submissions of city 370100',
      method: 'GET',
      url: () => '/api/regulator/monthly-report/submissions?month=2026-10&region=370100',
      allowed: ['regulator_city', 'regulator_province'],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: allowed for ${c.allowed.join(', ') || 'nobody'}`, async () => {
      const outcomes: Record<string, number> = {};
      for (const caller of callers) {
        const cookie = cookies.get(caller);
        const res = await ctx.http.inject({
          method: c.method,
          url: c.url(),
          headers: cookie ? { cookie } : {},
          ...(c.body ? { payload: c.body() } : {}),
        });
        outcomes[caller] = res.statusCode;
        if (res.statusCode >= 400) {
          // A refusal carries a code and nothing of the data.
          expect(Object.keys(res.json()).sort()).toEqual(['code', 'message', 'requestId']);
        }
      }

      const expected = Object.fromEntries(
        callers.map((caller) => [
          caller,
          c.allowed.includes(caller)
            ? (c.okStatus ?? (c.method === 'POST' ? 201 : 200))
            : caller === 'anonymous'
              ? 401
              : 403,
        ]),
      );
      expect(outcomes).toEqual(expected);
    });
  }

  it('refuses every session on the police integration routes: they take signed requests only', async () => {
    const routes: Array<['GET' | 'POST', string]> = [
      ['GET', '/api/exam-link/eligibility'],
      ['POST', '/api/exam-link/eligibility/lookup'],
      ['POST', '/api/exam-link/bookings'],
      ['POST', '/api/exam-link/results'],
    ];
    for (const [method, url] of routes) {
      for (const caller of callers) {
        const cookie = cookies.get(caller);
        const res = await ctx.http.inject({ method, url, headers: cookie ? { cookie } : {} });
        expect({ caller, url, status: res.statusCode }).toEqual({ caller, url, status: 401 });
      }
    }
  });

  it('scopes the regulator school list to the region subtree', async () => {
    const list = async (caller: Caller) =>
      (
        await ctx.http.inject({
          method: 'GET',
          url: '/api/schools?pageSize=100',
          headers: { cookie: cookies.get(caller)! },
        })
      )
        .json()
        .items.map((s: { id: string }) => s.id);

    expect(await list('regulator_county')).toEqual([ids.schoolA]);
    expect((await list('regulator_city')).sort()).toEqual([ids.schoolA, ids.schoolB].sort());
    expect(await list('other_province_regulator')).toEqual([ids.schoolC]);
  });
});
