import { useParams } from 'react-router';
import { useMe } from '../../../../features/auth/queries.ts';
import { useEnrolAnonymously, useEnrolAsTrainee } from '../../../../features/enrolment/queries.ts';
import { usePublicSchoolProfile } from '../../../../features/schools/queries.ts';

export function useEnrolData() {
  const { schoolId, classTypeId } = useParams<{ schoolId: string; classTypeId: string }>();
  const profile = usePublicSchoolProfile(schoolId);
  const me = useMe();
  const classType = profile.data?.classTypes.find((c) => c.id === classTypeId) ?? null;
  return {
    schoolId: schoolId ?? '',
    classTypeId: classTypeId ?? '',
    profile,
    classType,
    signedInTrainee: me.data?.role === 'trainee' ? me.data : null,
    meLoading: me.isPending,
    enrolAnonymously: useEnrolAnonymously(),
    enrolAsTrainee: useEnrolAsTrainee(),
  };
}
