import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery, ResponseOf } from '../../api/types.ts';

export type Evaluation = ResponseOf<'/api/regulator/evaluations', 'get'>['items'][number];
export type EvaluationStatus = Evaluation['status'];
export type PublicEvaluation = ResponseOf<
  '/api/public/schools/{schoolId}/evaluations',
  'get'
>['items'][number];
export type RatingSummary = ResponseOf<'/api/public/schools/{schoolId}/rating', 'get'>;
export type ModerationAction = 'hide' | 'publish';

export const moderationKeys = {
  all: ['moderation'] as const,
  regulator: (status: EvaluationStatus | undefined, paging: PageQuery) =>
    [...moderationKeys.all, 'regulator', status, paging] as const,
  schoolList: (schoolId: string, paging: PageQuery) =>
    [...moderationKeys.all, 'school', schoolId, paging] as const,
  schoolRating: (schoolId: string) => [...moderationKeys.all, 'rating', schoolId] as const,
};

/** Evaluations of the region's schools by status (held ones wait for a decision). */
export function useRegulatorEvaluations(status: EvaluationStatus | undefined, paging: PageQuery) {
  return useQuery({
    queryKey: moderationKeys.regulator(status, paging),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/evaluations', {
          params: { query: { ...paging, ...(status ? { status } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useModerateEvaluation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: ModerationAction; reason: string }) =>
      unwrap(
        api.POST('/api/regulator/evaluations/{id}/moderation', {
          params: { path: { id } },
          body: { action, reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}

/**
 * A school's published evaluations, as the public reads them (the server has no school-side list:
 * held and hidden ones are the regulator's business, so the school sees exactly what the public sees).
 */
export function useSchoolEvaluations(schoolId: string | undefined, paging: PageQuery) {
  return useQuery({
    queryKey: moderationKeys.schoolList(schoolId ?? '', paging),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/schools/{schoolId}/evaluations', {
          params: { path: { schoolId: schoolId ?? '' }, query: paging },
          signal,
        }),
      ),
    enabled: Boolean(schoolId),
    placeholderData: keepPreviousData,
  });
}

export function useSchoolRating(schoolId: string | undefined) {
  return useQuery({
    queryKey: moderationKeys.schoolRating(schoolId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/schools/{schoolId}/rating', {
          params: { path: { schoolId: schoolId ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(schoolId),
  });
}
