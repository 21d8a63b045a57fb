import { useState } from 'react';
import { usePaging } from '../../../../components/table-paging.ts';
import {
  useModerateEvaluation,
  useRegulatorEvaluations,
  type EvaluationStatus,
} from '../../../../features/moderation/queries.ts';

/** Evaluations of one status (held first: they wait for a decision), and hiding or publishing one. */
export function useModerationData() {
  const [status, setStatus] = useState<EvaluationStatus>('held');
  const [paging, setPaging] = usePaging();
  const list = useRegulatorEvaluations(status, paging);
  const moderate = useModerateEvaluation();
  const changeStatus = (next: EvaluationStatus) => {
    setStatus(next);
    setPaging({ ...paging, page: 1 });
  };
  return { status, changeStatus, paging, setPaging, list, moderate };
}
