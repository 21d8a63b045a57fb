import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery } from '../../api/types.ts';

export const coachKeys = {
  all: ['coaches'] as const,
  bySchool: (schoolId: string, paging: PageQuery) =>
    [...coachKeys.all, 'by-school', schoolId, paging] as const,
};

export function useSchoolCoaches(
  schoolId: string | undefined,
  paging: PageQuery,
  options: { enabled: boolean },
) {
  return useQuery({
    queryKey: coachKeys.bySchool(schoolId ?? '', paging),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools/{schoolId}/coaches', {
          params: { path: { schoolId: schoolId ?? '' }, query: paging },
          signal,
        }),
      ),
    enabled: options.enabled && Boolean(schoolId),
    placeholderData: keepPreviousData,
  });
}
