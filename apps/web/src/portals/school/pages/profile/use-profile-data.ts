import { useSearchParams } from 'react-router';
import { usePaging } from '../../../../components/table-paging.ts';
import { useSchoolCoaches } from '../../../../features/coaches/queries.ts';
import { useSchool } from '../../../../features/schools/queries.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';

export type ProfileTab = 'profile' | 'coaches';

/** The signed-in user's school, its counts and (on the coaches tab) one page of its coaches. */
export function useProfileData() {
  const { me, access } = useSession();
  const schoolId = me.school?.id;
  const [params, setParams] = useSearchParams();
  const canReadCoaches = access.canReadSchoolCoaches;
  const tab: ProfileTab = canReadCoaches && params.get('tab') === 'coaches' ? 'coaches' : 'profile';
  const [coachPaging, setCoachPaging] = usePaging();

  const school = useSchool(schoolId);
  const coaches = useSchoolCoaches(schoolId, coachPaging, { enabled: tab === 'coaches' });

  const setTab = (next: ProfileTab) => {
    setParams(next === 'profile' ? {} : { tab: next }, { replace: true });
  };

  return { schoolId, school, tab, setTab, canReadCoaches, coaches, coachPaging, setCoachPaging };
}
