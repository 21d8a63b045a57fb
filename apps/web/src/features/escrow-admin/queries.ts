import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type EscrowOverview = ResponseOf<'/api/escrow/regulator/overview', 'get'>;
export type EscrowSchoolRow = EscrowOverview['schools'][number];
export type Reconciliation = EscrowOverview['reconciliations'][number];
export type ReconciliationAlert = EscrowOverview['alerts'][number];

export const escrowAdminKeys = {
  all: ['escrow-admin'] as const,
  overview: () => [...escrowAdminKeys.all, 'overview'] as const,
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
