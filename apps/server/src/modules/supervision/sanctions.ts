import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { createSupervisionRepository } from './supervision.repository.ts';
import { ENROLMENT_BLOCKING } from './supervision.rules.ts';

/*
 * What a key-supervision entry stops, asked by the modules that enforce it (enrolment, training records)
 * with their own transaction and day. Reads only; the entries are written by the key-supervision service.
 */

const repo = createSupervisionRepository();

export type ActiveSanction = { sanction: string; reason: string; untilDate: string | null };

/** The school's active sanction that refuses new enrolments on `day` (停止招生, 停业整顿), if any. */
export async function enrolmentBlockOf(
  db: Kysely<DB>,
  schoolId: string,
  day: string,
): Promise<ActiveSanction | null> {
  const rows = await repo.activeSchoolSanctions(db, schoolId, day);
  const block = rows.find((r) => ENROLMENT_BLOCKING.has(r.sanction));
  return block ? { sanction: block.sanction, reason: block.reason, untilDate: block.untilDate } : null;
}

/** The coach's active suspension (停止执教) on `day`, if any: the coach may not sign in on a terminal. */
export async function coachSuspensionOf(
  db: Kysely<DB>,
  coachId: string,
  day: string,
): Promise<ActiveSanction | null> {
  const rows = await repo.activeCoachSanctions(db, coachId, day);
  const block = rows.find((r) => r.sanction === 'suspended');
  return block ? { sanction: block.sanction, reason: block.reason, untilDate: block.untilDate } : null;
}
