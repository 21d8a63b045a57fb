import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCoach, newSchool, newTrainee, newUser, newVehicle, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe('feedback: evaluations and complaints', () => {
  let ctx: TestContext;
  let schoolA: Awaited<ReturnType<typeof newSchool>>;
  let schoolB: Awaited<ReturnType<typeof newSchool>>;
  let coachA: Awaited<ReturnType<typeof newCoach>>;
  let trainee: Awaited<ReturnType<typeof newTrainee>>;
  const cookies: Record<string, string> = {};
  const accounts: Record<string, { username: string; role: string }> = {};
  const portal = (role: string) =>
    role === 'trainee' ? 'public' : role.startsWith('school') ? 'school' : 'regulator';

  /** Moves the injected clock and signs everyone in again (sessions expire with the moved clock). */
  async function at(iso: string) {
    ctx.clock.set(new Date(iso));
    for (const [name, u] of Object.entries(accounts)) {
      cookies[name] = await loginAs(ctx.http, u.username, portal(u.role));
    }
  }

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.http.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      ...(who ? { headers: { cookie: cookies[who]! } } : {}),
    });

  /** An approved stage submission and its stage.approved event, delivered like the review module does. */
  async function approveStage(t: { id: string; schoolId: string }, part: number): Promise<string> {
    const submitter = await newUser(ctx.app.db, 'school_admin', { schoolId: t.schoolId });
    const id = randomUUID();
    await ctx.app.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('stageSubmissions')
        .values({
          id,
          traineeId: t.id,
          schoolId: t.schoolId,
          part,
          creditedMinutes: 720,
          mileageM: 0,
          teachingLogIds: [],
          record: JSON.stringify({ part }),
          recordSha256: '0'.repeat(64),
          signature: 'test',
          status: 'approved',
          submittedBy: submitter.id,
          reviewedAt: ctx.clock.now(),
        })
        .execute();
      await ctx.app.events.publish(tx, 'stage.approved', {
        stageSubmissionId: id,
        traineeId: t.id,
        schoolId: t.schoolId,
        part,
        approvedAt: ctx.clock.now().toISOString(),
      });
    });
    await ctx.app.events.dispatchPending(ctx.app.db);
    return id;
  }

  const stars = (overall: number, text = '') => ({
    overall,
    teaching: overall,
    attitude: 5,
    car: 4,
    environment: 3,
    text,
  });

  const fileAnonymous = (over: Record<string, unknown> = {}) =>
    call(null, 'POST', '/api/public/complaints', {
      kind: 'complaint',
      category: 'refund_dispute',
      target: 'school',
      schoolId: schoolA.id,
      text: '退学三个月了还没有退费，驾校一直推脱',
      name: '王小明',
      phone: '13900001111',
      idempotencyKey: `key-${randomUUID()}`,
      ...over,
    });

  const auditActions = async (entityId: string) =>
    (
      await ctx.app.db
        .selectFrom('auditLog')
        .select('action')
        .where('entityId', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  beforeAll(async () => {
    ctx = await createTestContext();
    const db = ctx.app.db;
    schoolA = await newSchool(db, { countyCode: regions.county });
    schoolB = await newSchool(db, { countyCode: regions.otherCounty });
    coachA = await newCoach(db, ctx.app.vault, schoolA.id);
    trainee = await newTrainee(db, ctx.app.vault, schoolA.id);
    const otherTrainee = await newTrainee(db, ctx.app.vault, schoolA.id);
    const users = {
      trainee: await newUser(db, 'trainee', { traineeId: trainee.id }),
      otherTrainee: await newUser(db, 'trainee', { traineeId: otherTrainee.id }),
      staffA: await newUser(db, 'school_staff', { schoolId: schoolA.id }),
      adminB: await newUser(db, 'school_admin', { schoolId: schoolB.id }),
      county: await newUser(db, 'regulator_county', { regionCode: regions.county }),
      otherCounty: await newUser(db, 'regulator_county', { regionCode: regions.otherCounty }),
      city: await newUser(db, 'regulator_city', { regionCode: regions.city }),
    };
    Object.assign(accounts, users);
    await at('2026-11-02T09:00:00+08:00');
  });
  afterAll(() => ctx.close());

  it('invites after stage.approved, once, naming the leading coach; one evaluation per stage', async () => {
    await ctx.app.db
      .insertInto('teachingLogs')
      .values({
        source: 'terminal',
        traineeId: trainee.id,
        schoolId: schoolA.id,
        coachId: coachA.id,
        courseCode: '1221120000',
        licenceClass: 'C1',
        part: 2,
        startedAt: new Date('2026-10-01T08:00:00+08:00'),
        endedAt: new Date('2026-10-01T10:00:00+08:00'),
        totalMinutes: 120,
        validMinutes: 120,
        creditedMinutes: 120,
        verdict: 'valid',
      })
      .execute();
    const stageId = await approveStage(trainee, 2);
    // A redelivered event (crash between the handler and the mark) adds nothing.
    await ctx.app.db.transaction().execute((tx) =>
      ctx.app.evaluations.inviteToEvaluate(
        {
          stageSubmissionId: stageId,
          traineeId: trainee.id,
          schoolId: schoolA.id,
          part: 2,
          approvedAt: ctx.clock.now().toISOString(),
        },
        tx,
      ),
    );
    const invitations = (await call('trainee', 'GET', '/api/me/evaluation-invitations')).json();
    expect(invitations.items).toHaveLength(1);
    expect(invitations.items[0]).toMatchObject({
      stageSubmissionId: stageId,
      part: 2,
      coachId: coachA.id,
      coachName: coachA.name,
      evaluation: null,
    });

    const body = { stageSubmissionId: stageId, ...stars(4, '  教练讲得很清楚  ') };
    const first = await call('trainee', 'POST', '/api/me/evaluations', body);
    expect(first.statusCode).toBe(201);
    expect(first.json().evaluation).toMatchObject({
      status: 'published',
      text: '教练讲得很清楚',
      overall: 4,
    });
    const retry = await call('trainee', 'POST', '/api/me/evaluations', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ created: false, evaluation: { id: first.json().evaluation.id } });
    const changed = await call('trainee', 'POST', '/api/me/evaluations', { ...body, overall: 1 });
    expect(changed.json().code).toBe('feedback.evaluation_exists');
    // Another trainee cannot evaluate this stage; nor can anyone evaluate an unapproved one.
    const foreign = await call('otherTrainee', 'POST', '/api/me/evaluations', body);
    expect(foreign.json().code).toBe('feedback.invitation_not_found');
    const bad = await call('trainee', 'POST', '/api/me/evaluations', { ...body, overall: 6 });
    expect(bad.statusCode).toBe(400);
    expect(await auditActions(first.json().evaluation.id)).toEqual(['feedback.evaluation.created']);
  });

  it('holds texts with contacts, lets the regulator publish or hide them, and keeps the averages right', async () => {
    const t = await newTrainee(ctx.app.db, ctx.app.vault, schoolA.id);
    const u = await newUser(ctx.app.db, 'trainee', { traineeId: t.id });
    accounts.t2 = u;
    cookies.t2 = await loginAs(ctx.http, u.username, 'public');
    const s1 = await approveStage(t, 1);
    const s2 = await approveStage(t, 2);
    const held = (
      await call('t2', 'POST', '/api/me/evaluations', {
        stageSubmissionId: s1,
        ...stars(2, '想便宜报名加微信 13812345678'),
      })
    ).json().evaluation;
    expect(held).toMatchObject({ status: 'held', holdReasons: ['phone_number', 'banned_word'] });
    await call('t2', 'POST', '/api/me/evaluations', { stageSubmissionId: s2, ...stars(5, '很好') });

    // Published only: the first test's 4 stars and this 5; the held 2 counts nowhere yet.
    const rating = async () => (await call(null, 'GET', `/api/public/schools/${schoolA.id}/rating`)).json();
    expect(await rating()).toEqual({
      schoolId: schoolA.id,
      count: 2,
      overall: 4.5,
      teaching: 4.5,
      attitude: 5,
      car: 4,
      environment: 3,
    });
    const list = (await call(null, 'GET', `/api/public/schools/${schoolA.id}/evaluations`)).json();
    expect(list.total).toBe(2);
    expect(list.items.map((e: { text: string }) => e.text)).not.toContain(held.text);
    expect(list.items[0]).not.toHaveProperty('traineeId');

    // Moderation queue: the county's regulator sees it, the other county neither sees nor touches it.
    const queue = (await call('county', 'GET', '/api/regulator/evaluations?status=held')).json();
    expect(queue.items.map((e: { id: string }) => e.id)).toContain(held.id);
    const otherQueue = (await call('otherCounty', 'GET', '/api/regulator/evaluations?status=held')).json();
    expect(otherQueue.items).toEqual([]);
    const foreign = await call('otherCounty', 'POST', `/api/regulator/evaluations/${held.id}/moderation`, {
      action: 'publish',
      reason: '核实无广告',
    });
    expect(foreign.json().code).toBe('feedback.evaluation_not_found');

    const published = await call('county', 'POST', `/api/regulator/evaluations/${held.id}/moderation`, {
      action: 'publish',
      reason: '电话为驾校公开号码',
    });
    expect(published.json()).toMatchObject({ status: 'published', moderationReason: '电话为驾校公开号码' });
    expect((await rating()).count).toBe(3);
    expect((await rating()).overall).toBeCloseTo((4 + 5 + 2) / 3, 2);

    const hidden = await call('city', 'POST', `/api/regulator/evaluations/${held.id}/moderation`, {
      action: 'hide',
      reason: '含广告信息',
    });
    expect(hidden.json().status).toBe('hidden');
    expect((await rating()).overall).toBe(4.5);
    // The search read model follows through the 0010 triggers.
    const search = await ctx.app.db
      .selectFrom('schoolSearch')
      .select(['rating', 'ratingCount'])
      .where('schoolId', '=', schoolA.id)
      .executeTakeFirstOrThrow();
    expect(search).toEqual({ rating: 4.5, ratingCount: 2 });
    expect(await ctx.app.evaluations.ratingSummaryOf([schoolB.id])).toEqual([
      {
        schoolId: schoolB.id,
        count: 0,
        overall: null,
        teaching: null,
        attitude: null,
        car: null,
        environment: null,
      },
    ]);
    expect(await auditActions(held.id)).toEqual([
      'feedback.evaluation.created',
      'feedback.evaluation.published',
      'feedback.evaluation.hidden',
    ]);
  });

  it('files real-name complaints with a tracking number, idempotently, and finds them by number and phone', async () => {
    await at('2026-11-02T09:00:00+08:00');
    const noPhone = await fileAnonymous({ phone: undefined });
    expect(noPhone.statusCode).toBe(400);
    const key = 'same-key-123';
    const res = await fileAnonymous({ idempotencyKey: key });
    expect(res.statusCode).toBe(201);
    const c = res.json().complaint;
    expect(c.trackingNumber).toMatch(/^TS261102\d{6}$/);
    expect(c).toMatchObject({
      status: 'submitted',
      schoolId: schoolA.id,
      countyCode: regions.county,
      complainantPhone: '13900001111',
      schoolDueAt: new Date('2026-11-09T09:00:00+08:00').toISOString(),
      byTrainee: false,
    });
    const replay = await fileAnonymous({ idempotencyKey: key });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().complaint.trackingNumber).toBe(c.trackingNumber);
    expect(
      (await fileAnonymous({ idempotencyKey: key, text: '另一件事情，完全不同的内容' })).json().code,
    ).toBe('feedback.idempotency_conflict');

    const lookup = (phone: string) =>
      call(null, 'POST', '/api/public/complaints/lookup', { trackingNumber: c.trackingNumber, phone });
    expect((await lookup('13900001111')).json().id).toBe(c.id);
    expect((await lookup('13900002222')).json().code).toBe('feedback.complaint_not_found');

    // A coach complaint names a coach of that school; a platform one names a county.
    const wrongCoach = await fileAnonymous({ target: 'coach', schoolId: schoolB.id, coachId: coachA.id });
    expect(wrongCoach.json().code).toBe('feedback.complaint_target_invalid');
    const platform = await fileAnonymous({
      target: 'platform',
      schoolId: undefined,
      countyCode: regions.county,
    });
    expect(platform.json().complaint).toMatchObject({
      status: 'escalated',
      escalationReason: 'platform_target',
      schoolId: null,
    });

    // A signed-in trainee files under the roster's name and phone.
    const mine = await call('trainee', 'POST', '/api/me/complaints', {
      kind: 'suggestion',
      category: 'other',
      target: 'school',
      schoolId: schoolA.id,
      text: '希望周末多安排一些练车时段',
      idempotencyKey: 'trainee-key-1',
    });
    expect(mine.json().complaint).toMatchObject({
      complainantName: trainee.name,
      complainantPhone: trainee.phone,
    });
    const own = (await call('trainee', 'GET', '/api/me/complaints')).json().items;
    expect(own.map((x: { id: string }) => x.id)).toEqual([mine.json().complaint.id]);
    expect(await auditActions(c.id)).toEqual(['feedback.complaint.filed']);
  });

  it('scopes the inbox to the school and supervision to the region', async () => {
    const c = (await fileAnonymous()).json().complaint;
    const inbox = (await call('staffA', 'GET', '/api/school/complaints?pageSize=100')).json();
    const seen = inbox.items.find((x: { id: string }) => x.id === c.id);
    expect(seen.complainantPhone).toBe('139****1111');
    expect(inbox.items.every((x: { schoolId: string }) => x.schoolId === schoolA.id)).toBe(true);
    // School B: not in its list, and the detail answers like a missing complaint.
    expect((await call('adminB', 'GET', '/api/school/complaints')).json().items).toEqual([]);
    expect((await call('adminB', 'GET', `/api/school/complaints/${c.id}`)).json().code).toBe(
      'feedback.complaint_not_found',
    );
    expect(
      (await call('adminB', 'POST', `/api/school/complaints/${c.id}/reply`, { text: '不是我们的学员' }))
        .statusCode,
    ).toBe(404);
    // Regulators: the county and the city see it, the neighbouring county does not.
    expect((await call('county', 'GET', `/api/regulator/complaints/${c.id}`)).json().complainantPhone).toBe(
      '13900001111',
    );
    expect((await call('city', 'GET', `/api/regulator/complaints/${c.id}`)).statusCode).toBe(200);
    expect((await call('otherCounty', 'GET', `/api/regulator/complaints/${c.id}`)).statusCode).toBe(404);
    const other = (await call('otherCounty', 'GET', '/api/regulator/complaints?pageSize=100')).json();
    expect(other.items.some((x: { countyCode: string }) => x.countyCode !== regions.otherCounty)).toBe(false);
    // Roles: a trainee has no inbox, a school has no supervision.
    expect((await call('trainee', 'GET', '/api/school/complaints')).statusCode).toBe(403);
    expect((await call('staffA', 'GET', '/api/regulator/complaints')).statusCode).toBe(403);
  });

  it('escalates to the regulator when the school misses its deadline (injected clock)', async () => {
    await at('2026-11-06T15:00:00+08:00'); // a Friday
    const c = (await fileAnonymous()).json().complaint;
    expect(c.schoolDueAt).toBe(new Date('2026-11-13T15:00:00+08:00').toISOString());

    await at('2026-11-13T14:59:00+08:00');
    await ctx.app.complaints.detectOverdue();
    expect((await call('county', 'GET', `/api/regulator/complaints/${c.id}`)).json().status).toBe(
      'submitted',
    );

    await at('2026-11-13T15:01:00+08:00');
    const overdueBefore = (
      await call('county', 'GET', '/api/regulator/complaints?overdue=true&pageSize=100')
    ).json();
    expect(overdueBefore.items.map((x: { id: string }) => x.id)).toContain(c.id);
    const run = await ctx.app.complaints.detectOverdue();
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    const after = (await call('county', 'GET', `/api/regulator/complaints/${c.id}`)).json();
    expect(after).toMatchObject({
      status: 'escalated',
      escalationReason: 'school_overdue',
      regulatorDueAt: new Date('2026-11-20T15:01:00+08:00').toISOString(),
      overdue: false,
    });
    // A second run changes nothing for it.
    await ctx.app.complaints.detectOverdue();
    expect(await auditActions(c.id)).toEqual(['feedback.complaint.filed', 'feedback.complaint.escalated']);

    // The late school may still answer; the complaint stays with the regulator.
    const late = await call('staffA', 'POST', `/api/school/complaints/${c.id}/reply`, {
      text: '已联系学员处理',
    });
    expect(late.json()).toMatchObject({ status: 'escalated', schoolReply: '已联系学员处理' });

    await at('2026-11-21T09:00:00+08:00');
    const stats = (await call('county', 'GET', '/api/regulator/complaints/stats')).json();
    expect(stats.overdueAtRegulator).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus.escalated).toBeGreaterThanOrEqual(1);
    const resolved = await call('county', 'POST', `/api/regulator/complaints/${c.id}/reply`, {
      text: '责令驾校七日内退费',
      outcome: 'resolved',
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', regulatorReply: '责令驾校七日内退费' });
    const again = await call('county', 'POST', `/api/regulator/complaints/${c.id}/reply`, {
      text: '另一个答复',
      outcome: 'resolved',
    });
    expect(again.json().code).toBe('feedback.complaint_state');
  });

  it('reopens to the regulator when the complainant is unsatisfied with the school reply', async () => {
    await at('2026-11-23T10:00:00+08:00'); // a Monday
    const c = (await fileAnonymous({ phone: '13700003333' })).json().complaint;
    const rate = (satisfied: boolean) =>
      call(null, 'POST', '/api/public/complaints/satisfaction', {
        trackingNumber: c.trackingNumber,
        phone: '13700003333',
        satisfied,
      });
    // Nothing to rate before a reply.
    expect((await rate(false)).json().code).toBe('feedback.complaint_state');
    const replied = await call('staffA', 'POST', `/api/school/complaints/${c.id}/reply`, {
      text: '请到校面谈',
    });
    expect(replied.json(), replied.body).toMatchObject({ status: 'school_replied' });
    // A retried reply is a no-op; a different second reply is refused.
    expect(
      (await call('staffA', 'POST', `/api/school/complaints/${c.id}/reply`, { text: '请到校面谈' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call('staffA', 'POST', `/api/school/complaints/${c.id}/reply`, { text: '改口了' })).statusCode,
    ).toBe(409);

    await at('2026-11-24T10:00:00+08:00');
    const reopened = await rate(false);
    expect(reopened.json()).toMatchObject({
      status: 'escalated',
      escalationReason: 'unsatisfied',
      satisfaction: 'unsatisfied',
      regulatorDueAt: new Date('2026-12-01T10:00:00+08:00').toISOString(),
    });
    expect((await rate(false)).statusCode).toBe(200); // retry
    await call('county', 'POST', `/api/regulator/complaints/${c.id}/reply`, {
      text: '已督办退费',
      outcome: 'resolved',
    });
    expect(await auditActions(c.id)).toEqual([
      'feedback.complaint.filed',
      'feedback.complaint.school_replied',
      'feedback.complaint.reopened',
      'feedback.complaint.regulator_replied',
    ]);

    // Satisfied closes it as resolved; an unrated reply closes after the feedback days.
    const s = (await fileAnonymous({ phone: '13700004444' })).json().complaint;
    await call('staffA', 'POST', `/api/school/complaints/${s.id}/reply`, { text: '已退费' });
    const satisfied = await call(null, 'POST', '/api/public/complaints/satisfaction', {
      trackingNumber: s.trackingNumber,
      phone: '13700004444',
      satisfied: true,
    });
    expect(satisfied.json()).toMatchObject({ status: 'resolved', satisfaction: 'satisfied' });
    const u = (await fileAnonymous({ phone: '13700005555' })).json().complaint;
    await call('staffA', 'POST', `/api/school/complaints/${u.id}/reply`, { text: '已处理' });
    await at('2026-12-02T10:00:00+08:00');
    await ctx.app.complaints.detectOverdue();
    expect((await call('county', 'GET', `/api/regulator/complaints/${u.id}`)).json()).toMatchObject({
      status: 'closed',
      closeReason: 'no_feedback',
    });
  });

  it('checks attachments by their bytes and serves them only inside the scope', async () => {
    await at('2026-12-03T10:00:00+08:00');
    const fake = await fileAnonymous({
      attachments: [
        { contentType: 'image/png', dataBase64: Buffer.from('<script>x</script>').toString('base64') },
      ],
    });
    expect(fake.json()).toMatchObject({ code: 'feedback.attachment_invalid', details: { position: 0 } });
    const big = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    const tooBig = await fileAnonymous({
      attachments: [{ contentType: 'image/png', dataBase64: big.toString('base64') }],
    });
    expect(tooBig.json().code).toBe('feedback.attachment_invalid');

    const ok = (
      await fileAnonymous({ attachments: [{ contentType: 'image/png', dataBase64: PNG.toString('base64') }] })
    ).json().complaint;
    expect(ok.attachments).toEqual([
      { id: expect.any(String), contentType: 'image/png', sizeBytes: PNG.length },
    ]);
    const url = (portal: string) => `/api/${portal}/complaints/${ok.id}/attachments/${ok.attachments[0].id}`;
    const image = await call('staffA', 'GET', url('school'));
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);
    expect((await call('county', 'GET', url('regulator'))).statusCode).toBe(200);
    expect((await call('adminB', 'GET', url('school'))).statusCode).toBe(404);
    expect((await call('otherCounty', 'GET', url('regulator'))).statusCode).toBe(404);
  });

  it('publishes complaints per 100 active cars over a rolling 12 months, without suggestions or invalid ones', async () => {
    await at('2027-01-04T10:00:00+08:00');
    const school = await newSchool(ctx.app.db, { countyCode: regions.county });
    for (let i = 0; i < 3; i++) await newVehicle(ctx.app.db, school.id);
    const scrapped = await newVehicle(ctx.app.db, school.id);
    await ctx.app.db
      .updateTable('vehicles')
      .set({ status: 'scrapped' })
      .where('id', '=', scrapped.id)
      .execute();

    const fileAt = (over: Record<string, unknown> = {}) => fileAnonymous({ schoolId: school.id, ...over });
    const old = (await fileAt()).json().complaint;
    await at('2027-06-01T10:00:00+08:00');
    await fileAt();
    await fileAt({ kind: 'suggestion' });
    const spam = (await fileAt({ text: '测试测试测试测试' })).json().complaint;
    const rate = async () =>
      (await call(null, 'GET', `/api/public/schools/${school.id}/complaint-rate`)).json();
    expect(await rate()).toMatchObject({ complaintCount: 3, activeVehicleCount: 3, per100Cars: 100 });

    await call('county', 'POST', `/api/regulator/complaints/${spam.id}/reply`, {
      text: '无效投诉',
      outcome: 'invalid',
    });
    expect(await rate()).toMatchObject({ complaintCount: 2, per100Cars: 66.67 });
    const searchRow = () =>
      ctx.app.db
        .selectFrom('schoolSearch')
        .select(['complaintCount', 'complaintsPerHundredCars'])
        .where('schoolId', '=', school.id)
        .executeTakeFirstOrThrow();
    expect(await searchRow()).toEqual({ complaintCount: 2, complaintsPerHundredCars: 66.67 });

    // Twelve months after the first complaint it leaves the window; the job moves the stored count.
    await at('2028-01-05T10:00:00+08:00');
    expect(await rate()).toMatchObject({ complaintCount: 1, per100Cars: 33.33 });
    await ctx.app.complaints.detectOverdue();
    expect(await searchRow()).toEqual({ complaintCount: 1, complaintsPerHundredCars: 33.33 });
    expect(old.id).toBeDefined();
    expect(await ctx.app.complaints.complaintRatePer100Cars([school.id, schoolB.id])).toMatchObject([
      { schoolId: school.id, complaintCount: 1 },
      { schoolId: schoolB.id, complaintCount: 0, activeVehicleCount: 0, per100Cars: null },
    ]);
  });
});
