import {
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  List,
  Modal,
  Progress,
  Typography,
} from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert, ApiErrorResult } from '../../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../../components/page-loading.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { MinutesTable } from '../../../../features/training/components/minutes-table.tsx';
import { ownPhotoUrl } from '../../../../features/training/queries.ts';
import type { LogSummary } from '../../../../features/training/types.ts';
import { useMyHoursData } from './use-my-hours-data.ts';

/** 我的学时: every session with its verdict, voided minutes with reasons, photos, progress, and appeals. */
export function MyHoursPage() {
  const intl = useIntl();
  const { access } = useSession();
  const data = useMyHoursData();
  const [form] = Form.useForm<{ reason: string }>();

  if (data.ledger.isPending) return <PageLoading />;
  if (data.ledger.isError) {
    return <ApiErrorResult error={data.ledger.error} onRetry={() => void data.ledger.refetch()} />;
  }
  const ledger = data.ledger.data;
  const canAppeal = (log: LogSummary) =>
    access.canAppealOwnHours &&
    log.appealStatus !== 'pending' &&
    log.verdict !== 'valid' &&
    log.verdict !== 'pending';

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'public.myHours.title' })}
      </Typography.Title>
      <Card title={intl.formatMessage({ id: 'public.myHours.progress' })} size="small">
        {ledger.syllabus === null ? (
          <Typography.Text type="warning">
            {intl.formatMessage({ id: 'public.myHours.syllabusMissing' })}
          </Typography.Text>
        ) : (
          <Flex vertical gap={8}>
            {ledger.parts.map((p) => (
              <Flex key={p.part} align="center" gap={12} wrap>
                <Typography.Text style={{ width: 90 }}>
                  {intl.formatMessage({ id: 'common.training.part' }, { part: p.part })}
                </Typography.Text>
                <Progress
                  style={{ flex: 1, minWidth: 160, margin: 0 }}
                  percent={
                    p.requiredMinutes
                      ? Math.min(100, Math.floor((p.creditedMinutes / p.requiredMinutes) * 100))
                      : 0
                  }
                  status={p.complete ? 'success' : 'active'}
                  showInfo={false}
                />
                <Typography.Text>
                  {intl.formatMessage(
                    { id: 'public.myHours.partFigures' },
                    { credited: p.creditedMinutes, required: p.requiredMinutes ?? 0 },
                  )}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
      </Card>
      {ledger.items.length === 0 ? (
        <Empty description={intl.formatMessage({ id: 'public.myHours.empty' })} />
      ) : (
        <List
          dataSource={ledger.items}
          renderItem={(log) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="ledger-log" data-log-id={log.id}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Flex vertical gap={4}>
                  <Typography.Text strong>
                    {intl.formatDate(log.startedAt, { dateStyle: 'medium' })}{' '}
                    {intl.formatTime(log.startedAt, { hour: '2-digit', minute: '2-digit' })}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {intl.formatMessage(
                      { id: 'public.myHours.logLine' },
                      {
                        part: log.part,
                        course: log.courseCode,
                        coach: log.coachName ?? '-',
                        credited: log.creditedMinutes,
                        total: log.totalMinutes,
                      },
                    )}
                  </Typography.Text>
                </Flex>
                <Flex gap={8} align="center" wrap>
                  <StatusTag kind="verdict" value={log.verdict} />
                  <StatusTag kind="appeal" value={log.appealStatus} />
                  <Button onClick={() => data.setOpenLogId(log.id)}>
                    {intl.formatMessage({ id: 'public.myHours.details' })}
                  </Button>
                  {canAppeal(log) ? (
                    <Button type="primary" onClick={() => data.startAppeal(log.id)}>
                      {intl.formatMessage({ id: 'public.myHours.appeal' })}
                    </Button>
                  ) : null}
                </Flex>
              </Flex>
            </Card>
          )}
        />
      )}
      <Drawer
        open={data.openLogId !== null}
        onClose={() => data.setOpenLogId(null)}
        size="large"
        title={intl.formatMessage({ id: 'public.myHours.detailTitle' })}
      >
        {data.detail.isError ? <ApiErrorAlert error={data.detail.error} /> : null}
        {data.detail.data ? (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={intl.formatMessage({ id: 'common.training.verdict' })}>
                <StatusTag kind="verdict" value={data.detail.data.verdict} />
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'common.training.credited' })}>
                {intl.formatMessage(
                  { id: 'common.training.minutesOf' },
                  { credited: data.detail.data.creditedMinutes, total: data.detail.data.totalMinutes },
                )}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'public.myHours.track' })}>
                {intl.formatMessage(
                  { id: 'public.myHours.trackLine' },
                  {
                    km: intl.formatNumber(data.detail.data.track.mileageM / 1000, {
                      maximumFractionDigits: 1,
                    }),
                    points: data.detail.data.track.points,
                    speed: Math.round(data.detail.data.track.maxSpeedKmh),
                  },
                )}
              </Descriptions.Item>
              {data.detail.data.sessionReasons.length > 0 ? (
                <Descriptions.Item label={intl.formatMessage({ id: 'common.training.sessionReasons' })}>
                  {data.detail.data.sessionReasons.map((r) => r.text).join('；')}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Title level={5}>
              {intl.formatMessage({ id: 'public.myHours.minutes' })}
            </Typography.Title>
            <MinutesTable minutes={data.detail.data.minutes} />
            <Typography.Title level={5}>
              {intl.formatMessage({ id: 'public.myHours.photos' })}
            </Typography.Title>
            {data.detail.data.photos.length === 0 ? (
              <Typography.Text type="secondary">
                {intl.formatMessage({ id: 'public.myHours.noPhotos' })}
              </Typography.Text>
            ) : (
              <Image.PreviewGroup>
                <Flex gap={8} wrap>
                  {data.detail.data.photos
                    .filter((p) => p.complete)
                    .map((p) => (
                      <Image
                        key={p.id}
                        width={96}
                        src={ownPhotoUrl(p.id)}
                        alt={intl.formatMessage({ id: 'public.myHours.photoAlt' }, { time: p.takenAt ?? '' })}
                      />
                    ))}
                </Flex>
              </Image.PreviewGroup>
            )}
            {data.detail.data.appeals.map((a) => (
              <Card key={a.id} size="small" title={intl.formatMessage({ id: 'public.myHours.appealTitle' })}>
                <Flex vertical gap={4}>
                  <StatusTag kind="appeal" value={a.status} />
                  <Typography.Text>{a.reason}</Typography.Text>
                  {a.schoolReply ? (
                    <Typography.Text type="secondary">
                      {intl.formatMessage({ id: 'public.myHours.schoolReply' }, { reply: a.schoolReply })}
                    </Typography.Text>
                  ) : null}
                  {a.regulatorReply ? (
                    <Typography.Text type="secondary">
                      {intl.formatMessage(
                        { id: 'public.myHours.regulatorReply' },
                        { reply: a.regulatorReply },
                      )}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </Card>
            ))}
          </Flex>
        ) : null}
      </Drawer>
      <Modal
        open={data.appealLogId !== null}
        title={intl.formatMessage({ id: 'public.myHours.appealTitle' })}
        okText={intl.formatMessage({ id: 'public.myHours.appealSubmit' })}
        confirmLoading={data.appealPending}
        onCancel={data.cancelAppeal}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => data.submitAppeal(v.reason))
            .then(() => form.resetFields())
            .catch(() => undefined)
        }
        destroyOnHidden
      >
        {data.appealError ? <ApiErrorAlert error={data.appealError} /> : null}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={intl.formatMessage({ id: 'public.myHours.appealReason' })}
            rules={[
              {
                required: true,
                whitespace: true,
                message: intl.formatMessage({ id: 'public.myHours.appealReasonRequired' }),
              },
            ]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
