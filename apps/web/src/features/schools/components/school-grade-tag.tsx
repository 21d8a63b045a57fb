import { Tag } from 'antd';
import { useIntl } from 'react-intl';

const gradeIds = { 1: 'common.schoolGrade.1', 2: 'common.schoolGrade.2', 3: 'common.schoolGrade.3' } as const;
const gradeColors = { 1: 'gold', 2: 'blue', 3: 'cyan' } as const;

/** A school's grade (一级/二级/三级) as a tag. */
export function SchoolGradeTag({ grade }: { grade: number | null | undefined }) {
  const intl = useIntl();
  if (grade !== 1 && grade !== 2 && grade !== 3) {
    return <Tag>{intl.formatMessage({ id: 'common.schoolGrade.none' })}</Tag>;
  }
  return (
    <Tag color={gradeColors[grade]} variant="filled">
      {intl.formatMessage({ id: gradeIds[grade] })}
    </Tag>
  );
}
