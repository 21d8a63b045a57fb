import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, List, Modal, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import type { EnrolmentContract } from '../../../../features/enrolment/queries.ts';
import { contractPdfUrl } from '../../../../features/enrolment/queries.ts';
import type { EscrowContract } from '../../../../features/escrow/queries.ts';
import { useWithdraw, useWithdrawalPreview } from '../../../../features/escrow/queries.ts';
import type { MessageId } from '../../../../i18n/index.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { ReleasePlan } from './release-plan.tsx';
import { SettlementLines } from './settlement-lines.tsx';

const escrowStatusIds: Partial<Record<string, MessageId>> = {
  awaiting_payment: 'public.escrow.status.awaiting_payment',
  active: 'public.escrow.status.active',
  withdrawn: 'public.escrow.status.withdrawn',
  transferred: 'public.escrow.status.transferred',
  completed: 'public.escrow.status.completed',
};

/** The money side of a contract: balance, released, refunded, the plan, payouts, PDF, and withdrawal. */
export function EscrowPanel({ contract, escrow }: { contract: EnrolmentContract; escrow: EscrowContract }) {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const withdrawn = escrow.status === 'withdrawn';
  const preview = useWithdrawalPreview(escrow.id, withdrawOpen || withdrawn);
  const withdraw = useWithdraw(escrow.id);
  const t = (id: MessageId) => intl.formatMessage({ id });

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('public.escrow.title')}
        extra={<Tag>{t(escrowStatusIds[escrow.status] ?? 'common.status.unknown')}</Tag>}
      >
        <Flex gap={24} wrap>
          <Statistic
            title={t('public.escrow.balance')}
            valueRender={() => (
              <span data-testid="escrow-balance">
                <MoneyText amountFen={escrow.escrowFen} strong />
              </span>
            )}
          />
          <Statistic
            title={t('public.escrow.funded')}
            valueRender={() => <MoneyText amountFen={escrow.fundedFen} />}
          />
          <Statistic
            title={t('public.escrow.released')}
            valueRender={() => <MoneyText amountFen={escrow.releasedFen} />}
          />
          <Statistic
            title={t('public.escrow.refunded')}
            valueRender={() => <MoneyText amountFen={escrow.refundedFen} />}
          />
        </Flex>
      </Card>

      <Card size="small" title={t('public.contract.releasePlan')}>
        <ReleasePlan plan={escrow.releasePlan} priceFen={escrow.priceFen} />
      </Card>

      {escrow.payouts.length > 0 ? (
        <Card size="small" title={t('public.escrow.payouts')}>
          <List
            size="small"
            dataSource={escrow.payouts}
            renderItem={(p) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} gap={8} wrap>
                  <span>
                    {t(p.kind === 'refund' ? 'public.escrow.payoutRefund' : 'public.escrow.payoutRelease')}
                    {' · '}
                    {intl.formatDate(p.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                  </span>
                  <Flex gap={8} align="center">
                    <MoneyText amountFen={p.amountFen} />
                    <Tag color={p.status === 'settled' ? 'green' : 'processing'}>
                      {t(p.status === 'settled' ? 'public.escrow.settled' : 'public.escrow.pendingBank')}
                    </Tag>
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      ) : null}

      <Flex gap={8} wrap>
        <Button icon={<DownloadOutlined />} href={contractPdfUrl(contract.id)} download>
          {t('public.contract.pdf')}
        </Button>
        {escrow.status === 'active' && access.canWriteOwnEscrow ? (
          <Button danger onClick={() => setWithdrawOpen(true)}>
            {t('public.withdraw.open')}
          </Button>
        ) : null}
      </Flex>

      {withdrawn ? (
        <Card size="small" title={t('public.withdraw.done')}>
          {preview.data ? (
            <SettlementLines settlement={preview.data} perHourFen={escrow.perHourFen} />
          ) : (
            <Skeleton active />
          )}
        </Card>
      ) : null}

      <Modal
        open={withdrawOpen && !withdrawn}
        title={t('public.withdraw.title')}
        okText={t('public.withdraw.confirm')}
        okButtonProps={{ danger: true, loading: withdraw.isPending, disabled: !preview.data }}
        cancelText={t('common.action.cancel')}
        onCancel={() => setWithdrawOpen(false)}
        onOk={() =>
          withdraw.mutate(undefined, {
            onSuccess: () => {
              setWithdrawOpen(false);
              void message.success(t('public.withdraw.done'));
            },
          })
        }
        width={640}
      >
        <Flex vertical gap={12}>
          <Typography.Text>{t('public.withdraw.intro')}</Typography.Text>
          {preview.isError ? (
            <ApiErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
          ) : null}
          {preview.data ? (
            <SettlementLines settlement={preview.data} perHourFen={escrow.perHourFen} />
          ) : (
            <Skeleton active />
          )}
          {withdraw.isError ? <ApiErrorAlert error={withdraw.error} /> : null}
        </Flex>
      </Modal>
    </Flex>
  );
}
