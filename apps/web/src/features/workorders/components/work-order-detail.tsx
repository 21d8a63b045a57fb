import { Descriptions, Flex, Image, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { evidenceFileUrl, useCoachPoints, type WorkOrderDetail, type WorkOrderSide } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';
import { WorkOrderStatusTag } from './work-order-status-tag.tsx';

/**
 * One order: what, where, deadline, then `children` (the disposal form), then every round of disposal
 * evidence and the history, so the problem is read before the answer is written.
 */
export function WorkOrderDetailView({
  side,
  order,
  children,
}: {
  side: WorkOrderSide;
  order: WorkOrderDetail;
  children?: ReactNode;
}) {
  const { t, date } = useWorkOrderText();
  return (
    <Flex vertical gap={16} data-testid="work-order-detail">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('field.number')}>{order.number}</Descriptions.Item>
        <Descriptions.Item label={t('field.status')}>
          <WorkOrderStatusTag order={order} />
        </Descriptions.Item>
        <Descriptions.Item label={t('field.category')}>{t(`category.${order.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t('field.source')}>{t(`source.${order.sourceKind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('field.county')}>{order.countyName}</Descriptions.Item>
        <Descriptions.Item label={t('field.assignee')}>
          {order.schoolName ?? t(`assignee.${order.assigneeKind}`)}
        </Descriptions.Item>
        {order.coachName ? (
          <Descriptions.Item label={t('field.coach')}>
            {order.coachName}
            {side === 'regulator' && order.coachId ? <CoachPointsTotal coachId={order.coachId} /> : null}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('field.createdAt')}>{date(order.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('field.dueAt')}>{date(order.dueAt)}</Descriptions.Item>
        {order.escalatedAt ? (
          <Descriptions.Item label={t('field.escalatedAt')}>{date(order.escalatedAt)}</Descriptions.Item>
        ) : null}
        {order.closedAt ? (
          <Descriptions.Item label={t('field.closedAt')}>{date(order.closedAt)}</Descriptions.Item>
        ) : null}
        {order.coachPoints ? (
          <Descriptions.Item label={t('field.coachPoints')}>
            <Tag color="red">{t('coachPoints.value', { points: order.coachPoints.points })}</Tag>
            {order.coachPoints.reason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{order.title}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{order.description}</Typography.Paragraph>
      </div>
      {children}
      <div>
        <Typography.Title level={5}>{t('section.evidence')}</Typography.Title>
        {order.evidence.length === 0 ? (
          <Typography.Text type="secondary">{t('evidence.none')}</Typography.Text>
        ) : (
          <Flex vertical gap={12}>
            {order.evidence.map((e) => (
              <div key={e.id} data-testid={`evidence-round-${e.round}`}>
                <Typography.Text strong>
                  {t('evidence.round', { round: e.round, name: e.createdByName, at: date(e.createdAt) })}
                </Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>
                  {e.text}
                </Typography.Paragraph>
                <Image.PreviewGroup>
                  <Flex gap={8} wrap align="center">
                    {e.files.map((f) =>
                      f.contentType.startsWith('image/') ? (
                        <Image
                          key={f.id}
                          width={96}
                          src={evidenceFileUrl(side, order.id, f.id)}
                          alt={f.fileName}
                        />
                      ) : (
                        <Typography.Link
                          key={f.id}
                          href={evidenceFileUrl(side, order.id, f.id)}
                          target="_blank"
                        >
                          {f.fileName}
                        </Typography.Link>
                      ),
                    )}
                  </Flex>
                </Image.PreviewGroup>
              </div>
            ))}
          </Flex>
        )}
      </div>
      <div>
        <Typography.Title level={5}>{t('section.history')}</Typography.Title>
        <Timeline
          items={order.events.map((e, i) => ({
            key: i,
            color:
              e.action === 'escalated' || e.action === 'returned'
                ? 'red'
                : e.action === 'closed'
                  ? 'green'
                  : 'blue',
            title: date(e.at),
            content: [t(`event.${e.action}`), e.actorName, e.note].filter(Boolean).join(' · '),
          }))}
        />
      </div>
    </Flex>
  );
}

/** The coach's record beside the name, for the regulator deciding whether to add points. */
function CoachPointsTotal({ coachId }: { coachId: string }) {
  const { t } = useWorkOrderText();
  const points = useCoachPoints(coachId);
  if (!points.data) return null;
  return (
    <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-testid="coach-points-total">
      {t('coachPoints.total', { total: points.data.total, last12Months: points.data.last12Months })}
    </Typography.Text>
  );
}
