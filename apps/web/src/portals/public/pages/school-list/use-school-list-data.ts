import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { PublicSchoolQuery } from '../../../../api/types.ts';
import { usePublicRegions } from '../../../../features/regions/queries.ts';
import { licenceClasses } from '../../../../features/schools/licence-classes.ts';
import { usePublicSchools } from '../../../../features/schools/queries.ts';

export const schoolListPageSize = 20;
// The server's limit for the name search.
export const searchMaxLength = 50;

export const schoolSorts = ['distance', 'rating', 'price', 'passRate'] as const;
export type SchoolSort = (typeof schoolSorts)[number];
export type SchoolListView = 'list' | 'map';

/** What the page holds in the URL; prices are whole 元 there (what people type), 分 to the server. */
export type SchoolListState = {
  lat?: number;
  lon?: number;
  district?: string;
  grade?: number;
  licenceClass?: string;
  minPriceYuan?: number;
  maxPriceYuan?: number;
  minRating?: number;
  /** Percent, 0–100. */
  minPassRate?: number;
  q?: string;
  sort?: SchoolSort;
  page: number;
  view: SchoolListView;
};

export type SchoolListFilters = Omit<SchoolListState, 'page' | 'view' | 'lat' | 'lon'>;

function numberIn(value: string | null, min: number, max: number, integer = false): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return undefined;
  return n;
}

/**
 * Filters, point, sort, page and view live in the URL (`?lat=36.66&lon=117.07&district=370102&sort=rating`),
 * so a search can be shared and the back button works. Anything malformed is dropped rather than sent.
 */
export function toSchoolListState(params: URLSearchParams): SchoolListState {
  const district = params.get('district') ?? params.get('countyCode');
  const licenceClass = params.get('licenceClass');
  const q = params.get('q')?.trim().slice(0, searchMaxLength);
  const lat = numberIn(params.get('lat'), -90, 90);
  const lon = numberIn(params.get('lon'), -180, 180);
  const hasPoint = lat !== undefined && lon !== undefined;
  const sort = params.get('sort');
  const knownSort = (schoolSorts as readonly string[]).includes(sort ?? '')
    ? (sort as SchoolSort)
    : undefined;
  return {
    ...(hasPoint ? { lat, lon } : {}),
    district: district && /^[0-9]{6}$/.test(district) ? district : undefined,
    grade: numberIn(params.get('grade'), 1, 3, true),
    licenceClass:
      licenceClass && (licenceClasses as readonly string[]).includes(licenceClass) ? licenceClass : undefined,
    minPriceYuan: numberIn(params.get('minPrice'), 0, 1_000_000, true),
    maxPriceYuan: numberIn(params.get('maxPrice'), 0, 1_000_000, true),
    minRating: numberIn(params.get('minRating'), 1, 5),
    minPassRate: numberIn(params.get('minPassRate'), 0, 100),
    q: q || undefined,
    // Distance needs a point; without one the server's own default order applies.
    sort: knownSort === 'distance' && !hasPoint ? undefined : knownSort,
    page: numberIn(params.get('page'), 1, 10_000, true) ?? 1,
    view: params.get('view') === 'map' ? 'map' : 'list',
  };
}

export function toSearchParams(state: SchoolListState): Record<string, string> {
  const params: Record<string, string> = {};
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') params[key] = String(value);
  };
  put('lat', state.lat);
  put('lon', state.lon);
  put('district', state.district);
  put('grade', state.grade);
  put('licenceClass', state.licenceClass);
  put('minPrice', state.minPriceYuan);
  put('maxPrice', state.maxPriceYuan);
  put('minRating', state.minRating);
  put('minPassRate', state.minPassRate);
  put('q', state.q);
  put('sort', state.sort);
  if (state.page > 1) params.page = String(state.page);
  if (state.view === 'map') params.view = 'map';
  return params;
}

/** The server's query: 元 to 分, percent to a 0–1 rate. */
export function toSchoolQuery(state: SchoolListState, pageSize = schoolListPageSize): PublicSchoolQuery {
  const query: PublicSchoolQuery = { page: state.page, pageSize };
  if (state.lat !== undefined && state.lon !== undefined) {
    query.lat = state.lat;
    query.lon = state.lon;
  }
  if (state.district) query.district = state.district;
  if (state.grade) query.grade = state.grade;
  if (state.licenceClass) query.licenceClass = state.licenceClass;
  if (state.minPriceYuan !== undefined) query.minPriceFen = state.minPriceYuan * 100;
  if (state.maxPriceYuan !== undefined) query.maxPriceFen = state.maxPriceYuan * 100;
  if (state.minRating !== undefined) query.minRating = state.minRating;
  if (state.minPassRate !== undefined) query.minPassRate = state.minPassRate / 100;
  if (state.q) query.q = state.q;
  if (state.sort) query.sort = state.sort;
  return query;
}

export function hasFiltersIn(state: SchoolListState): boolean {
  return Boolean(
    state.district ||
    state.grade ||
    state.licenceClass ||
    state.minPriceYuan !== undefined ||
    state.maxPriceYuan !== undefined ||
    state.minRating !== undefined ||
    state.minPassRate !== undefined ||
    state.q,
  );
}

export function useSchoolListData() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => toSchoolListState(params), [params]);
  // The map shows a whole page of 100 so the pins cover the area; the list pages by 20.
  const query = useMemo(() => toSchoolQuery(state, state.view === 'map' ? 100 : schoolListPageSize), [state]);
  const schools = usePublicSchools(query);
  const regions = usePublicRegions();
  const counties = useMemo(() => (regions.data ?? []).filter((r) => r.level === 'county'), [regions.data]);

  const update = (patch: Partial<SchoolListState>, replace = false) => {
    setParams(toSearchParams({ ...state, page: 1, ...patch }), { replace });
  };
  const setFilters = (patch: Partial<SchoolListFilters>) => update(patch);
  const setPoint = (point: { lat: number; lon: number } | null) =>
    update(
      point
        ? { lat: point.lat, lon: point.lon, sort: state.sort ?? 'distance' }
        : { lat: undefined, lon: undefined, sort: state.sort === 'distance' ? undefined : state.sort },
    );
  const setPage = (page: number) => {
    update({ page });
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };
  const setView = (view: SchoolListView) => update({ view, page: state.page }, true);
  const clearFilters = () =>
    setParams(
      toSearchParams({ lat: state.lat, lon: state.lon, sort: state.sort, page: 1, view: state.view }),
    );

  return {
    state,
    query,
    schools,
    counties,
    countiesLoading: regions.isPending,
    setFilters,
    setPoint,
    setPage,
    setView,
    clearFilters,
    hasFilters: hasFiltersIn(state),
  };
}
