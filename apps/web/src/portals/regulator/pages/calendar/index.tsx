import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import {
  useAddDay,
  useCalendarYear,
  useRemoveDay,
  useReplaceDay,
  type CalendarDay,
  type DayKind,
} from '../../../../features/calendar/queries.ts';

type DayForm = { date: Dayjs | null; kind: DayKind; name: string };
const isWeekend = (d: Dayjs) => d.day() === 0 || d.day() === 6;

/**
 * 工作日历: the national weekday holidays and 调休 weekend workdays that complaint and work-order deadlines
 * count working days with. The province regulator checks them against the State Council's notice each
 * year and enters the next year's. The server decides what is valid; the form only warns early.
 */
export function CalendarPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const days = useCalendarYear(year);
  const add = useAddDay();
  const replace = useReplaceDay();
  const remove = useRemoveDay();
  const [editing, setEditing] = useState<{ existing: CalendarDay | null } | null>(null);
  const [form] = Form.useForm<DayForm>();
  const items = days.data?.items ?? [];
  const saving = editing?.existing ? replace : add;

  const open = (existing: CalendarDay | null) => {
    add.reset();
    replace.reset();
    setEditing({ existing });
    form.setFieldsValue(
      existing
        ? { date: dayjs(existing.day), kind: existing.kind, name: existing.name }
        : { date: null, kind: 'holiday', name: '' },
    );
  };

  const submit = async () => {
    const v = await form.validateFields();
    const input = { day: v.date!.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() };
    await saving.mutateAsync(input);
    setEditing(null);
    if (dayjs(input.day).year() !== year) setYear(dayjs(input.day).year());
    void message.success(intl.formatMessage({ id: 'calendar.saved' }, { day: input.day }));
  };

  const onRemove = async (day: string) => {
    await remove.mutateAsync(day);
    void message.success(intl.formatMessage({ id: 'calendar.removed' }, { day }));
  };

  const columns: TableProps<CalendarDay>['columns'] = [
    { title: intl.formatMessage({ id: 'calendar.field.day' }), dataIndex: 'day', width: 130 },
    {
      title: intl.formatMessage({ id: 'calendar.field.weekday' }),
      key: 'weekday',
      width: 100,
      // A calendar day: formatted in UTC so no browser time zone shifts it to the day before.
      render: (_: unknown, d) => intl.formatDate(`${d.day}T00:00:00Z`, { weekday: 'short', timeZone: 'UTC' }),
    },
    {
      title: intl.formatMessage({ id: 'calendar.field.kind' }),
      dataIndex: 'kind',
      width: 130,
      render: (kind: DayKind) => (
        <Tag color={kind === 'holiday' ? 'red' : 'blue'}>
          {intl.formatMessage({ id: kind === 'holiday' ? 'calendar.kind.holiday' : 'calendar.kind.workday' })}
        </Tag>
      ),
    },
    { title: intl.formatMessage({ id: 'calendar.field.name' }), dataIndex: 'name' },
    {
      title: intl.formatMessage({ id: 'calendar.field.updatedAt' }),
      dataIndex: 'updatedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    {
      title: intl.formatMessage({ id: 'calendar.field.actions' }),
      key: 'actions',
      width: 170,
      render: (_: unknown, d) => (
        <Flex gap={8}>
          <Button size="small" onClick={() => open(d)}>
            {intl.formatMessage({ id: 'calendar.edit' })}
          </Button>
          <Popconfirm
            title={intl.formatMessage({ id: 'calendar.removeConfirm' }, { day: d.day })}
            okText={intl.formatMessage({ id: 'calendar.remove' })}
            cancelText={intl.formatMessage({ id: 'calendar.cancel' })}
            onConfirm={() => onRemove(d.day).catch(() => undefined)}
          >
            <Button size="small" danger loading={remove.isPending && remove.variables === d.day}>
              {intl.formatMessage({ id: 'calendar.remove' })}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  if (!years.includes(year)) years.push(year);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {intl.formatMessage({ id: 'calendar.title' })}
        </Typography.Title>
        <Flex gap={8} align="center">
          <Select
            aria-label={intl.formatMessage({ id: 'calendar.year' })}
            value={year}
            onChange={setYear}
            style={{ width: 120 }}
            options={years
              .sort((a, b) => a - b)
              .map((y) => ({
                value: y,
                label: intl.formatMessage({ id: 'calendar.yearOption' }, { year: y }),
              }))}
          />
          <Button type="primary" onClick={() => open(null)}>
            {intl.formatMessage({ id: 'calendar.add' })}
          </Button>
        </Flex>
      </Flex>
      {days.data && days.data.unentered.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={intl.formatMessage(
            { id: 'calendar.unentered' },
            { years: intl.formatList(days.data.unentered.map(String), { type: 'conjunction' }) },
          )}
        />
      ) : null}
      <Alert type="info" showIcon title={intl.formatMessage({ id: 'calendar.intro' })} />
      {remove.error ? <ApiErrorAlert error={remove.error} /> : null}
      <Card
        title={intl.formatMessage(
          { id: 'calendar.summary' },
          {
            year,
            holidays: items.filter((d) => d.kind === 'holiday').length,
            workdays: items.filter((d) => d.kind === 'workday').length,
          },
        )}
      >
        {days.isError ? <ApiErrorAlert error={days.error} onRetry={() => void days.refetch()} /> : null}
        {days.isSuccess && items.length === 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={intl.formatMessage({ id: 'calendar.emptyYear' }, { year })}
          />
        ) : null}
        <Table<CalendarDay>
          rowKey="day"
          columns={columns}
          dataSource={items}
          loading={days.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'calendar.empty' }) }}
          pagination={false}
          size="middle"
        />
      </Card>
      <Modal
        open={editing !== null}
        title={intl.formatMessage({ id: editing?.existing ? 'calendar.editTitle' : 'calendar.addTitle' })}
        okText={intl.formatMessage({ id: 'calendar.save' })}
        cancelText={intl.formatMessage({ id: 'calendar.cancel' })}
        confirmLoading={saving.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setEditing(null)}
        forceRender
      >
        {saving.error ? <ApiErrorAlert error={saving.error} /> : null}
        <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
          <Form.Item
            name="date"
            label={intl.formatMessage({ id: 'calendar.field.day' })}
            rules={[{ required: true, message: intl.formatMessage({ id: 'calendar.dayRequired' }) }]}
          >
            <DatePicker disabled={Boolean(editing?.existing)} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="kind"
            label={intl.formatMessage({ id: 'calendar.field.kind' })}
            dependencies={['date']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, kind: DayKind) => {
                  const date = getFieldValue('date') as Dayjs | null;
                  if (!date) return;
                  if (kind === 'holiday' && isWeekend(date)) {
                    throw new Error(intl.formatMessage({ id: 'calendar.holidayOnWeekend' }));
                  }
                  if (kind === 'workday' && !isWeekend(date)) {
                    throw new Error(intl.formatMessage({ id: 'calendar.workdayOnWeekday' }));
                  }
                },
              }),
            ]}
          >
            <Radio.Group
              options={[
                { value: 'holiday', label: intl.formatMessage({ id: 'calendar.kind.holidayLong' }) },
                { value: 'workday', label: intl.formatMessage({ id: 'calendar.kind.workdayLong' }) },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={intl.formatMessage({ id: 'calendar.field.name' })}
            extra={intl.formatMessage({ id: 'calendar.nameHint' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'calendar.nameRequired' }),
              },
            ]}
          >
            <Input maxLength={30} style={{ width: 240 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
