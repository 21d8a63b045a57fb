import { App, Button, Card, DatePicker, Drawer, Flex, Form, Input, Select, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
// antd's own date library (DatePicker values are Dayjs); needed to show the URL's date range.
import dayjs from 'dayjs';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { toTablePagination } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { MinutesTable } from '../../../../features/training/components/minutes-table.tsx';
import { matchesPickerInput, toPickerOptions } from '../../../../features/training/log-filter.ts';
import type { LogSummary } from '../../../../features/training/types.ts';
import { useTrainingLogsData } from './use-training-logs-data.ts';

const verdicts = ['valid', 'partial', 'invalid', 'pending'] as const;

/** 教学日志 with filters, and 初审: mark selected minutes valid or void with a note. */
export function TrainingLogsPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const data = useTrainingLogsData();
  const [form] = Form.useForm<{ note: string }>();

  const person = (name: string, detail: string) =>
    intl.formatMessage({ id: 'school.trainingLogs.filter.person' }, { name, detail });
  const traineeOptions = toPickerOptions(
    data.trainees.data?.items ?? [],
    (t) => person(t.name, t.phone),
    (t) => [t.name, t.phone],
    intl.locale,
  );
  const coachOptions = toPickerOptions(
    data.coaches.data?.items ?? [],
    (c) => person(c.name, c.phone),
    (c) => [c.name, c.phone, c.coachNumber],
    intl.locale,
  );
  const truncated = [data.trainees.data, data.coaches.data].find((list) => list && !list.complete);

  const columns: TableProps<LogSummary>['columns'] = [
    {
      title: intl.formatMessage({ id: 'common.training.startedAt' }),
      dataIndex: 'startedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    { title: intl.formatMessage({ id: 'common.training.trainee' }), dataIndex: 'traineeName' },
    { title: intl.formatMessage({ id: 'common.training.coach' }), dataIndex: 'coachName' },
    {
      title: intl.formatMessage({ id: 'school.trainingLogs.filter.part' }),
      dataIndex: 'part',
      render: (part: number) => intl.formatMessage({ id: 'common.training.part' }, { part }),
    },
    {
      title: intl.formatMessage({ id: 'common.training.credited' }),
      key: 'minutes',
      render: (_: unknown, l: LogSummary) =>
        intl.formatMessage(
          { id: 'common.training.minutesOf' },
          { credited: l.creditedMinutes, total: l.totalMinutes },
        ),
    },
    {
      title: intl.formatMessage({ id: 'common.training.verdict' }),
      dataIndex: 'verdict',
      render: (v: string) => <StatusTag kind="verdict" value={v} />,
    },
    {
      title: intl.formatMessage({ id: 'common.training.appealStatus' }),
      dataIndex: 'appealStatus',
      render: (v: string) => <StatusTag kind="appeal" value={v} />,
    },
    {
      title: intl.formatMessage({ id: 'common.training.actions' }),
      key: 'actions',
      render: (_: unknown, l: LogSummary) => (
        <Button size="small" onClick={() => data.open(l.id)}>
          {intl.formatMessage({ id: 'school.trainingLogs.review' })}
        </Button>
      ),
    },
  ];

  const mark = (valid: boolean) =>
    void form
      .validateFields()
      .then((v) => data.mark(valid, v.note))
      .then(() => void message.success(intl.formatMessage({ id: 'school.trainingLogs.saved' })))
      .catch(() => undefined);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.trainingLogs.title' })}
      </Typography.Title>
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={intl.formatMessage({ id: 'school.trainingLogs.filter.verdict' })}
            value={data.filter.verdict}
            onChange={(verdict) => data.setFilter({ ...data.filter, verdict })}
            options={verdicts.map((v) => ({
              value: v,
              label: intl.formatMessage({ id: `common.verdictStatus.${v}` }),
            }))}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={intl.formatMessage({ id: 'school.trainingLogs.filter.part' })}
            value={data.filter.part}
            onChange={(part) => data.setFilter({ ...data.filter, part })}
            options={[1, 2, 3, 4].map((part) => ({
              value: part,
              label: intl.formatMessage({ id: 'common.training.part' }, { part }),
            }))}
          />
          <DatePicker.RangePicker
            aria-label={intl.formatMessage({ id: 'school.trainingLogs.filter.dates' })}
            value={
              data.filter.from && data.filter.to ? [dayjs(data.filter.from), dayjs(data.filter.to)] : null
            }
            onChange={(range) => {
              const { from: _from, to: _to, ...rest } = data.filter;
              data.setFilter(
                range?.[0] && range[1]
                  ? { ...rest, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
                  : rest,
              );
            }}
          />
          {data.canPickTrainee ? (
            <Select
              allowClear
              showSearch={{ filterOption: matchesPickerInput }}
              style={{ width: 220 }}
              aria-label={intl.formatMessage({ id: 'school.trainingLogs.filter.trainee' })}
              placeholder={intl.formatMessage({ id: 'school.trainingLogs.filter.trainee' })}
              loading={data.trainees.isPending}
              value={data.filter.traineeId}
              onChange={(traineeId?: string) => {
                const { traineeId: _old, ...rest } = data.filter;
                data.setFilter(traineeId ? { ...rest, traineeId } : rest);
              }}
              options={traineeOptions}
              notFoundContent={intl.formatMessage({ id: 'school.trainingLogs.filter.noMatch' })}
            />
          ) : null}
          {data.canPickCoach ? (
            <Select
              allowClear
              showSearch={{ filterOption: matchesPickerInput }}
              style={{ width: 220 }}
              aria-label={intl.formatMessage({ id: 'school.trainingLogs.filter.coach' })}
              placeholder={intl.formatMessage({ id: 'school.trainingLogs.filter.coach' })}
              loading={data.coaches.isPending}
              value={data.filter.coachId}
              onChange={(coachId?: string) => {
                const { coachId: _old, ...rest } = data.filter;
                data.setFilter(coachId ? { ...rest, coachId } : rest);
              }}
              options={coachOptions}
              notFoundContent={intl.formatMessage({ id: 'school.trainingLogs.filter.noMatch' })}
            />
          ) : null}
        </Flex>
        {truncated ? (
          <Typography.Text type="secondary">
            {intl.formatMessage(
              { id: 'school.trainingLogs.filter.truncated' },
              { loaded: truncated.items.length, total: truncated.total },
            )}
          </Typography.Text>
        ) : null}
        {data.trainees.isError ? <ApiErrorAlert error={data.trainees.error} /> : null}
        {data.coaches.isError ? <ApiErrorAlert error={data.coaches.error} /> : null}
        {data.logs.isError ? (
          <ApiErrorAlert error={data.logs.error} onRetry={() => void data.logs.refetch()} />
        ) : null}
        <Table<LogSummary>
          rowKey="id"
          columns={columns}
          dataSource={data.logs.data?.items ?? []}
          loading={data.logs.isFetching}
          pagination={toTablePagination(data.paging, data.logs.data?.total, data.setPaging, intl)}
        />
      </Card>
      <Drawer
        open={data.openLogId !== null}
        onClose={() => data.open(null)}
        size="large"
        title={intl.formatMessage({ id: 'school.trainingLogs.reviewTitle' })}
      >
        {data.detail.isError ? <ApiErrorAlert error={data.detail.error} /> : null}
        {data.review.error ? <ApiErrorAlert error={data.review.error} /> : null}
        {data.detail.data ? (
          <Flex vertical gap={12}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{data.detail.data.traineeName}</Typography.Text>
              <StatusTag kind="verdict" value={data.detail.data.verdict} />
              <Typography.Text>
                {intl.formatMessage(
                  { id: 'common.training.minutesOf' },
                  { credited: data.detail.data.creditedMinutes, total: data.detail.data.totalMinutes },
                )}
              </Typography.Text>
            </Flex>
            {access.canReviewSchoolTraining ? (
              <Form form={form} layout="inline">
                <Form.Item
                  name="note"
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: intl.formatMessage({ id: 'school.trainingLogs.noteRequired' }),
                    },
                  ]}
                >
                  <Input
                    placeholder={intl.formatMessage({ id: 'school.trainingLogs.note' })}
                    maxLength={500}
                  />
                </Form.Item>
                <Button
                  disabled={data.selected.length === 0}
                  loading={data.review.isPending}
                  onClick={() => mark(true)}
                >
                  {intl.formatMessage({ id: 'school.trainingLogs.markValid' })}
                </Button>
                <Button
                  danger
                  disabled={data.selected.length === 0}
                  loading={data.review.isPending}
                  onClick={() => mark(false)}
                >
                  {intl.formatMessage({ id: 'school.trainingLogs.markInvalid' })}
                </Button>
                <Typography.Text type="secondary">
                  {intl.formatMessage(
                    { id: 'school.trainingLogs.selected' },
                    { count: data.selected.length },
                  )}
                </Typography.Text>
              </Form>
            ) : null}
            <MinutesTable
              minutes={data.detail.data.minutes}
              {...(access.canReviewSchoolTraining
                ? { selection: { keys: data.selected, onChange: data.setSelected } }
                : {})}
            />
          </Flex>
        ) : null}
      </Drawer>
    </Flex>
  );
}
