export { createExamLinkService, type ExamLinkService } from './exam-link.service.ts';
export { examLinkRoutes } from './exam-link.routes.ts';
