import type { Api } from '../../http/types.ts';
import type { TrainingReviewService } from './training-review.service.ts';

export function trainingReviewRoutes(trainingReview: TrainingReviewService) {
  return async (app: Api) => {
    void app;
    void trainingReview;
  };
}
