import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery, ResponseOf } from '../../api/types.ts';

export type AnomalySessionPage = ResponseOf<'/api/regulator/anomalies/sessions', 'get'>;
export type AnomalySession = AnomalySessionPage['items'][number];
export type AnomalySessionDetail = ResponseOf<'/api/regulator/anomalies/sessions/{logId}', 'get'>;
export type AnomalyFinding = AnomalySessionDetail['findings'][number];
export type AnomalyDaily = ResponseOf<'/api/regulator/anomalies/daily', 'get'>;
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
