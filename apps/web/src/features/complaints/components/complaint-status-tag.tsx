import { Tag } from 'antd';
import { useIntl } from 'react-intl';
import { isMessageId } from '../../../i18n/index.ts';
import type { ComplaintSide, ComplaintStatus } from '../queries.ts';

const colors: Record<ComplaintStatus, string> = {
  submitted: 'processing',
  school_replied: 'cyan',
  escalated: 'warning',
  resolved: 'success',
  closed: 'default',
};

/** A complaint's status in the wording of the portal showing it (`<portal>.complaints.status.<value>`). */
export function ComplaintStatusTag({ side, value }: { side: ComplaintSide; value: ComplaintStatus }) {
  const intl = useIntl();
  const id = `${side}.complaints.status.${value}`;
  return (
    <Tag color={colors[value]} variant="outlined">
      {intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' })}
    </Tag>
  );
}
