import { Flex, Tag } from 'antd';
import type { WorkOrder, WorkOrderStatus } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

const colors: Record<WorkOrderStatus, string> = {
  open: 'processing',
  disposed: 'cyan',
  returned: 'warning',
  reopened: 'magenta',
  closed: 'success',
};

/** The order's status, with an overdue and an escalated mark when they apply. */
export function WorkOrderStatusTag({
  order,
}: {
  order: Pick<WorkOrder, 'status' | 'overdue' | 'escalatedAt'>;
}) {
  const { t } = useWorkOrderText();
  return (
    <Flex gap={4} wrap>
      <Tag color={colors[order.status]} variant="outlined">
        {t(`status.${order.status}`)}
      </Tag>
      {order.overdue ? <Tag color="error">{t('tag.overdue')}</Tag> : null}
      {order.escalatedAt ? <Tag color="volcano">{t('tag.escalated')}</Tag> : null}
    </Flex>
  );
}
