import { Button, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useIntl } from 'react-intl';
import { reportGroups, type ColumnKey, type Figures, type MonthlyReport } from '../queries.ts';

/** Fourteen columns fit a 1280 px screen only with the form's long headings wrapped small, as on paper. */
const compactHeader = { fontSize: 12, lineHeight: 1.35, padding: '6px 2px' };

type Row = { key: string; regionCode: string; regionName: string; figures: Figures; total: boolean };

/**
 * 附件2 as a table: the region column, then the five groups with their columns under them. Every figure
 * is a link to the records behind it; a missing source shows "—" and has no link.
 */
export function ReportTable({
  report,
  onDrill,
}: {
  report: MonthlyReport;
  onDrill: (target: { regionCode: string; regionName: string; figure: ColumnKey }) => void;
}) {
  const intl = useIntl();
  const rows: Row[] = report.rows.map((r) => ({ key: r.regionCode, ...r, total: false }));
  if (report.total) {
    rows.push({
      key: 'total',
      regionCode: report.region.code,
      regionName: intl.formatMessage({ id: 'report.total' }),
      figures: report.total,
      total: true,
    });
  }

  const show = (key: ColumnKey, value: number | null) => {
    if (value === null) return '—';
    if (key === 'workOrderDisposalRate') {
      return intl.formatNumber(value, {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      });
    }
    return intl.formatNumber(value);
  };

  const columns: ColumnsType<Row> = [
    {
      title: intl.formatMessage({ id: 'report.column.region' }),
      dataIndex: 'regionName',
      fixed: 'left',
      width: 84,
      onHeaderCell: () => ({ style: compactHeader }),
      render: (name: string, row) => (row.total ? <Typography.Text strong>{name}</Typography.Text> : name),
    },
    ...reportGroups.map((g) => ({
      title: intl.formatMessage({ id: `report.group.${g.group}` }),
      align: 'center' as const,
      onHeaderCell: () => ({ style: compactHeader }),
      children: g.columns.map((key) => ({
        key,
        title: intl.formatMessage({ id: `report.column.${key}` }),
        align: 'center' as const,
        width: 62,
        onHeaderCell: () => ({ style: compactHeader }),
        onCell: () => ({ style: { padding: '6px 2px' } }),
        render: (_: unknown, row: Row) => {
          const value = row.figures[key];
          const text = show(key, value);
          // The rate without pushed orders is "—" too, yet its (empty) list of disposed orders is real.
          if (row.figures[key === 'workOrderDisposalRate' ? 'workOrdersDisposed' : key] === null) return text;
          return (
            <Button
              type="link"
              size="small"
              style={{ padding: 0 }}
              data-testid={`figure-${row.key}-${key}`}
              onClick={() => onDrill({ regionCode: row.regionCode, regionName: row.regionName, figure: key })}
            >
              {text}
            </Button>
          );
        },
      })),
    })),
  ];

  return (
    <Table<Row>
      rowKey="key"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="monthly-report-table"
    />
  );
}
