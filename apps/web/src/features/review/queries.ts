import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery } from '../../api/types.ts';
import type { Decision, QueueFilter, ReviewReasonCode, TieKind } from './types.ts';

export const reviewKeys = {
  all: ['review'] as const,
  queue: (filter: QueueFilter, paging: PageQuery) => [...reviewKeys.all, 'queue', filter, paging] as const,
  item: (id: string) => [...reviewKeys.all, 'item', id] as const,
  sampling: () => [...reviewKeys.all, 'sampling'] as const,
  ties: () => [...reviewKeys.all, 'ties'] as const,
};

/** Photo bytes come through the review, so the server checks the region and the reviewer's ties. */
export const registeredPhotoUrl = (reviewId: string) => `/api/regulator/reviews/${reviewId}/trainee-photo`;
export const sessionPhotoUrl = (reviewId: string, photoId: string) =>
  `/api/regulator/reviews/${reviewId}/photos/${photoId}`;

export function useReviewQueue(filter: QueueFilter, paging: PageQuery) {
  return useQuery({
    queryKey: reviewKeys.queue(filter, paging),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/reviews', { params: { query: { ...filter, ...paging } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.item(id ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/reviews/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
    // A tie or a foreign region is an answer, not a hiccup: do not retry it.
    retry: false,
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      id: string;
      decision: Decision;
      validRecordNumbers?: string[];
      reasonCodes: ReviewReasonCode[];
      note: string;
    }) =>
      unwrap(
        api.POST('/api/regulator/reviews/{id}/decision', {
          params: { path: { id: input.id } },
          body: {
            decision: input.decision,
            reasonCodes: input.reasonCodes,
            note: input.note,
            ...(input.decision === 'partial' ? { validRecordNumbers: input.validRecordNumbers ?? [] } : {}),
          },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(reviewKeys.item(data.id), data);
      void client.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}

export function useReopen() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; reason: string }) =>
      unwrap(
        api.POST('/api/regulator/reviews/{id}/reopen', {
          params: { path: { id: input.id } },
          body: { reason: input.reason },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(reviewKeys.item(data.id), data);
      void client.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}

export function useSampling() {
  return useQuery({
    queryKey: reviewKeys.sampling(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/review-sampling', { signal })),
  });
}

export function useSetSampling() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { cityCode: string; percent: number; note: string }) =>
      unwrap(
        api.PUT('/api/regulator/review-sampling/{cityCode}', {
          params: { path: { cityCode: input.cityCode } },
          body: { percent: input.percent, note: input.note },
        }),
      ),
    onSuccess: (data) => client.setQueryData(reviewKeys.sampling(), data),
  });
}

export function useTies() {
  return useQuery({
    queryKey: reviewKeys.ties(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/review-ties', { signal })),
  });
}

export function useDeclareTie() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { schoolId: string; kind: TieKind; note: string }) =>
      unwrap(api.POST('/api/regulator/review-ties', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}

export function useEndTie() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; reason: string }) =>
      unwrap(
        api.POST('/api/regulator/review-ties/{id}/end', {
          params: { path: { id: input.id } },
          body: { reason: input.reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}

/**
 * The anomaly module's score and findings of the reviewed session (its own route). A session not yet
 * scored answers 404; the workspace then says so instead of showing an error.
 */
export function useSessionFindings(logId: string | undefined) {
  return useQuery({
    queryKey: [...reviewKeys.all, 'findings', logId ?? ''] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/anomalies/sessions/{logId}', {
          params: { path: { logId: logId ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(logId),
    retry: false,
  });
}
