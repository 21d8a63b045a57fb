import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { RequestBodyOf, ResponseOf } from '../../api/types.ts';

export type MonthlyReport = ResponseOf<'/api/regulator/monthly-report', 'get'>;
export type Figures = MonthlyReport['rows'][number]['figures'];
export type FigureKey = keyof Figures;
export type DrillFigure = NonNullable<
  paths['/api/regulator/monthly-report/drilldown']['get']['parameters']['query']
>['figure'];
export type DrillPage = ResponseOf<'/api/regulator/monthly-report/drilldown', 'get'>;
export type SubmissionStatus = ResponseOf<'/api/regulator/monthly-report/submissions', 'get'>;
export type Submission = ResponseOf<'/api/regulator/monthly-report/submissions', 'post'>;
export type SubmitInput = RequestBodyOf<'/api/regulator/monthly-report/submissions', 'post'>;

/** A column of the form: every figure but the rate's numerator, which only the drill-down shows. */
export type ColumnKey = Exclude<FigureKey, 'workOrdersDisposed'>;
export type GroupKey = 'qualification' | 'interview' | 'enforcement' | 'inspection' | 'keySupervision';

/** The form's five groups and their columns, in 附件2's order (headings come from the `report` catalog). */
export const reportGroups: { group: GroupKey; columns: ColumnKey[] }[] = [
  { group: 'qualification', columns: ['existingSchools', 'checkedSchools', 'rectificationSchools'] },
  { group: 'interview', columns: ['interviewedAuthorities', 'interviewedSchools'] },
  { group: 'enforcement', columns: ['enforcementCounties', 'penalisedSchools', 'penalisedCoaches'] },
  {
    group: 'inspection',
    columns: ['teachingLogs', 'reviewedLogs', 'workOrdersPushed', 'workOrderDisposalRate'],
  },
  { group: 'keySupervision', columns: ['keySupervisionSchools', 'keySupervisionCoaches'] },
];

/** The rate's records are the disposed orders (its numerator); every other column drills to itself. */
export function drillFigureOf(key: ColumnKey): DrillFigure {
  return key === 'workOrderDisposalRate' ? 'workOrdersDisposed' : key;
}

export const reportKeys = {
  all: ['monthly-report'] as const,
  report: (month: string, region: string | undefined) =>
    [...reportKeys.all, 'report', month, region] as const,
  drill: (month: string, region: string, figure: DrillFigure, page: number, pageSize: number) =>
    [...reportKeys.all, 'drill', month, region, figure, page, pageSize] as const,
  status: (month: string, region: string | undefined) =>
    [...reportKeys.all, 'status', month, region] as const,
};

/** The report of a month for a region (own region when none is chosen). */
export function useMonthlyReport(month: string, region: string | undefined) {
  return useQuery({
    queryKey: reportKeys.report(month, region),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/monthly-report', {
          params: { query: { month, ...(region ? { region } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDrilldown(
  target: { month: string; region: string; figure: DrillFigure } | null,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: reportKeys.drill(
      target?.month ?? '',
      target?.region ?? '',
      target?.figure ?? 'teachingLogs',
      page,
      pageSize,
    ),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/monthly-report/drilldown', {
          params: { query: { ...target!, page, pageSize } },
          signal,
        }),
      ),
    enabled: Boolean(target),
    placeholderData: keepPreviousData,
  });
}

/** Who submitted the month (a province: every city; a city: its own versions). */
export function useSubmissionStatus(month: string, region: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.status(month, region),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/monthly-report/submissions', {
          params: { query: { month, ...(region ? { region } : {}) } },
          signal,
        }),
      ),
    enabled,
  });
}

export function useSubmitReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubmitInput) =>
      unwrap(api.POST('/api/regulator/monthly-report/submissions', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

/** Download links of the exports; the browser sends the session cookie, the server names the file. */
export function reportExportUrl(
  format: 'xlsx' | 'pdf',
  q: { month: string; region?: string; submissionId?: string },
): string {
  const params = new URLSearchParams({ month: q.month });
  if (q.region) params.set('region', q.region);
  if (q.submissionId) params.set('submissionId', q.submissionId);
  return `/api/regulator/monthly-report/export.${format}?${params.toString()}`;
}

/** The month before the current one in China time: the month a city reports in the first days. */
export function defaultReportMonth(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}
