import { Alert, App, Button, Card, Drawer, Flex, Input, Segmented, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { toTablePagination, usePaging } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  stagePdfUrl,
  useRegulatorSubmission,
  useReviewStage,
  useSubmissions,
} from '../../../../features/training/queries.ts';
import type { LogSummary, Submission } from '../../../../features/training/types.ts';

type StatusFilter = 'submitted' | 'approved' | 'rejected';

/** 复审 queue of the region: open a record, check its signature and logs, approve or reject naming logs. */
export function StageReviewPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const [status, setStatus] = useState<StatusFilter>('submitted');
  const [paging, setPaging] = usePaging();
  const queue = useSubmissions('regulator', status, paging);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useRegulatorSubmission(openId);
  const review = useReviewStage();
  const [faultyLogs, setFaultyLogs] = useState<string[]>([]);
  const [reason, setReason] = useState('');

  const open = (id: string | null) => {
    setFaultyLogs([]);
    setReason('');
    setOpenId(id);
  };
  const approve = () =>
    openId &&
    void review
      .mutateAsync({ id: openId, approve: true })
      .then(() => {
        void message.success(intl.formatMessage({ id: 'regulator.stageReview.approved' }));
        open(null);
      })
      .catch(() => undefined);
  const reject = () => {
    if (!openId) return;
    if (faultyLogs.length === 0 || reason.trim() === '') {
      void message.warning(intl.formatMessage({ id: 'regulator.stageReview.rejectReasonRequired' }));
      return;
    }
    void review
      .mutateAsync({
        id: openId,
        approve: false,
        logs: faultyLogs.map((teachingLogId) => ({ teachingLogId, reason })),
      })
      .then(() => {
        void message.success(intl.formatMessage({ id: 'regulator.stageReview.rejected' }));
        open(null);
      })
      .catch(() => undefined);
  };

  const columns: TableProps<Submission>['columns'] = [
    { title: intl.formatMessage({ id: 'common.training.school' }), dataIndex: 'schoolName' },
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
      key: 'actions',
      render: (_: unknown, s: Submission) => (
        <Button size="small" onClick={() => open(s.id)}>
          {intl.formatMessage({ id: 'regulator.stageReview.open' })}
        </Button>
      ),
    },
  ];

  const logColumns: TableProps<LogSummary>['columns'] = [
    {
      title: intl.formatMessage({ id: 'common.training.startedAt' }),
      dataIndex: 'startedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    { title: intl.formatMessage({ id: 'common.training.coach' }), dataIndex: 'coachName' },
    {
      title: intl.formatMessage({ id: 'common.training.credited' }),
      key: 'credited',
      render: (_: unknown, l: LogSummary) =>
        intl.formatMessage(
          { id: 'common.training.minutesOf' },
          { credited: l.creditedMinutes, total: l.totalMinutes },
        ),
    },
    {
      title: intl.formatMessage({ id: 'common.training.verdict' }),
      dataIndex: 'verdict',
      render: (v: string) => <StatusTag kind="verdict" value={v} />,
    },
  ];

  const d = detail.data;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'regulator.stageReview.title' })}
      </Typography.Title>
      <Card>
        <Segmented<StatusFilter>
          style={{ marginBottom: 12 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging({ ...paging, page: 1 });
          }}
          options={(['submitted', 'approved', 'rejected'] as const).map((s) => ({
            value: s,
            label: intl.formatMessage({ id: `common.stageStatus.${s}` }),
          }))}
        />
        {queue.isError ? <ApiErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /> : null}
        <Table<Submission>
          rowKey="id"
          columns={columns}
          dataSource={queue.data?.items ?? []}
          loading={queue.isFetching}
          pagination={toTablePagination(paging, queue.data?.total, setPaging, intl)}
        />
      </Card>
      <Drawer
        open={openId !== null}
        onClose={() => open(null)}
        size="large"
        title={intl.formatMessage({ id: 'regulator.stageReview.detailTitle' })}
      >
        {detail.isError ? <ApiErrorAlert error={detail.error} /> : null}
        {review.error ? <ApiErrorAlert error={review.error} /> : null}
        {d ? (
          <Flex vertical gap={12}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{d.traineeName}</Typography.Text>
              <Typography.Text>
                {intl.formatMessage({ id: 'common.training.part' }, { part: d.part })}
              </Typography.Text>
              <StatusTag kind="stage" value={d.status} />
              <a href={stagePdfUrl('regulator', d.id)} download>
                {intl.formatMessage({ id: 'common.training.downloadPdf' })}
              </a>
            </Flex>
            <Alert
              type={d.signatureValid ? 'success' : 'error'}
              title={intl.formatMessage({
                id: d.signatureValid
                  ? 'regulator.stageReview.signatureValid'
                  : 'regulator.stageReview.signatureInvalid',
              })}
              description={<Typography.Text code>{d.recordSha256}</Typography.Text>}
            />
            <Table<LogSummary>
              size="small"
              rowKey="id"
              columns={logColumns}
              dataSource={d.logs}
              pagination={false}
              {...(d.status === 'submitted' && access.canReviewStage
                ? {
                    rowSelection: {
                      selectedRowKeys: faultyLogs,
                      onChange: (keys) => setFaultyLogs(keys.map(String)),
                    },
                  }
                : {})}
            />
            {d.status === 'submitted' && access.canReviewStage ? (
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">
                  {intl.formatMessage({ id: 'regulator.stageReview.rejectHint' })}
                </Typography.Text>
                <Input
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={500}
                  placeholder={intl.formatMessage({ id: 'regulator.stageReview.rejectReason' })}
                />
                <Flex gap={8} justify="end">
                  <Button danger loading={review.isPending} onClick={reject}>
                    {intl.formatMessage({ id: 'regulator.stageReview.reject' })}
                  </Button>
                  <Button type="primary" loading={review.isPending} onClick={approve}>
                    {intl.formatMessage({ id: 'regulator.stageReview.approve' })}
                  </Button>
                </Flex>
              </Flex>
            ) : null}
          </Flex>
        ) : null}
      </Drawer>
    </Flex>
  );
}
