import type { FastifyInstance, RouteOptions } from 'fastify';
import { hasPermission } from '../shared/access.ts';
import { AppError } from '../shared/app-error.ts';
import type { IdentityService } from '../modules/identity/index.ts';
import { SESSION_COOKIE } from '../modules/identity/index.ts';

/**
 * Default deny. Every API route must carry `config.auth`; a route without it stops start-up rather
 * than going live unguarded. At request time the session cookie becomes `request.actor`, and the
 * route's permission is checked before the handler runs.
 */
export function installAuth(app: FastifyInstance, identity: IdentityService): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    const auth = route.config?.auth;
    if (!auth) throw new Error(`route ${String(route.method)} ${route.url} declares no config.auth`);
  });

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth || 'public' in auth) return;
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
}
