import {
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Image,
  Input,
  Radio,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { toTablePagination, usePaging } from '../../../components/table-paging.ts';
import { isMessageId } from '../../../i18n/index.ts';
import {
  complaintAttachmentUrl,
  complaintStatuses,
  useComplaint,
  useComplaints,
  useRegulatorReply,
  useSchoolReply,
  type Complaint,
  type ComplaintSide,
  type ComplaintStatus,
  type RegulatorOutcome,
} from '../queries.ts';
import { ComplaintStatusTag } from './complaint-status-tag.tsx';
import { ConvertToWorkOrderButton } from '../../workorders/components/convert-to-work-order-button.tsx';

type InboxProps = {
  side: ComplaintSide;
  canReply: boolean;
  /** Start with only the overdue ones (the regulator's stats link here). */
  initialOverdue?: boolean;
};

// Where each side may answer: the school until the regulator takes over; the regulator once escalated
// (and on anything still open, since it may step in).
const answerable: Record<ComplaintSide, readonly ComplaintStatus[]> = {
  school: ['submitted'],
  regulator: ['submitted', 'school_replied', 'escalated'],
};

/**
 * The school's complaint inbox or the regulator's supervision list: filter by status and overdue, open
 * one with its attachments and both replies, and answer it. Texts come from the portal's namespace.
 */
export function ComplaintsInbox({ side, canReply, initialOverdue = false }: InboxProps) {
  const intl = useIntl();
  const t = (key: string, values?: Record<string, string | number>) => {
    const id = `${side}.complaints.${key}`;
    return intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' }, values);
  };
  const { message } = App.useApp();
  const [status, setStatus] = useState<ComplaintStatus | undefined>(undefined);
  const [overdue, setOverdue] = useState(initialOverdue);
  const [paging, setPaging] = usePaging();
  const list = useComplaints(
    side,
    { ...(status ? { status } : {}), ...(overdue ? { overdue } : {}) },
    paging,
  );
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useComplaint(side, openId);
  const schoolReply = useSchoolReply();
  const regulatorReply = useRegulatorReply();
  const reply = side === 'school' ? schoolReply : regulatorReply;
  const [form] = Form.useForm<{ text: string; outcome: RegulatorOutcome }>();

  const send = async () => {
    if (!openId) return;
    const values = await form.validateFields();
    if (side === 'school') {
      await schoolReply.mutateAsync({ id: openId, text: values.text });
    } else {
      await regulatorReply.mutateAsync({ id: openId, text: values.text, outcome: values.outcome });
    }
    form.resetFields();
    void message.success(t('replied'));
  };

  const date = (value: string | null) =>
    value
      ? intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' })
      : intl.formatMessage({ id: 'common.value.none' });
  const dueOf = (c: Complaint) => (c.status === 'escalated' ? c.regulatorDueAt : c.schoolDueAt);

  const columns: TableProps<Complaint>['columns'] = [
    { title: t('field.trackingNumber'), dataIndex: 'trackingNumber' },
    ...(side === 'regulator' ? [{ title: t('field.school'), dataIndex: 'schoolName' }] : []),
    {
      title: t('field.category'),
      dataIndex: 'category',
      render: (value: string) => t(`category.${value}`),
    },
    {
      title: t('field.text'),
      dataIndex: 'text',
      ellipsis: true,
    },
    {
      title: t('field.status'),
      key: 'status',
      render: (_: unknown, c: Complaint) => (
        <Flex gap={4} wrap>
          <ComplaintStatusTag side={side} value={c.status} />
          {c.overdue ? <Tag color="error">{t('overdueTag')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('field.due'), key: 'due', render: (_: unknown, c: Complaint) => date(dueOf(c)) },
    { title: t('field.createdAt'), dataIndex: 'createdAt', render: (value: string) => date(value) },
    {
      title: t('field.actions'),
      key: 'actions',
      render: (_: unknown, c: Complaint) => (
        <Button size="small" onClick={() => setOpenId(c.id)}>
          {t('open')}
        </Button>
      ),
    },
  ];

  const c = detail.data;
  const canAnswer = canReply && c !== undefined && answerable[side].includes(c.status);

  return (
    <Flex vertical gap={12}>
      <Flex gap={16} align="center" wrap>
        <Select<ComplaintStatus | 'all'>
          style={{ minWidth: 160 }}
          aria-label={t('field.status')}
          value={status ?? 'all'}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : v);
            setPaging({ ...paging, page: 1 });
          }}
          options={[
            { value: 'all', label: t('filter.allStatuses') },
            ...complaintStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <Flex gap={8} align="center">
          <Switch
            checked={overdue}
            aria-label={t('filter.overdueOnly')}
            onChange={(v) => {
              setOverdue(v);
              setPaging({ ...paging, page: 1 });
            }}
          />
          <Typography.Text>{t('filter.overdueOnly')}</Typography.Text>
        </Flex>
      </Flex>
      {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<Complaint>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('empty') }}
        pagination={toTablePagination(paging, list.data?.total, setPaging, intl)}
      />
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size="large"
        title={c ? t('detailTitle', { trackingNumber: c.trackingNumber }) : t('detailLoading')}
        destroyOnHidden
      >
        {detail.isError ? <ApiErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
        {c ? (
          <Flex vertical gap={16}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('field.status')}>
                <Flex gap={4} wrap>
                  <ComplaintStatusTag side={side} value={c.status} />
                  {c.overdue ? <Tag color="error">{t('overdueTag')}</Tag> : null}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.kind')}>{t(`kind.${c.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('field.category')}>{t(`category.${c.category}`)}</Descriptions.Item>
              <Descriptions.Item label={t('field.target')}>
                {[t(`target.${c.target}`), c.schoolName, c.coachName].filter(Boolean).join(' · ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.complainant')}>
                {`${c.complainantName} ${c.complainantPhone}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.createdAt')}>{date(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.schoolDue')}>{date(c.schoolDueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.regulatorDue')}>{date(c.regulatorDueAt)}</Descriptions.Item>
              {c.escalationReason ? (
                <Descriptions.Item label={t('field.escalationReason')}>
                  {t(`escalation.${c.escalationReason}`)}
                </Descriptions.Item>
              ) : null}
              {c.satisfaction ? (
                <Descriptions.Item label={t('field.satisfaction')}>
                  {t(`satisfaction.${c.satisfaction}`)}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <div>
              <Typography.Title level={5}>{t('field.text')}</Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Paragraph>
            </div>
            {c.attachments.length > 0 ? (
              <div>
                <Typography.Title level={5}>{t('field.attachments')}</Typography.Title>
                <Image.PreviewGroup>
                  <Flex gap={8} wrap>
                    {c.attachments.map((a, i) => (
                      <Image
                        key={a.id}
                        width={120}
                        src={complaintAttachmentUrl(side, c.id, a.id)}
                        alt={t('attachmentAlt', { n: i + 1 })}
                      />
                    ))}
                  </Flex>
                </Image.PreviewGroup>
              </div>
            ) : null}
            {c.schoolReply ? (
              <div>
                <Typography.Title level={5}>{t('field.schoolReply')}</Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                  {c.schoolReply}
                </Typography.Paragraph>
                <Typography.Text type="secondary">{date(c.schoolRepliedAt)}</Typography.Text>
              </div>
            ) : null}
            {c.regulatorReply ? (
              <div>
                <Typography.Title level={5}>{t('field.regulatorReply')}</Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                  {c.regulatorReply}
                </Typography.Paragraph>
                <Typography.Text type="secondary">{date(c.regulatorRepliedAt)}</Typography.Text>
              </div>
            ) : null}
            {side === 'regulator' && (c.status === 'escalated' || c.regulatorReply) ? (
              <div>
                <ConvertToWorkOrderButton
                  sourceKind="complaint"
                  sourceId={c.id}
                  defaultTitle={intl.formatMessage(
                    { id: 'workorders.convert.complaintTitle' },
                    { trackingNumber: c.trackingNumber },
                  )}
                  defaultDescription={c.text}
                />
              </div>
            ) : null}
            {canAnswer ? (
              <Form form={form} layout="vertical" initialValues={{ outcome: 'resolved' }}>
                {reply.error ? <ApiErrorAlert error={reply.error} /> : null}
                <Form.Item
                  name="text"
                  label={t('replyLabel')}
                  rules={[{ required: true, whitespace: true, min: 2, message: t('replyRequired') }]}
                >
                  <Input.TextArea rows={4} maxLength={2000} showCount />
                </Form.Item>
                {side === 'regulator' ? (
                  <Form.Item name="outcome" label={t('outcomeLabel')}>
                    <Radio.Group
                      options={(['resolved', 'invalid'] as const).map((o) => ({
                        value: o,
                        label: t(`outcome.${o}`),
                      }))}
                    />
                  </Form.Item>
                ) : null}
                <Button
                  type="primary"
                  loading={reply.isPending}
                  onClick={() => void send().catch(() => undefined)}
                >
                  {t('send')}
                </Button>
              </Form>
            ) : null}
          </Flex>
        ) : null}
      </Drawer>
    </Flex>
  );
}
