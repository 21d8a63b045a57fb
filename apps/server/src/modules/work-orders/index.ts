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
// The pure deadline and numbering rules, for the demo seed that lays out a history as the service would.
export {
  beijingDay,
  dispositionDeadlines,
  dueAfterReturn,
  dueAtFor,
  remindAtFor,
  workOrderCategories,
  workOrderNumber,
  type WorkOrderCategory,
} from './work-order-rules.ts';
