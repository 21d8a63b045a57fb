export { canonicalString, HEADERS, newNonce, signRequest } from './signing.ts';
export { decideOutcome, passLine, uniform, type Outcome } from './decide.ts';
export {
  createExamLinkClient,
  ExamLinkHttpError,
  type EligibleTrainee,
  type ExamLinkClient,
  type Receipt,
} from './client.ts';
export { createPoliceSandbox, type PoliceSandbox, type SandboxOptions, type TickReport } from './sandbox.ts';
