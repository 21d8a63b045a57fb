import { App, Button, Card, Col, DatePicker, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import type {
  EscrowSchoolRow,
  Reconciliation,
  ReconciliationAlert,
} from '../../../../features/escrow-admin/queries.ts';
import { isMessageId } from '../../../../i18n/index.ts';
import { useEscrowData } from './use-escrow-data.ts';

/** 资金监管: escrow held, released and refunded per school of the region, overdue refunds, reconciliation. */
export function EscrowPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const { overview, reconcile } = useEscrowData();
  const [day, setDay] = useState<Dayjs>(() => dayjs().subtract(1, 'day'));
  const money = (v: number) => <MoneyText amountFen={v} />;
  const data = overview.data;
  const sum = (key: 'escrowFen' | 'releasedFen' | 'refundedFen' | 'pendingRefundFen') =>
    data?.schools.reduce((total, s) => total + s[key], 0);
  const overdue = data?.schools.reduce((total, s) => total + s.overdueRefunds, 0);

  const schoolColumns: TableProps<EscrowSchoolRow>['columns'] = [
    { title: intl.formatMessage({ id: 'regulator.escrow.field.school' }), dataIndex: 'schoolName' },
    { title: intl.formatMessage({ id: 'regulator.escrow.field.county' }), dataIndex: 'countyCode' },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.contracts' }),
      dataIndex: 'contracts',
      align: 'right',
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.escrow' }),
      dataIndex: 'escrowFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.released' }),
      dataIndex: 'releasedFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.refunded' }),
      dataIndex: 'refundedFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.pendingRefund' }),
      dataIndex: 'pendingRefundFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.field.overdueRefunds' }),
      dataIndex: 'overdueRefunds',
      align: 'right',
      sorter: (a, b) => a.overdueRefunds - b.overdueRefunds,
      render: (v: number) => (v > 0 ? <Tag color="error">{v}</Tag> : v),
    },
  ];
  const reconciliationColumns: TableProps<Reconciliation>['columns'] = [
    { title: intl.formatMessage({ id: 'regulator.escrow.recon.day' }), dataIndex: 'day' },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.bank' }),
      dataIndex: 'bankClosingFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.ledger' }),
      dataIndex: 'ledgerClosingFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.difference' }),
      dataIndex: 'differenceFen',
      align: 'right',
      render: (v: number, r) =>
        v === 0 && r.mismatchCount === 0 ? (
          <Tag color="success">{intl.formatMessage({ id: 'regulator.escrow.recon.balanced' })}</Tag>
        ) : (
          <Typography.Text type="danger">
            <MoneyText amountFen={v} />
          </Typography.Text>
        ),
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.mismatches' }),
      dataIndex: 'mismatchCount',
      align: 'right',
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.ranAt' }),
      dataIndex: 'ranAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
  ];
  const alertColumns: TableProps<ReconciliationAlert>['columns'] = [
    {
      title: intl.formatMessage({ id: 'regulator.escrow.alert.kind' }),
      dataIndex: 'kind',
      render: (v: string) => {
        const id = `regulator.escrow.alertKind.${v}`;
        return <Tag color="error">{isMessageId(id) ? intl.formatMessage({ id }) : v}</Tag>;
      },
    },
    { title: intl.formatMessage({ id: 'regulator.escrow.recon.day' }), dataIndex: 'day' },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.recon.difference' }),
      dataIndex: 'differenceFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'regulator.escrow.alert.raisedAt' }),
      dataIndex: 'raisedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
  ];

  const run = () =>
    void reconcile
      .mutateAsync(day.format('YYYY-MM-DD'))
      .then(
        (r) =>
          void message.info(
            intl.formatMessage(
              {
                id:
                  r.differenceFen === 0 && r.mismatches.length === 0
                    ? 'regulator.escrow.recon.doneBalanced'
                    : 'regulator.escrow.recon.doneDifferent',
              },
              { day: r.day },
            ),
          ),
      )
      .catch(() => undefined);

  const totals = [
    ['regulator.escrow.total.escrow', sum('escrowFen')],
    ['regulator.escrow.total.released', sum('releasedFen')],
    ['regulator.escrow.total.refunded', sum('refundedFen')],
    ['regulator.escrow.total.pendingRefund', sum('pendingRefundFen')],
  ] as const;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'regulator.escrow.title' })}
      </Typography.Title>
      {overview.isError ? (
        <ApiErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
      ) : null}
      <Row gutter={[16, 16]}>
        {totals.map(([id, value]) => (
          <Col key={id} xs={12} md={8} xl={4}>
            <Card size="small" loading={overview.isPending}>
              <Statistic
                title={intl.formatMessage({ id })}
                valueRender={() => <MoneyText amountFen={value} strong />}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Card size="small" loading={overview.isPending}>
            <Statistic
              title={intl.formatMessage({ id: 'regulator.escrow.total.overdueRefunds' })}
              value={overdue ?? 0}
              styles={{ content: { color: overdue ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small" loading={overview.isPending}>
            <Statistic
              title={intl.formatMessage({ id: 'regulator.escrow.total.alerts' })}
              value={data?.alerts.length ?? 0}
            />
          </Card>
        </Col>
      </Row>
      <Card title={intl.formatMessage({ id: 'regulator.escrow.bySchool' })}>
        <Table<EscrowSchoolRow>
          rowKey="schoolId"
          columns={schoolColumns}
          dataSource={data?.schools ?? []}
          loading={overview.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'regulator.escrow.empty' }) }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card
        title={intl.formatMessage({ id: 'regulator.escrow.reconciliations' })}
        extra={
          access.canRunReconciliation ? (
            <Flex gap={8}>
              <DatePicker
                value={day}
                onChange={(d) => d && setDay(d)}
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                aria-label={intl.formatMessage({ id: 'regulator.escrow.recon.day' })}
              />
              <Button loading={reconcile.isPending} onClick={run}>
                {intl.formatMessage({ id: 'regulator.escrow.recon.run' })}
              </Button>
            </Flex>
          ) : null
        }
      >
        {reconcile.error ? <ApiErrorAlert error={reconcile.error} /> : null}
        <Table<Reconciliation>
          rowKey="id"
          columns={reconciliationColumns}
          dataSource={data?.reconciliations ?? []}
          loading={overview.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'regulator.escrow.recon.empty' }) }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
        />
      </Card>
      <Card title={intl.formatMessage({ id: 'regulator.escrow.alerts' })}>
        <Table<ReconciliationAlert>
          rowKey="id"
          columns={alertColumns}
          dataSource={data?.alerts ?? []}
          loading={overview.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'regulator.escrow.alert.empty' }) }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
        />
      </Card>
    </Flex>
  );
}
