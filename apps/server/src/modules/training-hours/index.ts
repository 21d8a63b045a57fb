export { createTrainingHoursService, type TrainingHoursService } from './training-hours.service.ts';
export { trainingHoursRoutes } from './training-hours.routes.ts';
