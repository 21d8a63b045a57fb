import { AppError, type ErrorCode } from '../../shared/app-error.ts';

/**
 * The exam link's refusals. Each goes out as an existing shared code (which fixes the HTTP status)
 * with the precise reason in `details.reason`, e.g. `{ code: 'request.invalid', details: { reason:
 * 'exam.not_eligible' } }`. The reasons are the contract the police side codes against; they would
 * become codes of their own once `shared/app-error.ts` lists them (asked for in the issue-4 report).
 */
const reasons = {
  /** No trainee with this id (or identity number and name) in the client's region. 404. */
  trainee_unknown: 'request.not_found',
  /** A booking or result for a part the trainee has no approved stage record for. 400. */
  not_eligible: 'request.invalid',
  /** A result dated after today (+08:00): it cannot have happened. 400. */
  exam_date_in_future: 'request.invalid',
  /** The police side's id was already received with other facts (trainee, part, date, outcome). 409. */
  external_id_reused: 'registry.duplicate',
} as const satisfies Record<string, ErrorCode>;

export type ExamLinkReason = keyof typeof reasons;

export function examLinkError(reason: ExamLinkReason, message: string): AppError {
  return new AppError(reasons[reason], { message, details: { reason: `exam.${reason}` } });
}
