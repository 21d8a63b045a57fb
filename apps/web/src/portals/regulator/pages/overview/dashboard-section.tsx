import { Card, Col, DatePicker, Flex, Row, Skeleton, Statistic, theme, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { RegulatorDashboard } from '../../../../api/types.ts';
import type { MessageId } from '../../../../i18n/index.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { useRegulatorDashboard, type DashboardWindow } from '../../../../features/dashboard/queries.ts';
import { DashboardChart } from './dashboard-chart.tsx';
import type { ChartSpec } from './echarts-dashboard.ts';

// Leaflet rides with the map, not with the home page's first paint.
const AnomalyMap = lazy(() => import('./anomaly-map.tsx'));

const DEFAULT_DAYS = 30;
const format = 'YYYY-MM-DD';

function defaultWindow(): DashboardWindow {
  const to = dayjs();
  return { from: to.subtract(DEFAULT_DAYS - 1, 'day').format(format), to: to.format(format) };
}

/** Percent with one decimal, or null when there is nothing to divide by. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** The regulator home's dashboard: training volume, anomaly rate, work orders, complaints, anomaly map. */
export function DashboardSection() {
  const intl = useIntl();
  const { token } = theme.useToken();
  const { access } = useSession();
  const [window, setWindow] = useState<DashboardWindow>(defaultWindow);
  const dashboard = useRegulatorDashboard(window, { enabled: access.canSeeDashboard });
  const t: Translate = (id, values) => intl.formatMessage({ id: `dashboard.${id}` }, values);

  const onRange = (range: [Dayjs | null, Dayjs | null] | null) => {
    if (range?.[0] && range[1]) setWindow({ from: range[0].format(format), to: range[1].format(format) });
  };

  if (!access.canSeeDashboard) return null;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <DatePicker.RangePicker
          aria-label={t('window')}
          allowClear={false}
          value={[dayjs(window.from), dayjs(window.to)]}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={onRange}
        />
      </Flex>
      {dashboard.isError ? <ApiErrorAlert error={dashboard.error} /> : null}
      {dashboard.data ? (
        <DashboardBody data={dashboard.data} colors={token} t={t} />
      ) : dashboard.isPending ? (
        <Skeleton active />
      ) : null}
    </Flex>
  );
}

/** A key of the `dashboard` catalog without its namespace, checked against the catalog. */
type KeyOf<T> = T extends `dashboard.${infer K}` ? K : never;
type DashboardKey = KeyOf<MessageId>;
type Translate = (id: DashboardKey, values?: Record<string, string | number>) => string;
type Colors = { colorPrimary: string; colorWarning: string; colorError: string; colorSuccess: string };

function DashboardBody({ data, colors, t }: { data: RegulatorDashboard; colors: Colors; t: Translate }) {
  const intl = useIntl();
  const { totals, workOrders } = data;
  const anomalyRate = percentOf(totals.flaggedSessions, totals.scoredSessions);
  const disposalRate = percentOf(workOrders.disposed + workOrders.closed, workOrders.pushed);
  const days = data.training.map((d) => d.day.slice(5));

  const specs = useMemo(() => {
    const training: ChartSpec = {
      kind: 'series',
      categories: days,
      series: [
        {
          kind: 'bar',
          name: t('training.sessions'),
          values: data.training.map((d) => d.sessions),
          color: colors.colorPrimary,
        },
        {
          kind: 'line',
          name: t('training.hours'),
          values: data.training.map((d) => Math.round(d.creditedMinutes / 6) / 10),
          color: colors.colorSuccess,
          axis: 1,
        },
      ],
    };
    const anomalies: ChartSpec = {
      kind: 'series',
      categories: days,
      percentAxis: 1,
      series: [
        {
          kind: 'bar',
          name: t('anomalies.flagged'),
          values: data.anomalies.map((d) => d.flagged),
          color: colors.colorError,
        },
        {
          kind: 'line',
          name: t('anomalies.rate'),
          values: data.anomalies.map((d) => percentOf(d.flagged, d.scored) ?? 0),
          color: colors.colorWarning,
          axis: 1,
        },
      ],
    };
    const funnel: ChartSpec = {
      kind: 'funnel',
      stages: [
        { name: t('workOrders.pushed'), value: workOrders.pushed, color: colors.colorPrimary },
        {
          name: t('workOrders.disposed'),
          value: workOrders.disposed + workOrders.closed,
          color: colors.colorWarning,
        },
        { name: t('workOrders.closed'), value: workOrders.closed, color: colors.colorSuccess },
      ],
    };
    const complaints: ChartSpec = {
      kind: 'series',
      categories: days,
      series: [
        {
          kind: 'bar',
          name: t('complaints.received'),
          values: data.complaints.map((d) => d.received),
          color: colors.colorPrimary,
        },
        {
          kind: 'bar',
          name: t('complaints.escalated'),
          values: data.complaints.map((d) => d.escalated),
          color: colors.colorError,
        },
      ],
    };
    return { training, anomalies, funnel, complaints };
    // `t` and `days` derive from data and the locale, which the memo already depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, colors, intl.locale]);

  const percent = (value: number | null) => (value === null ? t('none') : `${value}%`);
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic title={t('kpi.sessions')} value={totals.sessions} />
          </Card>
        </Col>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic title={t('kpi.hours')} value={Math.round(totals.creditedMinutes / 60)} />
          </Card>
        </Col>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic title={t('kpi.anomalyRate')} value={percent(anomalyRate)} />
          </Card>
        </Col>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic title={t('kpi.disposalRate')} value={percent(disposalRate)} />
          </Card>
        </Col>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic
              title={t('kpi.workOrdersOverdue')}
              value={workOrders.overdue}
              valueStyle={workOrders.overdue > 0 ? { color: colors.colorError } : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} lg={4}>
          <Card>
            <Statistic
              title={t('kpi.complaintsOverdue')}
              value={totals.complaintsOverdueNow}
              valueStyle={totals.complaintsOverdueNow > 0 ? { color: colors.colorError } : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('training.title')}>
            <DashboardChart
              spec={specs.training}
              summary={t('training.summary', {
                sessions: totals.sessions,
                hours: Math.round(totals.creditedMinutes / 60),
              })}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('anomalies.title')}>
            <DashboardChart
              spec={specs.anomalies}
              summary={t('anomalies.summary', {
                flagged: totals.flaggedSessions,
                scored: totals.scoredSessions,
              })}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('workOrders.title')}>
            <DashboardChart
              spec={specs.funnel}
              summary={t('workOrders.summary', {
                pushed: workOrders.pushed,
                disposed: workOrders.disposed + workOrders.closed,
                closed: workOrders.closed,
                overdue: workOrders.overdue,
              })}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('complaints.title')}>
            <DashboardChart
              spec={specs.complaints}
              summary={t('complaints.summary', {
                received: totals.complaints,
                overdue: totals.complaintsOverdueNow,
              })}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            title={t('map.title')}
            extra={<Typography.Text type="secondary">{t('map.hint')}</Typography.Text>}
          >
            <Suspense fallback={<Skeleton active />}>
              <AnomalyMap
                cells={data.anomalyMap}
                color={colors.colorError}
                mapLabel={t('map.label', { cells: data.anomalyMap.length })}
                cellLabel={(cell) => t('map.cell', { findings: cell.findings, sessions: cell.sessions })}
              />
            </Suspense>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
