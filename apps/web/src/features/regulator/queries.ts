import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';

export const regulatorKeys = {
  all: ['regulator'] as const,
  overview: () => [...regulatorKeys.all, 'overview'] as const,
};

export function useRegulatorOverview(options: { enabled: boolean }) {
  return useQuery({
    queryKey: regulatorKeys.overview(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/overview', { signal })),
    enabled: options.enabled,
  });
}
