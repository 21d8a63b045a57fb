import { Button, Card, Col, DatePicker, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { toTablePagination, usePaging } from '../../../../components/table-paging.ts';
import { RescorePanel } from '../../../../features/anomaly/components/rescore-panel.tsx';
import { RiskLevelTag } from '../../../../features/anomaly/components/risk-level-tag.tsx';
import { AnomalySessionDrawer } from '../../../../features/anomaly/components/session-drawer.tsx';
import {
  riskLevels,
  useAnomalyDaily,
  useAnomalySessions,
  type AnomalySession,
  type RiskLevel,
} from '../../../../features/anomaly/queries.ts';
import { detectorIds, detectorName, findingSentence } from '../../../../features/anomaly/wording.ts';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * 异常会话: the region's scored sessions, riskiest first, each finding worded from its evidence; a row
 * opens the session's findings and its teaching log. Filters: dates, levels, one detector. City and
 * province regulators also queue a 重新评分 of some days there and follow its progress.
 */
export function AnomaliesPage() {
  const intl = useIntl();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(6, 'day'), dayjs()]);
  const [levels, setLevels] = useState<RiskLevel[]>(['high', 'medium']);
  const [detector, setDetector] = useState<string | undefined>(undefined);
  const [paging, setPaging] = usePaging();
  const [openId, setOpenId] = useState<string | null>(null);
  const from = day(range[0]);
  const to = day(range[1]);
  const list = useAnomalySessions(
    { from, to, ...(levels.length ? { level: levels.join(',') } : {}), ...(detector ? { detector } : {}) },
    paging,
  );
  const daily = useAnomalyDaily(from, to);
  const totals = useMemo(
    () =>
      (daily.data?.days ?? []).reduce(
        (t, d) => ({ scored: t.scored + d.scored, high: t.high + d.high, medium: t.medium + d.medium }),
        { scored: 0, high: 0, medium: 0 },
      ),
    [daily.data],
  );
  const time = (iso: string) =>
    intl.formatDate(iso, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

  const columns: TableProps<AnomalySession>['columns'] = [
    {
      title: intl.formatMessage({ id: 'anomaly.column.score' }),
      dataIndex: 'score',
      width: 110,
      render: (score: number, row) => (
        <Flex gap={6} align="center">
          <Typography.Text strong>{score}</Typography.Text>
          <RiskLevelTag level={row.level} />
        </Flex>
      ),
    },
    {
      title: intl.formatMessage({ id: 'anomaly.column.startedAt' }),
      dataIndex: 'startedAt',
      width: 120,
      render: (iso: string) => time(iso),
    },
    { title: intl.formatMessage({ id: 'anomaly.column.school' }), dataIndex: 'schoolName', ellipsis: true },
    { title: intl.formatMessage({ id: 'anomaly.column.plate' }), dataIndex: 'plate', width: 110 },
    { title: intl.formatMessage({ id: 'anomaly.column.trainee' }), dataIndex: 'traineeName', width: 100 },
    {
      title: intl.formatMessage({ id: 'anomaly.column.findings' }),
      dataIndex: 'findings',
      render: (findings: AnomalySession['findings']) => (
        <Flex vertical gap={2}>
          {findings.map((f) => (
            <Typography.Text key={f.id}>
              <Typography.Text strong>{detectorName(intl, f.detector)}</Typography.Text>
              {'：'}
              {findingSentence(intl, f)}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    {
      title: intl.formatMessage({ id: 'anomaly.column.action' }),
      key: 'action',
      width: 80,
      render: (_: unknown, row) => (
        <Button type="link" onClick={() => setOpenId(row.teachingLogId)}>
          {intl.formatMessage({ id: 'anomaly.action.view' })}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'anomaly.title' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'anomaly.intro' })}
      </Typography.Paragraph>
      {daily.isError ? <ApiErrorAlert error={daily.error} onRetry={() => void daily.refetch()} /> : null}
      <Row gutter={[16, 16]} data-testid="anomaly-stats">
        {(['scored', 'high', 'medium'] as const).map((k) => (
          <Col key={k} xs={24} md={8}>
            <Card size="small" loading={daily.isPending}>
              <Statistic
                title={intl.formatMessage({ id: `anomaly.stats.${k}` })}
                value={totals[k]}
                styles={{ content: { color: k === 'high' && totals.high ? '#cf1322' : undefined } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <DatePicker.RangePicker
            aria-label={intl.formatMessage({ id: 'anomaly.filter.range' })}
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v?.[0] && v[1]) {
                setRange([v[0], v[1]]);
                setPaging({ ...paging, page: 1 });
              }
            }}
          />
          <Select
            mode="multiple"
            style={{ minWidth: 220 }}
            aria-label={intl.formatMessage({ id: 'anomaly.filter.level' })}
            placeholder={intl.formatMessage({ id: 'anomaly.filter.level' })}
            value={levels}
            onChange={(v: RiskLevel[]) => {
              setLevels(v);
              setPaging({ ...paging, page: 1 });
            }}
            options={riskLevels.map((l) => ({
              value: l,
              label: intl.formatMessage({ id: `anomaly.level.${l}` }),
            }))}
          />
          <Select
            allowClear
            style={{ minWidth: 240 }}
            aria-label={intl.formatMessage({ id: 'anomaly.filter.detector' })}
            placeholder={intl.formatMessage({ id: 'anomaly.filter.allDetectors' })}
            value={detector}
            onChange={(v?: string) => {
              setDetector(v);
              setPaging({ ...paging, page: 1 });
            }}
            options={detectorIds.map((d) => ({ value: d, label: detectorName(intl, d) }))}
          />
        </Flex>
        {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table
          rowKey="teachingLogId"
          size="middle"
          rootClassName="anomaly-sessions"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: intl.formatMessage({ id: 'anomaly.empty' }) }}
          pagination={toTablePagination(paging, list.data?.total, setPaging, intl)}
          onRow={(row) => ({ onDoubleClick: () => setOpenId(row.teachingLogId) })}
        />
      </Card>
      <RescorePanel initialRange={range} />
      <AnomalySessionDrawer logId={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
