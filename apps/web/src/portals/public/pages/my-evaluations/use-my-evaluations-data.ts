import { useEvaluationInvitations, useSubmitEvaluation } from '../../../../features/feedback/queries.ts';

export function useMyEvaluationsData() {
  return { invitations: useEvaluationInvitations(), submit: useSubmitEvaluation() };
}
