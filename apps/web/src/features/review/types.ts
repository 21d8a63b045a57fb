import type { ResponseOf } from '../../api/types.ts';

export type ReviewPage = ResponseOf<'/api/regulator/reviews', 'get'>;
export type ReviewItem = ReviewPage['items'][number];
export type Workspace = ResponseOf<'/api/regulator/reviews/{id}', 'get'>;
export type ReviewMinute = Workspace['minutes'][number];
export type ReviewPhoto = Workspace['photos'][number];
export type ReviewFence = Workspace['fences'][number];
export type TrackPoint = Workspace['track'][number];
export type Sampling = ResponseOf<'/api/regulator/review-sampling', 'get'>;
export type Ties = ResponseOf<'/api/regulator/review-ties', 'get'>;
export type Decision = 'valid' | 'partial' | 'invalid';

/** Decision reasons, in the order the form offers them (the server's REVIEW_REASON_CODES). */
export const reviewReasonCodes = [
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
export type ReviewReasonCode = (typeof reviewReasonCodes)[number];

export const tieKinds = ['former_employee', 'relative', 'financial', 'other'] as const;
export type TieKind = (typeof tieKinds)[number];

export type QueueFilter = {
  status?: 'queued' | 'decided';
  reason?: 'sample' | 'high_risk';
  riskLevel?: 'none' | 'low' | 'medium' | 'high';
  schoolId?: string;
};
