export { createMonitoringService, type MonitoringService } from './monitoring.service.ts';
export { monitoringRoutes } from './monitoring.routes.ts';
