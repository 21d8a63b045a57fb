import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import type { AuditLogService } from '../audit-log/index.ts';

/** Syllabus, audit rules, teaching-log assembly, the automatic audit and hours accounting. */
export function createTrainingHoursService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
}) {
  void deps;
  return {};
}
export type TrainingHoursService = ReturnType<typeof createTrainingHoursService>;
