export { createTrainingReviewService, type TrainingReviewService } from './training-review.service.ts';
export { trainingReviewRoutes } from './training-review.routes.ts';
