import { Card, Col, Flex, Row, Statistic, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import type {
  SchoolSettlement,
  SettlementMonth,
  SettlementRow,
} from '../../../../features/settlement/queries.ts';
import { isMessageId } from '../../../../i18n/index.ts';
import { useSettlementData } from './use-settlement-data.ts';

const totals = [
  ['fundedFen', 'school.settlement.total.funded'],
  ['escrowFen', 'school.settlement.total.escrow'],
  ['releasedFen', 'school.settlement.total.released'],
  ['releasedPaidFen', 'school.settlement.total.releasedPaid'],
  ['refundedFen', 'school.settlement.total.refunded'],
] as const satisfies readonly (readonly [keyof SchoolSettlement['totals'], string])[];

/** 资金结算: what trainees paid into escrow, what is still held, released to the school (paid out or pending), refunded. */
export function SettlementPage() {
  const intl = useIntl();
  const { settlement } = useSettlementData();
  const money = (v: number) => <MoneyText amountFen={v} />;
  const columns: TableProps<SettlementRow>['columns'] = [
    { title: intl.formatMessage({ id: 'school.settlement.field.trainee' }), dataIndex: 'traineeName' },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.status' }),
      dataIndex: 'status',
      render: (v: string) => {
        const id = `school.settlement.status.${v}`;
        return intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' });
      },
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.price' }),
      dataIndex: 'priceFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.funded' }),
      dataIndex: 'fundedFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.escrow' }),
      dataIndex: 'escrowFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.released' }),
      dataIndex: 'releasedFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.pendingPayout' }),
      dataIndex: 'pendingPayoutFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.field.refunded' }),
      dataIndex: 'refundedFen',
      align: 'right',
      render: money,
    },
  ];
  // Months are calendar months in China time (+08:00), newest first, as the server groups them.
  const monthColumns: TableProps<SettlementMonth>['columns'] = [
    { title: intl.formatMessage({ id: 'school.settlement.month.month' }), dataIndex: 'month' },
    {
      title: intl.formatMessage({ id: 'school.settlement.month.released' }),
      dataIndex: 'releasedFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.month.paidOut' }),
      dataIndex: 'paidOutFen',
      align: 'right',
      render: money,
    },
    {
      title: intl.formatMessage({ id: 'school.settlement.month.refunded' }),
      dataIndex: 'refundedFen',
      align: 'right',
      render: money,
    },
  ];
  const data = settlement.data;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.settlement.title' })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'school.settlement.subtitle' })}
      </Typography.Text>
      {settlement.isError ? (
        <ApiErrorAlert error={settlement.error} onRetry={() => void settlement.refetch()} />
      ) : null}
      <Row gutter={[16, 16]}>
        {totals.map(([key, titleId]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Card size="small" loading={settlement.isPending}>
              <Statistic
                title={intl.formatMessage({ id: titleId })}
                valueRender={() => <MoneyText amountFen={data?.totals[key]} strong />}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={intl.formatMessage({ id: 'school.settlement.months' })}>
        <Table<SettlementMonth>
          rowKey="month"
          columns={monthColumns}
          dataSource={data?.months ?? []}
          loading={settlement.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'school.settlement.month.empty' }) }}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          size="small"
        />
      </Card>
      <Card title={intl.formatMessage({ id: 'school.settlement.contracts' })}>
        <Table<SettlementRow>
          rowKey="id"
          columns={columns}
          dataSource={data?.contracts ?? []}
          loading={settlement.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'school.settlement.empty' }) }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Flex>
  );
}
