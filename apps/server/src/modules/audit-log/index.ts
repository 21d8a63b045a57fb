export { createAuditLogRepository } from './audit-log.repository.ts';
export {
  createAuditLogService,
  type AuditLogService,
  type AuditEntry,
  type ChainVerdict,
} from './audit-log.service.ts';
export { auditLogRoutes } from './audit-log.routes.ts';
