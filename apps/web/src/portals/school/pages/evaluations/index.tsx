import { Card, Col, Empty, Flex, Rate, Row, Statistic, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { toTablePagination } from '../../../../components/table-paging.ts';
import type { PublicEvaluation, RatingSummary } from '../../../../features/moderation/queries.ts';
import { useEvaluationsData } from './use-evaluations-data.ts';

const aspects = [
  'overall',
  'teaching',
  'attitude',
  'car',
  'environment',
] as const satisfies readonly (keyof RatingSummary & keyof PublicEvaluation)[];

/** 学员评价: what trainees said after each approved stage (published ones; moderation is the regulator's). */
export function SchoolEvaluationsPage() {
  const intl = useIntl();
  const { schoolId, paging, setPaging, rating, list } = useEvaluationsData();
  const none = intl.formatMessage({ id: 'common.value.none' });
  const columns: TableProps<PublicEvaluation>['columns'] = [
    {
      title: intl.formatMessage({ id: 'school.evaluations.field.createdAt' }),
      dataIndex: 'createdAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium' }),
    },
    {
      title: intl.formatMessage({ id: 'school.evaluations.field.part' }),
      dataIndex: 'part',
      render: (part: number) => intl.formatMessage({ id: 'common.training.part' }, { part }),
    },
    {
      title: intl.formatMessage({ id: 'school.evaluations.field.coach' }),
      dataIndex: 'coachName',
      render: (v: string | null) => v ?? none,
    },
    ...aspects.map((a) => ({
      title: intl.formatMessage({ id: `school.evaluations.aspect.${a}` }),
      dataIndex: a,
    })),
    { title: intl.formatMessage({ id: 'school.evaluations.field.text' }), dataIndex: 'text' },
  ];
  if (!schoolId) {
    return <Empty description={intl.formatMessage({ id: 'school.profile.noSchool' })} />;
  }
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.evaluations.title' })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'school.evaluations.subtitle' })}
      </Typography.Text>
      {rating.isError ? <ApiErrorAlert error={rating.error} onRetry={() => void rating.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card size="small" loading={rating.isPending}>
            <Statistic
              title={intl.formatMessage({ id: 'school.evaluations.count' })}
              value={rating.data?.count ?? 0}
            />
          </Card>
        </Col>
        {aspects.map((a) => (
          <Col key={a} xs={12} md={8} xl={4}>
            <Card size="small" loading={rating.isPending}>
              <Statistic
                title={intl.formatMessage({ id: `school.evaluations.aspect.${a}` })}
                value={rating.data?.[a] ?? none}
                precision={typeof rating.data?.[a] === 'number' ? 1 : undefined}
              />
              <Rate disabled allowHalf value={rating.data?.[a] ?? 0} style={{ fontSize: 14 }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<PublicEvaluation>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'school.evaluations.empty' }) }}
          pagination={toTablePagination(paging, list.data?.total, setPaging, intl)}
        />
      </Card>
    </Flex>
  );
}
