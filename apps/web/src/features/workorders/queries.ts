import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { PageQuery, RequestBodyOf, ResponseOf } from '../../api/types.ts';

export type WorkOrderSide = 'school' | 'regulator';
export type WorkOrder = ResponseOf<'/api/regulator/work-orders', 'get'>['items'][number];
export type WorkOrderDetail = ResponseOf<'/api/regulator/work-orders/{id}', 'get'>;
export type WorkOrderStatus = WorkOrder['status'];
export type WorkOrderFilter = Omit<
  NonNullable<paths['/api/regulator/work-orders']['get']['parameters']['query']>,
  'page' | 'pageSize'
>;
export type WorkOrderMetrics = ResponseOf<'/api/regulator/work-orders/metrics', 'get'>;
export type CreateWorkOrderInput = RequestBodyOf<'/api/regulator/work-orders', 'post'>;
export type DisposeInput = RequestBodyOf<'/api/school/work-orders/{id}/dispose', 'post'>;
export type CloseInput = RequestBodyOf<'/api/regulator/work-orders/{id}/close', 'post'>;
export type Notice = ResponseOf<'/api/school/work-orders/notices', 'get'>['items'][number];

export const workOrderStatuses = ['open', 'disposed', 'returned', 'reopened', 'closed'] as const;
export const sourceKinds = ['anomaly', 'review', 'appeal', 'complaint', 'inspection', 'manual'] as const;
export const categories = [
  'hours_fraud',
  'hours_irregular',
  'complaint',
  'appeal',
  'rectification',
  'other',
] as const;
/** Waiting for the assignee's disposal. */
export const pendingStatuses: readonly WorkOrderStatus[] = ['open', 'returned', 'reopened'];

export const workOrderKeys = {
  all: ['workorders'] as const,
  list: (side: WorkOrderSide, filter: WorkOrderFilter, paging: PageQuery) =>
    [...workOrderKeys.all, side, 'list', filter, paging] as const,
  one: (side: WorkOrderSide, id: string) => [...workOrderKeys.all, side, 'one', id] as const,
  metrics: (from: string, to: string) => [...workOrderKeys.all, 'metrics', from, to] as const,
  notices: (side: WorkOrderSide) => [...workOrderKeys.all, side, 'notices'] as const,
};

export function useWorkOrders(side: WorkOrderSide, filter: WorkOrderFilter, paging: PageQuery) {
  return useQuery({
    queryKey: workOrderKeys.list(side, filter, paging),
    queryFn: ({ signal }) => {
      const query = { ...filter, ...paging };
      return side === 'school'
        ? unwrap(api.GET('/api/school/work-orders', { params: { query }, signal }))
        : unwrap(api.GET('/api/regulator/work-orders', { params: { query }, signal }));
    },
    placeholderData: keepPreviousData,
  });
}

export function useWorkOrder(side: WorkOrderSide, id: string | null) {
  return useQuery({
    queryKey: workOrderKeys.one(side, id ?? ''),
    queryFn: ({ signal }) => {
      const params = { path: { id: id ?? '' } };
      return side === 'school'
        ? unwrap(api.GET('/api/school/work-orders/{id}', { params, signal }))
        : unwrap(api.GET('/api/regulator/work-orders/{id}', { params, signal }));
    },
    enabled: Boolean(id),
  });
}

export function useWorkOrderMetrics(from: string, to: string) {
  return useQuery({
    queryKey: workOrderKeys.metrics(from, to),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/regulator/work-orders/metrics', { params: { query: { from, to } }, signal })),
  });
}

export function useWorkOrderNotices(side: WorkOrderSide) {
  return useQuery({
    queryKey: workOrderKeys.notices(side),
    queryFn: ({ signal }) =>
      side === 'school'
        ? unwrap(api.GET('/api/school/work-orders/notices', { signal }))
        : unwrap(api.GET('/api/regulator/work-orders/notices', { signal })),
  });
}

/** An evidence file (a link, not a fetch: the browser loads it with the session cookie). */
export const evidenceFileUrl = (side: WorkOrderSide, id: string, fileId: string) =>
  `/api/${side}/work-orders/${id}/files/${fileId}`;

function useInvalidating<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => client.invalidateQueries({ queryKey: workOrderKeys.all }),
  });
}

export function useCreateWorkOrder() {
  return useInvalidating((body: CreateWorkOrderInput) =>
    unwrap(api.POST('/api/regulator/work-orders', { body })),
  );
}

/** The school disposes its orders; a county (or city) regulator the ones assigned to its own level. */
export function useDispose(side: WorkOrderSide) {
  return useInvalidating(({ id, body }: { id: string; body: DisposeInput }) => {
    const params = { path: { id } };
    return side === 'school'
      ? unwrap(api.POST('/api/school/work-orders/{id}/dispose', { params, body }))
      : unwrap(api.POST('/api/regulator/work-orders/{id}/dispose', { params, body }));
  });
}

export function useCloseWorkOrder() {
  return useInvalidating(({ id, body }: { id: string; body: CloseInput }) =>
    unwrap(api.POST('/api/regulator/work-orders/{id}/close', { params: { path: { id } }, body })),
  );
}

export function useReturnWorkOrder() {
  return useInvalidating(({ id, reason }: { id: string; reason: string }) =>
    unwrap(
      api.POST('/api/regulator/work-orders/{id}/return', { params: { path: { id } }, body: { reason } }),
    ),
  );
}

export function useReopenWorkOrder() {
  return useInvalidating(({ id, reason }: { id: string; reason: string }) =>
    unwrap(
      api.POST('/api/regulator/work-orders/{id}/reopen', { params: { path: { id } }, body: { reason } }),
    ),
  );
}

/** 教练员记分: the coach's total and the last 12 months. */
export function useCoachPoints(coachId: string | null) {
  return useQuery({
    queryKey: [...workOrderKeys.all, 'coach-points', coachId ?? ''] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/coaches/{coachId}/points', {
          params: { path: { coachId: coachId ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(coachId),
  });
}

/** Schools of the regulator's region by name, for the create dialog's picker. */
export function useSchoolSearch(q: string) {
  return useQuery({
    queryKey: [...workOrderKeys.all, 'school-search', q] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools', {
          params: { query: { page: 1, pageSize: 20, ...(q ? { q } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Complaints escalated to the regulator, for 转工单. */
export function useEscalatedComplaints(enabled: boolean) {
  return useQuery({
    queryKey: [...workOrderKeys.all, 'escalated-complaints'] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/regulator/complaints', {
          params: { query: { status: 'escalated', page: 1, pageSize: 100 } },
          signal,
        }),
      ),
    enabled,
  });
}

/** Pending appeals that the school passed up to the regulator, for 转工单. */
export function useEscalatedAppeals(enabled: boolean) {
  return useQuery({
    queryKey: [...workOrderKeys.all, 'escalated-appeals'] as const,
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET('/api/regulator/appeals', {
          params: { query: { status: 'pending', page: 1, pageSize: 100 } },
          signal,
        }),
      );
      return page.items.filter((a) => a.stage === 'regulator');
    },
    enabled,
  });
}

/** Reads a picked file as the base64 the dispose route takes. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
