import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import { LoginResultSchema, LoginSchema, MeSchema, OkSchema } from './identity.schemas.ts';
import { SESSION_COOKIE, type IdentityService } from './identity.service.ts';

export function identityRoutes(identity: IdentityService, cookie: { secure: boolean }) {
  return async (app: Api) => {
    app.post(
      '/api/auth/login',
      {
        config: { auth: { public: true } },
        schema: { tags: ['auth'], body: LoginSchema, response: { 200: LoginResultSchema } },
      },
      async (request, reply) => {
        const { token, expiresAt, me } = await identity.login({
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? '',
        });
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: cookie.secure,
          path: '/',
          expires: expiresAt,
        });
        return { user: me };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { auth: { permission: Permission.selfRead } },
        schema: { tags: ['auth'], response: { 200: OkSchema } },
      },
      async (request, reply) => {
        await identity.logout(actorOf(request), request.sessionToken ?? '');
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { auth: { permission: Permission.selfRead } },
        schema: { tags: ['auth'], response: { 200: MeSchema } },
      },
      async (request) => identity.getMe(actorOf(request)),
    );
  };
}
