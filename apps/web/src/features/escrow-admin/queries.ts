import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type EscrowOverview = ResponseOf<'/api/escrow/regulator/overview', 'get'>;
export type EscrowSchoolRow = EscrowOverview['schools'][number];
export type Reconciliation = EscrowOverview['reconciliations'][number];
export type ReconciliationAlert = EscrowOverview['alerts'][number];

export type KeySupervision = ResponseOf<'/api/regulator/key-supervisions', 'get'>['items'][number];

export const escrowAdminKeys = {
  all: ['escrow-admin'] as const,
  overview: () => [...escrowAdminKeys.all, 'overview'] as const,
  keySupervisions: () => [...escrowAdminKeys.all, 'key-supervisions'] as const,
};

/** Escrow by school in the regulator's region, overdue refunds, recent reconciliations and alerts. */
export function useEscrowOverview() {
  return useQuery({
    queryKey: escrowAdminKeys.overview(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/escrow/regulator/overview', { signal })),
  });
}

/** Reconciles one day (YYYY-MM-DD, +08:00) against the bank statement again. */
export function useRunReconciliation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => unwrap(api.POST('/api/escrow/regulator/reconciliations', { body: { day } })),
    onSuccess: () => client.invalidateQueries({ queryKey: escrowAdminKeys.all }),
  });
}

/** 重点监管: the schools of the regulator's region under key supervision. */
export function useKeySupervisions() {
  return useQuery({
    queryKey: escrowAdminKeys.keySupervisions(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/key-supervisions', { signal })),
  });
}

/** Puts a school under key supervision (or changes its reason), with the reason. */
export function useSetKeySupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { schoolId: string; reason: string }) =>
      unwrap(
        api.PUT('/api/regulator/schools/{schoolId}/key-supervision', {
          params: { path: { schoolId: input.schoolId } },
          body: { reason: input.reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: escrowAdminKeys.keySupervisions() }),
  });
}

/** Lifts key supervision, with the reason for lifting. */
export function useLiftKeySupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { schoolId: string; reason: string }) =>
      unwrap(
        api.POST('/api/regulator/schools/{schoolId}/key-supervision/lift', {
          params: { path: { schoolId: input.schoolId } },
          body: { reason: input.reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: escrowAdminKeys.keySupervisions() }),
  });
}

/** Schools of the regulator's region whose name matches `q`: the choices for key supervision. */
export function useRegionSchoolChoices(q: string) {
  return useQuery({
    queryKey: [...escrowAdminKeys.all, 'school-choices', q] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools', { params: { query: { page: 1, pageSize: 20, q: q || undefined } }, signal }),
      ),
  });
}
