import { App, Button, Card, Checkbox, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { usePublicRegions } from '../../../../features/regions/queries.ts';
import {
  actionKinds,
  actionSubject,
  isPenalty,
  useCoachChoices,
  useRecordAction,
  useSchoolChoices,
  useSupervisionActions,
  type ActionKind,
  type SupervisionAction,
} from '../../../../features/sanctions/queries.ts';

type ActionForm = {
  kind: ActionKind;
  countyCode?: string;
  schoolId?: string;
  coachId?: string;
  enforcementId?: string;
  happenedOn?: string;
  note?: string;
  createWorkOrder?: boolean;
};

/**
 * 监管行动: the actions the monthly report (附件2) counts — qualification checks, rectification orders,
 * graded interviews, centralized enforcement and the penalties decided there — recorded by the
 * regulator in its region and listed by kind. The server checks every rule; the form only shows the
 * fields the chosen kind needs.
 */
export function SupervisionActionsPage() {
  const intl = useIntl();
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id'], values?: Record<string, string>) =>
    intl.formatMessage({ id }, values);
  const { message } = App.useApp();
  const { me, access } = useSession();
  const [filter, setFilter] = useState<ActionKind>();
  const list = useSupervisionActions(filter);
  const enforcements = useSupervisionActions('enforcement');
  const record = useRecordAction();
  const regions = usePublicRegions();
  const [form] = Form.useForm<ActionForm>();
  const kind = Form.useWatch('kind', form) ?? 'qualification_check';
  const schoolId = Form.useWatch('schoolId', form);
  const [schoolSearch, setSchoolSearch] = useState('');
  const schools = useSchoolChoices(schoolSearch);
  const subject = actionSubject(kind);
  const coaches = useCoachChoices(subject === 'coach' ? schoolId : undefined);
  const none = t('common.value.none');
  // Findings about a school may go to it as a work order (工单) to fix.
  const canPush = kind === 'qualification_check' || kind === 'rectification_order';
  const pushing = Boolean(Form.useWatch('createWorkOrder', form)) && canPush;
  // A county regulator records in its own county; city and province regulators pick one of theirs.
  const counties = (regions.data ?? []).filter(
    (r) => r.level === 'county' && (me.region === null || r.code.startsWith(prefixOf(me.region.code))),
  );
  const countyName = (code: string) => regions.data?.find((r) => r.code === code)?.name ?? code;

  const submit = async () => {
    const v = await form.validateFields();
    const recorded = await record.mutateAsync({
      kind: v.kind,
      ...(subject === 'county' && v.countyCode ? { countyCode: v.countyCode } : {}),
      ...(subject !== 'county' && v.schoolId ? { schoolId: v.schoolId } : {}),
      ...(subject === 'coach' && v.coachId ? { coachId: v.coachId } : {}),
      ...(isPenalty(v.kind) && v.enforcementId ? { enforcementId: v.enforcementId } : {}),
      ...(!isPenalty(v.kind) && v.happenedOn ? { happenedOn: v.happenedOn } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      ...(canPush && v.createWorkOrder ? { createWorkOrder: true } : {}),
    });
    void message.success(
      recorded.workOrderNumber
        ? t('sanctions.action.recordedWithOrder', { number: recorded.workOrderNumber })
        : t('sanctions.action.recorded'),
    );
    form.resetFields(['schoolId', 'coachId', 'note']);
  };

  const columns: TableProps<SupervisionAction>['columns'] = [
    { title: t('sanctions.action.field.happenedOn'), dataIndex: 'happenedOn' },
    {
      title: t('sanctions.action.field.kind'),
      dataIndex: 'kind',
      render: (k: ActionKind) => <Tag color={isPenalty(k) ? 'red' : 'blue'}>{t(`sanctions.kind.${k}`)}</Tag>,
    },
    { title: t('sanctions.action.field.county'), dataIndex: 'countyName' },
    { title: t('sanctions.field.school'), dataIndex: 'schoolName', render: (v: string | null) => v ?? none },
    { title: t('sanctions.field.coach'), dataIndex: 'coachName', render: (v: string | null) => v ?? none },
    { title: t('sanctions.action.field.note'), dataIndex: 'note', render: (v: string) => v || none },
    { title: t('sanctions.action.field.recordedBy'), dataIndex: 'createdBy' },
  ];

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('sanctions.page.actions')}
      </Typography.Title>
      {access.canRecordSupervisionActions ? (
        <Card title={t('sanctions.action.recordTitle')}>
          <Typography.Paragraph type="secondary">{t(`sanctions.kindHelp.${kind}`)}</Typography.Paragraph>
          {record.isError ? <ApiErrorAlert error={record.error} /> : null}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'qualification_check' }}
            onValuesChange={(changed: Partial<ActionForm>) => {
              if (changed.kind) form.setFieldsValue({ coachId: undefined, enforcementId: undefined });
              if (changed.schoolId) form.setFieldsValue({ coachId: undefined });
            }}
          >
            <Flex gap="middle" wrap>
              <Form.Item name="kind" label={t('sanctions.action.field.kind')} style={{ minWidth: 240 }}>
                <Select options={actionKinds.map((k) => ({ value: k, label: t(`sanctions.kind.${k}`) }))} />
              </Form.Item>
              {subject === 'county' ? (
                <Form.Item
                  name="countyCode"
                  label={t('sanctions.action.field.county')}
                  style={{ minWidth: 200 }}
                  rules={[{ required: true, message: t('sanctions.form.countyRequired') }]}
                >
                  <Select options={counties.map((c) => ({ value: c.code, label: c.name }))} />
                </Form.Item>
              ) : (
                <Form.Item
                  name="schoolId"
                  label={t('sanctions.field.school')}
                  style={{ minWidth: 280 }}
                  rules={[{ required: true, message: t('sanctions.form.schoolRequired') }]}
                >
                  <Select
                    showSearch
                    filterOption={false}
                    onSearch={setSchoolSearch}
                    aria-label={t('sanctions.form.pickSchool')}
                    placeholder={t('sanctions.form.pickSchool')}
                    loading={schools.isFetching}
                    options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                  />
                </Form.Item>
              )}
              {subject === 'coach' ? (
                <Form.Item
                  name="coachId"
                  label={t('sanctions.field.coach')}
                  style={{ minWidth: 200 }}
                  rules={[{ required: true, message: t('sanctions.form.coachRequired') }]}
                >
                  <Select
                    loading={coaches.isFetching}
                    options={(coaches.data ?? []).map((c) => ({
                      value: c.id,
                      label: `${c.name} ${c.coachNumber}`,
                    }))}
                  />
                </Form.Item>
              ) : null}
              {isPenalty(kind) ? (
                <Form.Item
                  name="enforcementId"
                  label={t('sanctions.action.field.enforcement')}
                  style={{ minWidth: 260 }}
                  rules={[{ required: true, message: t('sanctions.form.enforcementRequired') }]}
                >
                  <Select
                    options={(enforcements.data?.items ?? []).map((e) => ({
                      value: e.id,
                      label: t('sanctions.action.enforcementOption', {
                        day: e.happenedOn,
                        county: countyName(e.countyCode),
                      }),
                    }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item
                  name="happenedOn"
                  label={t('sanctions.action.field.happenedOn')}
                  rules={[{ required: true, message: t('sanctions.form.dateRequired') }]}
                >
                  <Input type="date" />
                </Form.Item>
              )}
            </Flex>
            <Form.Item
              name="note"
              label={t('sanctions.action.field.note')}
              rules={[
                {
                  required: kind === 'rectification_order' || isPenalty(kind) || pushing,
                  whitespace: true,
                  message: t('sanctions.form.actionNoteRequired'),
                },
              ]}
            >
              <Input.TextArea rows={2} maxLength={1000} showCount />
            </Form.Item>
            {canPush ? (
              <Form.Item name="createWorkOrder" valuePropName="checked">
                <Checkbox>{t('sanctions.action.createWorkOrder')}</Checkbox>
              </Form.Item>
            ) : null}
            <Button type="primary" onClick={() => void submit()} loading={record.isPending}>
              {t('sanctions.action.record')}
            </Button>
          </Form>
        </Card>
      ) : null}

      <Card
        title={t('sanctions.action.listTitle')}
        extra={
          <Select
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('sanctions.action.allKinds')}
            value={filter}
            onChange={setFilter}
            options={actionKinds.map((k) => ({ value: k, label: t(`sanctions.kind.${k}`) }))}
          />
        }
      >
        {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<SupervisionAction>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: t('sanctions.action.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Flex>
  );
}

/** GB/T 2260 nesting: a province's codes start with 2 digits, a city's with 4, a county is itself. */
function prefixOf(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}
