import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';

export type DashboardWindow = { from: string; to: string };

export const dashboardKeys = {
  all: ['dashboard'] as const,
  window: (w: DashboardWindow) => [...dashboardKeys.all, w.from, w.to] as const,
};

/** The regulator home's figures for a window of China days; the previous window stays on screen while the next loads. */
export function useRegulatorDashboard(window: DashboardWindow, options: { enabled: boolean }) {
  return useQuery({
    queryKey: dashboardKeys.window(window),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/dashboard', { params: { query: window }, signal })),
    enabled: options.enabled,
    placeholderData: keepPreviousData,
  });
}
