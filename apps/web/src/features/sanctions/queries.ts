import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { RequestBodyOf, ResponseOf } from '../../api/types.ts';

export type KeySupervisionEntry = ResponseOf<'/api/regulator/key-supervisions', 'get'>['items'][number];
export type EntryState = 'current' | 'lifted' | 'all';
export type NewEntry = RequestBodyOf<'/api/regulator/key-supervisions', 'post'>;
export type SupervisionNotice = ResponseOf<'/api/public/key-supervision-notices/{cityCode}/{month}', 'get'>;
export type NoticeSummary = ResponseOf<'/api/public/key-supervision-notices', 'get'>['items'][number];
export type SupervisionAction = ResponseOf<'/api/regulator/supervision-actions', 'get'>['items'][number];
export type ActionKind = SupervisionAction['kind'];
export type NewAction = RequestBodyOf<'/api/regulator/supervision-actions', 'post'>;

/** The sanctions a subject may get, in the order the form offers them (mildest first). */
export const schoolSanctions = ['rectify', 'enrolment_stopped', 'business_suspended'] as const;
export const coachSanctions = ['rectify', 'suspended'] as const;
export const actionKinds = [
  'qualification_check',
  'rectification_order',
  'interview_authority',
  'interview_school',
  'enforcement',
  'penalty_school',
  'penalty_coach',
] as const satisfies readonly ActionKind[];

/** What an action kind names besides its county (mirrors the server's rule, which decides). */
export function actionSubject(kind: ActionKind): 'county' | 'school' | 'coach' {
  if (kind === 'interview_authority' || kind === 'enforcement') return 'county';
  return kind === 'penalty_coach' ? 'coach' : 'school';
}
export const isPenalty = (kind: ActionKind) => kind === 'penalty_school' || kind === 'penalty_coach';

export const sanctionKeys = {
  all: ['sanctions'] as const,
  entries: (state: EntryState) => [...sanctionKeys.all, 'entries', state] as const,
  regionNotices: () => [...sanctionKeys.all, 'region-notices'] as const,
  publicNotices: () => [...sanctionKeys.all, 'public-notices'] as const,
  publicNotice: (cityCode: string, month: string) =>
    [...sanctionKeys.all, 'public-notice', cityCode, month] as const,
  actions: (kind: ActionKind | undefined) => [...sanctionKeys.all, 'actions', kind] as const,
  schoolChoices: (q: string) => [...sanctionKeys.all, 'school-choices', q] as const,
  coachChoices: (schoolId: string) => [...sanctionKeys.all, 'coach-choices', schoolId] as const,
};

/** 重点监管 entries of the regulator's region: current (in effect or starting later), lifted, or all. */
export function useKeySupervisions(state: EntryState) {
  return useQuery({
    queryKey: sanctionKeys.entries(state),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/key-supervisions', { params: { query: { state } }, signal })),
  });
}

export function useCreateKeySupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEntry) => unwrap(api.POST('/api/regulator/key-supervisions', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: sanctionKeys.all }),
  });
}

/** Removal after review: the entry stays, with the review note. */
export function useLiftKeySupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      unwrap(
        api.POST('/api/regulator/key-supervisions/{id}/lift', { params: { path: { id } }, body: { note } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: sanctionKeys.all }),
  });
}

export function useRegionNotices() {
  return useQuery({
    queryKey: sanctionKeys.regionNotices(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/key-supervision-notices', { signal })),
  });
}

export function usePublishNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { month: string; cityCode?: string }) =>
      unwrap(api.POST('/api/regulator/key-supervision-notices', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: sanctionKeys.all }),
  });
}

/** Every published monthly notice (public). */
export function usePublicNotices() {
  return useQuery({
    queryKey: sanctionKeys.publicNotices(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/public/key-supervision-notices', { signal })),
  });
}

export function usePublicNotice(cityCode: string | undefined, month: string | undefined) {
  return useQuery({
    queryKey: sanctionKeys.publicNotice(cityCode ?? '', month ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/key-supervision-notices/{cityCode}/{month}', {
          params: { path: { cityCode: cityCode!, month: month! } },
          signal,
        }),
      ),
    enabled: Boolean(cityCode && month),
  });
}

export function useSupervisionActions(kind: ActionKind | undefined) {
  return useQuery({
    queryKey: sanctionKeys.actions(kind),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/supervision-actions', {
          params: { query: kind ? { kind } : {} },
          signal,
        }),
      ),
  });
}

export function useRecordAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAction) => unwrap(api.POST('/api/regulator/supervision-actions', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: [...sanctionKeys.all, 'actions'] }),
  });
}

/** Schools of the regulator's region whose name matches `q` (the server scopes the list). */
export function useSchoolChoices(q: string) {
  return useQuery({
    queryKey: sanctionKeys.schoolChoices(q),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools', { params: { query: { page: 1, pageSize: 20, q: q || undefined } }, signal }),
      ),
    select: (data) => data.items,
  });
}

/** The coaches of one school, to list a coach or record a coach's penalty. */
export function useCoachChoices(schoolId: string | undefined) {
  return useQuery({
    queryKey: sanctionKeys.coachChoices(schoolId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools/{schoolId}/coaches', {
          params: { path: { schoolId: schoolId! }, query: { page: 1, pageSize: 100 } },
          signal,
        }),
      ),
    enabled: Boolean(schoolId),
    select: (data) => data.items,
  });
}
