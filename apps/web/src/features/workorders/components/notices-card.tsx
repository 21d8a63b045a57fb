import { Card, List, Tag, Typography } from 'antd';
import { useWorkOrderNotices, type WorkOrderSide } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

const colors: Record<string, string> = {
  assigned: 'processing',
  reminder: 'warning',
  escalated: 'error',
  returned: 'orange',
  reopened: 'magenta',
  disposed: 'cyan',
};

/** The in-app notices: new orders, reminders before deadlines, escalations, returns, disposals to verify. */
export function WorkOrderNoticesCard({
  side,
  onOpen,
}: {
  side: WorkOrderSide;
  onOpen: (id: string) => void;
}) {
  const { t, date } = useWorkOrderText();
  const notices = useWorkOrderNotices(side);
  const items = (notices.data?.items ?? []).slice(0, 5);
  return (
    <Card size="small" title={t('notices.title')} loading={notices.isPending}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('notices.empty') }}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            actions={[
              <Typography.Link key="open" onClick={() => onOpen(n.workOrderId)}>
                {t('action.open')}
              </Typography.Link>,
            ]}
          >
            <Tag color={colors[n.kind] ?? 'default'}>{t(`notice.${n.kind}`)}</Tag>
            <Typography.Text>{`${n.number} ${n.title}`}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('notices.due', { due: date(n.dueAt) })}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
