import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { DrilldownDrawer } from '../../../../features/report/components/drilldown-drawer.tsx';
import { ReportTable } from '../../../../features/report/components/report-table.tsx';
import { SubmissionPanel } from '../../../../features/report/components/submission-panel.tsx';
import {
  defaultReportMonth,
  reportExportUrl,
  useMonthlyReport,
  type ColumnKey,
} from '../../../../features/report/queries.ts';

/**
 * 月报 (seed 001 附件2): pick a month and the province or one of its cities; the figures link to their
 * records; export as xlsx or PDF; a city submits, the province sees who has not.
 */
export function MonthlyReportPage() {
  const intl = useIntl();
  const { access } = useSession();
  const [month, setMonth] = useState(() => defaultReportMonth(new Date()));
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [drill, setDrill] = useState<{ regionCode: string; regionName: string; figure: ColumnKey } | null>(
    null,
  );
  const report = useMonthlyReport(month, region);
  // The province's own report lists its cities: they are the other choices of the region picker.
  const own = useMonthlyReport(month, undefined);
  const ownRegion = own.data?.region;
  const regionOptions = ownRegion
    ? [
        { value: ownRegion.code, label: ownRegion.name },
        ...(ownRegion.level === 'province'
          ? own.data!.rows.map((r) => ({ value: r.regionCode, label: r.regionName }))
          : []),
      ]
    : [];
  const data = report.data;
  // Submitting needs the month to be over (the server checks in China time; this only greys the button).
  const monthOver = !dayjs(`${month}-01`).add(1, 'month').isAfter(dayjs());
  const exportQuery = { month, ...(data ? { region: data.region.code } : {}) };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'report.title' })}
      </Typography.Title>
      <Card>
        <Flex vertical gap={12}>
          <Flex wrap gap={12} align="center" justify="space-between">
            <Space wrap>
              <DatePicker
                picker="month"
                allowClear={false}
                value={dayjs(`${month}-01`)}
                onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
                disabledDate={(d) => d.isAfter(dayjs(), 'month')}
                aria-label={intl.formatMessage({ id: 'report.month' })}
                data-testid="report-month"
              />
              <Select
                style={{ minWidth: 160 }}
                value={region ?? ownRegion?.code}
                options={regionOptions}
                onChange={(v: string) => setRegion(v === ownRegion?.code ? undefined : v)}
                aria-label={intl.formatMessage({ id: 'report.region' })}
                data-testid="report-region"
              />
            </Space>
            <Space wrap>
              <Button
                icon={<DownloadOutlined />}
                href={reportExportUrl('xlsx', exportQuery)}
                disabled={!data}
                data-testid="export-xlsx"
              >
                {intl.formatMessage({ id: 'report.export.xlsx' })}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={reportExportUrl('pdf', exportQuery)}
                disabled={!data}
                data-testid="export-pdf"
              >
                {intl.formatMessage({ id: 'report.export.pdf' })}
              </Button>
            </Space>
          </Flex>
          {report.isError ? (
            <ApiErrorAlert error={report.error} onRetry={() => void report.refetch()} />
          ) : null}
          {data ? (
            <>
              <Typography.Title level={4} style={{ margin: 0, textAlign: 'center' }}>
                {intl.formatMessage({ id: 'report.heading' })}
              </Typography.Title>
              <Flex justify="space-between" wrap>
                <Typography.Text>
                  {intl.formatMessage({ id: `report.unit.${data.region.level}` }, { name: data.region.name })}
                </Typography.Text>
                <Typography.Text>
                  {intl.formatMessage({ id: 'report.period' }, { from: data.firstDay, to: data.lastDay })}
                </Typography.Text>
              </Flex>
              <ReportTable report={data} onDrill={setDrill} />
              <Typography.Text type="secondary" data-testid="report-as-of">
                {intl.formatMessage(
                  { id: 'report.asOf' },
                  { time: intl.formatDate(data.asOf, { dateStyle: 'medium', timeStyle: 'short' }) },
                )}
              </Typography.Text>
              <Typography.Text type="secondary">
                {intl.formatMessage({ id: 'report.rateNote' })}
              </Typography.Text>
              {data.missingSources.length ? (
                <Alert
                  type="warning"
                  showIcon
                  title={intl.formatMessage(
                    { id: 'report.missingSources' },
                    { tables: data.missingSources.join(', ') },
                  )}
                />
              ) : null}
            </>
          ) : null}
        </Flex>
      </Card>
      {data && data.region.level !== 'county' ? (
        <SubmissionPanel
          month={month}
          region={data.region.code}
          level={data.region.level}
          canSubmit={access.canSubmitMonthlyReport}
          monthOver={monthOver}
        />
      ) : null}
      {data ? <DrilldownDrawer month={month} target={drill} onClose={() => setDrill(null)} /> : null}
    </Flex>
  );
}
