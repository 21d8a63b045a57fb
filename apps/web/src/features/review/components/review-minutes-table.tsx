import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import type { ReviewMinute } from '../types.ts';

type Props = {
  minutes: ReviewMinute[];
  /** A partial decision in the making: the rows chosen to stay valid. */
  selection?: { keys: string[]; onChange: (keys: string[]) => void } | undefined;
};

/**
 * Every minute of the session: both speeds, distance, the automatic verdict with its reasons, and
 * whether it counts now (after the school's 初审 and any earlier review decision).
 */
export function ReviewMinutesTable({ minutes, selection }: Props) {
  const intl = useIntl();
  const zh = intl.locale.startsWith('zh');
  const speed = (v: number | null) => (v === null ? '—' : intl.formatNumber(v, { maximumFractionDigits: 1 }));
  const columns: TableProps<ReviewMinute>['columns'] = [
    {
      title: intl.formatMessage({ id: 'review.minutes.time' }),
      dataIndex: 'recordedAt',
      width: 80,
      render: (v: string) => intl.formatTime(v, { hour: '2-digit', minute: '2-digit' }),
    },
    {
      title: intl.formatMessage({ id: 'review.minutes.pulse' }),
      dataIndex: 'recorderSpeedKmh',
      width: 110,
      align: 'right',
      render: speed,
    },
    {
      title: intl.formatMessage({ id: 'review.minutes.gnss' }),
      dataIndex: 'gnssSpeedKmh',
      width: 110,
      align: 'right',
      render: (v: number | null, m: ReviewMinute) => {
        // Pulse well above GNSS is the 跑马机 signature: point it out in the row.
        const suspicious =
          m.recorderSpeedKmh !== null && v !== null && m.recorderSpeedKmh >= 10 && v < m.recorderSpeedKmh / 2;
        return <Typography.Text type={suspicious ? 'danger' : undefined}>{speed(v)}</Typography.Text>;
      },
    },
    {
      title: intl.formatMessage({ id: 'review.minutes.mileage' }),
      dataIndex: 'mileageM',
      width: 90,
      align: 'right',
      render: (v: number) => intl.formatNumber(v),
    },
    {
      title: intl.formatMessage({ id: 'review.minutes.auto' }),
      key: 'auto',
      render: (_: unknown, m: ReviewMinute) =>
        m.reasons.length === 0 ? (
          <Tag color="success" variant="outlined">
            {intl.formatMessage({ id: 'review.minutes.autoValid' })}
          </Tag>
        ) : (
          m.reasons.map((r) => (
            <div key={r.code}>
              <Typography.Text type="danger">{zh ? r.zh : r.en}</Typography.Text>
            </div>
          ))
        ),
    },
    {
      title: intl.formatMessage({ id: 'review.minutes.now' }),
      key: 'now',
      width: 200,
      render: (_: unknown, m: ReviewMinute) => (
        <>
          <Tag color={m.credited ? 'success' : 'error'} variant="outlined">
            {intl.formatMessage({
              id: m.credited ? 'review.minutes.credited' : 'review.minutes.notCredited',
            })}
          </Tag>
          {m.overrideNote ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.overrideNote}
              </Typography.Text>
            </div>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <Table<ReviewMinute>
      size="small"
      rowKey="recordNumber"
      columns={columns}
      dataSource={minutes}
      pagination={minutes.length > 60 ? { pageSize: 60, showSizeChanger: false } : false}
      scroll={{ y: 420 }}
      data-testid="review-minutes"
      {...(selection
        ? {
            rowSelection: {
              selectedRowKeys: selection.keys,
              onChange: (keys) => selection.onChange(keys.map(String)),
            },
          }
        : {})}
    />
  );
}
