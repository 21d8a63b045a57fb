import { Button, DatePicker, Flex, Select, Switch, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { toTablePagination, usePaging } from '../../../components/table-paging.ts';
import {
  sourceKinds,
  useWorkOrders,
  workOrderStatuses,
  type WorkOrder,
  type WorkOrderFilter,
  type WorkOrderSide,
  type WorkOrderStatus,
} from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';
import { WorkOrderStatusTag } from './work-order-status-tag.tsx';

type Props = { side: WorkOrderSide; onOpen: (id: string) => void };

/** The list of one side: filter by status, source, overdue and the period pushed; open one. */
export function WorkOrdersTable({ side, onOpen }: Props) {
  const { intl, t, shortDate } = useWorkOrderText();
  const [filter, setFilter] = useState<WorkOrderFilter>({});
  const [paging, setPaging] = usePaging();
  const list = useWorkOrders(side, filter, paging);
  const change = (next: WorkOrderFilter) => {
    setFilter(next);
    setPaging({ ...paging, page: 1 });
  };
  const without = (key: keyof WorkOrderFilter) => {
    const copy = { ...filter };
    delete copy[key];
    return copy;
  };

  const columns: TableProps<WorkOrder>['columns'] = [
    {
      title: t('field.number'),
      dataIndex: 'number',
      width: 220,
      // The readable number is quoted on the phone: never broken over lines.
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('field.title'), dataIndex: 'title', width: 220, ellipsis: true },
    { title: t('field.category'), dataIndex: 'category', render: (v: string) => t(`category.${v}`) },
    ...(side === 'regulator'
      ? [
          {
            title: t('field.assignee'),
            key: 'assignee',
            render: (_: unknown, o: WorkOrder) =>
              o.schoolName ?? `${o.countyName} · ${t(`assignee.${o.assigneeKind}`)}`,
          },
        ]
      : []),
    {
      title: t('field.status'),
      key: 'status',
      render: (_: unknown, o: WorkOrder) => <WorkOrderStatusTag order={o} />,
    },
    { title: t('field.dueAt'), dataIndex: 'dueAt', width: 150, render: (v: string) => shortDate(v) },
    { title: t('field.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => shortDate(v) },
    {
      title: t('field.actions'),
      key: 'actions',
      render: (_: unknown, o: WorkOrder) => (
        <Button size="small" onClick={() => onOpen(o.id)} data-testid={`open-${o.number}`}>
          {t('action.open')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={16} align="center" wrap>
        <Select<WorkOrderStatus | 'all'>
          style={{ minWidth: 140 }}
          aria-label={t('field.status')}
          value={filter.status ?? 'all'}
          onChange={(v) => change(v === 'all' ? without('status') : { ...filter, status: v })}
          options={[
            { value: 'all', label: t('filter.allStatuses') },
            ...workOrderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <Select<(typeof sourceKinds)[number] | 'all'>
          style={{ minWidth: 140 }}
          aria-label={t('field.source')}
          value={filter.sourceKind ?? 'all'}
          onChange={(v) => change(v === 'all' ? without('sourceKind') : { ...filter, sourceKind: v })}
          options={[
            { value: 'all', label: t('filter.allSources') },
            ...sourceKinds.map((s) => ({ value: s, label: t(`source.${s}`) })),
          ]}
        />
        <DatePicker.RangePicker
          aria-label={t('filter.period')}
          value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
          onChange={(range) => {
            const rest = { ...without('from') };
            delete rest.to;
            change(
              range?.[0] && range[1]
                ? { ...rest, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
                : rest,
            );
          }}
        />
        <Flex gap={8} align="center">
          <Switch
            aria-label={t('filter.overdueOnly')}
            checked={filter.overdue === true}
            onChange={(v) => change(v ? { ...filter, overdue: true } : without('overdue'))}
          />
          <Typography.Text>{t('filter.overdueOnly')}</Typography.Text>
        </Flex>
      </Flex>
      {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<WorkOrder>
        rowKey="id"
        columns={columns}
        scroll={{ x: 1200 }}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('empty') }}
        pagination={toTablePagination(paging, list.data?.total, setPaging, intl)}
      />
    </Flex>
  );
}
