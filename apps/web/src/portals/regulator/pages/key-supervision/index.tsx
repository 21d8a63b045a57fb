import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { usePublicRegions } from '../../../../features/regions/queries.ts';
import {
  coachSanctions,
  schoolSanctions,
  useCoachChoices,
  useCreateKeySupervision,
  useKeySupervisions,
  useLiftKeySupervision,
  usePublishNotice,
  useRegionNotices,
  useSchoolChoices,
  type EntryState,
  type KeySupervisionEntry,
  type NewEntry,
} from '../../../../features/sanctions/queries.ts';
import { SanctionTag, SubjectTag } from '../../../../features/sanctions/sanction-tag.tsx';

const states = ['current', 'lifted', 'all'] as const satisfies readonly EntryState[];
const statusColor = { active: 'red', upcoming: 'orange', ended: 'default', lifted: 'green' } as const;

type EntryForm = {
  subject: 'school' | 'coach';
  schoolId: string;
  coachId?: string;
  sanction: NewEntry['sanction'];
  reason: string;
  fromDate?: string;
  untilDate?: string;
};

/**
 * 重点监管: the region's schools and coaches under key supervision with reason, sanction and period.
 * City and province regulators list a school or a coach, lift an entry after review with a note, and
 * publish a month's public notice; every regulator of the region reads the list.
 */
export function KeySupervisionPage() {
  const intl = useIntl();
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id'], values?: Record<string, string>) =>
    intl.formatMessage({ id }, values);
  const { message } = App.useApp();
  const { me, access } = useSession();
  const [state, setState] = useState<EntryState>('current');
  const list = useKeySupervisions(state);
  const notices = useRegionNotices();
  const create = useCreateKeySupervision();
  const lift = useLiftKeySupervision();
  const publish = usePublishNotice();
  const regions = usePublicRegions();

  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<EntryForm>();
  const subject = Form.useWatch('subject', form) ?? 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const [schoolSearch, setSchoolSearch] = useState('');
  const schools = useSchoolChoices(schoolSearch);
  const coaches = useCoachChoices(subject === 'coach' ? schoolId : undefined);

  const [lifting, setLifting] = useState<KeySupervisionEntry>();
  const [liftForm] = Form.useForm<{ note: string }>();
  // The month to publish: the one being typed, else the current one (the server's today).
  const [typedMonth, setMonth] = useState('');
  const month = typedMonth || (list.data?.today ?? '').slice(0, 7);
  const [cityCode, setCityCode] = useState<string>();
  const isProvince = me.role === 'regulator_province';
  const cities = (regions.data ?? []).filter((r) => r.level === 'city');
  const none = t('common.value.none');

  const submitEntry = async () => {
    const v = await form.validateFields();
    await create.mutateAsync({
      subject: v.subject,
      schoolId: v.schoolId,
      ...(v.subject === 'coach' && v.coachId ? { coachId: v.coachId } : {}),
      sanction: v.sanction,
      reason: v.reason,
      ...(v.fromDate ? { fromDate: v.fromDate } : {}),
      ...(v.untilDate ? { untilDate: v.untilDate } : {}),
    });
    void message.success(t('sanctions.entry.added'));
    form.resetFields();
    setAdding(false);
  };
  const submitLift = async () => {
    if (!lifting) return;
    const { note } = await liftForm.validateFields();
    await lift.mutateAsync({ id: lifting.id, note });
    void message.success(t('sanctions.entry.liftDone'));
    liftForm.resetFields();
    setLifting(undefined);
  };
  const submitPublish = async () => {
    const notice = await publish.mutateAsync({ month, ...(isProvince && cityCode ? { cityCode } : {}) });
    void message.success(t('sanctions.notice.published', { count: String(notice.items.length) }));
  };

  const columns: TableProps<KeySupervisionEntry>['columns'] = [
    {
      title: t('sanctions.field.subject'),
      dataIndex: 'subject',
      render: (s: KeySupervisionEntry['subject']) => <SubjectTag subject={s} />,
    },
    { title: t('sanctions.field.school'), dataIndex: 'schoolName' },
    { title: t('sanctions.field.coach'), dataIndex: 'coachName', render: (v: string | null) => v ?? none },
    {
      title: t('sanctions.field.sanction'),
      dataIndex: 'sanction',
      render: (s: string) => <SanctionTag sanction={s} />,
    },
    { title: t('sanctions.field.reason'), dataIndex: 'reason' },
    {
      title: t('sanctions.field.period'),
      key: 'period',
      render: (_: unknown, e) =>
        e.untilDate
          ? t('sanctions.period.bounded', { from: e.fromDate, until: e.untilDate })
          : t('sanctions.period.open', { from: e.fromDate }),
    },
    {
      title: t('sanctions.field.status'),
      dataIndex: 'status',
      render: (s: KeySupervisionEntry['status']) => (
        <Tag color={statusColor[s]}>{t(`sanctions.status.${s}`)}</Tag>
      ),
    },
    {
      title: t('sanctions.field.review'),
      key: 'review',
      render: (_: unknown, e) =>
        e.liftNote ? (
          <Typography.Text>
            {t('sanctions.review.text', { note: e.liftNote, day: e.liftedOn ?? '', by: e.liftedBy ?? none })}
          </Typography.Text>
        ) : (
          none
        ),
    },
    {
      title: t('sanctions.field.createdBy'),
      dataIndex: 'createdBy',
      render: (v: string | null) => v ?? none,
    },
    ...(access.canWriteKeySupervision
      ? [
          {
            key: 'actions',
            title: t('sanctions.field.actions'),
            render: (_: unknown, e: KeySupervisionEntry) =>
              e.status === 'lifted' ? null : (
                <Button size="small" onClick={() => setLifting(e)}>
                  {t('sanctions.entry.lift')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('sanctions.page.keySupervision')}
      </Typography.Title>
      <Card
        title={t('sanctions.list.title')}
        extra={
          <Flex gap="small" align="center">
            <Segmented<EntryState>
              value={state}
              onChange={setState}
              options={states.map((s) => ({ value: s, label: t(`sanctions.state.${s}`) }))}
            />
            {access.canWriteKeySupervision ? (
              <Button type="primary" onClick={() => setAdding(true)}>
                {t('sanctions.entry.add')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<KeySupervisionEntry>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: t('sanctions.list.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>

      <Card title={t('sanctions.notice.title')}>
        <Typography.Paragraph type="secondary">{t('sanctions.notice.explain')}</Typography.Paragraph>
        {access.canWriteKeySupervision ? (
          <Flex gap="small" wrap align="center" style={{ marginBottom: 16 }}>
            <Input
              type="month"
              aria-label={t('sanctions.notice.month')}
              value={month}
              onChange={(e) => setMonth(e.target.value)}
              style={{ width: 180 }}
            />
            {isProvince ? (
              <Select
                style={{ minWidth: 160 }}
                placeholder={t('sanctions.notice.city')}
                value={cityCode}
                onChange={setCityCode}
                options={cities.map((c) => ({ value: c.code, label: c.name }))}
              />
            ) : null}
            <Button onClick={() => void submitPublish()} loading={publish.isPending}>
              {t('sanctions.notice.publish')}
            </Button>
          </Flex>
        ) : null}
        {publish.isError ? <ApiErrorAlert error={publish.error} /> : null}
        <Table
          rowKey={(n) => `${n.cityCode}-${n.month}`}
          dataSource={notices.data?.items ?? []}
          loading={notices.isFetching}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          locale={{ emptyText: t('sanctions.notice.none') }}
          columns={[
            { title: t('sanctions.notice.month'), dataIndex: 'month' },
            { title: t('sanctions.notice.city'), dataIndex: 'cityName' },
            { title: t('sanctions.notice.count'), dataIndex: 'count' },
            {
              title: t('sanctions.notice.publishedAt'),
              dataIndex: 'publishedAt',
              render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
            },
            {
              key: 'open',
              title: t('sanctions.field.actions'),
              render: (_: unknown, n) => (
                <Typography.Link
                  href={`/supervision-notices?city=${n.cityCode}&month=${n.month}`}
                  target="_blank"
                >
                  {t('sanctions.notice.open')}
                </Typography.Link>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={adding}
        title={t('sanctions.entry.add')}
        okText={t('sanctions.entry.submit')}
        cancelText={t('common.action.cancel')}
        onOk={() => void submitEntry()}
        confirmLoading={create.isPending}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        {create.isError ? <ApiErrorAlert error={create.error} /> : null}
        <Form form={form} layout="vertical" initialValues={{ subject: 'school', sanction: 'rectify' }}>
          <Form.Item name="subject" label={t('sanctions.field.subject')}>
            <Radio.Group
              onChange={() => form.setFieldsValue({ coachId: undefined, sanction: 'rectify' })}
              options={(['school', 'coach'] as const).map((s) => ({
                value: s,
                label: t(`sanctions.subject.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="schoolId"
            label={t('sanctions.field.school')}
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
          {subject === 'coach' ? (
            <Form.Item
              name="coachId"
              label={t('sanctions.field.coach')}
              rules={[{ required: true, message: t('sanctions.form.coachRequired') }]}
            >
              <Select
                placeholder={t('sanctions.form.pickCoach')}
                loading={coaches.isFetching}
                options={(coaches.data ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.name} ${c.coachNumber}`,
                }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="sanction" label={t('sanctions.field.sanction')}>
            <Select
              options={(subject === 'coach' ? coachSanctions : schoolSanctions).map((s) => ({
                value: s,
                label: t(`sanctions.sanction.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('sanctions.field.reason')}
            rules={[{ required: true, whitespace: true, message: t('sanctions.form.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Flex gap="middle">
            <Form.Item
              name="fromDate"
              label={t('sanctions.field.fromDate')}
              extra={t('sanctions.form.fromDateHint')}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="untilDate"
              label={t('sanctions.field.untilDate')}
              extra={t('sanctions.form.untilDateHint')}
            >
              <Input type="date" />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>

      <Modal
        open={lifting !== undefined}
        title={t('sanctions.entry.liftTitle')}
        okText={t('sanctions.entry.lift')}
        cancelText={t('common.action.cancel')}
        onOk={() => void submitLift()}
        confirmLoading={lift.isPending}
        onCancel={() => setLifting(undefined)}
        destroyOnHidden
      >
        {lifting ? (
          <Typography.Paragraph>
            {t('sanctions.entry.liftWhat', {
              name: lifting.coachName ? `${lifting.schoolName} · ${lifting.coachName}` : lifting.schoolName,
            })}
          </Typography.Paragraph>
        ) : null}
        {lift.isError ? <ApiErrorAlert error={lift.error} /> : null}
        <Form form={liftForm} layout="vertical">
          <Form.Item
            name="note"
            label={t('sanctions.field.liftNote')}
            rules={[{ required: true, whitespace: true, message: t('sanctions.form.noteRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
