import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { RequestBodyOf, ResponseOf } from '../../api/types.ts';
import { authKeys } from '../auth/queries.ts';

export type AnonymousEnrolmentInput = RequestBodyOf<'/api/public/enrolments', 'post'>;
export type TraineeEnrolmentInput = RequestBodyOf<'/api/trainee/enrolments', 'post'>;
export type EnrolmentContract = ResponseOf<'/api/trainee/enrolment/contracts/{id}', 'get'>;
export type ContractSummary = ResponseOf<'/api/trainee/enrolment/contracts', 'get'>['contracts'][number];
export type SignInput = RequestBodyOf<'/api/trainee/enrolment/contracts/{id}/signature', 'post'>;

export const enrolmentKeys = {
  all: ['enrolment'] as const,
  myContracts: () => [...enrolmentKeys.all, 'my-contracts'] as const,
  contract: (id: string) => [...enrolmentKeys.all, 'contract', id] as const,
};

/** Enrolment without an account: the server creates the trainee login and signs the browser in. */
export function useEnrolAnonymously() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AnonymousEnrolmentInput) => unwrap(api.POST('/api/public/enrolments', { body })),
    onSuccess: async (result) => {
      queryClient.setQueryData(enrolmentKeys.contract(result.contract.id), result.contract);
      // The answer set a session cookie: who "me" is has changed. Awaited, so the contract page
      // (which needs a session) never sees the stale "not signed in" and bounces to the login.
      await queryClient.refetchQueries({ queryKey: authKeys.me() });
    },
  });
}

export function useEnrolAsTrainee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TraineeEnrolmentInput) => unwrap(api.POST('/api/trainee/enrolments', { body })),
    onSuccess: (contract) => {
      queryClient.setQueryData(enrolmentKeys.contract(contract.id), contract);
      void queryClient.invalidateQueries({ queryKey: enrolmentKeys.myContracts() });
    },
  });
}

export function useMyContracts(enabled = true) {
  return useQuery({
    queryKey: enrolmentKeys.myContracts(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/trainee/enrolment/contracts', { signal })),
    select: (data) => data.contracts,
    enabled,
  });
}

/**
 * One contract. While it waits for the school's countersignature it is polled, so the page moves on
 * to payment by itself once the school has signed.
 */
export function useContract(id: string | undefined) {
  return useQuery({
    queryKey: enrolmentKeys.contract(id ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/trainee/enrolment/contracts/{id}', { params: { path: { id: id ?? '' } }, signal }),
      ),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'awaiting_school_signature' ? 3_000 : false),
  });
}

export function useSignContract(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInput) =>
      unwrap(api.POST('/api/trainee/enrolment/contracts/{id}/signature', { params: { path: { id } }, body })),
    onSuccess: (contract) => {
      queryClient.setQueryData(enrolmentKeys.contract(id), contract);
      void queryClient.invalidateQueries({ queryKey: enrolmentKeys.myContracts() });
    },
  });
}

/** Starts (or resumes) the bank payment: answers with the bank's pay page. */
export function useStartContractPayment(id: string) {
  return useMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/trainee/enrolment/contracts/{id}/payments', {
          params: { path: { id } },
          body: { idempotencyKey },
        }),
      ),
  });
}

/** Where the browser downloads the contract PDF (a plain link: the cookie goes with it). */
export function contractPdfUrl(id: string): string {
  return `/api/trainee/enrolment/contracts/${encodeURIComponent(id)}/pdf`;
}
