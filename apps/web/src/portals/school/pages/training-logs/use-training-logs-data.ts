import { useState } from 'react';
import { usePaging } from '../../../../components/table-paging.ts';
import {
  useReviewMinutes,
  useSchoolLog,
  useSchoolLogs,
  type SchoolLogFilter,
} from '../../../../features/training/queries.ts';

/** One filtered page of the school's teaching logs, the log open for review and the minutes picked. */
export function useTrainingLogsData() {
  const [filter, setFilterState] = useState<SchoolLogFilter>({});
  const [paging, setPaging] = usePaging();
  const logs = useSchoolLogs(filter, paging);
  const [openLogId, setOpenLogId] = useState<string | null>(null);
  const detail = useSchoolLog(openLogId);
  const [selected, setSelected] = useState<string[]>([]);
  const review = useReviewMinutes();

  const setFilter = (next: SchoolLogFilter) => {
    setFilterState(next);
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
    openLogId,
    open,
    detail,
    selected,
    setSelected,
    mark,
    review,
  };
}
