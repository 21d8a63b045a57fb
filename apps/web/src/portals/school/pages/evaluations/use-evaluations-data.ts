import { usePaging } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { useSchoolEvaluations, useSchoolRating } from '../../../../features/moderation/queries.ts';

/** The school's published evaluations and its average stars, as the public sees them. */
export function useEvaluationsData() {
  const { me } = useSession();
  const schoolId = me.school?.id;
  const [paging, setPaging] = usePaging();
  const rating = useSchoolRating(schoolId);
  const list = useSchoolEvaluations(schoolId, paging);
  return { schoolId, paging, setPaging, rating, list };
}
