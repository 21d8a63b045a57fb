export { createExamLinkService, passRate, partRates, type ExamLinkService } from './exam-link.service.ts';
export { examLinkRoutes } from './exam-link.routes.ts';
export {
  canonicalString,
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_MS,
  readSignatureHeaders,
  SIGNATURE_HEADERS,
  type IntegrationAuth,
  type IntegrationClient,
  type IntegrationKind,
  type SignedRequestHeaders,
} from './integration-auth.ts';
