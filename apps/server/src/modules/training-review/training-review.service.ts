import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { TrainingHoursService } from '../training-hours/index.ts';

/** The trainee's ledger and appeals, the school's first review, stage submission and regulator review. */
export function createTrainingReviewService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  trainingHours: TrainingHoursService;
}) {
  void deps;
  return {};
}
export type TrainingReviewService = ReturnType<typeof createTrainingReviewService>;
