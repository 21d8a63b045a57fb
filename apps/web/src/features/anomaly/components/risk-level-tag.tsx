import { Tag } from 'antd';
import { useIntl } from 'react-intl';
import type { RiskLevel } from '../queries.ts';

const colour: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'gold', none: 'default' };

/** A session's risk level as a coloured tag. */
export function RiskLevelTag({ level }: { level: RiskLevel }) {
  const intl = useIntl();
  return <Tag color={colour[level]}>{intl.formatMessage({ id: `anomaly.level.${level}` })}</Tag>;
}
