import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { EnrolmentContract } from '../../../../features/enrolment/queries.ts';
import type { MessageId } from '../../../../i18n/index.ts';

/**
 * 转校 on the trainee's contract page. The server has no separate "transfer" request: a signed-in
 * trainee with an active contract who enrols at another school (or class type) applies for a transfer,
 * and the old contract's remaining escrow moves when the new school countersigns. So this panel
 * explains that, links to the school search, and shows where the transfer stands on both contracts.
 *
 * `linked` is the other side of the transfer: for the old contract the newer contract that names it
 * as `transferFromContractId` (found by the page's data hook), for the new contract the old one.
 */
export function TransferPanel({
  contract,
  linked,
  canEnrol,
}: {
  contract: EnrolmentContract;
  linked: EnrolmentContract | null;
  canEnrol: boolean;
}) {
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const linkTo = (other: EnrolmentContract) => (
    <Link key="link" to={`/my/contracts/${other.id}`}>
      <span translate="no">{other.contractNumber}</span> · {other.school.name}
    </Link>
  );

  // The new contract: it names the contract it transfers from.
  if (contract.transferFromContractId) {
    const done = contract.transferDone === true;
    return (
      <Card size="small" title={t('public.transfer.title')} data-testid="transfer-status">
        <Alert
          type={done ? 'success' : 'info'}
          showIcon
          message={t(done ? 'public.transfer.incomingDone' : 'public.transfer.incomingWaiting')}
          description={
            linked
              ? intl.formatMessage({ id: 'public.transfer.fromContract' }, { link: linkTo(linked) })
              : null
          }
        />
      </Card>
    );
  }

  // The old contract, with a transfer under way or finished.
  if (linked) {
    const done = contract.status === 'transferred' || linked.transferDone === true;
    return (
      <Card size="small" title={t('public.transfer.title')} data-testid="transfer-status">
        <Alert
          type={done ? 'success' : 'info'}
          showIcon
          message={t(done ? 'public.transfer.outgoingDone' : 'public.transfer.outgoingWaiting')}
          description={intl.formatMessage({ id: 'public.transfer.toContract' }, { link: linkTo(linked) })}
        />
      </Card>
    );
  }

  if (contract.status !== 'active' || !canEnrol) return null;
  return (
    <Card size="small" title={t('public.transfer.title')}>
      <Flex vertical gap={8} align="flex-start">
        <Typography.Paragraph style={{ margin: 0 }}>{t('public.transfer.intro')}</Typography.Paragraph>
        <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.8 }}>
          <li>{t('public.transfer.hoursStay')}</li>
          <li>{t('public.transfer.escrowMoves')}</li>
          <li>{t('public.transfer.untilCountersigned')}</li>
        </ul>
        <Link to="/">
          <Button icon={<SwapOutlined />}>{t('public.transfer.start')}</Button>
        </Link>
      </Flex>
    </Card>
  );
}
