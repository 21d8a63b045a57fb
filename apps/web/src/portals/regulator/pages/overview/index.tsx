import { Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorResult } from '../../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../../components/page-loading.tsx';
import { CalendarReminder } from './calendar-reminder.tsx';
import { CountyTable } from './county-table.tsx';
import { DashboardSection } from './dashboard-section.tsx';
import { SchoolsBarChart } from './schools-bar-chart.tsx';
import { useOverviewData } from './use-overview-data.ts';

/** Regulator portal home: the supervision dashboard, then schools, coaches, cars and trainees per county. */
export function OverviewPage() {
  const intl = useIntl();
  const overview = useOverviewData();

  if (overview.isPending) {
    return <PageLoading />;
  }
  if (overview.isError) {
    return <ApiErrorResult error={overview.error} onRetry={() => void overview.refetch()} />;
  }

  const data = overview.data;
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {intl.formatMessage({ id: 'regulator.overview.title' })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'regulator.overview.subtitle' }, { region: data.region.name })}
        </Typography.Text>
      </div>
      <CalendarReminder />
      <DashboardSection />
      <Card>
        <CountyTable overview={data} />
      </Card>
      {data.counties.length > 0 ? (
        <Card title={intl.formatMessage({ id: 'regulator.overview.chart.title' })}>
          <SchoolsBarChart counties={data.counties} />
        </Card>
      ) : null}
    </Flex>
  );
}
