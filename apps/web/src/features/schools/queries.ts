import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PublicSchoolQuery } from '../../api/types.ts';

export const schoolKeys = {
  all: ['schools'] as const,
  publicLists: () => [...schoolKeys.all, 'public-list'] as const,
  publicList: (query: PublicSchoolQuery) => [...schoolKeys.publicLists(), query] as const,
  details: () => [...schoolKeys.all, 'detail'] as const,
  detail: (schoolId: string) => [...schoolKeys.details(), schoolId] as const,
};

export function usePublicSchools(query: PublicSchoolQuery) {
  return useQuery({
    queryKey: schoolKeys.publicList(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/public/schools', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSchool(schoolId: string | undefined) {
  return useQuery({
    queryKey: schoolKeys.detail(schoolId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/schools/{schoolId}', { params: { path: { schoolId: schoolId ?? '' } }, signal })),
    enabled: Boolean(schoolId),
  });
}
