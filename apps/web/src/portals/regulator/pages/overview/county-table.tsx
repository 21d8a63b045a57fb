import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useIntl } from 'react-intl';
import type { RegulatorFigures, RegulatorOverview } from '../../../../api/types.ts';

type CountyRow = RegulatorOverview['counties'][number];

const figureColumns = [
  ['schools', 'regulator.overview.table.schools'],
  ['coaches', 'regulator.overview.table.coaches'],
  ['vehicles', 'regulator.overview.table.vehicles'],
  ['terminals', 'regulator.overview.table.terminals'],
  ['trainees', 'regulator.overview.table.trainees'],
] as const satisfies readonly (readonly [keyof RegulatorFigures, string])[];

/** Figures per county, with a totals row from the server's totals. */
export function CountyTable({ overview }: { overview: RegulatorOverview }) {
  const intl = useIntl();
  const columns: TableColumnsType<CountyRow> = [
    {
      key: 'county',
      dataIndex: 'name',
      title: intl.formatMessage({ id: 'regulator.overview.table.county' }),
      fixed: 'left',
    },
    ...figureColumns.map(([key, titleId]) => ({
      key,
      dataIndex: key,
      title: intl.formatMessage({ id: titleId }),
      align: 'right' as const,
      render: (value: number) => intl.formatNumber(value),
      sorter: (a: CountyRow, b: CountyRow) => a[key] - b[key],
    })),
  ];

  return (
    <Table<CountyRow>
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={overview.counties}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: intl.formatMessage({ id: 'regulator.overview.empty' }) }}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>
                {intl.formatMessage({ id: 'regulator.overview.table.total' })}
              </Typography.Text>
            </Table.Summary.Cell>
            {figureColumns.map(([key], i) => (
              <Table.Summary.Cell key={key} index={i + 1} align="right">
                <Typography.Text strong>{intl.formatNumber(overview.totals[key])}</Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
