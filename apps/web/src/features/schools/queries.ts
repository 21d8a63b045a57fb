import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PublicSchoolQuery } from '../../api/types.ts';

export const schoolKeys = {
  all: ['schools'] as const,
  publicLists: () => [...schoolKeys.all, 'public-list'] as const,
  publicList: (query: PublicSchoolQuery) => [...schoolKeys.publicLists(), query] as const,
  details: () => [...schoolKeys.all, 'detail'] as const,
  detail: (schoolId: string) => [...schoolKeys.details(), schoolId] as const,
  publicProfile: (schoolId: string) => [...schoolKeys.all, 'public-profile', schoolId] as const,
};

export function usePublicSchools(query: PublicSchoolQuery) {
  return useQuery({
    queryKey: schoolKeys.publicList(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/public/schools', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The public profile (introduction, coaches, cars, class types and fees, pass rates, warnings). */
export function usePublicSchoolProfile(schoolId: string | undefined) {
  return useQuery({
    queryKey: schoolKeys.publicProfile(schoolId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/schools/{schoolId}', { params: { path: { schoolId: schoolId ?? '' } }, signal }),
      ),
    enabled: Boolean(schoolId),
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
