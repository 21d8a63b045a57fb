import { Descriptions, Drawer, Flex, List, Progress, Skeleton, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../components/status-tag.tsx';
import { MinutesTable } from '../../training/components/minutes-table.tsx';
import { ConvertToWorkOrderButton } from '../../workorders/components/convert-to-work-order-button.tsx';
import { useAnomalySession, useRegulatorTeachingLog } from '../queries.ts';
import { detectorName, findingSentence } from '../wording.ts';
import { RiskLevelTag } from './risk-level-tag.tsx';

/**
 * One scored session: how its score adds up, every finding worded with its evidence, where and when,
 * and the teaching log behind it (the audit's verdict and each minute with its reasons).
 */
export function AnomalySessionDrawer({ logId, onClose }: { logId: string | null; onClose: () => void }) {
  const intl = useIntl();
  const detail = useAnomalySession(logId);
  const log = useRegulatorTeachingLog(logId);
  const time = (iso: string) =>
    intl.formatDate(iso, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  const s = detail.data;
  return (
    <Drawer
      open={Boolean(logId)}
      onClose={onClose}
      size="large"
      title={intl.formatMessage({ id: 'anomaly.detail.title' })}
      extra={
        s && s.level !== 'none' ? (
          <ConvertToWorkOrderButton
            sourceKind="anomaly"
            sourceId={s.teachingLogId}
            defaultTitle={intl.formatMessage(
              { id: 'anomaly.detail.workOrderTitle' },
              { school: s.schoolName, plate: s.plate ?? '—' },
            )}
            defaultDescription={s.findings
              .filter((f) => f.counted)
              .map((f) =>
                intl.formatMessage(
                  { id: 'anomaly.detail.workOrderLine' },
                  { detector: detectorName(intl, f.detector), sentence: findingSentence(intl, f) },
                ),
              )
              .join('\n')}
          />
        ) : null
      }
    >
      {detail.isError ? <ApiErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.isPending && logId ? <Skeleton active /> : null}
      {s ? (
        <Flex vertical gap={16} data-testid="anomaly-session-drawer">
          <Flex align="center" gap={12}>
            <Progress
              type="circle"
              size={64}
              percent={s.score}
              format={() => s.score}
              status={s.level === 'high' ? 'exception' : 'normal'}
            />
            <Flex vertical>
              <Typography.Text strong>
                {intl.formatMessage(
                  { id: 'anomaly.detail.score' },
                  { score: s.score, level: intl.formatMessage({ id: `anomaly.level.${s.level}` }) },
                )}
              </Typography.Text>
              <Typography.Text type="secondary">
                {intl.formatMessage(
                  { id: 'anomaly.detail.computed' },
                  { time: time(s.computedAt), version: s.rulesetVersion },
                )}
              </Typography.Text>
            </Flex>
            <RiskLevelTag level={s.level} />
          </Flex>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={intl.formatMessage({ id: 'anomaly.column.school' })}>
              {s.schoolName}
            </Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'anomaly.column.plate' })}>
              {s.plate ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'anomaly.column.trainee' })}>
              {s.traineeName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'anomaly.column.coach' })}>
              {s.coachName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'anomaly.column.startedAt' })} span={2}>
              {time(s.startedAt)} – {time(s.endedAt)}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ margin: 0 }}>
            {intl.formatMessage({ id: 'anomaly.detail.contributions' })}
          </Typography.Title>
          <List
            size="small"
            dataSource={s.contributions}
            renderItem={(c) => (
              <List.Item>
                <Typography.Text>{detectorName(intl, c.detector)}</Typography.Text>
                <Typography.Text type="secondary">
                  {intl.formatMessage(
                    { id: 'anomaly.detail.points' },
                    { points: c.points, findings: c.findings },
                  )}
                </Typography.Text>
              </List.Item>
            )}
          />

          <Typography.Title level={5} style={{ margin: 0 }}>
            {intl.formatMessage({ id: 'anomaly.detail.findings' })}
          </Typography.Title>
          <List
            size="small"
            dataSource={s.findings}
            rootClassName="anomaly-findings"
            renderItem={(f) => (
              <List.Item>
                <Flex vertical gap={2}>
                  <Flex gap={8} align="center">
                    <Typography.Text strong>{detectorName(intl, f.detector)}</Typography.Text>
                    <Tag color={f.counted ? 'red' : 'default'}>
                      {intl.formatMessage({
                        id: f.counted ? 'anomaly.detail.counted' : 'anomaly.detail.notCounted',
                      })}
                    </Tag>
                  </Flex>
                  <Typography.Text>{findingSentence(intl, f)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {intl.formatMessage(
                      { id: 'anomaly.detail.when' },
                      { from: time(f.fromAt), to: time(f.toAt) },
                    )}
                    {f.at
                      ? ` · ${intl.formatMessage(
                          { id: 'anomaly.detail.where' },
                          { latitude: f.at.latitude.toFixed(6), longitude: f.at.longitude.toFixed(6) },
                        )}`
                      : ''}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />

          <Typography.Title level={5} style={{ margin: 0 }}>
            {intl.formatMessage({ id: 'anomaly.detail.log' })}
          </Typography.Title>
          {log.isError ? <ApiErrorAlert error={log.error} onRetry={() => void log.refetch()} /> : null}
          {log.data ? (
            <>
              <Typography.Text>
                <StatusTag kind="verdict" value={log.data.verdict} />
                {intl.formatMessage(
                  { id: 'anomaly.detail.logSummary' },
                  {
                    total: log.data.totalMinutes,
                    credited: log.data.creditedMinutes,
                    mileageKm: intl.formatNumber(log.data.mileageM / 1000, { maximumFractionDigits: 1 }),
                  },
                )}
              </Typography.Text>
              <MinutesTable minutes={log.data.minutes} />
            </>
          ) : null}
        </Flex>
      ) : null}
    </Drawer>
  );
}
