import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../../../../features/auth/queries.ts';
import { useFileMyComplaint, useFilePublicComplaint } from '../../../../features/feedback/queries.ts';
import { usePublicRegions } from '../../../../features/regions/queries.ts';
import { usePublicSchoolProfile, usePublicSchools } from '../../../../features/schools/queries.ts';

export function useComplaintNewData(schoolId: string | undefined) {
  const [params] = useSearchParams();
  const [schoolQuery, setSchoolQuery] = useState('');
  const me = useMe();
  const schools = usePublicSchools({ page: 1, pageSize: 20, ...(schoolQuery ? { q: schoolQuery } : {}) });
  const school = usePublicSchoolProfile(schoolId);
  const regions = usePublicRegions();
  return {
    initialSchoolId: params.get('schoolId') ?? undefined,
    trainee: me.data?.role === 'trainee' ? me.data : null,
    schools,
    setSchoolQuery,
    school,
    counties: (regions.data ?? []).filter((r) => r.level === 'county'),
    filePublic: useFilePublicComplaint(),
    fileMine: useFileMyComplaint(),
  };
}
