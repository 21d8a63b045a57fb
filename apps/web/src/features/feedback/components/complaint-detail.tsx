import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import type { Complaint } from '../queries.ts';
import { canRate, categoryIds, complaintStatusIds, targetIds } from '../complaint-labels.ts';

type ComplaintDetailProps = {
  complaint: Complaint;
  rating: boolean;
  ratingError: unknown;
  onRate: (satisfied: boolean) => void;
};

/** A complaint as its complainant sees it: status, deadlines, the answers, and the satisfaction buttons. */
export function ComplaintDetail({ complaint: c, rating, ratingError, onRate }: ComplaintDetailProps) {
  const intl = useIntl();
  const date = (value: string | null) =>
    value
      ? intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' })
      : intl.formatMessage({ id: 'common.value.none' });
  return (
    <Card
      size="small"
      title={<span translate="no">{c.trackingNumber}</span>}
      extra={
        <Flex gap={4}>
          {c.overdue ? (
            <Tag color="error">{intl.formatMessage({ id: 'public.complaint.overdue' })}</Tag>
          ) : null}
          <Tag color={c.status === 'resolved' || c.status === 'closed' ? 'green' : 'processing'}>
            {intl.formatMessage({ id: complaintStatusIds[c.status] ?? 'common.status.unknown' })}
          </Tag>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            {
              key: 'category',
              label: intl.formatMessage({ id: 'public.complaint.category' }),
              children: intl.formatMessage({ id: categoryIds[c.category] }),
            },
            {
              key: 'target',
              label: intl.formatMessage({ id: 'public.complaint.target' }),
              children: [intl.formatMessage({ id: targetIds[c.target] }), c.schoolName, c.coachName]
                .filter(Boolean)
                .join(' · '),
            },
            {
              key: 'filed',
              label: intl.formatMessage({ id: 'public.complaint.filedAt' }),
              children: date(c.createdAt),
            },
            {
              key: 'due',
              label: intl.formatMessage({ id: 'public.complaint.dueAt' }),
              children: date(c.status === 'escalated' ? c.regulatorDueAt : c.schoolDueAt),
            },
          ]}
        />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.text}</Typography.Paragraph>
        {c.schoolReply ? (
          <Card
            type="inner"
            size="small"
            title={intl.formatMessage(
              { id: 'public.complaint.schoolReply' },
              { date: date(c.schoolRepliedAt) },
            )}
          >
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.schoolReply}</Typography.Text>
          </Card>
        ) : null}
        {c.regulatorReply ? (
          <Card
            type="inner"
            size="small"
            title={intl.formatMessage(
              { id: 'public.complaint.regulatorReply' },
              { date: date(c.regulatorRepliedAt) },
            )}
          >
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.regulatorReply}</Typography.Text>
          </Card>
        ) : null}
        {c.satisfaction ? (
          <Typography.Text type="secondary">
            {intl.formatMessage({
              id:
                c.satisfaction === 'satisfied'
                  ? 'public.complaint.ratedSatisfied'
                  : 'public.complaint.ratedUnsatisfied',
            })}
          </Typography.Text>
        ) : null}
        {canRate(c) ? (
          <Flex vertical gap={8}>
            <Typography.Text>{intl.formatMessage({ id: 'public.complaint.rateQuestion' })}</Typography.Text>
            <Flex gap={8}>
              <Button type="primary" loading={rating} onClick={() => onRate(true)}>
                {intl.formatMessage({ id: 'public.complaint.satisfied' })}
              </Button>
              <Button danger loading={rating} onClick={() => onRate(false)}>
                {intl.formatMessage({ id: 'public.complaint.unsatisfied' })}
              </Button>
            </Flex>
          </Flex>
        ) : null}
        {ratingError ? <ApiErrorAlert error={ratingError} /> : null}
      </Flex>
    </Card>
  );
}
