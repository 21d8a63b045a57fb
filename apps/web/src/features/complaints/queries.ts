import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery, ResponseOf } from '../../api/types.ts';

export type Complaint = ResponseOf<'/api/school/complaints/{id}', 'get'>;
export type ComplaintStatus = Complaint['status'];
export type ComplaintStats = ResponseOf<'/api/regulator/complaints/stats', 'get'>;
export type ComplaintFilter = Omit<
  NonNullable<paths['/api/school/complaints']['get']['parameters']['query']>,
  'page' | 'pageSize'
>;
export type ComplaintSide = 'school' | 'regulator';
export type RegulatorOutcome = 'resolved' | 'invalid';

export const complaintStatuses = ['submitted', 'school_replied', 'escalated', 'resolved', 'closed'] as const;

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (side: ComplaintSide, filter: ComplaintFilter, paging: PageQuery) =>
    [...complaintKeys.all, side, 'list', filter, paging] as const,
  one: (side: ComplaintSide, id: string) => [...complaintKeys.all, side, 'one', id] as const,
  stats: () => [...complaintKeys.all, 'regulator', 'stats'] as const,
};

/** The school's inbox or the regulator's supervision list, filtered by status and overdue. */
export function useComplaints(side: ComplaintSide, filter: ComplaintFilter, paging: PageQuery) {
  return useQuery({
    queryKey: complaintKeys.list(side, filter, paging),
    queryFn: ({ signal }) => {
      const query = { ...filter, ...paging };
      return side === 'school'
        ? unwrap(api.GET('/api/school/complaints', { params: { query }, signal }))
        : unwrap(api.GET('/api/regulator/complaints', { params: { query }, signal }));
    },
    placeholderData: keepPreviousData,
  });
}

export function useComplaint(side: ComplaintSide, id: string | null) {
  return useQuery({
    queryKey: complaintKeys.one(side, id ?? ''),
    queryFn: ({ signal }) => {
      const params = { path: { id: id ?? '' } };
      return side === 'school'
        ? unwrap(api.GET('/api/school/complaints/{id}', { params, signal }))
        : unwrap(api.GET('/api/regulator/complaints/{id}', { params, signal }));
    },
    enabled: Boolean(id),
  });
}

/** Counts by status and the overdue ones at the school and at the regulator (region-scoped). */
export function useComplaintStats() {
  return useQuery({
    queryKey: complaintKeys.stats(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/complaints/stats', { signal })),
  });
}

/** An attachment image (a link, not a fetch: the browser loads it with the session cookie). */
export const complaintAttachmentUrl = (side: ComplaintSide, id: string, attachmentId: string) =>
  `/api/${side}/complaints/${id}/attachments/${attachmentId}`;

export function useSchoolReply() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) =>
      unwrap(api.POST('/api/school/complaints/{id}/reply', { params: { path: { id } }, body: { text } })),
    onSuccess: () => client.invalidateQueries({ queryKey: complaintKeys.all }),
  });
}

export function useRegulatorReply() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, text, outcome }: { id: string; text: string; outcome: RegulatorOutcome }) =>
      unwrap(
        api.POST('/api/regulator/complaints/{id}/reply', {
          params: { path: { id } },
          body: { text, outcome },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: complaintKeys.all }),
  });
}
