import { Card, Flex, Result, Tabs, Typography } from 'antd';
import type { TabsProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert, ApiErrorResult } from '../../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../../components/page-loading.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { CoachTable } from '../../../../features/coaches/components/coach-table.tsx';
import { SchoolGradeTag } from '../../../../features/schools/components/school-grade-tag.tsx';
import { SchoolCounts } from './school-counts.tsx';
import { SchoolDescriptions } from './school-descriptions.tsx';
import { useProfileData } from './use-profile-data.ts';
import type { ProfileTab } from './use-profile-data.ts';

/** School portal home: the school's profile, its resource counts and its coaches. */
export function ProfilePage() {
  const intl = useIntl();
  const { schoolId, school, tab, setTab, canReadCoaches, coaches, coachPaging, setCoachPaging } =
    useProfileData();

  if (!schoolId) {
    return <Result status="warning" title={intl.formatMessage({ id: 'school.profile.noSchool' })} />;
  }
  if (school.isPending) {
    return <PageLoading />;
  }
  if (school.isError) {
    return <ApiErrorResult error={school.error} onRetry={() => void school.refetch()} />;
  }

  const detail = school.data;
  const tabs: TabsProps['items'] = [
    {
      key: 'profile',
      label: intl.formatMessage({ id: 'school.profile.tab.profile' }),
      children: <SchoolDescriptions school={detail} />,
    },
  ];
  if (canReadCoaches) {
    tabs.push({
      key: 'coaches',
      label: intl.formatMessage({ id: 'school.profile.tab.coaches' }),
      children: coaches.isError ? (
        <ApiErrorAlert error={coaches.error} onRetry={() => void coaches.refetch()} />
      ) : (
        <CoachTable
          page={coaches.data}
          loading={coaches.isFetching}
          paging={coachPaging}
          onPagingChange={setCoachPaging}
        />
      ),
    });
  }

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {detail.name}
        </Typography.Title>
        <SchoolGradeTag grade={detail.grade} />
        <StatusTag kind="school" value={detail.status} />
      </Flex>
      <SchoolCounts counts={detail.counts} />
      <Card>
        <Tabs activeKey={tab} onChange={(key) => setTab(key as ProfileTab)} items={tabs} />
      </Card>
    </Flex>
  );
}
