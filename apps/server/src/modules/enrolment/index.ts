export {
  createContractTemplatesService,
  type ContractTemplatesService,
  type TemplateInput,
} from './contract-templates.service.ts';
export { createEnrolmentService, type EnrolmentService } from './enrolment.service.ts';
export { enrolmentRoutes } from './enrolment.routes.ts';
export { placeholderKeys, PLACEHOLDERS } from './contract-text.ts';
export { modelTemplate, modelTemplateBody } from './model-template.ts';
