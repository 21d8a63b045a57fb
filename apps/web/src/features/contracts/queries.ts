import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type ContractStatus = NonNullable<
  NonNullable<paths['/api/school/enrolment/contracts']['get']['parameters']['query']>['status']
>;
export type ContractSummary = ResponseOf<'/api/school/enrolment/contracts', 'get'>['contracts'][number];
export type Contract = ResponseOf<'/api/school/enrolment/contracts/{id}', 'get'>;
export type TemplateList = ResponseOf<'/api/regulator/contract-templates', 'get'>;
export type ContractTemplate = TemplateList['templates'][number];
export type TemplateInput = Omit<
  NonNullable<
    paths['/api/regulator/contract-templates']['post']['requestBody']
  >['content']['application/json'],
  'idempotencyKey'
>;

export const contractKeys = {
  all: ['contracts'] as const,
  school: (status: ContractStatus | undefined) => [...contractKeys.all, 'school', status] as const,
  schoolOne: (id: string) => [...contractKeys.all, 'school-one', id] as const,
  templates: () => [...contractKeys.all, 'templates'] as const,
};

/** The school's enrolment contracts, optionally one status (awaiting_school_signature = to countersign). */
export function useSchoolContracts(status: ContractStatus | undefined) {
  return useQuery({
    queryKey: contractKeys.school(status),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/school/enrolment/contracts', { params: { query: status ? { status } : {} }, signal }),
      ),
  });
}

/** One contract with its full text as signed, its terms and the verification of both signatures. */
export function useSchoolContract(id: string | null) {
  return useQuery({
    queryKey: contractKeys.schoolOne(id ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/school/enrolment/contracts/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
  });
}

export function useCountersign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/school/enrolment/contracts/{id}/countersignature', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: contractKeys.all }),
        // A countersigned contract opens its escrow contract: the settlement gains a row.
        client.invalidateQueries({ queryKey: ['settlement'] }),
      ]),
  });
}

/** The PDF of a contract (a link, not a fetch: the browser downloads it with the session cookie). */
export const schoolContractPdfUrl = (id: string) => `/api/school/enrolment/contracts/${id}/pdf`;

/** Every version of the region's contract templates, and the placeholders a body may use. */
export function useRegulatorTemplates() {
  return useQuery({
    queryKey: contractKeys.templates(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/contract-templates', { signal })),
  });
}

export function useCreateTemplateDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TemplateInput & { idempotencyKey: string }) =>
      unwrap(api.POST('/api/regulator/contract-templates', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: contractKeys.templates() }),
  });
}

export function useUpdateTemplateDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TemplateInput }) =>
      unwrap(api.PUT('/api/regulator/contract-templates/{id}', { params: { path: { id } }, body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: contractKeys.templates() }),
  });
}

export function usePublishTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, effectiveFrom }: { id: string; effectiveFrom?: string }) =>
      unwrap(
        api.POST('/api/regulator/contract-templates/{id}/publish', {
          params: { path: { id } },
          body: effectiveFrom ? { effectiveFrom } : {},
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: contractKeys.templates() }),
  });
}
