import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { RequestBodyOf, ResponseOf } from '../../api/types.ts';

export type CalendarDay = ResponseOf<'/api/regulator/calendar/days', 'get'>['items'][number];
export type DayKind = CalendarDay['kind'];
export type NewDay = RequestBodyOf<'/api/regulator/calendar/days', 'post'>['days'][number];

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => [...calendarKeys.all, 'year', year] as const,
};

/** 工作日历: the year's exception days (weekday holidays, 调休 weekend workdays). */
export function useCalendarYear(year: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...options,
    queryKey: calendarKeys.year(year),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/calendar/days', { params: { query: { year } }, signal })),
  });
}

/** Adds a day; a day entered already is refused (calendar.duplicate): replace it instead. */
export function useAddDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (day: NewDay) => unwrap(api.POST('/api/regulator/calendar/days', { body: { days: [day] } })),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

/** Replaces the kind and name of a day (or enters it). */
export function useReplaceDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ day, kind, name }: NewDay) =>
      unwrap(
        api.PUT('/api/regulator/calendar/days/{day}', { params: { path: { day } }, body: { kind, name } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

export function useRemoveDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (day: string) =>
      unwrap(api.DELETE('/api/regulator/calendar/days/{day}', { params: { path: { day } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}
