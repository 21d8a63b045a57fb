import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Slider, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { ApiErrorResult } from '../../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../../components/page-loading.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { DecisionForm } from '../../../../features/review/components/decision-form.tsx';
import { FindingsCard } from '../../../../features/review/components/findings-card.tsx';
import { PhotoCompare } from '../../../../features/review/components/photo-compare.tsx';
import { ReviewMinutesTable } from '../../../../features/review/components/review-minutes-table.tsx';
import { SpeedChart } from '../../../../features/review/components/speed-chart.tsx';
import { replayPoints, TrackMap } from '../../../../features/review/components/track-map.tsx';
import { useReview } from '../../../../features/review/queries.ts';
import type { Decision, ReviewFence } from '../../../../features/review/types.ts';
import { RiskTag } from './risk-tag.tsx';

/**
 * 审核工作台: one session in full — the trainee's registered photo beside the session's photos, the
 * track replayed over the fence, pulse against GNSS speed, every minute with its verdict — and the
 * decision. Loaded lazily with Leaflet and ECharts.
 */
export default function ReviewWorkspacePage() {
  const intl = useIntl();
  const { id } = useParams();
  const review = useReview(id);
  const [decision, setDecision] = useState<Decision>('valid');
  const [kept, setKept] = useState<string[] | null>(null);
  const [cursor, setCursor] = useState(0);

  if (review.isPending) return <PageLoading />;
  if (review.isError) return <ApiErrorResult error={review.error} onRetry={() => void review.refetch()} />;
  const r = review.data;
  // Partial starts from the minutes that count now; the reviewer unticks what they void.
  const keptMinutes = kept ?? r.minutes.filter((m) => m.credited).map((m) => m.recordNumber);
  const points = replayPoints(r.track, r.minutes);
  const fenceLabel = (f: ReviewFence) => intl.formatMessage({ id: 'review.map.fence' }, { name: f.name });
  const time = (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={12}>
          <Link to="/regulator/reviews">
            <Button icon={<ArrowLeftOutlined />}>
              {intl.formatMessage({ id: 'review.workspace.back' })}
            </Button>
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {intl.formatMessage({ id: 'review.workspace.title' })}
          </Typography.Title>
        </Flex>
        <Flex gap={8} align="center">
          <Tag color={r.reason === 'high_risk' ? 'red' : 'blue'}>
            {intl.formatMessage({ id: `review.reason.${r.reason}` })}
          </Tag>
          <RiskTag level={r.riskLevel} score={r.riskScore} />
          <Tag color={r.status === 'queued' ? 'processing' : 'default'}>
            {intl.formatMessage({ id: `review.status.${r.status}` })}
          </Tag>
        </Flex>
      </Flex>

      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3, xl: 4 }}
          items={[
            {
              key: 'school',
              label: intl.formatMessage({ id: 'review.field.school' }),
              children: r.schoolName,
            },
            {
              key: 'trainee',
              label: intl.formatMessage({ id: 'review.field.trainee' }),
              children: `${r.traineeName}（${r.log.traineeNumber}）`,
            },
            {
              key: 'coach',
              label: intl.formatMessage({ id: 'review.field.coach' }),
              children: r.coachName ?? '—',
            },
            {
              key: 'plate',
              label: intl.formatMessage({ id: 'review.field.vehicle' }),
              children: r.vehiclePlate ?? '—',
            },
            {
              key: 'time',
              label: intl.formatMessage({ id: 'review.field.time' }),
              children: `${time(r.startedAt)} – ${intl.formatTime(r.endedAt, { hour: '2-digit', minute: '2-digit' })}`,
            },
            {
              key: 'part',
              label: intl.formatMessage({ id: 'review.field.part' }),
              children: intl.formatMessage(
                { id: 'review.field.partValue' },
                { part: r.part, course: r.log.courseCode },
              ),
            },
            {
              key: 'mileage',
              label: intl.formatMessage({ id: 'review.field.mileage' }),
              children: intl.formatMessage(
                { id: 'review.field.km' },
                { km: intl.formatNumber(r.log.mileageM / 1000, { maximumFractionDigits: 1 }) },
              ),
            },
            {
              key: 'credited',
              label: intl.formatMessage({ id: 'review.field.credited' }),
              children: (
                <span data-testid="review-credited">
                  {intl.formatMessage(
                    { id: 'review.field.creditedValue' },
                    { credited: r.creditedMinutes, total: r.totalMinutes },
                  )}{' '}
                  <StatusTag kind="verdict" value={r.logVerdict} />
                </span>
              ),
            },
          ]}
        />
        {r.log.sessionReasons.length > 0 ? (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            title={r.log.sessionReasons.map((s) => (intl.locale.startsWith('zh') ? s.zh : s.en)).join('；')}
          />
        ) : null}
        {r.riskDetectors.length > 0 ? (
          <Alert
            style={{ marginTop: 8 }}
            type="error"
            showIcon
            title={intl.formatMessage(
              { id: 'review.risk.findings' },
              {
                score: r.riskScore ?? 0,
                detectors: intl.formatList(
                  r.riskDetectors.map((d) =>
                    intl.formatMessage({
                      id: `review.detector.${d}` as 'review.detector.pulse-gnss-mismatch',
                      defaultMessage: d,
                    }),
                  ),
                ),
              },
            )}
          />
        ) : null}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={intl.formatMessage({ id: 'review.photos.title' })}>
            <PhotoCompare review={r} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <FindingsCard logId={r.teachingLogId} />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={intl.formatMessage({ id: 'review.map.title' })}>
            <TrackMap
              track={r.track}
              minutes={r.minutes}
              fences={r.fences}
              cursor={cursor}
              label={intl.formatMessage({ id: 'review.map.label' })}
              fenceLabel={fenceLabel}
            />
            {points.length > 1 ? (
              <Flex align="center" gap={12} style={{ marginTop: 8 }}>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {intl.formatMessage({ id: 'review.map.replay' })}
                </Typography.Text>
                <Slider
                  style={{ flex: 1 }}
                  min={0}
                  max={points.length - 1}
                  value={cursor}
                  onChange={setCursor}
                  tooltip={{
                    formatter: (i) =>
                      i === undefined || !points[i]
                        ? ''
                        : intl.formatTime(points[i].at, { timeStyle: 'medium' }),
                  }}
                  aria-label={intl.formatMessage({ id: 'review.map.replay' })}
                />
              </Flex>
            ) : (
              <Typography.Text type="secondary">
                {intl.formatMessage({ id: 'review.map.noTrack' })}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={intl.formatMessage({ id: 'review.speed.title' })}>
            <SpeedChart minutes={r.minutes} track={r.track} />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={intl.formatMessage({ id: 'review.minutes.title' }, { count: r.minutes.length })}
          >
            <ReviewMinutesTable
              minutes={r.minutes}
              selection={
                r.status === 'queued' && decision === 'partial'
                  ? { keys: keptMinutes, onChange: (keys) => setKept(keys) }
                  : undefined
              }
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <Card size="small" title={intl.formatMessage({ id: 'review.form.title' })}>
              <DecisionForm
                review={r}
                decision={decision}
                onDecisionChange={setDecision}
                keptMinutes={keptMinutes}
              />
            </Card>
            {r.history.length > 0 ? (
              <Card size="small" title={intl.formatMessage({ id: 'review.history.title' })}>
                <Timeline
                  items={r.history.map((h) => ({
                    key: h.id,
                    color: h.kind === 'reopened' ? 'gray' : h.decision === 'valid' ? 'green' : 'red',
                    content: (
                      <>
                        <Typography.Text strong>
                          {h.kind === 'reopened'
                            ? intl.formatMessage({ id: 'review.history.reopened' }, { name: h.actorName })
                            : intl.formatMessage(
                                { id: 'review.history.decided' },
                                {
                                  name: h.actorName,
                                  decision: intl.formatMessage({
                                    id: `review.decision.${h.decision ?? 'valid'}`,
                                  }),
                                  before: h.creditedBefore ?? 0,
                                  after: h.creditedAfter ?? 0,
                                },
                              )}
                        </Typography.Text>
                        <div>
                          <Typography.Text type="secondary">{time(h.at)}</Typography.Text>
                        </div>
                        {h.reasonCodes.length > 0 ? (
                          <div>
                            {h.reasonCodes.map((c) => (
                              <Tag key={c}>
                                {intl.formatMessage({
                                  id: `review.reasonCode.${c}` as 'review.reasonCode.other',
                                })}
                              </Tag>
                            ))}
                          </div>
                        ) : null}
                        {h.note ? <div>{h.note}</div> : null}
                      </>
                    ),
                  }))}
                />
              </Card>
            ) : null}
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
