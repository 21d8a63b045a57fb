export { createAnomalyService, type AnomalyService } from './anomaly.service.ts';
export { anomalyRoutes } from './anomaly.routes.ts';
