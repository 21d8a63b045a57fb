import {
  useCreateTemplateDraft,
  usePublishTemplate,
  useRegulatorTemplates,
  useUpdateTemplateDraft,
} from '../../../../features/contracts/queries.ts';

/** Every version of the city's contract template, and drafting, editing and publishing one. */
export function useContractTemplatesData() {
  const templates = useRegulatorTemplates();
  const create = useCreateTemplateDraft();
  const update = useUpdateTemplateDraft();
  const publish = usePublishTemplate();
  return { templates, create, update, publish };
}
