import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { newRequestId } from '../../../../api/http.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import type { ContractTemplate } from '../../../../features/contracts/queries.ts';
import {
  stagePercentTotal,
  toFormValues,
  toTemplateInput,
  type TemplateFormValues,
} from './template-form.ts';
import { useContractTemplatesData } from './use-contract-templates-data.ts';

type Editing =
  { mode: 'create'; from: ContractTemplate | null } | { mode: 'edit'; template: ContractTemplate };

const percentFields = [
  'enrolmentPercent',
  'part1Percent',
  'part2Percent',
  'part3Percent',
  'part4Percent',
] as const;

/** 合同示范文本: the city's versions; draft a new one from the latest, fill placeholders, publish. */
export function ContractTemplatesPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const { templates, create, update, publish } = useContractTemplatesData();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [viewing, setViewing] = useState<ContractTemplate | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState<Dayjs | null>(null);
  // One key per opened form, so a double click or a retry creates one draft, not two.
  const [createKey, setCreateKey] = useState(newRequestId);
  const [form] = Form.useForm<TemplateFormValues>();
  const values = Form.useWatch([], form) as Partial<TemplateFormValues> | undefined;
  const canWrite = access.canWriteContractTemplates;
  const list = templates.data?.templates ?? [];
  const latest = [...list].sort((a, b) => b.version - a.version)[0] ?? null;
  const none = intl.formatMessage({ id: 'common.value.none' });
  const date = (v: string | null) =>
    v ? intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : none;

  const open = (next: Editing) => {
    setCreateKey(newRequestId());
    setEditing(next);
    const source = next.mode === 'edit' ? next.template : next.from;
    form.setFieldsValue(
      source
        ? toFormValues(source)
        : {
            planKind: 'stages',
            enrolmentPercent: 10,
            part1Percent: 30,
            part2Percent: 30,
            part3Percent: 30,
            part4Percent: 0,
            upfrontPercent: 0,
            perHourYuan: 0,
          },
    );
  };

  const save = async () => {
    const v = await form.validateFields();
    const input = toTemplateInput(v);
    if (editing?.mode === 'edit') {
      await update.mutateAsync({ id: editing.template.id, input });
    } else {
      await create.mutateAsync({ ...input, idempotencyKey: createKey });
    }
    void message.success(intl.formatMessage({ id: 'regulator.templates.saved' }));
    setEditing(null);
  };

  const doPublish = (t: ContractTemplate) =>
    void publish
      .mutateAsync({ id: t.id, ...(effectiveFrom ? { effectiveFrom: effectiveFrom.toISOString() } : {}) })
      .then(() => {
        setEffectiveFrom(null);
        void message.success(
          intl.formatMessage({ id: 'regulator.templates.published' }, { version: t.version }),
        );
      })
      .catch(() => undefined);

  const statusOf = (t: ContractTemplate) =>
    t.inForce ? (
      <Tag color="success">{intl.formatMessage({ id: 'regulator.templates.status.inForce' })}</Tag>
    ) : t.pending ? (
      <Tag color="processing">{intl.formatMessage({ id: 'regulator.templates.status.pending' })}</Tag>
    ) : t.status === 'published' ? (
      <Tag>{intl.formatMessage({ id: 'regulator.templates.status.superseded' })}</Tag>
    ) : (
      <Tag color="warning">{intl.formatMessage({ id: 'regulator.templates.status.draft' })}</Tag>
    );

  const planText = (t: Pick<ContractTemplate, 'releasePlan'>) =>
    t.releasePlan.kind === 'hours'
      ? intl.formatMessage(
          { id: 'regulator.templates.plan.hoursText' },
          { upfront: t.releasePlan.upfrontPercent },
        )
      : t.releasePlan.steps
          .map((s) =>
            s.on === 'enrolment'
              ? intl.formatMessage({ id: 'regulator.templates.plan.stepEnrolment' }, { percent: s.percent })
              : intl.formatMessage(
                  { id: 'regulator.templates.plan.stepPart' },
                  { part: s.part, percent: s.percent },
                ),
          )
          .join(' / ');

  const columns: TableProps<ContractTemplate>['columns'] = [
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.version' }),
      dataIndex: 'version',
      render: (v: number) => intl.formatMessage({ id: 'regulator.templates.versionN' }, { version: v }),
    },
    { title: intl.formatMessage({ id: 'regulator.templates.field.title' }), dataIndex: 'title' },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.status' }),
      key: 'status',
      render: (_: unknown, t) => statusOf(t),
    },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.plan' }),
      key: 'plan',
      render: (_: unknown, t) => planText(t),
    },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.perHour' }),
      dataIndex: 'perHourFen',
      align: 'right',
      render: (v: number) => <MoneyText amountFen={v} />,
    },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.effectiveFrom' }),
      dataIndex: 'effectiveFrom',
      render: date,
    },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.updatedAt' }),
      dataIndex: 'updatedAt',
      render: date,
    },
    {
      title: intl.formatMessage({ id: 'regulator.templates.field.actions' }),
      key: 'actions',
      render: (_: unknown, t) => (
        <Flex gap={8} wrap>
          <Button size="small" onClick={() => setViewing(t)}>
            {intl.formatMessage({ id: 'regulator.templates.view' })}
          </Button>
          {canWrite && t.status === 'draft' ? (
            <>
              <Button size="small" onClick={() => open({ mode: 'edit', template: t })}>
                {intl.formatMessage({ id: 'regulator.templates.edit' })}
              </Button>
              <Popconfirm
                title={intl.formatMessage({ id: 'regulator.templates.publishTitle' }, { version: t.version })}
                description={
                  <Flex vertical gap={8}>
                    <Typography.Text>
                      {intl.formatMessage({ id: 'regulator.templates.publishText' })}
                    </Typography.Text>
                    <DatePicker
                      showTime
                      value={effectiveFrom}
                      onChange={setEffectiveFrom}
                      placeholder={intl.formatMessage({ id: 'regulator.templates.effectiveNow' })}
                    />
                  </Flex>
                }
                okText={intl.formatMessage({ id: 'regulator.templates.publish' })}
                cancelText={intl.formatMessage({ id: 'regulator.templates.cancel' })}
                onConfirm={() => doPublish(t)}
              >
                <Button size="small" type="primary" loading={publish.isPending}>
                  {intl.formatMessage({ id: 'regulator.templates.publish' })}
                </Button>
              </Popconfirm>
            </>
          ) : null}
        </Flex>
      ),
    },
  ];

  const insertPlaceholder = (key: string) => {
    const body = form.getFieldValue('body') as string | undefined;
    form.setFieldValue('body', `${body ?? ''}{{${key}}}`);
  };
  const total = stagePercentTotal(values ?? {});
  const mutation = editing?.mode === 'edit' ? update : create;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {intl.formatMessage({ id: 'regulator.templates.title' })}
        </Typography.Title>
        {canWrite ? (
          <Button type="primary" onClick={() => open({ mode: 'create', from: latest })}>
            {intl.formatMessage({ id: 'regulator.templates.newVersion' })}
          </Button>
        ) : null}
      </Flex>
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'regulator.templates.subtitle' })}
      </Typography.Text>
      <Card>
        {templates.isError ? (
          <ApiErrorAlert error={templates.error} onRetry={() => void templates.refetch()} />
        ) : null}
        {publish.error ? <ApiErrorAlert error={publish.error} /> : null}
        <Table<ContractTemplate>
          rowKey="id"
          columns={columns}
          dataSource={[...list].sort((a, b) => b.version - a.version)}
          loading={templates.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'regulator.templates.empty' }) }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        size="large"
        title={
          viewing
            ? intl.formatMessage(
                { id: 'regulator.templates.viewTitle' },
                { title: viewing.title, version: viewing.version },
              )
            : undefined
        }
      >
        {viewing ? (
          <Flex vertical gap={12}>
            <Typography.Text>{planText(viewing)}</Typography.Text>
            <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{viewing.body}</div>
            <Typography.Title level={5}>
              {intl.formatMessage({ id: 'regulator.templates.field.refundRule' })}
            </Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap' }}>{viewing.refundRule}</div>
            <Typography.Title level={5}>
              {intl.formatMessage({ id: 'regulator.templates.field.disputeClause' })}
            </Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap' }}>{viewing.disputeClause}</div>
          </Flex>
        ) : null}
      </Drawer>
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="large"
        forceRender
        title={intl.formatMessage({
          id: editing?.mode === 'edit' ? 'regulator.templates.editTitle' : 'regulator.templates.createTitle',
        })}
        extra={
          <Button
            type="primary"
            loading={mutation.isPending}
            onClick={() => void save().catch(() => undefined)}
          >
            {intl.formatMessage({ id: 'regulator.templates.saveDraft' })}
          </Button>
        }
      >
        {mutation.error ? <ApiErrorAlert error={mutation.error} /> : null}
        <Form form={form} layout="vertical">
          <Form.Item
            name="title"
            label={intl.formatMessage({ id: 'regulator.templates.field.title' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'regulator.templates.required' }),
              },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Typography.Text type="secondary">
            {intl.formatMessage({ id: 'regulator.templates.placeholdersHint' })}
          </Typography.Text>
          <Flex gap={4} wrap style={{ margin: '8px 0 12px' }}>
            {(templates.data?.placeholders ?? []).map((p) => (
              <Tooltip key={p.key} title={p.label}>
                <Tag
                  color={p.required ? 'blue' : 'default'}
                  style={{ cursor: 'pointer' }}
                  onClick={() => insertPlaceholder(p.key)}
                >
                  {`{{${p.key}}}`}
                </Tag>
              </Tooltip>
            ))}
          </Flex>
          <Form.Item
            name="body"
            label={intl.formatMessage({ id: 'regulator.templates.field.body' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'regulator.templates.required' }),
              },
            ]}
          >
            <Input.TextArea rows={14} maxLength={50_000} style={{ fontFamily: 'ui-monospace, monospace' }} />
          </Form.Item>
          <Form.Item name="planKind" label={intl.formatMessage({ id: 'regulator.templates.field.plan' })}>
            <Radio.Group
              options={[
                { value: 'stages', label: intl.formatMessage({ id: 'regulator.templates.plan.stages' }) },
                { value: 'hours', label: intl.formatMessage({ id: 'regulator.templates.plan.hours' }) },
              ]}
            />
          </Form.Item>
          {values?.planKind === 'hours' ? (
            <Form.Item
              name="upfrontPercent"
              label={intl.formatMessage({ id: 'regulator.templates.plan.upfront' })}
            >
              <InputNumber min={0} max={100} precision={0} suffix="%" />
            </Form.Item>
          ) : (
            <>
              <Row gutter={12}>
                {percentFields.map((f, i) => (
                  <Col key={f} xs={12} md={8} xl={4}>
                    <Form.Item
                      name={f}
                      label={
                        i === 0
                          ? intl.formatMessage({ id: 'regulator.templates.plan.enrolment' })
                          : intl.formatMessage({ id: 'common.training.part' }, { part: i })
                      }
                    >
                      <InputNumber min={0} max={100} precision={0} suffix="%" />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
              <Typography.Text type={total === 100 ? 'success' : 'danger'}>
                {intl.formatMessage({ id: 'regulator.templates.plan.total' }, { total })}
              </Typography.Text>
            </>
          )}
          <Form.Item
            name="perHourYuan"
            label={intl.formatMessage({ id: 'regulator.templates.field.perHourYuan' })}
            rules={[{ required: true, message: intl.formatMessage({ id: 'regulator.templates.required' }) }]}
            style={{ marginTop: 12 }}
          >
            <InputNumber min={0} max={100_000} precision={2} step={10} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="refundRule"
            label={intl.formatMessage({ id: 'regulator.templates.field.refundRule' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'regulator.templates.required' }),
              },
            ]}
          >
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
          <Form.Item
            name="disputeClause"
            label={intl.formatMessage({ id: 'regulator.templates.field.disputeClause' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'regulator.templates.required' }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Drawer>
    </Flex>
  );
}
