import { Card, Col, DatePicker, Flex, Row, Statistic, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useWorkOrderMetrics } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

/** 推送 · 已处置 · 处置率 · 超期 · 按时清零 of the regulator's region for a period (this month by default). */
export function WorkOrderMetricsCards() {
  const { t } = useWorkOrderText();
  const [range, setRange] = useState<[string, string]>([
    dayjs().startOf('month').format('YYYY-MM-DD'),
    dayjs().endOf('month').format('YYYY-MM-DD'),
  ]);
  const metrics = useWorkOrderMetrics(range[0], range[1]);
  const m = metrics.data;
  const card = (key: string, value: number | string, color?: string) => (
    <Col xs={12} md={8} xl={4} key={key}>
      <Card size="small" loading={metrics.isPending}>
        <Tooltip title={t(`metrics.${key}Help`)}>
          <Statistic title={t(`metrics.${key}`)} value={value} styles={{ content: color ? { color } : {} }} />
        </Tooltip>
      </Card>
    </Col>
  );
  return (
    <Flex vertical gap={8}>
      <Flex gap={12} align="center" wrap>
        <Typography.Text strong>{t('metrics.period')}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(r) => {
            if (r?.[0] && r[1]) setRange([r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')]);
          }}
        />
      </Flex>
      {metrics.isError ? (
        <ApiErrorAlert error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : null}
      <Row gutter={[16, 16]} data-testid="work-order-metrics">
        {card('pushed', m?.pushed ?? 0)}
        {card('disposed', m?.disposed ?? 0)}
        {card('disposalRate', m?.disposalRate === null || m === undefined ? '—' : `${m.disposalRate}%`)}
        {card('overdue', m?.overdue ?? 0, m?.overdue ? '#cf1322' : undefined)}
        {card('due', m ? `${m.closedOfDue} / ${m.dueInPeriod}` : '—')}
        <Col xs={12} md={8} xl={4}>
          <Card size="small" loading={metrics.isPending}>
            <Tooltip title={t('metrics.clearedHelp')}>
              <Statistic
                title={t('metrics.cleared')}
                valueRender={() =>
                  m?.cleared ? (
                    <Tag color="success">{t('metrics.clearedYes')}</Tag>
                  ) : (
                    <Tag color="error">{t('metrics.clearedNo')}</Tag>
                  )
                }
              />
            </Tooltip>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
