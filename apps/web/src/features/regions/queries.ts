import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';

export const regionKeys = {
  all: ['regions'] as const,
  public: () => [...regionKeys.all, 'public'] as const,
};

/** The demo city and its counties; they change rarely, so they stay cached for the visit. */
export function usePublicRegions() {
  return useQuery({
    queryKey: regionKeys.public(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/public/regions', { signal })),
    staleTime: 60 * 60_000,
    select: (data) => data.items,
  });
}
