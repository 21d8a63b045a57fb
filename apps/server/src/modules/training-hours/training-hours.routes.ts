import type { Api } from '../../http/types.ts';
import type { TrainingHoursService } from './training-hours.service.ts';

export function trainingHoursRoutes(trainingHours: TrainingHoursService) {
  return async (app: Api) => {
    void app;
    void trainingHours;
  };
}
