import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app.ts';
import { anomalyRoutes } from '../modules/anomaly/index.ts';
import { auditLogRoutes } from '../modules/audit-log/index.ts';
import { calendarRoutes } from '../modules/calendar/index.ts';
import { contentRoutes } from '../modules/content/index.ts';
import { identityRoutes } from '../modules/identity/index.ts';
import { examLinkRoutes } from '../modules/exam-link/index.ts';
import { enrolmentRoutes } from '../modules/enrolment/index.ts';
import { escrowLedgerRoutes } from '../modules/escrow-ledger/index.ts';
import { feedbackRoutes } from '../modules/feedback/index.ts';
import { manualReviewRoutes } from '../modules/manual-review/index.ts';
import { monitoringRoutes } from '../modules/monitoring/index.ts';
import { monthlyReportRoutes } from '../modules/monthly-report/index.ts';
import { dashboardRoutes } from '../modules/dashboard/index.ts';
import { registryRoutes } from '../modules/registry/index.ts';
import { supervisionRoutes } from '../modules/supervision/index.ts';
import { terminalCommandsRoutes } from '../modules/terminal-commands/index.ts';
import { trainingHoursRoutes } from '../modules/training-hours/index.ts';
import { trainingReviewRoutes } from '../modules/training-review/index.ts';
import { workOrdersRoutes } from '../modules/work-orders/index.ts';
import { AppError } from '../shared/app-error.ts';
import { METRICS_CONTENT_TYPE } from '../shared/metrics.ts';
import { installAuth } from './auth.hook.ts';
import { installErrorHandler } from './error-handler.ts';
import type { Api } from './types.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  schemaVersion: Type.Integer(),
});

/** The connection's own peer address (not X-Forwarded-For, which a caller could forge). */
function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Portal prefixes whose unknown paths are client-side routes and get the SPA's index.html. */
const portalPrefixes = ['/school', '/regulator', '/'];

/**
 * Builds the HTTP edge without listening, so tests drive it with `inject`. Module routes are listed
 * here explicitly, in one place, rather than autoloaded: the list is short and greppable.
 */
export async function buildHttp(
  app: App,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<Api> {
  const http = Fastify({
    logger: options.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    trustProxy: app.config.TRUST_PROXY,
    ajv: {
      customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  http.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(http);
  await http.register(fastifyCookie);
  installAuth(http, app.identity, app.examLink.integrationAuth);

  await http.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Jiapei 驾培 API',
        version: '0.1.0',
        description: 'Driving-training supervision and public service',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jiapei_session' } } },
    },
  });
  await http.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  http.get(
    '/api/health',
    { config: { auth: { public: true } }, schema: { tags: ['system'], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const, db: app.dbKind, schemaVersion: await app.schemaVersion() }),
  );
  await http.register(identityRoutes(app.identity, { secure: app.config.COOKIE_SECURE }));
  await http.register(registryRoutes(app.registry, app.schoolSearch));
  await http.register(contentRoutes(app.content));
  await http.register(auditLogRoutes(app.audit, app.db));
  await http.register(monitoringRoutes(app.monitoring));
  await http.register(dashboardRoutes(app.dashboard));
  await http.register(trainingHoursRoutes(app.trainingHours));
  await http.register(trainingReviewRoutes(app.trainingReview));
  await http.register(anomalyRoutes(app.anomaly));
  await http.register(manualReviewRoutes(app.manualReview));
  await http.register(examLinkRoutes(app.examLink));
  await http.register(escrowLedgerRoutes(app.escrow));
  await http.register(
    enrolmentRoutes(app.enrolment, app.contractTemplates, { secure: app.config.COOKIE_SECURE }),
  );
  await http.register(feedbackRoutes(app.evaluations, app.complaints));
  await http.register(workOrdersRoutes(app.workOrders));
  await http.register(calendarRoutes(app.calendar));
  await http.register(monthlyReportRoutes(app.monthlyReport));
  await http.register(terminalCommandsRoutes(app.terminalCommands));
  await http.register(supervisionRoutes(app.keySupervision, app.supervisionActions));

  // Prometheus scrape endpoint. It carries no personal data but does describe the fleet, so it is not
  // public on the network: with METRICS_TOKEN set, a scraper sends `Authorization: Bearer <token>`;
  // without it, only loopback callers (a local Prometheus or an SSH tunnel) may read it. The route
  // declares itself public to the session hook, which knows only cookies, and checks here instead.
  http.get(
    '/api/metrics',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (bearer METRICS_TOKEN, or loopback callers when unset)',
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const token = app.config.METRICS_TOKEN;
      if (token) {
        const given = Buffer.from(request.headers.authorization ?? '');
        const expected = Buffer.from(`Bearer ${token}`);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new AppError('auth.unauthenticated', { message: 'metrics need the bearer token' });
        }
      } else if (!isLoopback(request.socket.remoteAddress)) {
        throw new AppError('auth.forbidden', { message: 'metrics are served to loopback callers only' });
      }
      return reply.type(METRICS_CONTENT_TYPE).send(app.metrics.render());
    },
  );

  const indexHtml = path.join(app.config.webDist, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    await http.register(fastifyStatic, { root: app.config.webDist, wildcard: false, index: false });
  }
  http.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api') || request.method !== 'GET') {
      throw new AppError('request.not_found', { message: `no route ${request.method} ${url}` });
    }
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: run `npm run build` (npm start does this for you).');
    }
    if (portalPrefixes.some((p) => url.startsWith(p)) && !path.extname(url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    throw new AppError('request.not_found', { message: `no file ${url}` });
  });

  return http;
}
