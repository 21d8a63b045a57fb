export { createWorkOrdersRepository, type WorkOrdersRepository } from './work-orders.repository.ts';
export {
  createWorkOrdersService,
  type WorkOrdersService,
  type WorkOrderDraft,
} from './work-orders.service.ts';
export { workOrdersRoutes } from './work-orders.routes.ts';
export type {
  CreateWorkOrderInput,
  Metrics as WorkOrderMetrics,
  WorkOrderDetail,
} from './work-orders.schemas.ts';
export { dispositionDeadlines, workOrderCategories, type WorkOrderCategory } from './work-order-rules.ts';
