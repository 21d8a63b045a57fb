import { Card, Empty, List, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { isApiError } from '../../../api/http.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useSessionFindings } from '../queries.ts';

const severityColors = { high: 'red', medium: 'orange', low: 'gold' } as const;

/** What the anomaly detectors saw in the session: each finding, its points and when. */
export function FindingsCard({ logId }: { logId: string }) {
  const intl = useIntl();
  const findings = useSessionFindings(logId);
  const notScored = isApiError(findings.error) && findings.error.status === 404;
  return (
    <Card
      size="small"
      title={intl.formatMessage({ id: 'review.findings.title' })}
      data-testid="review-findings"
    >
      {findings.isPending ? null : notScored ? (
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'review.findings.notScored' })}
        </Typography.Text>
      ) : findings.isError ? (
        <ApiErrorAlert error={findings.error} onRetry={() => void findings.refetch()} />
      ) : findings.data.findings.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={intl.formatMessage({ id: 'review.findings.none' }, { score: findings.data.score })}
        />
      ) : (
        <List
          size="small"
          header={intl.formatMessage({ id: 'review.findings.score' }, { score: findings.data.score })}
          dataSource={findings.data.findings}
          renderItem={(f) => (
            <List.Item>
              <Tag color={severityColors[f.severity as keyof typeof severityColors] ?? 'default'}>
                {intl.formatMessage({
                  id: `review.findings.severity.${f.severity}` as 'review.findings.severity.high',
                })}
              </Tag>
              <Typography.Text strong={f.counted}>
                {intl.formatMessage({
                  id: `review.detector.${f.detector}` as 'review.detector.replay',
                  defaultMessage: f.detector,
                })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {intl.formatMessage(
                  { id: 'review.findings.when' },
                  {
                    from: intl.formatTime(f.fromAt, { hour: '2-digit', minute: '2-digit' }),
                    to: intl.formatTime(f.toAt, { hour: '2-digit', minute: '2-digit' }),
                    points: f.score,
                  },
                )}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
