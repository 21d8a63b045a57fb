import { Alert, Drawer, Table } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { drillFigureOf, useDrilldown, type DrillPage, type ColumnKey } from '../queries.ts';

type Item = DrillPage['items'][number];

/** The records behind one figure, paged: as many lines as the figure counts. */
export function DrilldownDrawer({
  month,
  target,
  onClose,
}: {
  month: string;
  target: { regionCode: string; regionName: string; figure: ColumnKey } | null;
  onClose: () => void;
}) {
  const intl = useIntl();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const figure = target ? drillFigureOf(target.figure) : null;
  const query = useDrilldown(
    target && figure ? { month, region: target.regionCode, figure } : null,
    paging.page,
    paging.pageSize,
  );
  const dateText = (at: string | null) => {
    if (!at) return '—';
    // Day-level records (actions, key supervision) come as YYYY-MM-DD; instants carry a time.
    return at.length === 10 ? at : intl.formatDate(at, { dateStyle: 'medium', timeStyle: 'short' });
  };
  const columns = [
    { title: intl.formatMessage({ id: 'report.drill.at' }), dataIndex: 'at', render: dateText, width: 170 },
    { title: intl.formatMessage({ id: 'report.drill.county' }), dataIndex: 'countyName', width: 100 },
    { title: intl.formatMessage({ id: 'report.drill.school' }), dataIndex: 'schoolName' },
    { title: intl.formatMessage({ id: 'report.drill.coach' }), dataIndex: 'coachName', width: 100 },
    { title: intl.formatMessage({ id: 'report.drill.detail' }), dataIndex: 'detail' },
    {
      title: intl.formatMessage({ id: 'report.drill.records' }),
      dataIndex: 'records',
      width: 90,
      align: 'right' as const,
    },
  ];
  return (
    <Drawer
      open={Boolean(target)}
      onClose={() => {
        setPaging({ page: 1, pageSize: 20 });
        onClose();
      }}
      size="large"
      title={
        target && figure
          ? intl.formatMessage(
              { id: 'report.drill.title' },
              {
                column: intl.formatMessage({ id: `report.drill.figure.${figure}` }),
                region: target.regionName,
                month,
              },
            )
          : ''
      }
      destroyOnHidden
    >
      {query.isError ? <ApiErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.missing ? (
        <Alert type="warning" showIcon title={intl.formatMessage({ id: 'report.drill.missing' })} />
      ) : (
        <Table<Item>
          rowKey="key"
          size="small"
          loading={query.isFetching}
          columns={columns}
          dataSource={query.data?.items ?? []}
          data-testid="drilldown-table"
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: query.data?.total ?? 0,
            showTotal: (total) => intl.formatMessage({ id: 'report.drill.total' }, { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
        />
      )}
    </Drawer>
  );
}
