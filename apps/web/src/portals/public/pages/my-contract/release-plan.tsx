import { List } from 'antd';
import { useIntl } from 'react-intl';
import type { EnrolmentContract } from '../../../../features/enrolment/queries.ts';
import { MoneyText } from '../../../../components/money-text.tsx';

/** The release plan in words, with the amount of each step (percent of the price, in 分, rounded down). */
export function ReleasePlan({
  plan,
  priceFen,
}: {
  plan: EnrolmentContract['releasePlan'];
  priceFen: number;
}) {
  const intl = useIntl();
  const amount = (percent: number) => <MoneyText amountFen={Math.floor((priceFen * percent) / 100)} />;
  if (plan.kind === 'hours') {
    return (
      <List
        size="small"
        dataSource={[0, 1]}
        renderItem={(i) => (
          <List.Item>
            {i === 0
              ? intl.formatMessage(
                  { id: 'public.contract.plan.upfront' },
                  { percent: plan.upfrontPercent, amount: amount(plan.upfrontPercent) },
                )
              : intl.formatMessage({ id: 'public.contract.plan.perHour' })}
          </List.Item>
        )}
      />
    );
  }
  return (
    <List
      size="small"
      dataSource={plan.steps}
      renderItem={(step) => (
        <List.Item>
          {step.on === 'enrolment'
            ? intl.formatMessage(
                { id: 'public.contract.plan.enrolment' },
                { percent: step.percent, amount: amount(step.percent) },
              )
            : intl.formatMessage(
                { id: 'public.contract.plan.part' },
                { part: step.part, percent: step.percent, amount: amount(step.percent) },
              )}
        </List.Item>
      )}
    />
  );
}
