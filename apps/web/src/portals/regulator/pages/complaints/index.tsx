import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { ComplaintsInbox } from '../../../../features/complaints/components/complaints-inbox.tsx';
import { complaintStatuses, useComplaintStats } from '../../../../features/complaints/queries.ts';

/** 投诉监管: counts by status, what is overdue at the schools and here, and answering escalated ones. */
export function RegulatorComplaintsPage() {
  const intl = useIntl();
  const { access } = useSession();
  const stats = useComplaintStats();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'regulator.complaints.title' })}
      </Typography.Title>
      {stats.isError ? <ApiErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Row gutter={[16, 16]} data-testid="complaint-stats">
        {complaintStatuses.map((s) => (
          <Col key={s} xs={12} md={6} xl={3}>
            <Card size="small" loading={stats.isPending}>
              <Statistic
                title={intl.formatMessage({ id: `regulator.complaints.status.${s}` })}
                value={stats.data?.byStatus[s] ?? 0}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={stats.isPending}>
            <Statistic
              title={intl.formatMessage({ id: 'regulator.complaints.overdueAtSchool' })}
              value={stats.data?.overdueAtSchool ?? 0}
              styles={{ content: { color: stats.data?.overdueAtSchool ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={stats.isPending}>
            <Statistic
              title={intl.formatMessage({ id: 'regulator.complaints.overdueAtRegulator' })}
              value={stats.data?.overdueAtRegulator ?? 0}
              styles={{ content: { color: stats.data?.overdueAtRegulator ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Card>
        <ComplaintsInbox side="regulator" canReply={access.canHandleRegulatorComplaints} />
      </Card>
    </Flex>
  );
}
