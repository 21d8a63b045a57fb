import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { usePublicRegions } from '../../../../features/regions/queries.ts';
import { licenceClasses } from '../../../../features/schools/licence-classes.ts';
import { usePublicSchools } from '../../../../features/schools/queries.ts';
import type { PublicSchoolQuery } from '../../../../api/types.ts';

export const schoolListPageSize = 20;
// The server's limit for the name search.
export const searchMaxLength = 50;

export type SchoolListFilters = Pick<PublicSchoolQuery, 'countyCode' | 'licenceClass' | 'q'>;

/**
 * Filters and page live in the URL (`?countyCode=370102&licenceClass=C1&q=顺达&page=2`), so a search
 * can be shared and the back button works. Anything malformed is dropped rather than sent.
 */
export function toSchoolListQuery(params: URLSearchParams): PublicSchoolQuery {
  const county = params.get('countyCode');
  const licenceClass = params.get('licenceClass');
  const q = params.get('q')?.trim().slice(0, searchMaxLength);
  const page = Number(params.get('page'));
  return {
    countyCode: county && /^[0-9]{6}$/.test(county) ? county : undefined,
    licenceClass:
      licenceClass && (licenceClasses as readonly string[]).includes(licenceClass) ? licenceClass : undefined,
    q: q || undefined,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: schoolListPageSize,
  };
}

export function toSearchParams(query: PublicSchoolQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.countyCode) {
    params.countyCode = query.countyCode;
  }
  if (query.licenceClass) {
    params.licenceClass = query.licenceClass;
  }
  if (query.q) {
    params.q = query.q;
  }
  if (query.page > 1) {
    params.page = String(query.page);
  }
  return params;
}

export function useSchoolListData() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => toSchoolListQuery(params), [params]);
  const schools = usePublicSchools(query);
  const regions = usePublicRegions();
  const counties = useMemo(() => (regions.data ?? []).filter((r) => r.level === 'county'), [regions.data]);

  const setFilters = (patch: Partial<SchoolListFilters>) => {
    setParams(toSearchParams({ ...query, ...patch, page: 1 }));
  };
  const setPage = (page: number) => {
    setParams(toSearchParams({ ...query, page }));
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };
  const clearFilters = () => {
    setParams({});
  };
  const hasFilters = Boolean(query.countyCode || query.licenceClass || query.q);

  return {
    query,
    schools,
    counties,
    countiesLoading: regions.isPending,
    setFilters,
    setPage,
    clearFilters,
    hasFilters,
  };
}
