import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import type { IdNumberVault } from '../../shared/identity-number.ts';
import type { AuditLogService } from '../audit-log/index.ts';

/** The police side: eligibility from stage approvals, bookings and results, pass rates. */
export function createExamLinkService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
  vault: IdNumberVault;
}) {
  void deps;
  return {};
}
export type ExamLinkService = ReturnType<typeof createExamLinkService>;
