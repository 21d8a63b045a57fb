import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery } from '../../api/types.ts';
import type { paths } from '@jiapei/contracts';
import { fetchAllPages } from './log-filter.ts';

type Query<P extends keyof paths> = NonNullable<
  NonNullable<paths[P]['get']> extends { parameters: { query?: infer Q } } ? Q : never
>;
export type SchoolLogFilter = Omit<Query<'/api/school/training-logs'>, 'page' | 'pageSize'>;
export type MinuteChange = { recordNumber: string; valid: boolean };
export type AppealDecision = 'uphold' | 'reject' | 'escalate';

export const trainingKeys = {
  all: ['training'] as const,
  ledger: () => [...trainingKeys.all, 'ledger'] as const,
  myLog: (logId: string) => [...trainingKeys.all, 'my-log', logId] as const,
  schoolLogs: (filter: SchoolLogFilter, paging: PageQuery) =>
    [...trainingKeys.all, 'school-logs', filter, paging] as const,
  schoolLog: (logId: string) => [...trainingKeys.all, 'school-log', logId] as const,
  appeals: (side: 'school' | 'regulator', status: string | undefined, paging: PageQuery) =>
    [...trainingKeys.all, 'appeals', side, status, paging] as const,
  candidates: (paging: PageQuery) => [...trainingKeys.all, 'candidates', paging] as const,
  submissions: (side: 'school' | 'regulator', status: string | undefined, paging: PageQuery) =>
    [...trainingKeys.all, 'submissions', side, status, paging] as const,
  submission: (id: string) => [...trainingKeys.all, 'submission', id] as const,
  pickerTrainees: (schoolId: string) => [...trainingKeys.all, 'picker-trainees', schoolId] as const,
  pickerCoaches: (schoolId: string) => [...trainingKeys.all, 'picker-coaches', schoolId] as const,
};

// The roster changes rarely; a picker opened again within minutes need not reload every page.
const pickerStaleMs = 5 * 60_000;

/** Every trainee of the school, for a filter picker (the registry list has no name search yet). */
export function useTraineePicker(schoolId: string | undefined, options: { enabled: boolean }) {
  return useQuery({
    queryKey: trainingKeys.pickerTrainees(schoolId ?? ''),
    queryFn: ({ signal }) =>
      fetchAllPages((page, pageSize) =>
        unwrap(
          api.GET('/api/schools/{schoolId}/trainees', {
            params: { path: { schoolId: schoolId ?? '' }, query: { page, pageSize } },
            signal,
          }),
        ),
      ),
    enabled: options.enabled && Boolean(schoolId),
    staleTime: pickerStaleMs,
  });
}

/** Every coach of the school, for a filter picker. */
export function useCoachPicker(schoolId: string | undefined, options: { enabled: boolean }) {
  return useQuery({
    queryKey: trainingKeys.pickerCoaches(schoolId ?? ''),
    queryFn: ({ signal }) =>
      fetchAllPages((page, pageSize) =>
        unwrap(
          api.GET('/api/schools/{schoolId}/coaches', {
            params: { path: { schoolId: schoolId ?? '' }, query: { page, pageSize } },
            signal,
          }),
        ),
      ),
    enabled: options.enabled && Boolean(schoolId),
    staleTime: pickerStaleMs,
  });
}

export function useMyLedger() {
  return useQuery({
    queryKey: trainingKeys.ledger(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/me/training-logs', { signal })),
  });
}

export function useMyLog(logId: string | null) {
  return useQuery({
    queryKey: trainingKeys.myLog(logId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/me/training-logs/{logId}', { params: { path: { logId: logId ?? '' } }, signal })),
    enabled: Boolean(logId),
  });
}

export function useFileAppeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { logId: string; reason: string; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/me/training-logs/{logId}/appeals', {
          params: { path: { logId: input.logId } },
          body: { reason: input.reason, idempotencyKey: input.idempotencyKey },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

export function useSchoolLogs(filter: SchoolLogFilter, paging: PageQuery) {
  return useQuery({
    queryKey: trainingKeys.schoolLogs(filter, paging),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/school/training-logs', { params: { query: { ...filter, ...paging } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSchoolLog(logId: string | null) {
  return useQuery({
    queryKey: trainingKeys.schoolLog(logId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/school/training-logs/{logId}', { params: { path: { logId: logId ?? '' } }, signal }),
      ),
    enabled: Boolean(logId),
  });
}

export function useReviewMinutes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { logId: string; minutes: MinuteChange[]; note: string }) =>
      unwrap(
        api.POST('/api/school/training-logs/{logId}/review', {
          params: { path: { logId: input.logId } },
          body: { minutes: input.minutes, note: input.note },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

export function useAppeals(
  side: 'school' | 'regulator',
  status: 'pending' | 'done' | 'rejected' | undefined,
  paging: PageQuery,
) {
  return useQuery({
    queryKey: trainingKeys.appeals(side, status, paging),
    queryFn: ({ signal }) =>
      side === 'school'
        ? unwrap(
            api.GET('/api/school/appeals', {
              params: { query: { ...paging, ...(status ? { status } : {}) } },
              signal,
            }),
          )
        : unwrap(
            api.GET('/api/regulator/appeals', {
              params: { query: { ...paging, ...(status ? { status } : {}) } },
              signal,
            }),
          ),
    placeholderData: keepPreviousData,
  });
}

export function useReplyAppeal(side: 'school' | 'regulator') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      id: string;
      decision: AppealDecision;
      reply: string;
      minutes?: MinuteChange[];
    }) => {
      const body = { reply: input.reply, ...(input.minutes ? { minutes: input.minutes } : {}) };
      if (side === 'school') {
        return unwrap(
          api.POST('/api/school/appeals/{id}/reply', {
            params: { path: { id: input.id } },
            body: { ...body, decision: input.decision },
          }),
        );
      }
      return unwrap(
        api.POST('/api/regulator/appeals/{id}/reply', {
          params: { path: { id: input.id } },
          body: { ...body, decision: input.decision === 'uphold' ? 'uphold' : 'reject' },
        }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

export function useStageCandidates(paging: PageQuery) {
  return useQuery({
    queryKey: trainingKeys.candidates(paging),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/school/stage-candidates', { params: { query: paging }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSubmitStage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { traineeId: string; part: number }) =>
      unwrap(api.POST('/api/school/stage-submissions', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

export function useSubmissions(
  side: 'school' | 'regulator',
  status: 'submitted' | 'approved' | 'rejected' | undefined,
  paging: PageQuery,
) {
  return useQuery({
    queryKey: trainingKeys.submissions(side, status, paging),
    queryFn: ({ signal }) => {
      const query = { ...paging, ...(status ? { status } : {}) };
      return side === 'school'
        ? unwrap(api.GET('/api/school/stage-submissions', { params: { query }, signal }))
        : unwrap(api.GET('/api/regulator/stage-submissions', { params: { query }, signal }));
    },
    placeholderData: keepPreviousData,
  });
}

export function useRegulatorSubmission(id: string | null) {
  return useQuery({
    queryKey: trainingKeys.submission(id ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/stage-submissions/{id}', { params: { path: { id: id ?? '' } }, signal }),
      ),
    enabled: Boolean(id),
  });
}

export function useReviewStage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      input:
        | { id: string; approve: true }
        | { id: string; approve: false; logs: { teachingLogId: string; reason: string }[] },
    ) =>
      input.approve
        ? unwrap(
            api.POST('/api/regulator/stage-submissions/{id}/approve', { params: { path: { id: input.id } } }),
          )
        : unwrap(
            api.POST('/api/regulator/stage-submissions/{id}/reject', {
              params: { path: { id: input.id } },
              body: { logs: input.logs },
            }),
          ),
    onSuccess: () => client.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

/** Where the browser downloads a stage record's PDF (same-origin, the session cookie authorises it). */
export const stagePdfUrl = (side: 'school' | 'regulator', id: string) =>
  `/api/${side}/stage-submissions/${id}/pdf`;
export const ownPhotoUrl = (photoId: string) => `/api/me/photos/${photoId}`;

/**
 * One log, fetched once outside a hook (to restore its voided minutes when upholding an appeal): the
 * school's own, or one of the regulator's region for an escalated appeal.
 */
export const fetchTrainingLog = (side: 'school' | 'regulator', logId: string) =>
  side === 'school'
    ? unwrap(api.GET('/api/school/training-logs/{logId}', { params: { path: { logId } } }))
    : unwrap(api.GET('/api/regulator/training-logs/{logId}', { params: { path: { logId } } }));
