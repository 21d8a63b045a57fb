import { Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { AppealsInbox } from '../../../../features/training/components/appeals-inbox.tsx';

/** Appeals schools passed on to the regulator, for the region. */
export function RegulatorAppealsPage() {
  const intl = useIntl();
  const { access } = useSession();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'regulator.appeals.title' })}
      </Typography.Title>
      <Card>
        <AppealsInbox side="regulator" canAnswer={access.canReviewStage} />
      </Card>
    </Flex>
  );
}
