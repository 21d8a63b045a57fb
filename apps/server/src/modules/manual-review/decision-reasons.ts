/**
 * Why a reviewer decided as they did. Codes are stored in `manual_reviews.reason_codes` and sent with
 * `review.decided` (the work order the school receives names them); the web words them through the
 * `review` catalog (`review.reasonCode.<code>`).
 */
export const REVIEW_REASON_CODES = [
  'confirmed_normal',
  'photo_mismatch',
  'photo_missing',
  'proxy_training',
  'pulse_gnss_mismatch',
  'track_anomaly',
  'outside_teaching_area',
  'time_overlap',
  'device_fault',
  'other',
] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

/** Codes that say something is wrong: a partial or invalid decision needs at least one of them. */
export const FAULT_REASON_CODES: readonly ReviewReasonCode[] = REVIEW_REASON_CODES.filter(
  (c) => c !== 'confirmed_normal',
);

export const TIE_KINDS = ['former_employee', 'relative', 'financial', 'other'] as const;
export type TieKind = (typeof TIE_KINDS)[number];
