import { Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import type { MessageId } from '../../../../i18n/index.ts';
import { useMyContractsData } from './use-my-contracts-data.ts';

export const contractStatusIds: Record<string, MessageId> = {
  awaiting_trainee_signature: 'public.contract.status.awaiting_trainee_signature',
  awaiting_school_signature: 'public.contract.status.awaiting_school_signature',
  active: 'public.contract.status.active',
  transferred: 'public.contract.status.transferred',
  cancelled: 'public.contract.status.cancelled',
};

/** 我的合同: every contract of the trainee, newest first, each opening its own page. */
export function MyContractsPage() {
  const intl = useIntl();
  const contracts = useMyContractsData();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {intl.formatMessage({ id: 'public.myContracts.title' })}
      </Typography.Title>
      {contracts.isError ? (
        <ApiErrorAlert error={contracts.error} onRetry={() => void contracts.refetch()} />
      ) : null}
      {contracts.isPending ? (
        <Skeleton active />
      ) : (contracts.data ?? []).length === 0 ? (
        <Empty description={intl.formatMessage({ id: 'public.myContracts.empty' })}>
          <Link to="/">{intl.formatMessage({ id: 'public.schoolList.title' })}</Link>
        </Empty>
      ) : (
        <List
          dataSource={contracts.data}
          renderItem={(c) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Flex vertical>
                  <Link to={`/my/contracts/${c.id}`}>{`${c.schoolName} · ${c.classTypeName}`}</Link>
                  <Typography.Text type="secondary" translate="no">
                    {c.contractNumber}
                  </Typography.Text>
                </Flex>
                <Flex gap={8} align="center">
                  <MoneyText amountFen={c.priceFen} />
                  <Tag>
                    {intl.formatMessage({ id: contractStatusIds[c.status] ?? 'common.status.unknown' })}
                  </Tag>
                </Flex>
              </Flex>
            </Card>
          )}
        />
      )}
    </Flex>
  );
}
