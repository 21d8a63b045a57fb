import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  CurrentSessionSchema,
  FenceCollectionSchema,
  FenceQuerySchema,
  LiveVehicleListSchema,
  MonitoredSchoolListSchema,
  SchoolQuerySchema,
  TerminalParamsSchema,
  TrackQuerySchema,
  TrackSchema,
  VehicleListQuerySchema,
} from './monitoring.schemas.ts';
import type { MonitoringService } from './monitoring.service.ts';

const monitoringRead = { auth: { permission: Permission.regulatorMonitoringRead } };
const tags = ['monitoring'];

/** Read API of the regulator's live map. Rows are scoped to the regulator's region by the service. */
export function monitoringRoutes(monitoring: MonitoringService) {
  return async (app: Api) => {
    app.get(
      '/api/monitoring/vehicles',
      {
        config: monitoringRead,
        schema: { tags, querystring: VehicleListQuerySchema, response: { 200: LiveVehicleListSchema } },
      },
      async (request) => monitoring.listVehicles(actorOf(request), request.query),
    );

    app.get(
      '/api/monitoring/vehicles/:terminalId/track',
      {
        config: monitoringRead,
        schema: {
          tags,
          params: TerminalParamsSchema,
          querystring: TrackQuerySchema,
          response: { 200: TrackSchema },
        },
      },
      async (request) =>
        monitoring.getTrack(actorOf(request), request.params.terminalId, request.query.minutes),
    );

    app.get(
      '/api/monitoring/vehicles/:terminalId/session',
      {
        config: monitoringRead,
        schema: { tags, params: TerminalParamsSchema, response: { 200: CurrentSessionSchema } },
      },
      async (request) => monitoring.getCurrentSession(actorOf(request), request.params.terminalId),
    );

    app.get(
      '/api/monitoring/fences',
      {
        config: monitoringRead,
        schema: { tags, querystring: FenceQuerySchema, response: { 200: FenceCollectionSchema } },
      },
      async (request) => monitoring.listFences(actorOf(request), request.query),
    );

    app.get(
      '/api/monitoring/schools',
      {
        config: monitoringRead,
        schema: { tags, querystring: SchoolQuerySchema, response: { 200: MonitoredSchoolListSchema } },
      },
      async (request) => monitoring.listSchools(actorOf(request), request.query.schoolId),
    );
  };
}
