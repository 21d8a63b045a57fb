import { Alert, Button, Card, Flex, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { errorTextOf } from '../../../i18n/error-text.ts';
import {
  reportExportUrl,
  useSubmissionStatus,
  useSubmitReport,
  type Submission,
  type SubmissionStatus,
} from '../queries.ts';

type CityStatus = SubmissionStatus['cities'][number];

function StatusTag({ city }: { city: CityStatus }) {
  const intl = useIntl();
  if (city.overdue) return <Tag color="red">{intl.formatMessage({ id: 'report.status.overdue' })}</Tag>;
  const color = { submitted: 'green', late: 'orange', missing: 'default' }[city.status];
  return <Tag color={color}>{intl.formatMessage({ id: `report.status.${city.status}` })}</Tag>;
}

/**
 * 报送: a province sees every city of the month (submitted on time, late, missing, overdue after the
 * 5th); a city sees its versions and, with the permission, submits (a new version needs a reason).
 */
export function SubmissionPanel({
  month,
  region,
  level,
  canSubmit,
  monthOver,
}: {
  month: string;
  region: string;
  level: 'province' | 'city';
  canSubmit: boolean;
  monthOver: boolean;
}) {
  const intl = useIntl();
  const status = useSubmissionStatus(month, region, true);
  const submit = useSubmitReport();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const time = (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });

  if (status.isError) return <ApiErrorAlert error={status.error} onRetry={() => void status.refetch()} />;
  const data = status.data;
  const own = level === 'city' ? data?.cities[0] : undefined;
  const resubmitting = Boolean(own?.latest);

  const versionColumns = [
    {
      title: intl.formatMessage({ id: 'report.status.version' }),
      dataIndex: 'version',
      render: (v: number) => intl.formatMessage({ id: 'report.version' }, { version: v }),
    },
    {
      title: intl.formatMessage({ id: 'report.status.submittedAt' }),
      dataIndex: 'submittedAt',
      render: time,
    },
    { title: intl.formatMessage({ id: 'report.status.submittedBy' }), dataIndex: 'submittedByName' },
    {
      title: intl.formatMessage({ id: 'report.status.onTime' }),
      dataIndex: 'onTime',
      render: (onTime: boolean) =>
        onTime ? (
          <Tag color="green">{intl.formatMessage({ id: 'report.status.submitted' })}</Tag>
        ) : (
          <Tag color="orange">{intl.formatMessage({ id: 'report.status.late' })}</Tag>
        ),
    },
    {
      title: intl.formatMessage({ id: 'report.status.reason' }),
      dataIndex: 'reason',
      render: (r: string | null) => r ?? '—',
    },
    {
      title: intl.formatMessage({ id: 'report.status.snapshot' }),
      key: 'files',
      render: (_: unknown, s: Submission) => (
        <Space>
          <a href={reportExportUrl('xlsx', { month, submissionId: s.id })}>
            {intl.formatMessage({ id: 'report.status.xlsx' })}
          </a>
          <a href={reportExportUrl('pdf', { month, submissionId: s.id })}>
            {intl.formatMessage({ id: 'report.status.pdf' })}
          </a>
        </Space>
      ),
    },
  ];

  const cityColumns = [
    { title: intl.formatMessage({ id: 'report.status.city' }), dataIndex: 'cityName' },
    {
      title: intl.formatMessage({ id: 'report.status.state' }),
      key: 'state',
      render: (_: unknown, c: CityStatus) => <StatusTag city={c} />,
    },
    {
      title: intl.formatMessage({ id: 'report.status.version' }),
      key: 'version',
      render: (_: unknown, c: CityStatus) =>
        c.latest ? intl.formatMessage({ id: 'report.version' }, { version: c.latest.version }) : '—',
    },
    {
      title: intl.formatMessage({ id: 'report.status.submittedAt' }),
      key: 'at',
      render: (_: unknown, c: CityStatus) => (c.latest ? time(c.latest.submittedAt) : '—'),
    },
    {
      title: intl.formatMessage({ id: 'report.status.submittedBy' }),
      key: 'by',
      render: (_: unknown, c: CityStatus) => c.latest?.submittedByName ?? '—',
    },
    {
      title: intl.formatMessage({ id: 'report.status.snapshot' }),
      key: 'files',
      render: (_: unknown, c: CityStatus) =>
        c.latest ? (
          <Space>
            <a href={reportExportUrl('xlsx', { month, submissionId: c.latest.id })}>
              {intl.formatMessage({ id: 'report.status.xlsx' })}
            </a>
            <a href={reportExportUrl('pdf', { month, submissionId: c.latest.id })}>
              {intl.formatMessage({ id: 'report.status.pdf' })}
            </a>
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      title={intl.formatMessage({
        id: level === 'province' ? 'report.status.boardTitle' : 'report.status.historyTitle',
      })}
      loading={status.isPending}
      extra={
        level === 'city' && canSubmit ? (
          <Button
            type="primary"
            disabled={!monthOver}
            data-testid="submit-report"
            onClick={() => {
              setReason('');
              submit.reset();
              setOpen(true);
            }}
          >
            {intl.formatMessage({ id: resubmitting ? 'report.submit.resubmit' : 'report.submit.button' })}
          </Button>
        ) : null
      }
    >
      {data ? (
        <Flex vertical gap={12}>
          <Typography.Text type={data.deadlinePassed ? 'danger' : 'secondary'} data-testid="report-deadline">
            {intl.formatMessage(
              { id: data.deadlinePassed ? 'report.status.deadlinePassed' : 'report.status.deadline' },
              // The deadline is the first instant after the 5th; show the 5th itself.
              {
                deadline: intl.formatDate(new Date(new Date(data.deadline).getTime() - 1), {
                  dateStyle: 'long',
                }),
              },
            )}
          </Typography.Text>
          {level === 'city' && canSubmit && !monthOver ? (
            <Alert type="info" showIcon title={intl.formatMessage({ id: 'report.submit.monthNotOver' })} />
          ) : null}
          {level === 'province' ? (
            <Table<CityStatus>
              rowKey="cityCode"
              size="small"
              pagination={false}
              columns={cityColumns}
              dataSource={data.cities}
              data-testid="submission-board"
            />
          ) : (
            <Table<Submission>
              rowKey="id"
              size="small"
              pagination={false}
              columns={versionColumns}
              dataSource={own?.versions ?? []}
              data-testid="submission-history"
              locale={{ emptyText: intl.formatMessage({ id: 'report.status.none' }) }}
            />
          )}
        </Flex>
      ) : null}
      <Modal
        open={open}
        title={intl.formatMessage({ id: resubmitting ? 'report.submit.resubmit' : 'report.submit.button' })}
        okText={intl.formatMessage({ id: 'report.submit.confirm' })}
        cancelText={intl.formatMessage({ id: 'report.submit.cancel' })}
        confirmLoading={submit.isPending}
        okButtonProps={{ disabled: resubmitting && !reason.trim(), id: 'confirm-submit' }}
        onCancel={() => setOpen(false)}
        onOk={() =>
          submit.mutate(
            { month, ...(resubmitting ? { reason: reason.trim() } : {}) },
            { onSuccess: () => setOpen(false) },
          )
        }
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph>
            {intl.formatMessage({ id: 'report.submit.explain' }, { month })}
          </Typography.Paragraph>
          {resubmitting ? (
            <Input.TextArea
              value={reason}
              maxLength={500}
              rows={3}
              placeholder={intl.formatMessage({ id: 'report.submit.reason' })}
              onChange={(e) => setReason(e.target.value)}
              data-testid="resubmit-reason"
            />
          ) : null}
          {submit.isError ? <Alert type="error" showIcon title={errorTextOf(submit.error, intl)} /> : null}
        </Flex>
      </Modal>
    </Card>
  );
}
