import { Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { ComplaintsInbox } from '../../../../features/complaints/components/complaints-inbox.tsx';

/** 投诉处理: complaints about the school and its coaches, with deadlines; reply before the regulator takes over. */
export function SchoolComplaintsPage() {
  const intl = useIntl();
  const { access } = useSession();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.complaints.title' })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'school.complaints.subtitle' })}
      </Typography.Text>
      <Card>
        <ComplaintsInbox side="school" canReply={access.canReplySchoolComplaints} />
      </Card>
    </Flex>
  );
}
