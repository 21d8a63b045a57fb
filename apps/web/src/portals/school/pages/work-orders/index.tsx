import { Card, Drawer, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { DisposeForm } from '../../../../features/workorders/components/dispose-form.tsx';
import { WorkOrderNoticesCard } from '../../../../features/workorders/components/notices-card.tsx';
import { WorkOrderDetailView } from '../../../../features/workorders/components/work-order-detail.tsx';
import { WorkOrdersTable } from '../../../../features/workorders/components/work-orders-table.tsx';
import { pendingStatuses, useWorkOrder } from '../../../../features/workorders/queries.ts';

/** 工单处置: the orders pushed to the school, with deadlines; dispose each with evidence before it is due. */
export function SchoolWorkOrdersPage() {
  const intl = useIntl();
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useWorkOrder('school', openId);
  const order = detail.data;
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {intl.formatMessage({ id: 'workorders.school.title' })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'workorders.school.subtitle' })}
        </Typography.Text>
      </div>
      <WorkOrderNoticesCard side="school" onOpen={setOpenId} />
      <Card>
        <WorkOrdersTable side="school" onOpen={setOpenId} />
      </Card>
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size="large"
        title={order ? intl.formatMessage({ id: 'workorders.detail.title' }, { number: order.number }) : ''}
        destroyOnHidden
      >
        {detail.isError ? <ApiErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
        {order ? (
          <WorkOrderDetailView side="school" order={order}>
            {pendingStatuses.includes(order.status) ? <DisposeForm side="school" id={order.id} /> : null}
          </WorkOrderDetailView>
        ) : null}
      </Drawer>
    </Flex>
  );
}
