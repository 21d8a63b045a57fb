import { Alert, App, Button, Card, Descriptions, Flex, Result, Skeleton, Steps, Typography } from 'antd';
import { useRef } from 'react';
import { useIntl } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { newRequestId } from '../../../../api/http.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MaskedId } from '../../../../components/masked-id.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import type { MessageId } from '../../../../i18n/index.ts';
import { EscrowPanel } from './escrow-panel.tsx';
import { ReleasePlan } from './release-plan.tsx';
import { SignContract } from './sign-contract.tsx';
import { TransferPanel } from './transfer-panel.tsx';
import { useMyContractData } from './use-my-contract-data.ts';

/** Which step of 签署 → 驾校确认 → 缴费 → 培训 the contract is at. */
function stepOf(contractStatus: string, escrowStatus: string | undefined): number {
  if (contractStatus === 'awaiting_trainee_signature') return 0;
  if (contractStatus === 'awaiting_school_signature') return 1;
  if (!escrowStatus || escrowStatus === 'awaiting_payment') return 2;
  return 3;
}

/**
 * 我的合同: one page that follows the contract from reading and signing, through the school's
 * countersignature (polled), payment on the bank's page, to the escrow balance and withdrawal.
 */
export function MyContractPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const location = useLocation();
  const newUsername = (location.state as { newUsername?: string } | null)?.newUsername;
  const { access } = useSession();
  const { contract, escrow, escrowContract, linked, sign, startPayment } = useMyContractData();
  // One key per visit: pressing "pay" twice resumes the same bank payment.
  const paymentKey = useRef(newRequestId());
  const t = (id: MessageId) => intl.formatMessage({ id });

  if (contract.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (contract.isError) {
    return <ApiErrorAlert error={contract.error} onRetry={() => void contract.refetch()} />;
  }
  const c = contract.data;
  const escrowStatus = escrowContract?.status ?? c.escrow?.status;
  const step = stepOf(c.status, escrowStatus);

  const pay = () =>
    startPayment.mutate(paymentKey.current, {
      onSuccess: (payment) => {
        // The bank's page opens in a new tab; this one keeps polling and shows the balance once the
        // bank has confirmed. A blocked pop-up falls back to this tab.
        const opened = window.open(payment.payUrl, '_blank');
        if (opened) {
          // The bank's page needs no handle on ours.
          opened.opener = null;
          void message.info(t('public.pay.opened'));
        } else {
          window.location.assign(payment.payUrl);
        }
      },
    });

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('public.contract.title')}
      </Typography.Title>
      {newUsername ? (
        <Alert
          type="success"
          showIcon
          message={intl.formatMessage({ id: 'public.contract.newAccount' }, { username: newUsername })}
        />
      ) : null}
      {c.status === 'cancelled' || c.status === 'transferred' ? (
        <Alert
          type="warning"
          showIcon
          message={t(c.status === 'cancelled' ? 'public.contract.cancelled' : 'public.contract.transferred')}
        />
      ) : (
        <Steps
          size="small"
          current={step}
          responsive
          items={[
            { title: t('public.contract.step.sign') },
            { title: t('public.contract.step.countersign') },
            { title: t('public.contract.step.pay') },
            { title: t('public.contract.step.training') },
          ]}
        />
      )}
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            {
              key: 'no',
              label: t('public.contract.number'),
              children: <span translate="no">{c.contractNumber}</span>,
            },
            { key: 'school', label: t('public.enrol.school'), children: c.school.name },
            {
              key: 'class',
              label: t('public.enrol.classType'),
              children: `${c.classType.name} · ${c.classType.licenceClass}`,
            },
            {
              key: 'price',
              label: t('public.enrol.price'),
              children: <MoneyText amountFen={c.priceFen} strong />,
            },
            {
              key: 'perHour',
              label: t('public.contract.perHour'),
              children: <MoneyText amountFen={c.perHourFen} />,
            },
            { key: 'trainee', label: t('public.contract.trainee'), children: c.trainee.name },
            {
              key: 'id',
              label: t('public.enrol.idNumber'),
              children: <MaskedId value={c.trainee.idNumberMasked} />,
            },
            {
              key: 'signed',
              label: t('public.contract.signedAt'),
              children: c.traineeSignature
                ? intl.formatDate(c.traineeSignature.signedAt, { dateStyle: 'medium', timeStyle: 'short' })
                : t('common.value.none'),
            },
          ]}
        />
      </Card>

      <TransferPanel contract={c} linked={linked} canEnrol={access.canEnrol} />

      {step === 0 ? (
        <SignContract
          contract={c}
          pending={sign.isPending}
          error={sign.error}
          onSign={(input) => sign.mutate(input)}
        />
      ) : null}

      {step === 1 ? (
        <Result
          status="info"
          title={t('public.contract.waitingSchool')}
          subTitle={t('public.contract.waitingSchoolHelp')}
          extra={<Skeleton.Button active />}
        />
      ) : null}

      {step === 2 && c.status === 'active' ? (
        <Card size="small" title={t('public.pay.title')}>
          <Flex vertical gap={12}>
            <Typography.Text>
              {intl.formatMessage(
                { id: 'public.pay.intro' },
                { amount: <MoneyText key="a" amountFen={c.priceFen} strong /> },
              )}
            </Typography.Text>
            {escrowContract?.payments.some((p) => p.status === 'pending') ? (
              <Alert type="info" showIcon message={t('public.pay.waitingBank')} />
            ) : null}
            {startPayment.isError ? <ApiErrorAlert error={startPayment.error} /> : null}
            <Button type="primary" size="large" loading={startPayment.isPending} onClick={pay}>
              {t('public.pay.button')}
            </Button>
          </Flex>
        </Card>
      ) : null}

      {step >= 2 ? (
        <Card
          size="small"
          title={t('public.contract.releasePlan')}
          style={{ display: escrowContract && step === 3 ? 'none' : undefined }}
        >
          <ReleasePlan plan={c.releasePlan} priceFen={c.priceFen} />
        </Card>
      ) : null}

      {step === 3 && escrowContract ? <EscrowPanel contract={c} escrow={escrowContract} /> : null}
      {step === 3 && escrow.isError ? (
        <ApiErrorAlert error={escrow.error} onRetry={() => void escrow.refetch()} />
      ) : null}

      {step >= 1 ? (
        <details>
          <summary style={{ cursor: 'pointer' }}>{t('public.contract.showText')}</summary>
          <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, marginTop: 8 }}>{c.text}</div>
        </details>
      ) : null}

      <Link to="/my/contracts">{t('public.myContracts.title')}</Link>
    </Flex>
  );
}
