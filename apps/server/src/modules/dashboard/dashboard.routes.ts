import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import { DashboardQuerySchema, DashboardSchema } from './dashboard.schemas.ts';
import type { DashboardService } from './dashboard.service.ts';

/** The regulator home's figures, scoped to the caller's region (or a county/city inside it). */
export function dashboardRoutes(dashboard: DashboardService) {
  return async (app: Api) => {
    app.get(
      '/api/regulator/dashboard',
      {
        config: { auth: { permission: Permission.regulatorDashboardRead } },
        schema: {
          tags: ['dashboard'],
          summary:
            'Training volume, anomaly rate, work-order funnel, complaints and the anomaly map of a window',
          querystring: DashboardQuerySchema,
          response: { 200: DashboardSchema },
        },
      },
      async (request) => dashboard.get(actorOf(request), request.query),
    );
  };
}
