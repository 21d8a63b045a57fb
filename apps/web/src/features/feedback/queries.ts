import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { RequestBodyOf, ResponseOf } from '../../api/types.ts';

export type PublicComplaintInput = RequestBodyOf<'/api/public/complaints', 'post'>;
export type TraineeComplaintInput = RequestBodyOf<'/api/me/complaints', 'post'>;
export type Complaint = ResponseOf<'/api/public/complaints', 'post'>['complaint'];
export type ComplaintLookup = RequestBodyOf<'/api/public/complaints/lookup', 'post'>;
export type EvaluationInput = RequestBodyOf<'/api/me/evaluations', 'post'>;
export type EvaluationInvitation = ResponseOf<'/api/me/evaluation-invitations', 'get'>['items'][number];
export type PublicEvaluation = ResponseOf<
  '/api/public/schools/{schoolId}/evaluations',
  'get'
>['items'][number];
type EvaluationsQuery = NonNullable<
  paths['/api/public/schools/{schoolId}/evaluations']['get']['parameters']['query']
>;

export const feedbackKeys = {
  all: ['feedback'] as const,
  evaluations: (schoolId: string, query: EvaluationsQuery) =>
    [...feedbackKeys.all, 'evaluations', schoolId, query] as const,
  rating: (schoolId: string) => [...feedbackKeys.all, 'rating', schoolId] as const,
  myComplaints: () => [...feedbackKeys.all, 'my-complaints'] as const,
  invitations: () => [...feedbackKeys.all, 'invitations'] as const,
  lookup: (lookup: ComplaintLookup) => [...feedbackKeys.all, 'lookup', lookup] as const,
};

/** Published evaluations of a school, newest first, without who wrote them. */
export function usePublicEvaluations(schoolId: string | undefined, query: EvaluationsQuery) {
  return useQuery({
    queryKey: feedbackKeys.evaluations(schoolId ?? '', query),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/schools/{schoolId}/evaluations', {
          params: { path: { schoolId: schoolId ?? '' }, query },
          signal,
        }),
      ),
    enabled: Boolean(schoolId),
    placeholderData: keepPreviousData,
  });
}

/** Filing without an account: name and phone are required; answers with the tracking number. */
export function useFilePublicComplaint() {
  return useMutation({
    mutationFn: (body: PublicComplaintInput) => unwrap(api.POST('/api/public/complaints', { body })),
  });
}

export function useFileMyComplaint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TraineeComplaintInput) => unwrap(api.POST('/api/me/complaints', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.myComplaints() }),
  });
}

/** Tracking number + phone: the complaint as the complainant may see it (disabled until both are set). */
export function useComplaintLookup(lookup: ComplaintLookup | null) {
  return useQuery({
    queryKey: feedbackKeys.lookup(lookup ?? { trackingNumber: '', phone: '' }),
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/public/complaints/lookup', {
          body: lookup ?? { trackingNumber: '', phone: '' },
          signal,
        }),
      ),
    enabled: lookup !== null,
    retry: false,
  });
}

export function usePublicSatisfaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBodyOf<'/api/public/complaints/satisfaction', 'post'>) =>
      unwrap(api.POST('/api/public/complaints/satisfaction', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...feedbackKeys.all, 'lookup'] }),
  });
}

export function useMyComplaints() {
  return useQuery({
    queryKey: feedbackKeys.myComplaints(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/me/complaints', { signal })),
  });
}

export function useMySatisfaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, satisfied }: { id: string; satisfied: boolean }) =>
      unwrap(
        api.POST('/api/me/complaints/{id}/satisfaction', { params: { path: { id } }, body: { satisfied } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.myComplaints() }),
  });
}

export function useEvaluationInvitations() {
  return useQuery({
    queryKey: feedbackKeys.invitations(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/me/evaluation-invitations', { signal })),
    select: (data) => data.items,
  });
}

export function useSubmitEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EvaluationInput) => unwrap(api.POST('/api/me/evaluations', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.invitations() }),
  });
}
