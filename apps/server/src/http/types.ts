import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { IntegrationClient, IntegrationKind } from '../modules/exam-link/index.ts';
import type { Actor } from '../shared/access.ts';
import { AppError } from '../shared/app-error.ts';
import type { Permission } from '../shared/permissions.ts';

/**
 * What every route must declare (default deny): public, the one permission a session needs, or the
 * kind of integration client whose signed requests it serves (no session is accepted there).
 */
export type RouteAuth = { public: true } | { permission: Permission } | { integration: IntegrationKind };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    /** Set on integration routes once the request's signature and nonce have been verified. */
    integrationClient: IntegrationClient | null;
  }
}

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** For handlers of permission-guarded routes: the auth hook has already resolved the actor. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.unauthenticated');
  return request.actor;
}

/** For handlers of integration routes: the auth hook has already verified the signed request. */
export function integrationClientOf(request: FastifyRequest): IntegrationClient {
  if (!request.integrationClient) throw new AppError('auth.unauthenticated');
  return request.integrationClient;
}
