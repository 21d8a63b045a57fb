import { Flex, Table, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { MoneyText } from '../../../../components/money-text.tsx';
import type { Settlement, SettlementLine } from '../../../../features/escrow/queries.ts';
import type { MessageId } from '../../../../i18n/index.ts';

const lineIds: Record<SettlementLine['code'], { label: MessageId; explain: MessageId }> = {
  funded: { label: 'public.settlement.funded', explain: 'public.settlement.fundedExplain' },
  released_before: {
    label: 'public.settlement.released_before',
    explain: 'public.settlement.released_beforeExplain',
  },
  escrow_remaining: {
    label: 'public.settlement.escrow_remaining',
    explain: 'public.settlement.escrow_remainingExplain',
  },
  hours_trained: {
    label: 'public.settlement.hours_trained',
    explain: 'public.settlement.hours_trainedExplain',
  },
  training_value: {
    label: 'public.settlement.training_value',
    explain: 'public.settlement.training_valueExplain',
  },
  owed_to_school: {
    label: 'public.settlement.owed_to_school',
    explain: 'public.settlement.owed_to_schoolExplain',
  },
  refund: { label: 'public.settlement.refund', explain: 'public.settlement.refundExplain' },
};

/** A withdrawal, line by line: what was paid, released, trained, and so what comes back. */
export function SettlementLines({ settlement, perHourFen }: { settlement: Settlement; perHourFen: number }) {
  const intl = useIntl();
  // The hourly price the lines were valued at: the line's own when it carries one, else the contract's.
  const priceOf = (line: SettlementLine) =>
    line.perHourFen ?? settlement.lines.find((l) => l.perHourFen !== undefined)?.perHourFen ?? perHourFen;
  return (
    <Flex vertical gap={8}>
      <Table<SettlementLine>
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={settlement.lines}
        rowClassName={(line) => (line.code === 'refund' ? 'jp-settlement-total' : '')}
        columns={[
          {
            title: intl.formatMessage({ id: 'public.settlement.item' }),
            key: 'item',
            render: (_, line) => (
              <Flex vertical>
                <Typography.Text strong={line.code === 'refund'}>
                  {intl.formatMessage({ id: lineIds[line.code].label })}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {intl.formatMessage(
                    { id: lineIds[line.code].explain },
                    {
                      hours: intl.formatNumber((line.minutes ?? 0) / 60, { maximumFractionDigits: 2 }),
                      minutes: line.minutes ?? 0,
                      perHour: <MoneyText key="p" amountFen={priceOf(line)} />,
                    },
                  )}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: intl.formatMessage({ id: 'public.settlement.amount' }),
            key: 'amount',
            align: 'right',
            render: (_, line) =>
              line.code === 'hours_trained' ? (
                intl.formatMessage({ id: 'public.settlement.minutes' }, { minutes: line.minutes ?? 0 })
              ) : (
                <MoneyText amountFen={line.amountFen} strong={line.code === 'refund'} />
              ),
          },
        ]}
      />
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text>
          {intl.formatMessage(
            { id: 'public.settlement.toSchool' },
            { amount: <MoneyText key="s" amountFen={settlement.schoolFen} /> },
          )}
        </Typography.Text>
        <Typography.Text strong data-testid="refund-total">
          {intl.formatMessage(
            { id: 'public.settlement.toYou' },
            { amount: <MoneyText key="r" amountFen={settlement.refundFen} strong /> },
          )}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
