import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { usePaging } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { toLogFilter, toLogSearchParams } from '../../../../features/training/log-filter.ts';
import {
  useCoachPicker,
  useReviewMinutes,
  useSchoolLog,
  useSchoolLogs,
  useTraineePicker,
  type SchoolLogFilter,
} from '../../../../features/training/queries.ts';

/**
 * One filtered page of the school's teaching logs, the log open for review and the minutes picked.
 * The filter lives in the URL, so a filtered list can be shared and the back button restores it.
 */
export function useTrainingLogsData() {
  const { me, access } = useSession();
  const schoolId = me.school?.id;
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => toLogFilter(params), [params]);
  const [paging, setPaging] = usePaging();
  const logs = useSchoolLogs(filter, paging);
  const [openLogId, setOpenLogId] = useState<string | null>(null);
  const detail = useSchoolLog(openLogId);
  const [selected, setSelected] = useState<string[]>([]);
  const review = useReviewMinutes();

  // The roster is behind school.registry.read: a coach (who may read logs but not the roster) must
  // not get a picker that only fails.
  const canPickTrainee = access.canReadSchoolRegistry;
  const canPickCoach = access.canReadSchoolCoaches;
  const trainees = useTraineePicker(schoolId, { enabled: canPickTrainee });
  const coaches = useCoachPicker(schoolId, { enabled: canPickCoach });

  const setFilter = (next: SchoolLogFilter) => {
    setParams(toLogSearchParams(next));
    setPaging({ ...paging, page: 1 });
  };
  const open = (logId: string | null) => {
    setSelected([]);
    setOpenLogId(logId);
  };
  const mark = async (valid: boolean, note: string) => {
    if (!openLogId || selected.length === 0) return;
    await review.mutateAsync({
      logId: openLogId,
      note,
      minutes: selected.map((recordNumber) => ({ recordNumber, valid })),
    });
    setSelected([]);
  };

  return {
    filter,
    setFilter,
    paging,
    setPaging,
    logs,
    canPickTrainee,
    canPickCoach,
    trainees,
    coaches,
    openLogId,
    open,
    detail,
    selected,
    setSelected,
    mark,
    review,
  };
}
