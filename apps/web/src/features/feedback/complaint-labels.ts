import type { MessageId } from '../../i18n/index.ts';

export const complaintCategories = [
  'refund_dispute',
  'teaching_quality',
  'extra_fees',
  'training_hours',
  'service_attitude',
  'other',
] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];
export const complaintTargets = ['school', 'coach', 'platform'] as const;
export type ComplaintTarget = (typeof complaintTargets)[number];

export const categoryIds: Record<ComplaintCategory, MessageId> = {
  refund_dispute: 'public.complaint.category.refund_dispute',
  teaching_quality: 'public.complaint.category.teaching_quality',
  extra_fees: 'public.complaint.category.extra_fees',
  training_hours: 'public.complaint.category.training_hours',
  service_attitude: 'public.complaint.category.service_attitude',
  other: 'public.complaint.category.other',
};

export const targetIds: Record<ComplaintTarget, MessageId> = {
  school: 'public.complaint.target.school',
  coach: 'public.complaint.target.coach',
  platform: 'public.complaint.target.platform',
};

export const complaintStatusIds: Record<string, MessageId> = {
  submitted: 'public.complaint.status.submitted',
  school_replied: 'public.complaint.status.school_replied',
  escalated: 'public.complaint.status.escalated',
  resolved: 'public.complaint.status.resolved',
  closed: 'public.complaint.status.closed',
};

/** The complainant may rate the school's answer, or the regulator's once (the server decides again). */
export function canRate(c: { status: string; regulatorReply: string | null; satisfaction: string | null }) {
  return (
    c.status === 'school_replied' ||
    (c.status === 'resolved' && c.regulatorReply !== null && c.satisfaction === null)
  );
}
