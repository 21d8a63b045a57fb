import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Progress, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useSession } from '../../auth/session-context.tsx';
import { anomalyKeys, isActiveRun, useRescoreRuns, useStartRescore, type RescoreRun } from '../queries.ts';

const statusColour: Record<RescoreRun['status'], string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * 重新评分 (city and province regulators): queue a re-scoring of the region's audited sessions over a
 * few days and follow the latest runs. The jobs loop does the work; the list polls while a run is queued
 * or running and refreshes the page's figures when the last one ends.
 */
export function RescorePanel({ initialRange }: { initialRange: [Dayjs, Dayjs] }) {
  const intl = useIntl();
  const { access } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(initialRange);
  const runs = useRescoreRuns({ enabled: access.canRunAnomalyDetection });
  const start = useStartRescore();
  const active = runs.data?.items.filter(isActiveRun).length ?? 0;
  const wasActive = useRef(active);
  useEffect(() => {
    // A run just ended: the scores, the daily figures and the list above it changed.
    if (wasActive.current > 0 && active === 0) void client.invalidateQueries({ queryKey: anomalyKeys.all });
    wasActive.current = active;
  }, [active, client]);
  if (!access.canRunAnomalyDetection) return null;

  const onStart = async () => {
    const from = day(range[0]);
    const to = day(range[1]);
    await start.mutateAsync({ from, to });
    void message.success(intl.formatMessage({ id: 'anomaly.rescore.started' }, { from, to }));
  };
  const time = (iso: string) =>
    intl.formatDate(iso, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

  const columns: TableProps<RescoreRun>['columns'] = [
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.days' }),
      key: 'days',
      render: (_: unknown, r) =>
        intl.formatMessage({ id: 'anomaly.rescore.days' }, { from: r.from, to: r.to }),
    },
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.region' }),
      dataIndex: 'regionCode',
      width: 90,
    },
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.status' }),
      dataIndex: 'status',
      width: 200,
      render: (status: RescoreRun['status'], r) => (
        <Flex vertical gap={2}>
          <span>
            <Tag color={statusColour[status]}>
              {intl.formatMessage({ id: `anomaly.rescore.status.${status}` })}
            </Tag>
          </span>
          {r.error ? (
            <Typography.Text type="danger" ellipsis={{ tooltip: r.error }}>
              {r.error}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.progress' }),
      key: 'progress',
      width: 220,
      render: (_: unknown, r) => {
        const percent =
          r.status === 'done'
            ? 100
            : r.sessionsExpected > 0
              ? Math.min(99, Math.floor((r.sessionsScored / r.sessionsExpected) * 100))
              : 0;
        return (
          <Flex vertical gap={0}>
            <Progress
              percent={percent}
              size="small"
              status={r.status === 'failed' ? 'exception' : r.status === 'running' ? 'active' : undefined}
            />
            <Typography.Text type="secondary">
              {intl.formatMessage(
                { id: 'anomaly.rescore.progress' },
                { scored: r.sessionsScored, expected: r.sessionsExpected },
              )}
            </Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.outcome' }),
      key: 'outcome',
      render: (_: unknown, r) =>
        r.status === 'done'
          ? intl.formatMessage({ id: 'anomaly.rescore.outcome' }, { high: r.levels.high, flagged: r.flagged })
          : null,
    },
    {
      title: intl.formatMessage({ id: 'anomaly.rescore.column.requested' }),
      key: 'requested',
      render: (_: unknown, r) => (
        <Typography.Text type="secondary">
          {intl.formatMessage(
            { id: 'anomaly.rescore.requestedBy' },
            { name: r.requestedBy.name, time: time(r.createdAt) },
          )}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={intl.formatMessage({ id: 'anomaly.rescore.title' })}
      data-testid="anomaly-rescore"
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'anomaly.rescore.intro' })}
        </Typography.Text>
        <Flex wrap gap={12}>
          <DatePicker.RangePicker
            aria-label={intl.formatMessage({ id: 'anomaly.rescore.range' })}
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
          />
          <Button
            type="primary"
            loading={start.isPending}
            onClick={() => void onStart().catch(() => undefined)}
          >
            {intl.formatMessage({ id: 'anomaly.rescore.start' })}
          </Button>
        </Flex>
        {start.isError ? <ApiErrorAlert error={start.error} /> : null}
        {runs.isError ? <ApiErrorAlert error={runs.error} onRetry={() => void runs.refetch()} /> : null}
        <Table
          rowKey="id"
          size="small"
          rootClassName="anomaly-rescore-runs"
          loading={runs.isPending}
          columns={columns}
          dataSource={runs.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: intl.formatMessage({ id: 'anomaly.rescore.empty' }) }}
        />
      </Flex>
    </Card>
  );
}
