import type { Api } from '../../http/types.ts';
import type { MonitoringService } from './monitoring.service.ts';

export function monitoringRoutes(monitoring: MonitoringService) {
  return async (app: Api) => {
    void app;
    void monitoring;
  };
}
