import { randomUUID } from 'node:crypto';
import { ExtMsgId } from '@jiapei/jt808';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, newSchool, newUser, regions } from '../../../test/factories.ts';
import { gnss, setUpGateway, type GatewayTest } from '../../../test/gateway-fixtures.ts';
import { loginAs } from '../../../test/harness.ts';
import { modelTemplate } from '../enrolment/model-template.ts';

/**
 * Sanctions take effect: a school whose entry stops enrolment (停止招生) or suspends business (停业整顿)
 * gets no new enrolment through the public API, a rectify entry stops nothing; a suspended coach's
 * sign-in on a terminal (0x0101) is answered 0x8101 result 9 with the reason read aloud and is
 * quarantined, not stored. Lifting the entry restores both.
 */
let t: GatewayTest;
let cityCookie: string;

beforeAll(async () => {
  t = await setUpGateway();
  const city = await newUser(t.ctx.app.db, 'regulator_city', { regionCode: regions.city });
  cityCookie = await loginAs(t.ctx.http, city.username, 'regulator');
  // The city's contract template, so an enrolment that is not refused goes through.
  const draft = await post(cityCookie, '/api/regulator/contract-templates', {
    ...modelTemplate,
    idempotencyKey: randomUUID(),
  });
  expect(draft.statusCode, draft.body).toBe(200);
  const published = await post(
    cityCookie,
    `/api/regulator/contract-templates/${draft.json().id}/publish`,
    {},
  );
  expect(published.statusCode).toBe(200);
});
afterAll(() => t.ctx.close());

function post(cookie: string | null, url: string, payload: object) {
  return t.ctx.http.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
}

async function list(payload: object): Promise<string> {
  const res = await post(cityCookie, '/api/regulator/key-supervisions', payload);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { id: string }).id;
}
async function lift(id: string) {
  const res = await post(cityCookie, `/api/regulator/key-supervisions/${id}/lift`, { note: '复查合格' });
  expect(res.statusCode, res.body).toBe(200);
}

// A 1×1 PNG, padded past the minimum size.
const png = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(200, 0),
]);

async function schoolWithClass() {
  const db = t.ctx.app.db;
  const school = await newSchool(db);
  const classType = await db
    .insertInto('classTypes')
    .values({ schoolId: school.id, name: 'C1 普通班', licenceClass: 'C1', priceFen: 380_000 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('classTypeFees')
    .values({ classTypeId: classType.id, position: 0, item: '培训费', amountFen: 380_000, kind: 'included' })
    .execute();
  return { school, classTypeId: classType.id };
}

function application(schoolId: string, classTypeId: string) {
  return {
    name: '李四',
    idNumber: makeIdNumber(
      '370102',
      `19${90 + Math.floor(Math.random() * 9)}0${1 + Math.floor(Math.random() * 9)}11`,
    ),
    phone: '13800138001',
    photo: { contentType: 'image/png', base64: png.toString('base64') },
    password: 'trainee-pass-1',
    schoolId,
    classTypeId,
    idempotencyKey: randomUUID(),
  };
}

const count = async (table: 'trainees' | 'users' | 'enrolment_contracts') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.ctx.app.db))
    .rows[0]!.n;

describe('sanctions on enrolment', () => {
  it('refuses enrolment while the school has stopped enrolling or is suspended; rectify or a lift lets it through', async () => {
    t.ctx.clock.set(new Date('2026-11-02T09:00:00+08:00'));
    const { school, classTypeId } = await schoolWithClass();
    const stopped = await list({
      subject: 'school',
      schoolId: school.id,
      reason: '学时造假',
      sanction: 'enrolment_stopped',
      untilDate: '2026-12-31',
    });
    const before = await Promise.all([count('trainees'), count('users'), count('enrolment_contracts')]);
    const refused = await post(null, '/api/public/enrolments', application(school.id, classTypeId));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'enrolment.school_sanctioned',
      details: { sanction: 'enrolment_stopped', untilDate: '2026-12-31' },
    });
    expect(await Promise.all([count('trainees'), count('users'), count('enrolment_contracts')])).toEqual(
      before,
    );

    // Lifted after review, then 停业整顿 refuses too; a rectify entry stops nothing.
    await lift(stopped);
    const suspended = await list({
      subject: 'school',
      schoolId: school.id,
      reason: '停业整顿',
      sanction: 'business_suspended',
    });
    const again = await post(null, '/api/public/enrolments', application(school.id, classTypeId));
    expect(again.json()).toMatchObject({
      code: 'enrolment.school_sanctioned',
      details: { sanction: 'business_suspended' },
    });
    await lift(suspended);
    await list({ subject: 'school', schoolId: school.id, reason: '限期整改', sanction: 'rectify' });
    const accepted = await post(null, '/api/public/enrolments', application(school.id, classTypeId));
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('takes effect on the entry’s first day and ends after its last', async () => {
    t.ctx.clock.set(new Date('2026-11-02T09:00:00+08:00'));
    const { school, classTypeId } = await schoolWithClass();
    await list({
      subject: 'school',
      schoolId: school.id,
      reason: '下周起停止招生',
      sanction: 'enrolment_stopped',
      fromDate: '2026-11-09',
      untilDate: '2026-11-15',
    });
    const code = async () =>
      (await post(null, '/api/public/enrolments', application(school.id, classTypeId))).statusCode;
    expect(await code()).toBe(200);
    t.ctx.clock.set(new Date('2026-11-09T00:00:01+08:00'));
    expect(await code()).toBe(409);
    t.ctx.clock.set(new Date('2026-11-16T00:00:01+08:00'));
    expect(await code()).toBe(200);
    t.ctx.clock.set(new Date('2026-11-02T09:00:00+08:00'));
  });
});

describe('sanctions on a coach’s terminal sign-in', () => {
  it('answers a suspended coach 0x8101 result 9 with the reason read aloud, quarantines it, and signs in after the lift', async () => {
    t.ctx.clock.set(new Date('2026-11-02T09:00:00+08:00'));
    cityCookie = await loginAs(
      t.ctx.http,
      (await newUser(t.ctx.app.db, 'regulator_city', { regionCode: regions.city })).username,
      'regulator',
    );
    const car = await t.filedCar();
    const entry = await list({
      subject: 'coach',
      coachId: car.coach.id,
      reason: '收受学员财物',
      sanction: 'suspended',
      untilDate: '2027-02-28',
    });
    const client = await t.authenticated(car.terminal);
    const login = () =>
      client.sendExtended(ExtMsgId.coachLogin, {
        coachNo: car.coach.coachNumber,
        idCardNo: '370102199001011234',
        licenceClass: 'C1',
        gnss: gnss(0),
      });

    login();
    const refused = (await client.extended(ExtMsgId.coachLoginReply)).data as {
      result: number;
      coachNo: string;
      readAloud: number;
      message: string;
    };
    expect(refused).toMatchObject({ result: 9, coachNo: car.coach.coachNumber, readAloud: 1 });
    expect(refused.message).toContain('停止执教至2027-02-28');
    const db = t.ctx.app.db;
    const signIns = () =>
      db.selectFrom('coachSignIns').select('id').where('terminalId', '=', car.terminal.id).execute();
    expect(await signIns()).toHaveLength(0);
    const quarantined = await db
      .selectFrom('quarantinedRecords')
      .select(['kind', 'reason'])
      .where('terminalId', '=', car.terminal.id)
      .execute();
    expect(quarantined).toEqual([{ kind: 'coach_login', reason: 'coach_suspended' }]);
    expect(
      await t.metric('jiapei_training_records_total', 'kind="coach_login",outcome="refused"'),
    ).toBeGreaterThanOrEqual(1);

    await lift(entry);
    login();
    expect((await client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({
      result: 1,
      readAloud: 0,
      message: '',
    });
    expect(await signIns()).toHaveLength(1);
    await client.close();
  });
});
