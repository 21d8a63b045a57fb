export {
  createKeySupervisionService,
  type KeySupervisionService,
  toNoticeItem,
} from './key-supervision.service.ts';
export {
  createSupervisionActionsService,
  type SupervisionActionsService,
} from './supervision-actions.service.ts';
export { createSupervisionRepository, type SupervisionRepository } from './supervision.repository.ts';
export { supervisionRoutes } from './supervision.routes.ts';
export { coachSuspensionOf, enrolmentBlockOf, type ActiveSanction } from './sanctions.ts';
export { ACTION_KINDS, chinaDate, maskPersonName, type ActionKind } from './supervision.rules.ts';
