import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { hasPermission } from '../shared/access.ts';
import { AppError } from '../shared/app-error.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import { SESSION_COOKIE } from '../modules/identity/index.ts';
import {
  EMPTY_BODY_SHA256,
  readSignatureHeaders,
  type IntegrationAuth,
  type IntegrationClient,
  type SignedRequestHeaders,
} from '../modules/exam-link/index.ts';

type Pending = {
  signed: SignedRequestHeaders;
  identified: Awaited<ReturnType<IntegrationAuth['identify']>>;
  bodySha256Hex: string | null;
};
const pendingSignature = new WeakMap<FastifyRequest, Pending>();

/**
 * Default deny. Every API route must carry `config.auth`; a route without it stops start-up rather
 * than going live unguarded. Three kinds:
 *
 * - `{ permission }`: the session cookie becomes `request.actor`, and the permission is checked before
 *   the handler runs.
 * - `{ integration: kind }`: a signed request from an integration client of that kind (see
 *   modules/exam-link/integration-auth.ts). Headers, freshness and the client are checked on arrival;
 *   the body is hashed as it streams in, and the signature and nonce are checked before validation,
 *   so the handler only ever sees verified bytes. Sessions are not accepted there, and a signed
 *   request is not accepted anywhere else. A route of this kind with no verifier installed stops
 *   start-up.
 * - `{ public: true }`.
 */
export function installAuth(
  app: FastifyInstance,
  identity: IdentityService,
  integrations: IntegrationAuth | null = null,
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('integrationClient', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    const auth = route.config?.auth;
    if (!auth) throw new Error(`route ${String(route.method)} ${route.url} declares no config.auth`);
    if ('integration' in auth && !integrations) {
      throw new Error(`route ${String(route.method)} ${route.url} needs integration auth, none installed`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth || 'public' in auth) return;
    if ('integration' in auth) {
      // Checked at start-up; a null here would be a wiring bug, and it must still refuse.
      if (!integrations) throw new AppError('auth.unauthenticated');
      const signed = readSignatureHeaders(request.headers);
      const identified = await integrations.identify(signed, auth.integration);
      pendingSignature.set(request, { signed, identified, bodySha256Hex: null });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.sessionToken = token;
      request.actor = await identity.authenticate(token);
    }
    if (!request.actor) throw new AppError('auth.unauthenticated');
    if (!hasPermission(request.actor, auth.permission)) {
      throw new AppError('auth.forbidden', { message: `${request.actor.role} lacks ${auth.permission}` });
    }
  });

  // Hash the body bytes exactly as they arrive, before any parser or schema touches them.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const pending = pendingSignature.get(request);
    // GET and HEAD bodies are never read, so they are signed as empty whatever is sent.
    if (!pending || request.method === 'GET' || request.method === 'HEAD') return payload;
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        (hashing as unknown as { receivedEncodedLength: number }).receivedEncodedLength += chunk.length;
        done(null, chunk);
      },
      flush(done) {
        pending.bodySha256Hex = hash.digest('hex');
        done();
      },
    });
    (hashing as unknown as { receivedEncodedLength: number }).receivedEncodedLength = 0;
    payload.on('error', (err) => hashing.destroy(err));
    return payload.pipe(hashing);
  });

  app.addHook('preValidation', async (request) => {
    const pending = pendingSignature.get(request);
    if (!pending || !integrations) return;
    pendingSignature.delete(request);
    const [path, query = ''] = splitUrl(request.raw.url ?? request.url);
    const client: IntegrationClient = await integrations.verify(pending.identified, pending.signed, {
      method: request.method,
      path,
      query,
      // No body was read (GET, or an empty POST): the client signs the hash of zero bytes.
      bodySha256Hex: pending.bodySha256Hex ?? EMPTY_BODY_SHA256,
    });
    request.integrationClient = client;
  });
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}
