import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../../../api/http.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { toTablePagination, usePaging } from '../../../../components/table-paging.ts';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  useDeclareTie,
  useEndTie,
  useReviewQueue,
  useSampling,
  useSetSampling,
  useTies,
} from '../../../../features/review/queries.ts';
import {
  tieKinds,
  type QueueFilter,
  type ReviewItem,
  type TieKind,
  type Ties,
} from '../../../../features/review/types.ts';
import { RiskTag } from './risk-tag.tsx';

type StatusTab = 'queued' | 'decided';

/** 人工审核: the region's queue (sample + high-risk), declared ties (回避) and the city's sampling ratio. */
export function ReviewQueuePage() {
  const intl = useIntl();
  const { access } = useSession();
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {intl.formatMessage({ id: 'review.title' })}
        </Typography.Title>
        <Typography.Text type="secondary">{intl.formatMessage({ id: 'review.subtitle' })}</Typography.Text>
      </div>
      <Tabs
        items={[
          { key: 'queue', label: intl.formatMessage({ id: 'review.tab.queue' }), children: <Queue /> },
          { key: 'ties', label: intl.formatMessage({ id: 'review.tab.ties' }), children: <TiesPanel /> },
          {
            key: 'sampling',
            label: intl.formatMessage({ id: 'review.tab.sampling' }),
            children: <SamplingPanel canSet={access.canSetReviewSampling} />,
          },
        ]}
      />
    </Flex>
  );
}

function Queue() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [status, setStatus] = useState<StatusTab>('queued');
  const [reason, setReason] = useState<QueueFilter['reason']>();
  const [riskLevel, setRiskLevel] = useState<QueueFilter['riskLevel']>();
  const [paging, setPaging] = usePaging();
  const filter: QueueFilter = { status, ...(reason ? { reason } : {}), ...(riskLevel ? { riskLevel } : {}) };
  const queue = useReviewQueue(filter, paging);

  const columns: TableProps<ReviewItem>['columns'] = [
    {
      title: intl.formatMessage({ id: 'review.field.time' }),
      dataIndex: 'startedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    { title: intl.formatMessage({ id: 'review.field.school' }), dataIndex: 'schoolName' },
    { title: intl.formatMessage({ id: 'review.field.trainee' }), dataIndex: 'traineeName' },
    {
      title: intl.formatMessage({ id: 'review.field.coach' }),
      dataIndex: 'coachName',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: intl.formatMessage({ id: 'review.field.reason' }),
      dataIndex: 'reason',
      render: (v: ReviewItem['reason']) => (
        <Tag color={v === 'high_risk' ? 'red' : 'blue'}>
          {intl.formatMessage({ id: `review.reason.${v}` })}
        </Tag>
      ),
    },
    {
      title: intl.formatMessage({ id: 'review.field.risk' }),
      key: 'risk',
      render: (_: unknown, r: ReviewItem) => <RiskTag level={r.riskLevel} score={r.riskScore} />,
    },
    {
      title: intl.formatMessage({ id: 'review.field.credited' }),
      key: 'credited',
      render: (_: unknown, r: ReviewItem) => (
        <Flex gap={4} align="center">
          {intl.formatMessage(
            { id: 'review.field.creditedValue' },
            { credited: r.creditedMinutes, total: r.totalMinutes },
          )}
          <StatusTag kind="verdict" value={r.logVerdict} />
        </Flex>
      ),
    },
    ...(status === 'decided'
      ? [
          {
            title: intl.formatMessage({ id: 'review.field.decision' }),
            key: 'decision',
            render: (_: unknown, r: ReviewItem) =>
              r.decision ? (
                <Tag
                  color={r.decision === 'valid' ? 'success' : r.decision === 'partial' ? 'warning' : 'error'}
                >
                  {intl.formatMessage({ id: `review.decision.${r.decision}` })}
                </Tag>
              ) : null,
          },
        ]
      : []),
    {
      title: intl.formatMessage({ id: 'review.field.actions' }),
      key: 'actions',
      render: (_: unknown, r: ReviewItem) =>
        r.tiedToMe ? (
          <Tag color="default">{intl.formatMessage({ id: 'review.tied' })}</Tag>
        ) : (
          <Button
            size="small"
            type="primary"
            ghost
            onClick={() => void navigate(`/regulator/reviews/${r.id}`)}
          >
            {intl.formatMessage({ id: status === 'queued' ? 'review.open' : 'review.view' })}
          </Button>
        ),
    },
  ];

  return (
    <Card>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusTab>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging({ ...paging, page: 1 });
          }}
          options={(['queued', 'decided'] as const).map((s) => ({
            value: s,
            label: intl.formatMessage({ id: `review.status.${s}` }),
          }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={intl.formatMessage({ id: 'review.filter.reason' })}
          aria-label={intl.formatMessage({ id: 'review.filter.reason' })}
          value={reason}
          onChange={(v) => setReason(v)}
          options={(['sample', 'high_risk'] as const).map((v) => ({
            value: v,
            label: intl.formatMessage({ id: `review.reason.${v}` }),
          }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={intl.formatMessage({ id: 'review.filter.risk' })}
          aria-label={intl.formatMessage({ id: 'review.filter.risk' })}
          value={riskLevel}
          onChange={(v) => setRiskLevel(v)}
          options={(['high', 'medium', 'low', 'none'] as const).map((v) => ({
            value: v,
            label: intl.formatMessage({ id: `review.riskLevel.${v}` }),
          }))}
        />
      </Flex>
      {queue.isError ? <ApiErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      <Table<ReviewItem>
        rowKey="id"
        size="middle"
        loading={queue.isFetching}
        columns={columns}
        dataSource={queue.data?.items ?? []}
        pagination={toTablePagination(paging, queue.data?.total ?? 0, setPaging, intl)}
        locale={{ emptyText: intl.formatMessage({ id: 'review.empty' }) }}
      />
    </Card>
  );
}

function TiesPanel() {
  const intl = useIntl();
  const { message } = App.useApp();
  const ties = useTies();
  const declare = useDeclareTie();
  const end = useEndTie();
  const [search, setSearch] = useState('');
  const [ending, setEnding] = useState<string | null>(null);
  const [endReason, setEndReason] = useState('');
  const [form] = Form.useForm<{ schoolId: string; kind: TieKind; note: string }>();
  const schools = useQuery({
    queryKey: ['review', 'school-picker', search],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/schools', {
          params: { query: { page: 1, pageSize: 20, ...(search ? { q: search } : {}) } },
          signal,
        }),
      ),
  });

  type Tie = Ties['items'][number];
  const columns: TableProps<Tie>['columns'] = [
    { title: intl.formatMessage({ id: 'review.ties.user' }), dataIndex: 'userName' },
    { title: intl.formatMessage({ id: 'review.field.school' }), dataIndex: 'schoolName' },
    {
      title: intl.formatMessage({ id: 'review.ties.kind' }),
      dataIndex: 'kind',
      render: (k: TieKind) => intl.formatMessage({ id: `review.tieKind.${k}` }),
    },
    { title: intl.formatMessage({ id: 'review.ties.note' }), dataIndex: 'note' },
    {
      title: intl.formatMessage({ id: 'review.ties.declaredAt' }),
      dataIndex: 'declaredAt',
      render: (v: string, t: Tie) => `${intl.formatDate(v, { dateStyle: 'medium' })} · ${t.declaredByName}`,
    },
    {
      title: intl.formatMessage({ id: 'review.ties.state' }),
      key: 'state',
      render: (_: unknown, t: Tie) =>
        t.endedAt ? (
          <Typography.Text type="secondary">
            {intl.formatMessage({ id: 'review.ties.ended' }, { reason: t.endReason ?? '' })}
          </Typography.Text>
        ) : ties.data?.canManage ? (
          <Button size="small" onClick={() => setEnding(t.id)}>
            {intl.formatMessage({ id: 'review.ties.end' })}
          </Button>
        ) : (
          <Tag color="orange">{intl.formatMessage({ id: 'review.ties.active' })}</Tag>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card title={intl.formatMessage({ id: 'review.ties.declareTitle' })}>
        <Typography.Paragraph type="secondary">
          {intl.formatMessage({ id: 'review.ties.explain' })}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="inline"
          onFinish={(values) =>
            void declare
              .mutateAsync({ schoolId: values.schoolId, kind: values.kind, note: values.note ?? '' })
              .then(() => {
                form.resetFields();
                void message.success(intl.formatMessage({ id: 'review.ties.declared' }));
              })
              .catch(() => undefined)
          }
        >
          <Form.Item
            name="schoolId"
            label={intl.formatMessage({ id: 'review.field.school' })}
            rules={[{ required: true, message: intl.formatMessage({ id: 'review.ties.schoolRequired' }) }]}
          >
            <Select
              showSearch
              filterOption={false}
              onSearch={setSearch}
              style={{ width: 280 }}
              options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
          <Form.Item
            name="kind"
            label={intl.formatMessage({ id: 'review.ties.kind' })}
            rules={[{ required: true, message: intl.formatMessage({ id: 'review.ties.kindRequired' }) }]}
          >
            <Select
              style={{ width: 160 }}
              options={tieKinds.map((k) => ({
                value: k,
                label: intl.formatMessage({ id: `review.tieKind.${k}` }),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={intl.formatMessage({ id: 'review.ties.note' })}>
            <Input style={{ width: 240 }} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={declare.isPending}>
            {intl.formatMessage({ id: 'review.ties.declare' })}
          </Button>
        </Form>
        {declare.isError ? (
          <div style={{ marginTop: 12 }}>
            <ApiErrorAlert error={declare.error} />
          </div>
        ) : null}
      </Card>
      <Card>
        {ties.isError ? <ApiErrorAlert error={ties.error} onRetry={() => void ties.refetch()} /> : null}
        <Table<Tie>
          rowKey="id"
          size="middle"
          loading={ties.isFetching}
          columns={columns}
          dataSource={ties.data?.items ?? []}
          pagination={false}
        />
      </Card>
      <Modal
        open={ending !== null}
        title={intl.formatMessage({ id: 'review.ties.endTitle' })}
        okText={intl.formatMessage({ id: 'review.ties.end' })}
        cancelText={intl.formatMessage({ id: 'review.cancel' })}
        okButtonProps={{ disabled: endReason.trim() === '', loading: end.isPending }}
        onCancel={() => setEnding(null)}
        onOk={() =>
          ending &&
          void end
            .mutateAsync({ id: ending, reason: endReason })
            .then(() => {
              setEnding(null);
              setEndReason('');
            })
            .catch(() => undefined)
        }
      >
        <Input.TextArea
          aria-label={intl.formatMessage({ id: 'review.ties.endReason' })}
          placeholder={intl.formatMessage({ id: 'review.ties.endReason' })}
          value={endReason}
          onChange={(e) => setEndReason(e.target.value)}
        />
        {end.isError ? <ApiErrorAlert error={end.error} /> : null}
      </Modal>
    </Flex>
  );
}

function SamplingPanel({ canSet }: { canSet: boolean }) {
  const intl = useIntl();
  const { message } = App.useApp();
  const sampling = useSampling();
  const setSampling = useSetSampling();
  const [draft, setDraft] = useState<{ percent: number | null; note: string }>({ percent: null, note: '' });

  if (sampling.isError) {
    return <ApiErrorAlert error={sampling.error} onRetry={() => void sampling.refetch()} />;
  }
  return (
    <Flex vertical gap={16}>
      {(sampling.data?.items ?? []).map((city) => {
        const percent = draft.percent ?? city.percent;
        return (
          <Card key={city.cityCode} title={city.cityName} data-testid={`sampling-${city.cityCode}`}>
            <Flex gap={32} wrap>
              <Statistic
                title={intl.formatMessage({ id: 'review.sampling.current' })}
                value={city.percent}
                suffix="%"
              />
              <Statistic
                title={intl.formatMessage({ id: 'review.sampling.default' })}
                value={city.defaultPercent}
                suffix="%"
              />
              <Statistic
                title={intl.formatMessage({ id: 'review.sampling.thisMonth' }, { month: city.month })}
                value={city.sampledThisMonth}
                suffix={`/ ${city.logsThisMonth}`}
              />
            </Flex>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {intl.formatMessage({
                id: city.isDefault ? 'review.sampling.usingDefault' : 'review.sampling.usingCity',
              })}
            </Typography.Paragraph>
            {canSet && sampling.data?.canSet ? (
              <Flex vertical gap={8} style={{ maxWidth: 520 }}>
                <Flex gap={8} align="center" wrap>
                  <InputNumber
                    aria-label={intl.formatMessage({ id: 'review.sampling.percent' })}
                    min={1}
                    max={100}
                    precision={0}
                    value={percent}
                    onChange={(v) => setDraft({ ...draft, percent: v })}
                    suffix="%"
                  />
                  <Input
                    style={{ flex: 1, minWidth: 200 }}
                    aria-label={intl.formatMessage({ id: 'review.sampling.note' })}
                    placeholder={intl.formatMessage({ id: 'review.sampling.note' })}
                    value={draft.note}
                    maxLength={500}
                    onChange={(e) => setDraft({ ...draft, note: e.target.value })}
                  />
                  <Button
                    type="primary"
                    loading={setSampling.isPending}
                    onClick={() =>
                      void setSampling
                        .mutateAsync({ cityCode: city.cityCode, percent, note: draft.note })
                        .then(() => {
                          setDraft({ percent: null, note: '' });
                          void message.success(intl.formatMessage({ id: 'review.sampling.saved' }));
                        })
                        .catch(() => undefined)
                    }
                  >
                    {intl.formatMessage({ id: 'review.sampling.save' })}
                  </Button>
                </Flex>
                {percent < city.defaultPercent ? (
                  <Alert
                    type="warning"
                    showIcon
                    title={intl.formatMessage(
                      { id: 'review.sampling.belowPlan' },
                      { percent: city.defaultPercent },
                    )}
                  />
                ) : null}
                {setSampling.isError ? <ApiErrorAlert error={setSampling.error} /> : null}
              </Flex>
            ) : null}
            {city.history.length > 0 ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {city.history
                  .map((h) =>
                    intl.formatMessage(
                      { id: 'review.sampling.historyItem' },
                      {
                        percent: h.percent,
                        name: h.setByName,
                        date: intl.formatDate(h.setAt, { dateStyle: 'medium' }),
                        note: h.note || '—',
                      },
                    ),
                  )
                  .join('；')}
              </Typography.Paragraph>
            ) : null}
          </Card>
        );
      })}
      <Typography.Text type="secondary">
        {intl.formatMessage({ id: 'review.sampling.method' })}
      </Typography.Text>
    </Flex>
  );
}
