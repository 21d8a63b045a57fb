import { Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { AppealsInbox } from '../../../../features/training/components/appeals-inbox.tsx';

/** The school's appeals inbox: answer (uphold / reject) or pass to the regulator. */
export function SchoolAppealsPage() {
  const intl = useIntl();
  const { access } = useSession();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.appeals.title' })}
      </Typography.Title>
      <Card>
        <AppealsInbox side="school" canAnswer={access.canReviewSchoolTraining} />
      </Card>
    </Flex>
  );
}
