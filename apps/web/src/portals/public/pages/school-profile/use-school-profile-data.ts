import { useState } from 'react';
import { useParams } from 'react-router';
import { usePublicEvaluations } from '../../../../features/feedback/queries.ts';
import { usePublicSchoolProfile } from '../../../../features/schools/queries.ts';

export const evaluationPageSize = 10;

export function useSchoolProfileData() {
  const { schoolId } = useParams<{ schoolId: string }>();
  const profile = usePublicSchoolProfile(schoolId);
  const [evaluationPage, setEvaluationPage] = useState(1);
  const evaluations = usePublicEvaluations(schoolId, { page: evaluationPage, pageSize: evaluationPageSize });
  return { schoolId, profile, evaluations, evaluationPage, setEvaluationPage };
}
