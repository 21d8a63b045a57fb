import { randomUUID } from 'node:crypto';
import { createBankSandbox, type BankSandbox } from '@jiapei/bank-sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { makeIdNumber, newSchool, newUser, regions } from '../../../test/factories.ts';
import { modelTemplate } from './model-template.ts';

/**
 * Enrolment over real HTTP: the regulator's template, the anonymous application (account + sign-in),
 * the trainee's signature, the school's countersignature opening the escrow contract, payment through
 * the bank sandbox, transfer, and the refusals that must leave nothing behind.
 */
const SECRET = 'enrolment-int-test-callback-secret';
const API_KEY = 'enrolment-int-test-key';

let ctx: TestContext;
let bank: BankSandbox;
let clockNow: () => Date = () => new Date();
let regulatorCookie: string;

// A 1×1 PNG, padded to pass the minimum size (the checks look at the magic bytes and the size).
const png = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(200, 0),
]);
const photo = { contentType: 'image/png' as const, base64: png.toString('base64') };

beforeAll(async () => {
  bank = createBankSandbox({
    callbackSecret: SECRET,
    apiKey: API_KEY,
    retryBaseMs: 20,
    retryMaxMs: 200,
    now: () => clockNow(),
  });
  const bankUrl = await bank.listen(0);
  ctx = await createTestContext({
    BANK_URL: bankUrl,
    BANK_API_KEY: API_KEY,
    BANK_CALLBACK_SECRET: SECRET,
    BANK_TIMEOUT_MS: '2000',
  });
  clockNow = () => ctx.clock.now();
  const address = await ctx.http.listen({ host: '127.0.0.1', port: 0 });
  ctx.app.setPublicUrl(address);
  const regulator = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });
  regulatorCookie = await loginAs(ctx.http, regulator.username, 'regulator');
  // The city's template in force for every test below.
  const draft = await post(regulatorCookie, '/api/regulator/contract-templates', {
    ...modelTemplate,
    idempotencyKey: randomUUID(),
  });
  expect(draft.statusCode).toBe(200);
  const published = await post(
    regulatorCookie,
    `/api/regulator/contract-templates/${draft.json().id}/publish`,
    {},
  );
  expect(published.json()).toMatchObject({ status: 'published', inForce: true });
});
afterAll(async () => {
  await bank?.close();
  await ctx?.close();
});

function post(cookie: string | null, url: string, payload: unknown) {
  return ctx.http.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: cookie ? { cookie } : {},
  });
}
function get(cookie: string, url: string) {
  return ctx.http.inject({ method: 'GET', url, headers: { cookie } });
}
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  `jiapei_session=${res.cookies.find((c) => c.name === 'jiapei_session')!.value}`;

async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function schoolWithClass(overrides: { countyCode?: string; priceFen?: number } = {}) {
  const db = ctx.app.db;
  const school = await newSchool(db, overrides.countyCode ? { countyCode: overrides.countyCode } : {});
  const classType = await db
    .insertInto('classTypes')
    .values({
      schoolId: school.id,
      name: 'C1 普通班',
      licenceClass: 'C1',
      priceFen: overrides.priceFen ?? 380_000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('classTypeFees')
    .values([
      {
        classTypeId: classType.id,
        position: 0,
        item: '培训费',
        amountFen: (overrides.priceFen ?? 380_000) - 20_000,
        kind: 'included',
      },
      { classTypeId: classType.id, position: 1, item: '教材及资料费', amountFen: 20_000, kind: 'included' },
      {
        classTypeId: classType.id,
        position: 2,
        item: '补考费',
        amountFen: 30_000,
        kind: 'extra',
        note: '每科每次',
      },
    ])
    .execute();
  const admin = await newUser(db, 'school_admin', { schoolId: school.id });
  const adminCookie = await loginAs(ctx.http, admin.username, 'school');
  return { school, classTypeId: classType.id, adminCookie };
}

function application(schoolId: string, classTypeId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: '张三丰',
    idNumber: makeIdNumber(
      '370102',
      `19${90 + Math.floor(Math.random() * 9)}0${1 + Math.floor(Math.random() * 9)}15`,
    ),
    phone: '13800138000',
    photo,
    password: 'trainee-pass-1',
    schoolId,
    classTypeId,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

type Contract = {
  id: string;
  status: string;
  text: string;
  textSha256: string;
  trainee: { name: string; traineeNumber: string };
  escrow: { contractId: string; status: string } | null;
  verification: {
    valid: boolean;
    textHashValid: boolean;
    traineeSignatureValid: boolean | null;
    schoolSignatureValid: boolean | null;
  };
};

async function applyAndSign(schoolId: string, classTypeId: string) {
  const app = application(schoolId, classTypeId);
  const res = await post(null, '/api/public/enrolments', app);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = cookieOf(res);
  const contract = (res.json() as { contract: Contract }).contract;
  const signed = await post(cookie, `/api/trainee/enrolment/contracts/${contract.id}/signature`, {
    signedName: app.name,
    consent: true,
    textSha256: contract.textSha256,
  });
  expect(signed.statusCode, signed.body).toBe(200);
  return { app, cookie, contract: signed.json() as Contract };
}

async function count(table: 'trainees' | 'users' | 'enrolment_contracts' | 'escrow_contracts') {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(ctx.app.db);
  return r.rows[0]!.n;
}

describe('contract templates', () => {
  it('versions a city template: drafts change, published versions never do, the newest in force wins', async () => {
    const missing = await post(regulatorCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      body: modelTemplate.body.replace('{{refundRule}}', ''),
      idempotencyKey: randomUUID(),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'contract_template.invalid',
      details: { missing: ['refundRule'] },
    });
    const badPlan = await post(regulatorCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      releasePlan: { kind: 'stages', steps: [{ on: 'enrolment', percent: 50 }] },
      idempotencyKey: randomUUID(),
    });
    expect(badPlan.json()).toMatchObject({ code: 'escrow.invalid_plan' });

    const key = randomUUID();
    const draft = await post(regulatorCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      idempotencyKey: key,
    });
    const retry = await post(regulatorCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      idempotencyKey: key,
    });
    expect(retry.json().id).toBe(draft.json().id);
    const v = draft.json() as { id: string; version: number; status: string; inForce: boolean };
    expect(v).toMatchObject({ status: 'draft', inForce: false });

    const edited = await ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/contract-templates/${v.id}`,
      headers: { cookie: regulatorCookie },
      payload: { ...modelTemplate, perHourFen: 16_000, releasePlan: { kind: 'hours', upfrontPercent: 30 } },
    });
    expect(edited.json()).toMatchObject({ perHourFen: 16_000, releasePlan: { kind: 'hours' } });

    // Published from tomorrow: the earlier version stays in force until then.
    const tomorrow = new Date(ctx.clock.now().getTime() + 86_400_000).toISOString();
    const pub = await post(regulatorCookie, `/api/regulator/contract-templates/${v.id}/publish`, {
      effectiveFrom: tomorrow,
    });
    expect(pub.json()).toMatchObject({ status: 'published', pending: true, inForce: false });
    const changeAfter = await ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/contract-templates/${v.id}`,
      headers: { cookie: regulatorCookie },
      payload: modelTemplate,
    });
    expect(changeAfter.statusCode).toBe(409);
    expect(changeAfter.json().code).toBe('contract_template.published');
    // The database refuses too, whoever asks.
    await expect(
      ctx.app.db.updateTable('contractTemplates').set({ body: 'x' }).where('id', '=', v.id).execute(),
    ).rejects.toThrow(/published and cannot change/);

    ctx.clock.advance(2 * 86_400_000);
    // Sessions expire meanwhile; sign in again.
    const regulator = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });
    regulatorCookie = await loginAs(ctx.http, regulator.username, 'regulator');
    const list = await get(regulatorCookie, '/api/regulator/contract-templates');
    const rows = (list.json() as { templates: Array<{ id: string; version: number; inForce: boolean }> })
      .templates;
    expect(rows.find((t) => t.inForce)?.id).toBe(v.id);
    expect(rows.filter((t) => t.inForce)).toHaveLength(1);
    expect(new Set(rows.map((t) => t.version)).size).toBe(rows.length);

    // A school reads its city's published versions only; a school of another province sees none.
    const { adminCookie } = await schoolWithClass();
    const forSchool = (await get(adminCookie, '/api/school/contract-templates')).json() as {
      templates: Array<{ status: string }>;
    };
    expect(forSchool.templates.length).toBeGreaterThan(0);
    expect(forSchool.templates.every((t) => t.status === 'published')).toBe(true);
    const far = await schoolWithClass({ countyCode: regions.otherProvinceCounty });
    expect((await get(far.adminCookie, '/api/school/contract-templates')).json().templates).toEqual([]);
    // Schools cannot write templates.
    const schoolWrite = await post(adminCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      idempotencyKey: randomUUID(),
    });
    expect(schoolWrite.statusCode).toBe(403);

    // Put the model (stages) plan back in force for the tests that follow.
    const again = await post(regulatorCookie, '/api/regulator/contract-templates', {
      ...modelTemplate,
      idempotencyKey: randomUUID(),
    });
    await post(regulatorCookie, `/api/regulator/contract-templates/${again.json().id}/publish`, {});
  });
});

describe('enrolment', () => {
  it('applies, signs, countersigns (escrow opened), pays through the bank, and renders the PDF', async () => {
    const { school, classTypeId, adminCookie } = await schoolWithClass();
    const app = application(school.id, classTypeId);
    const res = await post(null, '/api/public/enrolments', app);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { username: string; contract: Contract };
    expect(body.username).toMatch(/^370102\d{10}$/);
    expect(body.contract.trainee.traineeNumber).toBe(body.username);
    expect(body.contract.status).toBe('awaiting_trainee_signature');
    // Every term is filled in the text the trainee reads.
    expect(body.contract.text).not.toMatch(/\{\{|\}\}/);
    for (const term of [
      school.name,
      '3,800.00',
      '教材及资料费',
      '补考费（另计',
      '150.00',
      '第一部分培训经审核通过后拨付 10%',
    ]) {
      expect(body.contract.text).toContain(term);
    }
    expect(body.contract.text).not.toContain(app.idNumber);
    const cookie = cookieOf(res);
    // The same request again (a lost answer, a double click) returns the same contract and signs in again.
    const retry = await post(null, '/api/public/enrolments', app);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().contract.id).toBe(body.contract.id);
    const id = body.contract.id;

    // Countersigning before the trainee signs is refused.
    const early = await post(adminCookie, `/api/school/enrolment/contracts/${id}/countersignature`, {});
    expect(early.json().code).toBe('enrolment.wrong_state');

    const sign = (payload: object) =>
      post(cookie, `/api/trainee/enrolment/contracts/${id}/signature`, payload);
    const base = { signedName: app.name, consent: true, textSha256: body.contract.textSha256 };
    expect((await sign({ ...base, signedName: '李四' })).json().code).toBe('enrolment.name_mismatch');
    expect((await sign({ ...base, consent: false })).json().code).toBe('enrolment.consent_required');
    expect((await sign({ ...base, textSha256: '0'.repeat(64) })).json().code).toBe('enrolment.text_changed');
    const signed = await sign(base);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'awaiting_school_signature',
      verification: { valid: true, traineeSignatureValid: true },
    });
    expect((await sign(base)).statusCode).toBe(200); // a retry is the same signature

    const countersign = () => post(adminCookie, `/api/school/enrolment/contracts/${id}/countersignature`, {});
    const active = await countersign();
    expect(active.statusCode, active.body).toBe(200);
    const c = active.json() as Contract;
    expect(c).toMatchObject({
      status: 'active',
      escrow: { status: 'awaiting_payment' },
      verification: { valid: true, schoolSignatureValid: true },
    });
    const again = await countersign();
    expect(again.json().escrow.contractId).toBe(c.escrow!.contractId);
    const ledger = await ctx.app.db
      .selectFrom('escrowContracts')
      .selectAll()
      .where('id', '=', c.escrow!.contractId)
      .executeTakeFirstOrThrow();
    expect(ledger).toMatchObject({ priceFen: 380_000, perHourFen: 15_000, schoolId: school.id });
    const trainee = await ctx.app.db
      .selectFrom('trainees')
      .select(['status', 'schoolId'])
      .where('traineeNumber', '=', body.username)
      .executeTakeFirstOrThrow();
    expect(trainee).toEqual({ status: 'training', schoolId: school.id });

    // Payment: nothing escrowed until the bank confirms.
    const pay = await post(cookie, `/api/trainee/enrolment/contracts/${id}/payments`, {
      idempotencyKey: randomUUID(),
    });
    expect(pay.statusCode, pay.body).toBe(200);
    expect(pay.json()).toMatchObject({ amountFen: 380_000, status: 'pending' });
    expect((await get(cookie, `/api/trainee/enrolment/contracts/${id}`)).json().escrow.status).toBe(
      'awaiting_payment',
    );
    await fetch(pay.json().payUrl as string, { method: 'POST' });
    await until(() => bank.callbackSummary().pending === 0);
    expect((await get(cookie, `/api/trainee/enrolment/contracts/${id}`)).json().escrow.status).toBe('active');

    const pdf = await ctx.http.inject({
      method: 'GET',
      url: `/api/trainee/enrolment/contracts/${id}/pdf`,
      headers: { cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The Chinese text is drawn with the embedded Noto Sans SC subsets, not a fallback font.
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  });

  it('refuses a bad ID check digit, a bad photo and a stopped school, and writes nothing', async () => {
    const { school, classTypeId } = await schoolWithClass();
    const before = await Promise.all([count('trainees'), count('users'), count('enrolment_contracts')]);
    const good = application(school.id, classTypeId);
    const last = good.idNumber.at(-1)!;
    const wrongCheck = good.idNumber.slice(0, 17) + (last === '0' ? '1' : '0');
    const bad = await post(null, '/api/public/enrolments', { ...good, idNumber: wrongCheck });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'enrolment.id_number_invalid',
      details: [{ field: 'idNumber' }],
    });
    const notImage = await post(null, '/api/public/enrolments', {
      ...good,
      photo: { contentType: 'image/jpeg', base64: png.toString('base64') },
    });
    expect(notImage.json().code).toBe('enrolment.photo_invalid');
    const tooBig = await post(null, '/api/public/enrolments', {
      ...good,
      photo: {
        contentType: 'image/png',
        base64: Buffer.concat([png, Buffer.alloc(210 * 1024)]).toString('base64'),
      },
    });
    expect(tooBig.json().code).toBe('enrolment.photo_invalid');
    await ctx.app.db
      .updateTable('schools')
      .set({ status: 'enrolment_stopped' })
      .where('id', '=', school.id)
      .execute();
    const stopped = await post(null, '/api/public/enrolments', good);
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().code).toBe('enrolment.school_not_enrolling');
    expect(await Promise.all([count('trainees'), count('users'), count('enrolment_contracts')])).toEqual(
      before,
    );
    await ctx.app.db
      .updateTable('schools')
      .set({ status: 'operating' })
      .where('id', '=', school.id)
      .execute();
    // The same person cannot open a second account; they sign in instead.
    expect((await post(null, '/api/public/enrolments', good)).statusCode).toBe(200);
    const twice = await post(null, '/api/public/enrolments', { ...good, idempotencyKey: randomUUID() });
    expect(twice.json().code).toBe('enrolment.already_registered');
  });

  it('detects tampered stored text: no countersignature, no escrow; after signing, verification fails', async () => {
    const { school, classTypeId, adminCookie } = await schoolWithClass();
    const { contract } = await applyAndSign(school.id, classTypeId);
    const escrowsBefore = await count('escrow_contracts');
    await ctx.app.db
      .updateTable('enrolmentContracts')
      .set({ text: contract.text.replace('3,800.00', '380.00') })
      .where('id', '=', contract.id)
      .execute();
    const refused = await post(
      adminCookie,
      `/api/school/enrolment/contracts/${contract.id}/countersignature`,
      {},
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('enrolment.signature_invalid');
    expect(await count('escrow_contracts')).toBe(escrowsBefore);

    // A signed contract whose text (and hash) are rewritten afterwards no longer verifies.
    const second = await applyAndSign(school.id, classTypeId);
    expect(
      (await post(adminCookie, `/api/school/enrolment/contracts/${second.contract.id}/countersignature`, {}))
        .statusCode,
    ).toBe(200);
    const forged = second.contract.text.replace('3,800.00', '380.00');
    const { createHash } = await import('node:crypto');
    await ctx.app.db
      .updateTable('enrolmentContracts')
      .set({ text: forged, textSha256: createHash('sha256').update(forged).digest('hex') })
      .where('id', '=', second.contract.id)
      .execute();
    const seen = (
      await get(adminCookie, `/api/school/enrolment/contracts/${second.contract.id}`)
    ).json() as Contract;
    expect(seen.verification).toMatchObject({
      textHashValid: true,
      traineeSignatureValid: false,
      valid: false,
    });
  });

  it('scopes contracts: a school sees its own, a trainee their own', async () => {
    const a = await schoolWithClass();
    const b = await schoolWithClass();
    const one = await applyAndSign(a.school.id, a.classTypeId);
    const two = await applyAndSign(b.school.id, b.classTypeId);
    expect((await get(b.adminCookie, `/api/school/enrolment/contracts/${one.contract.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await post(b.adminCookie, `/api/school/enrolment/contracts/${one.contract.id}/countersignature`, {}))
        .statusCode,
    ).toBe(404);
    const listB = (await get(b.adminCookie, '/api/school/enrolment/contracts')).json() as {
      contracts: Array<{ id: string }>;
    };
    expect(listB.contracts.map((c) => c.id)).toEqual([two.contract.id]);
    expect((await get(two.cookie, `/api/trainee/enrolment/contracts/${one.contract.id}`)).statusCode).toBe(
      404,
    );
    const mine = (await get(two.cookie, '/api/trainee/enrolment/contracts')).json() as {
      contracts: Array<{ id: string }>;
    };
    expect(mine.contracts.map((c) => c.id)).toEqual([two.contract.id]);
    // A trainee cannot countersign; a regulator cannot read school contracts through the school route.
    expect(
      (await post(two.cookie, `/api/school/enrolment/contracts/${two.contract.id}/countersignature`, {}))
        .statusCode,
    ).toBe(403);
  });

  it('transfers: a trainee with a paid contract signs with a new school; the escrow moves once it is countersigned', async () => {
    const a = await schoolWithClass();
    const b = await schoolWithClass({ priceFen: 420_000 });
    const first = await applyAndSign(a.school.id, a.classTypeId);
    const active = (
      await post(a.adminCookie, `/api/school/enrolment/contracts/${first.contract.id}/countersignature`, {})
    ).json() as Contract;
    const pay = await post(first.cookie, `/api/trainee/enrolment/contracts/${first.contract.id}/payments`, {
      idempotencyKey: randomUUID(),
    });
    await fetch(pay.json().payUrl as string, { method: 'POST' });
    await until(() => bank.callbackSummary().pending === 0);

    const key = randomUUID();
    const apply = () =>
      post(first.cookie, '/api/trainee/enrolments', {
        schoolId: b.school.id,
        classTypeId: b.classTypeId,
        idempotencyKey: key,
      });
    const created = await apply();
    expect(created.statusCode, created.body).toBe(200);
    expect((await apply()).json().id).toBe(created.json().id);
    const next = created.json() as Contract & { transferFromContractId: string };
    expect(next.transferFromContractId).toBe(first.contract.id);
    const signed = await post(first.cookie, `/api/trainee/enrolment/contracts/${next.id}/signature`, {
      signedName: first.app.name,
      consent: true,
      textSha256: next.textSha256,
    });
    expect(signed.statusCode).toBe(200);
    const done = await post(b.adminCookie, `/api/school/enrolment/contracts/${next.id}/countersignature`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'active', transferDone: true });

    const escrows = await ctx.app.db
      .selectFrom('escrowContracts')
      .select(['id', 'status', 'transferredFrom'])
      .where('id', 'in', [active.escrow!.contractId, done.json().escrow.contractId])
      .execute();
    const oldEscrow = escrows.find((e) => e.id === active.escrow!.contractId)!;
    const newEscrow = escrows.find((e) => e.id === done.json().escrow.contractId)!;
    expect(oldEscrow.status).toBe('transferred');
    expect(newEscrow).toMatchObject({ status: 'active', transferredFrom: oldEscrow.id });
    // The whole 3,800 元 was in escrow (the model plan releases nothing before part 1): all of it moved.
    const moved = await sql<{ balance: number }>`
      SELECT -coalesce(sum(amount_fen), 0)::bigint AS balance FROM ledger_postings
      WHERE account_code = ${`escrow:${newEscrow.id}`}`.execute(ctx.app.db);
    expect(Number(moved.rows[0]!.balance)).toBe(380_000);
    const old = (
      await get(first.cookie, `/api/trainee/enrolment/contracts/${first.contract.id}`)
    ).json() as Contract;
    expect(old.status).toBe('transferred');
    const trainee = await ctx.app.db
      .selectFrom('trainees')
      .select('schoolId')
      .where('traineeNumber', '=', first.contract.trainee.traineeNumber)
      .executeTakeFirstOrThrow();
    expect(trainee.schoolId).toBe(b.school.id);
    expect(await ctx.app.escrow.findInvariantViolations()).toEqual([]);
  });
});
