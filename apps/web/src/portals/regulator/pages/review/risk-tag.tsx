import { Tag } from 'antd';
import { useIntl } from 'react-intl';

const colors = { high: 'red', medium: 'orange', low: 'gold', none: 'default' } as const;

/** The session's risk level (anomaly score) as the queue and the workspace show it. */
export function RiskTag({ level, score }: { level: keyof typeof colors; score: number | null }) {
  const intl = useIntl();
  return (
    <Tag color={colors[level]}>
      {score === null
        ? intl.formatMessage({ id: 'review.risk.none' })
        : intl.formatMessage({ id: `review.risk.${level}` }, { score })}
    </Tag>
  );
}
