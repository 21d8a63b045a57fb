/**
 * The one error type of the server. Codes are namespaced strings; the table below is the only place
 * that decides which HTTP status a code becomes.
 */
export const errorStatus = {
  'request.invalid': 400, // schema validation or malformed JSON
  'request.not_found': 404, // no such route
  'request.too_large': 413,
  'auth.unauthenticated': 401, // no session, or an expired or revoked one
  'auth.invalid_credentials': 401, // wrong username or password (never says which)
  'auth.account_locked': 423, // too many failed logins for this account
  'auth.too_many_attempts': 429, // too many login attempts from one address
  'auth.wrong_portal': 403, // the account belongs to another portal
  'auth.forbidden': 403, // role lacks the permission, or the row is outside the actor's scope
  'registry.school_not_found': 404,
  'registry.coach_not_found': 404,
  'registry.vehicle_not_found': 404,
  'registry.duplicate': 409, // a unique number (credit code, plate, coach number…) is taken
  'registry.invalid_polygon': 400, // a teaching area that is not a closed, simple GeoJSON polygon
  'registry.invalid_id_number': 400, // a GB 11643 identity number with a bad shape or check digit
  'registry.vehicle_bound': 409, // a terminal is being bound to a vehicle that already has one
  'terminal.not_found': 404, // no filed terminal with this id
  'terminal.command_invalid': 400, // a command whose parameters cannot be sent (e.g. from after to)
  'training.log_not_found': 404, // no teaching log with this id in the caller's scope
  'training.photo_not_found': 404, // no photo of the caller's own sessions with this id
  'training.minute_not_in_log': 400, // a reviewed minute record that does not belong to the log
  'training.decided_by_regulator': 409, // a school's 初审 on minutes a regulator's review or appeal answer decided
  'training.appeal_not_found': 404, // no appeal with this id in the caller's scope
  'training.appeal_open': 409, // the log already has an appeal waiting for an answer
  'training.appeal_idempotency_mismatch': 409, // an idempotency key reused for a different log or reason
  'training.appeal_not_pending': 409, // the appeal was answered already, or is not at the caller's stage
  'training.stage_incomplete': 409, // the part has not reached the syllabus hours (and mileage)
  'training.syllabus_missing': 409, // no syllabus in force for the trainee's province and licence class
  'training.stage_exists': 409, // the part is already submitted or approved
  'training.stage_not_found': 404, // no stage submission with this id in the caller's scope
  'training.stage_reviewed': 409, // the submission was approved or rejected already
  'training.syllabus_invalid': 400, // a syllabus version with missing parts, bad numbers or an unknown class
  'training.rules_invalid': 400, // audit rule parameters that cannot be applied (window ends first, 0 caps…)
  'training.session_invalid': 400, // a school-entered session that cannot have happened (ends first, overlaps…)
  'training.trainee_not_found': 404, // no trainee with this id in the caller's scope
  'training.version_exists': 409, // a syllabus version with this class and effective date exists already
  'enrolment.id_number_invalid': 400, // an identity number with a bad shape, date or GB 11643 check digit
  'enrolment.photo_invalid': 400, // an identity photo that is not a JPEG/PNG of at most 200 KB
  'enrolment.school_not_enrolling': 409, // the school has stopped enrolling (or is suspended or closed)
  'enrolment.class_type_unavailable': 409, // no such class type on sale at this school
  'enrolment.no_template': 409, // the school's city has no contract template in force
  'enrolment.already_registered': 409, // the identity number has a trainee account: sign in to enrol
  'enrolment.contract_pending': 409, // the trainee already has a contract waiting for a signature
  'enrolment.contract_not_found': 404, // no enrolment contract with this id in the caller's scope
  'enrolment.name_mismatch': 400, // the typed signature is not the trainee's registered name
  'enrolment.consent_required': 400, // signing without the explicit consent flag
  'enrolment.text_changed': 409, // the text the trainee read (its hash) is not the text stored
  'enrolment.signature_invalid': 409, // the stored text or a signature fails verification (tampered)
  'enrolment.wrong_state': 409, // the contract's status does not allow this (signed already, not countersigned…)
  'enrolment.idempotency_conflict': 409, // an idempotency key reused for a different enrolment
  'contract_template.not_found': 404, // no contract template with this id in the caller's scope
  'contract_template.invalid': 400, // a template missing a required placeholder, or with a bad plan or price
  'contract_template.published': 409, // a published template version is immutable
  'escrow.contract_not_found': 404, // no escrow contract with this id in the caller's scope
  'escrow.contract_not_active': 409, // the contract is not in a state that allows this (unpaid, withdrawn…)
  'escrow.nothing_due': 409, // a payment for a contract that is already fully funded
  'escrow.insufficient_balance': 409, // the posting would take an escrow or payable account below zero
  'escrow.idempotency_conflict': 409, // an idempotency key reused with other facts
  'escrow.invalid_plan': 400, // a release plan whose percentages do not add up to 100, or an unknown step
  'escrow.transfer_invalid': 409, // a transfer to the same contract, another trainee's, or a funded one
  'escrow.callback_bad_signature': 401, // a bank callback whose HMAC does not verify (forged or tampered)
  'escrow.callback_stale': 401, // a bank callback signed too long ago (a replay of a captured request)
  'escrow.callback_unknown_payment': 422, // a bank callback about a payment or payout we never created
  'escrow.callback_amount_mismatch': 422, // a bank callback whose amount differs from what we asked for
  'escrow.bank_unavailable': 503, // the bank did not answer (timeout, 5xx); retrying is safe
  'feedback.invitation_not_found': 404, // no evaluation invitation (approved stage) of the caller with this id
  'feedback.evaluation_exists': 409, // the stage was evaluated already, with other stars or text
  'feedback.evaluation_not_found': 404, // no evaluation with this id in the caller's scope
  'feedback.complaint_not_found': 404, // no complaint in scope, or a tracking number with another phone
  'feedback.complaint_target_invalid': 400, // missing or mismatched school, coach or county for the target
  'feedback.attachment_invalid': 400, // an attachment that is not a JPEG/PNG of at most 300 KB
  'feedback.complaint_state': 409, // the complaint's status does not allow this (already replied, rated…)
  'feedback.idempotency_conflict': 409, // an idempotency key reused for a different complaint
  'dashboard.window_invalid': 400, // a dashboard window that ends before it starts or spans more than a quarter
  'workorders.not_found': 404, // no work order (or evidence file) with this id in the caller's scope
  'workorders.state': 409, // the order's status does not allow this (disposed already, not closed…)
  'workorders.evidence_missing': 409, // closing an order whose current round has no disposal evidence
  'workorders.evidence_invalid': 400, // an evidence file that is not a JPEG/PNG/PDF of at most 1 MB
  'workorders.reason_required': 400, // a return or reopening without a reason
  'workorders.source_invalid': 400, // a source, school, coach or county that does not exist, fit or is out of scope
  'workorders.violation_invalid': 400, // coach points on an order that names no coach
  'workorders.not_verifier': 403, // the assignee's own level cannot verify its disposal
  'review.not_found': 404, // no manual review with this id in the caller's region
  'review.reviewer_tied': 403, // the reviewer declared a tie (回避) to the session's school
  'review.already_decided': 409, // the review is decided: reopen it with a reason first
  'review.not_decided': 409, // only a decided review can be reopened
  'review.reopen_reason_required': 400, // reopening a decision needs a reason
  'review.decision_invalid': 400, // a partial decision without a proper minute choice, or reasons missing
  'review.open_exists': 409, // the log already has another open review
  'review.tie_exists': 409, // this reviewer's tie to this school is already declared
  'review.tie_not_found': 404, // no active tie with this id in the caller's region
  'report.region_not_found': 404, // no region with this GB/T 2260 code
  'report.month_invalid': 400, // a report month that has not begun yet
  'report.month_not_over': 409, // submitting a month before it has ended
  'report.reason_required': 400, // resubmitting a month's report without saying why
  'report.submission_not_found': 404, // no submitted report with this id in the caller's scope
  'enrolment.school_sanctioned': 409, // the school is under key supervision with enrolment stopped or suspended
  'supervision.subject_mismatch': 400, // a sanction or action kind that does not fit the school/coach/county named
  'supervision.date_invalid': 400, // not a calendar day, in the future, or a period that ends first or has ended
  'supervision.reason_required': 400, // listing under key supervision without a reason
  'supervision.note_required': 400, // lifting without a review note, or an order/penalty without its note
  'supervision.already_listed': 409, // an entry not lifted already covers part of the period
  'supervision.already_lifted': 409, // the entry was lifted already
  'supervision.entry_not_found': 404, // no key-supervision entry with this id
  'supervision.city_required': 400, // a notice names no city (or a region that is not a city)
  'supervision.month_invalid': 400, // a notice for a month that has not started
  'supervision.notice_exists': 409, // the city's notice for that month is published already
  'supervision.notice_not_found': 404, // the city has not published that month's notice
  'supervision.kind_not_allowed': 403, // an action kind the actor's level does not record (county authorities)
  'supervision.enforcement_required': 400, // a penalty on the spot without the enforcement it was decided at
  'anomaly.range_invalid': 400, // a date range that ends before it starts, or longer than the route allows
  'anomaly.session_not_found': 404, // no teaching log with this id in the caller's scope
  'anomaly.session_not_scored': 404, // the teaching log exists but has not been scored yet (not audited, or queued)
  'anomaly.run_too_large': 409, // a bulk re-scoring over more sessions than one request may take: narrow it
  'anomaly.run_not_found': 404, // no re-scoring run with this id over the caller's region (or a part of it)
  'calendar.day_invalid': 400, // not a calendar day 'YYYY-MM-DD' of 2000–2100 (2026-02-30, 2026/1/1…)
  'calendar.kind_mismatch': 400, // a holiday on a Saturday or Sunday, or a workday (调休) on a weekday
  'calendar.name_required': 400, // a day without the holiday's name
  'calendar.duplicate': 409, // the day is entered already, or twice in one request (replace it instead)
  'calendar.day_not_found': 404, // no exception day entered on this date
  'internal.error': 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldIssue = { field: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: FieldIssue[] | Record<string, unknown>;
  /** Shown to the user as is; `message` is for logs and developers. */
  readonly userMessage?: string;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      userMessage?: string;
      details?: FieldIssue[] | Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(options.message ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
    if (options.userMessage !== undefined) this.userMessage = options.userMessage;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
