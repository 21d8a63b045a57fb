import { Button, Empty, Flex, Skeleton, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { ComplaintDetail } from '../../../../features/feedback/components/complaint-detail.tsx';
import { useMyComplaintsData } from './use-my-complaints-data.ts';

/** 我的投诉: the trainee's complaints with their answers, and the satisfaction buttons when due. */
export function MyComplaintsPage() {
  const intl = useIntl();
  const { complaints, satisfaction } = useMyComplaintsData();
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {intl.formatMessage({ id: 'public.myComplaints.title' })}
        </Typography.Title>
        <Link to="/complaints/new">
          <Button type="primary">{intl.formatMessage({ id: 'public.complaint.title' })}</Button>
        </Link>
      </Flex>
      {complaints.isError ? (
        <ApiErrorAlert error={complaints.error} onRetry={() => void complaints.refetch()} />
      ) : null}
      {complaints.isPending ? (
        <Skeleton active />
      ) : (complaints.data?.items ?? []).length === 0 ? (
        <Empty description={intl.formatMessage({ id: 'public.myComplaints.empty' })} />
      ) : (
        complaints.data?.items.map((c) => (
          <ComplaintDetail
            key={c.id}
            complaint={c}
            rating={satisfaction.isPending && satisfaction.variables.id === c.id}
            ratingError={satisfaction.variables?.id === c.id ? satisfaction.error : null}
            onRate={(satisfied) => satisfaction.mutate({ id: c.id, satisfied })}
          />
        ))
      )}
    </Flex>
  );
}
