import { useParams } from 'react-router';
import { useMe } from '../../../../features/auth/queries.ts';
import {
  useEnrolAnonymously,
  useEnrolAsTrainee,
  useMyContracts,
} from '../../../../features/enrolment/queries.ts';
import { usePublicSchoolProfile } from '../../../../features/schools/queries.ts';

export function useEnrolData() {
  const { schoolId, classTypeId } = useParams<{ schoolId: string; classTypeId: string }>();
  const profile = usePublicSchoolProfile(schoolId);
  const me = useMe();
  const classType = profile.data?.classTypes.find((c) => c.id === classTypeId) ?? null;
  const signedInTrainee = me.data?.role === 'trainee' ? me.data : null;
  const myContracts = useMyContracts(Boolean(signedInTrainee));
  return {
    schoolId: schoolId ?? '',
    classTypeId: classTypeId ?? '',
    profile,
    classType,
    signedInTrainee,
    /** A signed-in trainee's active contract: enrolling elsewhere then applies for a transfer from it. */
    activeContract: myContracts.data?.find((c) => c.status === 'active') ?? null,
    meLoading: me.isPending,
    enrolAnonymously: useEnrolAnonymously(),
    enrolAsTrainee: useEnrolAsTrainee(),
  };
}
