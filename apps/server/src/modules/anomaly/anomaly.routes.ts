import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  DailyQuerySchema,
  DailySchema,
  LogParamsSchema,
  MapQuerySchema,
  MapSchema,
  RescoreRunListQuerySchema,
  RescoreRunListSchema,
  RescoreRunParamsSchema,
  RescoreRunSchema,
  RescoreSchema,
  SessionDetailSchema,
  SessionListQuerySchema,
  SessionPageSchema,
  type SessionListQueryInput,
} from './anomaly.schemas.ts';
import type { AnomalyService, SessionListQuery } from './anomaly.service.ts';

const needs = (permission: Permission) => ({ auth: { permission } });
const tags = ['anomaly'];

const listQuery = ({ level, ...q }: SessionListQueryInput): SessionListQuery => ({
  ...q,
  ...(level ? { level: level.split(',') as NonNullable<SessionListQuery['level']> } : {}),
});

export function anomalyRoutes(anomaly: AnomalyService) {
  return async (app: Api) => {
    app.get(
      '/api/regulator/anomalies/sessions',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, querystring: SessionListQuerySchema, response: { 200: SessionPageSchema } },
      },
      async (request) => anomaly.listSessions(actorOf(request), listQuery(request.query)),
    );
    app.get(
      '/api/regulator/anomalies/sessions/:logId',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, params: LogParamsSchema, response: { 200: SessionDetailSchema } },
      },
      async (request) => anomaly.getSession(actorOf(request), request.params.logId),
    );
    app.get(
      '/api/regulator/anomalies/map',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, querystring: MapQuerySchema, response: { 200: MapSchema } },
      },
      async (request) => anomaly.map(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/anomalies/daily',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, querystring: DailyQuerySchema, response: { 200: DailySchema } },
      },
      async (request) => anomaly.daily(actorOf(request), request.query),
    );
    // Bulk re-scoring is a background job: 202 with the queued run, 200 with the run already queued or
    // running for the same region and days (a retry does no second work).
    app.post(
      '/api/regulator/anomalies/rescore',
      {
        config: needs(Permission.regulatorAnomalyRun),
        schema: { tags, body: RescoreSchema, response: { 200: RescoreRunSchema, 202: RescoreRunSchema } },
      },
      async (request, reply) => {
        const { run, created } = await anomaly.rescore(actorOf(request), request.body);
        return reply.code(created ? 202 : 200).send(run);
      },
    );
    app.get(
      '/api/regulator/anomalies/rescore',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, querystring: RescoreRunListQuerySchema, response: { 200: RescoreRunListSchema } },
      },
      async (request) => anomaly.listRescoreRuns(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/anomalies/rescore/:id',
      {
        config: needs(Permission.regulatorAnomalyRead),
        schema: { tags, params: RescoreRunParamsSchema, response: { 200: RescoreRunSchema } },
      },
      async (request) => anomaly.getRescoreRun(actorOf(request), request.params.id),
    );

    // The school sees the findings of its own sessions (same shapes).
    app.get(
      '/api/school/anomalies/sessions',
      {
        config: needs(Permission.schoolTrainingRead),
        schema: { tags, querystring: SessionListQuerySchema, response: { 200: SessionPageSchema } },
      },
      async (request) => anomaly.listSessions(actorOf(request), listQuery(request.query)),
    );
    app.get(
      '/api/school/anomalies/sessions/:logId',
      {
        config: needs(Permission.schoolTrainingRead),
        schema: { tags, params: LogParamsSchema, response: { 200: SessionDetailSchema } },
      },
      async (request) => anomaly.getSession(actorOf(request), request.params.logId),
    );
  };
}
