import { Card, Drawer, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { CreateWorkOrderButton } from '../../../../features/workorders/components/create-work-order-dialog.tsx';
import { DisposeForm } from '../../../../features/workorders/components/dispose-form.tsx';
import { WorkOrderMetricsCards } from '../../../../features/workorders/components/metrics-cards.tsx';
import { WorkOrderNoticesCard } from '../../../../features/workorders/components/notices-card.tsx';
import { RegulatorActions } from '../../../../features/workorders/components/regulator-actions.tsx';
import { WorkOrderDetailView } from '../../../../features/workorders/components/work-order-detail.tsx';
import { WorkOrdersTable } from '../../../../features/workorders/components/work-orders-table.tsx';
import {
  pendingStatuses,
  useWorkOrder,
  type WorkOrderDetail,
} from '../../../../features/workorders/queries.ts';

/** The level whose own orders a regulator disposes (the county's, or the city's), by the county code. */
function disposesItself(regionCode: string | undefined, o: WorkOrderDetail): boolean {
  if (!regionCode || !pendingStatuses.includes(o.status)) return false;
  if (o.assigneeKind === 'county') return regionCode === o.countyCode;
  if (o.assigneeKind === 'city') return regionCode === `${o.countyCode.slice(0, 4)}00`;
  return false;
}

/** 工单管理: the region's figures, notices and orders; create, verify and close, return, reopen. */
export function RegulatorWorkOrdersPage() {
  const intl = useIntl();
  const { me } = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useWorkOrder('regulator', openId);
  const order = detail.data;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {intl.formatMessage({ id: 'workorders.regulator.title' })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {intl.formatMessage({ id: 'workorders.regulator.subtitle' })}
          </Typography.Text>
        </div>
        <CreateWorkOrderButton onCreated={setOpenId} />
      </Flex>
      <WorkOrderMetricsCards />
      <WorkOrderNoticesCard side="regulator" onOpen={setOpenId} />
      <Card>
        <WorkOrdersTable side="regulator" onOpen={setOpenId} />
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
          <Flex vertical gap={16}>
            <RegulatorActions order={order} />
            <WorkOrderDetailView side="regulator" order={order}>
              {disposesItself(me.region?.code, order) ? <DisposeForm side="regulator" id={order.id} /> : null}
            </WorkOrderDetailView>
          </Flex>
        ) : null}
      </Drawer>
    </Flex>
  );
}
