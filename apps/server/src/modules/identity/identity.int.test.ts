import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newUser, regions, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';

describe('identity: login, sessions, lockout', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000' });
  });
  afterAll(() => ctx.close());

  const login = (username: string, password: string, portal = 'regulator', remoteAddress = '10.0.0.1') =>
    ctx.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password, portal },
      remoteAddress,
    });

  it('signs in with an HttpOnly, SameSite session cookie and answers /me', async () => {
    const user = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });

    const res = await login(user.username, TEST_PASSWORD);

    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jiapei_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json().user).toMatchObject({
      username: user.username,
      role: 'regulator_city',
      region: { code: '370100', name: '济南市' },
    });
    const me = await ctx.http.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { jiapei_session: cookie!.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).toContain('regulator.overview.read');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const user = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });

    const unknown = await login('nobody-here', 'whatever');
    const wrong = await login(user.username, 'wrong-password');

    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().code).toBe('auth.invalid_credentials');
    expect(wrong.json().code).toBe('auth.invalid_credentials');
  });

  it('locks an account after five failures, even against the right password, until the lock expires', async () => {
    const user = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });

    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(user.username, `bad-${i}`)).json().code);
    const whileLocked = await login(user.username, TEST_PASSWORD);
    ctx.clock.advance(16 * 60_000);
    const afterLock = await login(user.username, TEST_PASSWORD);

    expect(codes).toEqual([...Array(4).fill('auth.invalid_credentials'), 'auth.account_locked']);
    expect(whileLocked.statusCode).toBe(423);
    expect(afterLock.statusCode).toBe(200);
  });

  it('throttles many attempts from one address', async () => {
    const strict = await createTestContext({ LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '3' });
    try {
      const attempt = () =>
        strict.http.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'someone', password: 'x', portal: 'public' },
          remoteAddress: '10.9.9.9',
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);

      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });

  it('refuses a login through another portal', async () => {
    const school = await newSchool(ctx.app.db);
    const admin = await newUser(ctx.app.db, 'school_admin', { schoolId: school.id });

    const res = await login(admin.username, TEST_PASSWORD, 'regulator');

    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'auth.wrong_portal', details: { portal: 'school' } });
  });

  it('ends the session on logout', async () => {
    const user = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });
    const cookie = await loginAs(ctx.http, user.username, 'regulator');

    const out = await ctx.http.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    const me = await ctx.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

    expect(out.statusCode).toBe(200);
    expect(me.statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const user = await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city });
    const cookie = await loginAs(ctx.http, user.username, 'regulator');

    ctx.clock.advance(13 * 3600_000);
    const me = await ctx.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

    expect(me.statusCode).toBe(401);
  });
});
