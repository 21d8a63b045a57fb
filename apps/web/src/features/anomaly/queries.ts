import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery, ResponseOf } from '../../api/types.ts';

export type AnomalySessionPage = ResponseOf<'/api/regulator/anomalies/sessions', 'get'>;
export type AnomalySession = AnomalySessionPage['items'][number];
export type AnomalySessionDetail = ResponseOf<'/api/regulator/anomalies/sessions/{logId}', 'get'>;
export type AnomalyFinding = AnomalySessionDetail['findings'][number];
export type AnomalyDaily = ResponseOf<'/api/regulator/anomalies/daily', 'get'>;
export type RescoreRun = ResponseOf<'/api/regulator/anomalies/rescore', 'get'>['items'][number];
export type AnomalyFilter = Omit<
  NonNullable<paths['/api/regulator/anomalies/sessions']['get']['parameters']['query']>,
  'page' | 'pageSize'
>;

export const riskLevels = ['high', 'medium', 'low', 'none'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const anomalyKeys = {
  all: ['anomaly'] as const,
  list: (filter: AnomalyFilter, paging: PageQuery) => [...anomalyKeys.all, 'list', filter, paging] as const,
  one: (logId: string) => [...anomalyKeys.all, 'one', logId] as const,
  log: (logId: string) => [...anomalyKeys.all, 'log', logId] as const,
  daily: (from: string, to: string) => [...anomalyKeys.all, 'daily', from, to] as const,
  runs: () => [...anomalyKeys.all, 'runs'] as const,
};

/** Scored sessions of the region, riskiest first. */
export function useAnomalySessions(filter: AnomalyFilter, paging: PageQuery) {
  return useQuery({
    queryKey: anomalyKeys.list(filter, paging),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/anomalies/sessions', { params: { query: { ...filter, ...paging } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** One scored session with every finding and its evidence. */
export function useAnomalySession(logId: string | null) {
  return useQuery({
    queryKey: anomalyKeys.one(logId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/anomalies/sessions/{logId}', {
          params: { path: { logId: logId ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(logId),
  });
}

/** The teaching log behind a session (its minutes and the audit's reasons). */
export function useRegulatorTeachingLog(logId: string | null) {
  return useQuery({
    queryKey: anomalyKeys.log(logId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/training-logs/{logId}', { params: { path: { logId: logId ?? '' } }, signal }),
      ),
    enabled: Boolean(logId),
  });
}

/** Sessions scored and flagged per day of the range. */
export function useAnomalyDaily(from: string, to: string) {
  return useQuery({
    queryKey: anomalyKeys.daily(from, to),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/anomalies/daily', { params: { query: { from, to } }, signal })),
  });
}

export const isActiveRun = (run: RescoreRun) => run.status === 'queued' || run.status === 'running';

/** The region's latest bulk re-scoring runs; polled while one of them is queued or running. */
export function useRescoreRuns(options: { enabled: boolean }) {
  return useQuery({
    queryKey: anomalyKeys.runs(),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/anomalies/rescore', { params: { query: { limit: 5 } }, signal })),
    enabled: options.enabled,
    refetchInterval: (query) => (query.state.data?.items.some(isActiveRun) ? 3_000 : false),
  });
}

/**
 * Queues a re-scoring of the days (the jobs loop runs it). Asked again while that run is queued or
 * running, the server answers the same run.
 */
export function useStartRescore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { from: string; to: string }) =>
      unwrap(api.POST('/api/regulator/anomalies/rescore', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: anomalyKeys.runs() }),
  });
}
