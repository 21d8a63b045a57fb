export { createFeedbackRepository, type FeedbackRepository } from './feedback.repository.ts';
export { createEvaluationsService, type EvaluationsService } from './evaluations.service.ts';
export {
  createComplaintsService,
  defaultComplaintPolicy,
  type ComplaintPolicy,
  type ComplaintsService,
} from './complaints.service.ts';
export { feedbackRoutes } from './feedback.routes.ts';
export type { ComplaintRate, RatingSummary } from './feedback.schemas.ts';
