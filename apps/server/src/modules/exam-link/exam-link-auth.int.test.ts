import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newTrainee, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { newUser } from '../../../test/factories.ts';
import {
  approveStageDirectly,
  newIntegrationClient,
  signedHeaders,
  type TestClient,
} from './exam-link.fixtures.ts';
import { MAX_CLOCK_SKEW_MS } from './integration-auth.ts';

/**
 * Signed integration requests: each way a request can be wrong is refused with its reason, and a
 * right one gets exactly the rows of the client's region.
 */
describe('exam link: integration-client authentication', () => {
  let ctx: TestContext;
  let police: TestClient;
  const feed = '/api/exam-link/eligibility?after=0&limit=50';

  beforeAll(async () => {
    ctx = await createTestContext();
    police = await newIntegrationClient(ctx.app.db, { regionCode: regions.city });
  });
  afterAll(() => ctx.close());

  const now = () => ctx.clock.now().getTime();
  const get = (url: string, headers: Record<string, string>) =>
    ctx.http.inject({ method: 'GET', url, headers });
  const post = (url: string, body: object, client: TestClient = police, options = {}) => {
    const payload = JSON.stringify(body);
    return ctx.http.inject({
      method: 'POST',
      url,
      payload,
      headers: signedHeaders(
        client,
        { method: 'POST', url, body: payload },
        { timestamp: now(), ...options },
      ),
    });
  };
  const reasonOf = (res: { json(): { details?: { reason?: string } } }) => res.json().details?.reason;

  it('accepts a good signature', async () => {
    const res = await get(feed, signedHeaders(police, { method: 'GET', url: feed }, { timestamp: now() }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], next: 0 });
  });

  it('refuses a request without the signature headers, and any session cookie', async () => {
    const anonymous = await get(feed, {});
    expect(anonymous.statusCode).toBe(401);
    expect(reasonOf(anonymous)).toBe('signature_headers_missing');

    const regulator = await newUser(ctx.app.db, 'regulator_province', { regionCode: regions.province });
    const cookie = await loginAs(ctx.http, regulator.username, 'regulator');
    expect((await get(feed, { cookie })).statusCode).toBe(401);
  });

  it('refuses a signature made with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = {
      clientKey: police.clientKey,
      privateKeyPem: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const res = await get(feed, signedHeaders(forged, { method: 'GET', url: feed }, { timestamp: now() }));
    expect(res.statusCode).toBe(401);
    expect(reasonOf(res)).toBe('signature_invalid');
  });

  it('refuses a signature over other bytes: another query, another body', async () => {
    const signedFor = signedHeaders(police, { method: 'GET', url: feed }, { timestamp: now() });
    const res = await get('/api/exam-link/eligibility?after=0&limit=51', signedFor);
    expect(reasonOf(res)).toBe('signature_invalid');

    const url = '/api/exam-link/eligibility/lookup';
    const headers = signedHeaders(
      police,
      { method: 'POST', url, body: JSON.stringify({ idNumber: '110101199003077777', name: 'A' }) },
      { timestamp: now() },
    );
    const tampered = await ctx.http.inject({
      method: 'POST',
      url,
      headers,
      payload: JSON.stringify({ idNumber: '110101199003077777', name: 'B' }),
    });
    expect(tampered.statusCode).toBe(401);
    expect(reasonOf(tampered)).toBe('signature_invalid');
  });

  it('refuses stale and far-future timestamps', async () => {
    for (const timestamp of [now() - MAX_CLOCK_SKEW_MS - 1, now() + MAX_CLOCK_SKEW_MS + 1]) {
      const res = await get(feed, signedHeaders(police, { method: 'GET', url: feed }, { timestamp }));
      expect(res.statusCode).toBe(401);
      expect(reasonOf(res)).toBe('timestamp_stale');
    }
    const edge = await get(
      feed,
      signedHeaders(police, { method: 'GET', url: feed }, { timestamp: now() - MAX_CLOCK_SKEW_MS }),
    );
    expect(edge.statusCode).toBe(200);
  });

  it('refuses a replayed nonce, also under a new timestamp', async () => {
    const headers = signedHeaders(police, { method: 'GET', url: feed }, { timestamp: now() });
    expect((await get(feed, headers)).statusCode).toBe(200);
    const replay = await get(feed, headers);
    expect(replay.statusCode).toBe(401);
    expect(reasonOf(replay)).toBe('nonce_replayed');

    // The same nonce with a new timestamp is a new signature, but still the client's used nonce.
    const reused = signedHeaders(
      police,
      { method: 'GET', url: feed },
      { timestamp: now() + 1, nonce: headers['x-jiapei-nonce']! },
    );
    expect(reasonOf(await get(feed, reused))).toBe('nonce_replayed');
  });

  it('refuses a disabled client and a client of another kind (403)', async () => {
    const disabled = await newIntegrationClient(ctx.app.db, { regionCode: regions.city, status: 'disabled' });
    const bank = await newIntegrationClient(ctx.app.db, { regionCode: regions.city, kind: 'bank' });
    for (const [client, reason] of [
      [disabled, 'client_disabled'],
      [bank, 'client_wrong_kind'],
    ] as const) {
      const res = await get(feed, signedHeaders(client, { method: 'GET', url: feed }, { timestamp: now() }));
      expect(res.statusCode).toBe(403);
      expect(reasonOf(res)).toBe(reason);
    }
    const unknown = { ...police, clientKey: 'nobody-we-know' };
    const res = await get(feed, signedHeaders(unknown, { method: 'GET', url: feed }, { timestamp: now() }));
    expect(res.statusCode).toBe(401);
    expect(reasonOf(res)).toBe('client_unknown');
  });

  it('scopes rows to the client region: out-of-region trainees are neither listed nor found', async () => {
    const inside = await newSchool(ctx.app.db, { countyCode: regions.county });
    const outside = await newSchool(ctx.app.db, { countyCode: regions.otherProvinceCounty });
    const near = await newTrainee(ctx.app.db, ctx.app.vault, inside.id);
    const far = await newTrainee(ctx.app.db, ctx.app.vault, outside.id);
    await approveStageDirectly(ctx.app, near, 1, ctx.clock.now());
    await approveStageDirectly(ctx.app, far, 1, ctx.clock.now());

    const listed = await get(feed, signedHeaders(police, { method: 'GET', url: feed }, { timestamp: now() }));
    expect(listed.json().items.map((i: { traineeId: string }) => i.traineeId)).toEqual([near.id]);

    const farId = ctx.app.vault.reveal(far.idNumberCipher);
    const lookup = await post('/api/exam-link/eligibility/lookup', { idNumber: farId, name: far.name });
    expect(lookup.statusCode).toBe(404);
    expect(reasonOf(lookup)).toBe('exam.trainee_unknown');

    const result = await post('/api/exam-link/results', {
      externalId: 'r-far-1',
      traineeId: far.id,
      part: 1,
      examDate: '2026-11-01',
      passed: true,
      score: 95,
    });
    expect(result.statusCode).toBe(404);
    expect(reasonOf(result)).toBe('exam.trainee_unknown');
  });
});

describe('exam link: default deny at start-up', () => {
  it('stops start-up when a route wants integration auth and no verifier is installed', async () => {
    const { default: Fastify } = await import('fastify');
    const { default: cookie } = await import('@fastify/cookie');
    const { installAuth } = await import('../../http/auth.hook.ts');
    const app = Fastify();
    await app.register(cookie);
    installAuth(app, {} as never, null);
    // Registered at top level the route is added at once, and the check throws right there.
    expect(() =>
      app.get('/api/police-only', { config: { auth: { integration: 'police' } } }, async () => 'no'),
    ).toThrow(/needs integration auth, none installed/);
    await app.close();
  });
});
