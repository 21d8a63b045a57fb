import { Card, Statistic } from 'antd';
import { useIntl } from 'react-intl';
import type { SchoolCounts as Counts } from '../../../../api/types.ts';

const countKeys = [
  ['coaches', 'school.profile.counts.coaches'],
  ['vehicles', 'school.profile.counts.vehicles'],
  ['terminals', 'school.profile.counts.terminals'],
  ['teachingAreas', 'school.profile.counts.teachingAreas'],
  ['classTypes', 'school.profile.counts.classTypes'],
  ['trainees', 'school.profile.counts.trainees'],
  ['recruitmentPoints', 'school.profile.counts.recruitmentPoints'],
] as const satisfies readonly (readonly [keyof Counts, string])[];

/** The school's filed resources, one card each, wrapping to the screen width. */
export function SchoolCounts({ counts }: { counts: Counts }) {
  const intl = useIntl();
  return (
    <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))' }}>
      {countKeys.map(([key, titleId]) => (
        <Card key={key} size="small">
          <Statistic title={intl.formatMessage({ id: titleId })} value={counts[key]} />
        </Card>
      ))}
    </div>
  );
}
