import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.ts';
import { latestSchemaVersion } from '../db/migrate.ts';
import { buildHttp } from './build-http.ts';

describe('HTTP edge', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('reports health with the database kind and schema version', async () => {
    const res = await ctx.http.inject({ method: 'GET', url: '/api/health' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      schemaVersion: latestSchemaVersion(),
    });
  });

  it('echoes a valid request id and invents one otherwise', async () => {
    const given = await ctx.http.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'abc-123' },
    });
    const invented = await ctx.http.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'bad id!' },
    });

    expect(given.headers['x-request-id']).toBe('abc-123');
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await ctx.http.inject({ method: 'GET', url: '/api/no-such-thing' });

    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'request.not_found', requestId: expect.any(String) });
  });

  it('rejects malformed JSON with a 400 and a stable code', async () => {
    const res = await ctx.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a", ',
    });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.invalid' });
  });

  it('rejects schema violations with one message per field', async () => {
    const res = await ctx.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '', portal: 'elsewhere' },
    });

    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('request.invalid');
    const fields = (body.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.username', 'body.password', 'body.portal']));
  });

  it('rejects an out-of-range query parameter', async () => {
    const res = await ctx.http.inject({ method: 'GET', url: '/api/public/schools?pageSize=5000' });

    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('querystring.pageSize');
  });

  it('answers 401 without a session and with an unknown cookie', async () => {
    const none = await ctx.http.inject({ method: 'GET', url: '/api/auth/me' });
    const forged = await ctx.http.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { jiapei_session: 'forged' },
    });

    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('auth.unauthenticated');
    expect(forged.statusCode).toBe(401);
  });

  it('serves the OpenAPI document', async () => {
    const res = await ctx.http.inject({ method: 'GET', url: '/api/docs/json' });

    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/public/schools']),
    );
  });

  it('refuses to start when a route declares no auth (default deny)', async () => {
    const http = await buildHttp(ctx.app);
    const start = async () => {
      http.get('/api/unguarded', async () => ({ ok: true }));
      await http.ready();
    };

    await expect(start()).rejects.toThrow(/declares no config.auth/);
    await http.close().catch(() => {});
  });
});
