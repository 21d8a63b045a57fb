export { createTrainingHoursService, type TrainingHoursService } from './training-hours.service.ts';
export type { TeachingLogFilter, CreateSchoolSession } from './training-hours.service.ts';
export { trainingHoursRoutes } from './training-hours.routes.ts';
export { reasonCatalogue, ReasonCode, isReasonCode, type ReasonText } from './reason-codes.ts';
export { auditTraineeSessions, type AuditSession, type SessionResult } from './audit.ts';
export { DEFAULT_AUDIT_PARAMS, type AuditParams } from './audit-params.ts';
export { seedTrainingReferenceData, seedSyllabus2016, LICENCE_CLASSES } from './reference-data.ts';
export { assembleFinishedSessions, auditTrainee as auditTraineeLogs, signInTotals } from './teaching-logs.ts';
export { createTrainingHoursRepository } from './training-hours.repository.ts';
