import { App, Button, Checkbox, Flex, Form, Input, Modal, Segmented, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../components/status-tag.tsx';
import { toTablePagination, usePaging } from '../../../components/table-paging.ts';
import { fetchTrainingLog, useAppeals, useReplyAppeal, type AppealDecision } from '../queries.ts';
import type { Appeal } from '../types.ts';
import { ConvertToWorkOrderButton } from '../../workorders/components/convert-to-work-order-button.tsx';

type AppealsInboxProps = { side: 'school' | 'regulator'; canAnswer: boolean };
type StatusFilter = 'pending' | 'done' | 'rejected';

/**
 * Appeals waiting for the school (初审) or escalated to the regulator. Upholding can restore the
 * session's voided minutes in the same step, through the same override the first review uses.
 */
export function AppealsInbox({ side, canAnswer }: AppealsInboxProps) {
  const intl = useIntl();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [paging, setPaging] = usePaging();
  const appeals = useAppeals(side, status, paging);
  const reply = useReplyAppeal(side);
  const [answering, setAnswering] = useState<Appeal | null>(null);
  const [form] = Form.useForm<{ reply: string; restore: boolean }>();

  const answer = async (decision: AppealDecision) => {
    if (!answering) return;
    const values = await form.validateFields();
    let minutes: { recordNumber: string; valid: boolean }[] | undefined;
    if (decision === 'uphold' && values.restore) {
      const log = await fetchTrainingLog(side, answering.teachingLogId);
      minutes = log.minutes
        .filter((m) => !m.valid)
        .map((m) => ({ recordNumber: m.recordNumber, valid: true }));
    }
    await reply.mutateAsync({
      id: answering.id,
      decision,
      reply: values.reply,
      ...(minutes ? { minutes } : {}),
    });
    void message.success(intl.formatMessage({ id: 'school.appeals.done' }));
    setAnswering(null);
  };

  const columns: TableProps<Appeal>['columns'] = [
    {
      title: intl.formatMessage({ id: 'common.training.trainee' }),
      dataIndex: 'traineeName',
    },
    ...(side === 'regulator'
      ? [{ title: intl.formatMessage({ id: 'common.training.school' }), dataIndex: 'schoolName' }]
      : []),
    {
      title: intl.formatMessage({ id: 'common.training.startedAt' }),
      key: 'log',
      render: (_: unknown, a: Appeal) => (
        <Flex gap={8} align="center" wrap>
          {intl.formatDate(a.log.startedAt, { dateStyle: 'medium', timeStyle: 'short' })}
          <StatusTag kind="verdict" value={a.log.verdict} />
        </Flex>
      ),
    },
    { title: intl.formatMessage({ id: 'common.training.appealReason' }), dataIndex: 'reason' },
    {
      title: intl.formatMessage({ id: 'common.training.appealStatus' }),
      dataIndex: 'status',
      render: (value: string) => <StatusTag kind="appeal" value={value} />,
    },
    {
      title: intl.formatMessage({ id: 'common.training.reply' }),
      key: 'reply',
      render: (_: unknown, a: Appeal) => [a.schoolReply, a.regulatorReply].filter(Boolean).join(' / '),
    },
    {
      title: intl.formatMessage({ id: 'common.training.actions' }),
      key: 'actions',
      render: (_: unknown, a: Appeal) => (
        <Flex gap={8} wrap>
          {canAnswer && a.status === 'pending' && a.stage === side ? (
            <Button size="small" onClick={() => setAnswering(a)}>
              {intl.formatMessage({ id: 'school.appeals.answer' })}
            </Button>
          ) : null}
          {side === 'regulator' && a.stage === 'regulator' ? (
            <ConvertToWorkOrderButton
              sourceKind="appeal"
              sourceId={a.id}
              defaultTitle={intl.formatMessage(
                { id: 'workorders.convert.appealTitle' },
                { trainee: a.traineeName },
              )}
              defaultDescription={a.reason}
            />
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Segmented<StatusFilter>
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPaging({ ...paging, page: 1 });
        }}
        options={(['pending', 'done', 'rejected'] as const).map((s) => ({
          value: s,
          label: intl.formatMessage({ id: `common.appealStatus.${s}` }),
        }))}
      />
      {appeals.isError ? (
        <ApiErrorAlert error={appeals.error} onRetry={() => void appeals.refetch()} />
      ) : null}
      <Table<Appeal>
        rowKey="id"
        columns={columns}
        dataSource={appeals.data?.items ?? []}
        loading={appeals.isFetching}
        pagination={toTablePagination(paging, appeals.data?.total, setPaging, intl)}
      />
      <Modal
        open={answering !== null}
        title={intl.formatMessage({ id: 'school.appeals.answerTitle' })}
        onCancel={() => setAnswering(null)}
        destroyOnHidden
        footer={
          <Flex gap={8} justify="end" wrap>
            {side === 'school' ? (
              <Button
                loading={reply.isPending}
                onClick={() => void answer('escalate').catch(() => undefined)}
              >
                {intl.formatMessage({ id: 'school.appeals.escalate' })}
              </Button>
            ) : null}
            <Button
              danger
              loading={reply.isPending}
              onClick={() => void answer('reject').catch(() => undefined)}
            >
              {intl.formatMessage({ id: 'common.training.reject' })}
            </Button>
            <Button
              type="primary"
              loading={reply.isPending}
              onClick={() => void answer('uphold').catch(() => undefined)}
            >
              {intl.formatMessage({ id: 'common.training.uphold' })}
            </Button>
          </Flex>
        }
      >
        {reply.error ? <ApiErrorAlert error={reply.error} /> : null}
        {answering ? <p>{answering.reason}</p> : null}
        <Form form={form} layout="vertical" preserve={false} initialValues={{ restore: true }}>
          <Form.Item
            name="reply"
            label={intl.formatMessage({ id: 'common.training.reply' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'common.training.replyRequired' }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Form.Item name="restore" valuePropName="checked">
            <Checkbox>{intl.formatMessage({ id: 'common.training.restoreMinutes' })}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
