import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';

/** How often the live map asks for positions; terminals report every few seconds. */
export const LIVE_REFRESH_MS = 5_000;
export const TRACK_MINUTES = 30;

export const monitoringKeys = {
  all: ['monitoring'] as const,
  vehicles: () => [...monitoringKeys.all, 'vehicles'] as const,
  fences: () => [...monitoringKeys.all, 'fences'] as const,
  schools: () => [...monitoringKeys.all, 'schools'] as const,
  track: (terminalId: string, minutes: number) =>
    [...monitoringKeys.all, 'track', terminalId, minutes] as const,
  session: (terminalId: string) => [...monitoringKeys.all, 'session', terminalId] as const,
};

export function useLiveVehicles(options: { enabled: boolean }) {
  return useQuery({
    queryKey: monitoringKeys.vehicles(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/vehicles', { signal })),
    enabled: options.enabled,
    refetchInterval: LIVE_REFRESH_MS,
  });
}

/** Fences and school points change with filings, not with traffic: fetched once per visit. */
export function useMonitoringFences(options: { enabled: boolean }) {
  return useQuery({
    queryKey: monitoringKeys.fences(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/fences', { signal })),
    enabled: options.enabled,
    staleTime: 5 * 60_000,
  });
}

export function useMonitoringSchools(options: { enabled: boolean }) {
  return useQuery({
    queryKey: monitoringKeys.schools(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/monitoring/schools', { signal })),
    enabled: options.enabled,
    staleTime: 5 * 60_000,
  });
}

export function useVehicleTrack(terminalId: string | null, minutes = TRACK_MINUTES) {
  return useQuery({
    queryKey: monitoringKeys.track(terminalId ?? '', minutes),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/monitoring/vehicles/{terminalId}/track', {
          params: { path: { terminalId: terminalId ?? '' }, query: { minutes } },
          signal,
        }),
      ),
    enabled: terminalId !== null,
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useVehicleSession(terminalId: string | null) {
  return useQuery({
    queryKey: monitoringKeys.session(terminalId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/monitoring/vehicles/{terminalId}/session', {
          params: { path: { terminalId: terminalId ?? '' } },
          signal,
        }),
      ),
    enabled: terminalId !== null,
    refetchInterval: LIVE_REFRESH_MS,
  });
}
