import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type EscrowContract = ResponseOf<'/api/escrow/my', 'get'>['contracts'][number];
export type Settlement = ResponseOf<'/api/escrow/my/contracts/{id}/withdrawal', 'get'>;
export type SettlementLine = Settlement['lines'][number];

export const escrowKeys = {
  all: ['escrow'] as const,
  mine: () => [...escrowKeys.all, 'mine'] as const,
  withdrawal: (id: string) => [...escrowKeys.all, 'withdrawal', id] as const,
};

/**
 * The trainee's escrow contracts. Polled while a contract waits for its money (the bank's page is in
 * another tab), since money counts as escrowed only after the bank's signed callback arrives.
 */
export function useMyEscrow(enabled = true) {
  return useQuery({
    queryKey: escrowKeys.mine(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/escrow/my', { signal })),
    select: (data) => data.contracts,
    enabled,
    refetchInterval: (query) =>
      query.state.data?.contracts.some((c) => c.status === 'awaiting_payment') ? 3_000 : false,
  });
}

/** What a withdrawal would refund, line by line (or what it did, once withdrawn). */
export function useWithdrawalPreview(escrowContractId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: escrowKeys.withdrawal(escrowContractId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/escrow/my/contracts/{id}/withdrawal', {
          params: { path: { id: escrowContractId ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(escrowContractId) && enabled,
  });
}

export function useWithdraw(escrowContractId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/escrow/my/contracts/{id}/withdrawal', { params: { path: { id: escrowContractId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: escrowKeys.all }),
  });
}
