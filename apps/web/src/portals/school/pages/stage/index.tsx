import { App, Button, Card, Flex, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { toTablePagination, usePaging } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  stagePdfUrl,
  useStageCandidates,
  useSubmissions,
  useSubmitStage,
} from '../../../../features/training/queries.ts';
import type { StageCandidate, Submission } from '../../../../features/training/types.ts';

/** 阶段报审: each trainee's progress per part, a submit button where a part is complete, and the records. */
export function StagePage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const [candidatePaging, setCandidatePaging] = usePaging(10);
  const [submissionPaging, setSubmissionPaging] = usePaging(10);
  const candidates = useStageCandidates(candidatePaging);
  const submissions = useSubmissions('school', undefined, submissionPaging);
  const submit = useSubmitStage();

  const partColumns: TableProps<StageCandidate>['columns'] = [1, 2, 3, 4].map((part) => ({
    title: intl.formatMessage({ id: 'common.training.part' }, { part }),
    key: `part${part}`,
    render: (_: unknown, c: StageCandidate) => {
      const p = c.parts.find((x) => x.part === part)!;
      return (
        <Flex gap={6} align="center" wrap>
          <Typography.Text type={p.complete ? 'success' : undefined}>
            {c.syllabusMissing
              ? intl.formatMessage({ id: 'school.stage.syllabusMissing' })
              : intl.formatMessage(
                  { id: 'school.stage.partCell' },
                  { credited: p.creditedMinutes, required: p.requiredMinutes ?? 0 },
                )}
          </Typography.Text>
          {p.submission ? <StatusTag kind="stage" value={p.submission.status} /> : null}
          {access.canSubmitStage && p.complete && (!p.submission || p.submission.status === 'rejected') ? (
            <Button
              size="small"
              type="primary"
              loading={submit.isPending}
              onClick={() =>
                void submit
                  .mutateAsync({ traineeId: c.traineeId, part })
                  .then(() => void message.success(intl.formatMessage({ id: 'school.stage.submitted' })))
                  .catch(() => undefined)
              }
            >
              {intl.formatMessage({ id: 'school.stage.submit' })}
            </Button>
          ) : null}
        </Flex>
      );
    },
  }));

  const submissionColumns: TableProps<Submission>['columns'] = [
    { title: intl.formatMessage({ id: 'common.training.trainee' }), dataIndex: 'traineeName' },
    {
      title: intl.formatMessage({ id: 'school.trainingLogs.filter.part' }),
      dataIndex: 'part',
      render: (part: number) => intl.formatMessage({ id: 'common.training.part' }, { part }),
    },
    {
      title: intl.formatMessage({ id: 'common.training.totals' }),
      key: 'totals',
      render: (_: unknown, s: Submission) =>
        intl.formatMessage(
          { id: 'common.training.totalsValue' },
          {
            minutes: s.creditedMinutes,
            km: intl.formatNumber(s.mileageM / 1000, { maximumFractionDigits: 1 }),
          },
        ),
    },
    {
      title: intl.formatMessage({ id: 'common.training.submittedAt' }),
      dataIndex: 'submittedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    {
      title: intl.formatMessage({ id: 'common.training.status' }),
      dataIndex: 'status',
      render: (v: string) => <StatusTag kind="stage" value={v} />,
    },
    {
      title: intl.formatMessage({ id: 'common.training.actions' }),
      key: 'pdf',
      render: (_: unknown, s: Submission) => (
        <a href={stagePdfUrl('school', s.id)} download>
          {intl.formatMessage({ id: 'common.training.downloadPdf' })}
        </a>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.stage.title' })}
      </Typography.Title>
      {submit.error ? <ApiErrorAlert error={submit.error} /> : null}
      <Card title={intl.formatMessage({ id: 'school.stage.candidates' })}>
        {candidates.isError ? (
          <ApiErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} />
        ) : null}
        <Table<StageCandidate>
          rowKey="traineeId"
          columns={[
            { title: intl.formatMessage({ id: 'common.training.trainee' }), dataIndex: 'traineeName' },
            ...partColumns,
          ]}
          dataSource={candidates.data?.items ?? []}
          loading={candidates.isFetching}
          pagination={toTablePagination(candidatePaging, candidates.data?.total, setCandidatePaging, intl)}
        />
      </Card>
      <Card title={intl.formatMessage({ id: 'school.stage.submissions' })}>
        {submissions.isError ? (
          <ApiErrorAlert error={submissions.error} onRetry={() => void submissions.refetch()} />
        ) : null}
        <Table<Submission>
          rowKey="id"
          columns={submissionColumns}
          dataSource={submissions.data?.items ?? []}
          loading={submissions.isFetching}
          pagination={toTablePagination(submissionPaging, submissions.data?.total, setSubmissionPaging, intl)}
        />
      </Card>
    </Flex>
  );
}
