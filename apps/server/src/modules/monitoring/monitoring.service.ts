import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';

/** Read side of live monitoring: cars online, their recent tracks, sessions in progress, fences. */
export function createMonitoringService(deps: { db: Kysely<DB>; clock: Clock }) {
  void deps;
  return {};
}
export type MonitoringService = ReturnType<typeof createMonitoringService>;
