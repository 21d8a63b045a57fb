import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { toTablePagination } from '../../../../components/table-paging.ts';
import type {
  Evaluation,
  EvaluationStatus,
  ModerationAction,
} from '../../../../features/moderation/queries.ts';
import { isMessageId } from '../../../../i18n/index.ts';
import { useModerationData } from './use-moderation-data.ts';

const statuses = ['held', 'hidden', 'published'] as const satisfies readonly EvaluationStatus[];

/** 评价审核: evaluations held by the automatic check or hidden, published with a reason or taken down. */
export function ModerationPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { status, changeStatus, paging, setPaging, list, moderate } = useModerationData();
  const [acting, setActing] = useState<{ evaluation: Evaluation; action: ModerationAction } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const none = intl.formatMessage({ id: 'common.value.none' });

  const submit = async () => {
    if (!acting) return;
    const { reason } = await form.validateFields();
    await moderate.mutateAsync({ id: acting.evaluation.id, action: acting.action, reason });
    void message.success(intl.formatMessage({ id: `regulator.moderation.done.${acting.action}` }));
    setActing(null);
  };

  const holdReason = (r: string) => {
    const id = `regulator.moderation.holdReason.${r}`;
    return isMessageId(id) ? intl.formatMessage({ id }) : r;
  };

  const columns: TableProps<Evaluation>['columns'] = [
    { title: intl.formatMessage({ id: 'regulator.moderation.field.school' }), dataIndex: 'schoolName' },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.coach' }),
      dataIndex: 'coachName',
      render: (v: string | null) => v ?? none,
    },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.part' }),
      dataIndex: 'part',
      render: (part: number) => intl.formatMessage({ id: 'common.training.part' }, { part }),
    },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.stars' }),
      key: 'stars',
      render: (_: unknown, e) =>
        intl.formatMessage(
          { id: 'regulator.moderation.starsText' },
          {
            overall: e.overall,
            teaching: e.teaching,
            attitude: e.attitude,
            car: e.car,
            environment: e.environment,
          },
        ),
    },
    { title: intl.formatMessage({ id: 'regulator.moderation.field.text' }), dataIndex: 'text' },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.holdReasons' }),
      dataIndex: 'holdReasons',
      render: (reasons: string[]) => (
        <Flex gap={4} wrap>
          {reasons.map((r) => (
            <Tag key={r} color="warning">
              {holdReason(r)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.moderationReason' }),
      dataIndex: 'moderationReason',
      render: (v: string | null) => v ?? none,
    },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.createdAt' }),
      dataIndex: 'createdAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium' }),
    },
    {
      title: intl.formatMessage({ id: 'regulator.moderation.field.actions' }),
      key: 'actions',
      render: (_: unknown, e) => (
        <Flex gap={8}>
          {e.status !== 'published' ? (
            <Button
              size="small"
              type="primary"
              onClick={() => setActing({ evaluation: e, action: 'publish' })}
            >
              {intl.formatMessage({ id: 'regulator.moderation.publish' })}
            </Button>
          ) : null}
          {e.status !== 'hidden' ? (
            <Button size="small" danger onClick={() => setActing({ evaluation: e, action: 'hide' })}>
              {intl.formatMessage({ id: 'regulator.moderation.hide' })}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'regulator.moderation.title' })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'regulator.moderation.subtitle' })}
      </Typography.Text>
      <Card>
        <Flex vertical gap={12}>
          <Segmented<EvaluationStatus>
            value={status}
            onChange={changeStatus}
            options={statuses.map((s) => ({
              value: s,
              label: intl.formatMessage({ id: `regulator.moderation.status.${s}` }),
            }))}
          />
          {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<Evaluation>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: intl.formatMessage({ id: 'regulator.moderation.empty' }) }}
            pagination={toTablePagination(paging, list.data?.total, setPaging, intl)}
            scroll={{ x: 'max-content' }}
          />
        </Flex>
      </Card>
      <Modal
        open={acting !== null}
        title={
          acting ? intl.formatMessage({ id: `regulator.moderation.confirm.${acting.action}` }) : undefined
        }
        onCancel={() => setActing(null)}
        onOk={() => void submit().catch(() => undefined)}
        okText={acting ? intl.formatMessage({ id: `regulator.moderation.${acting.action}` }) : undefined}
        cancelText={intl.formatMessage({ id: 'regulator.moderation.cancel' })}
        confirmLoading={moderate.isPending}
        destroyOnHidden
      >
        {moderate.error ? <ApiErrorAlert error={moderate.error} /> : null}
        {acting ? <Typography.Paragraph>{acting.evaluation.text}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={intl.formatMessage({ id: 'regulator.moderation.reason' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'regulator.moderation.reasonRequired' }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
