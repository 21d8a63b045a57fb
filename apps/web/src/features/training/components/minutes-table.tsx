import { Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { StatusTag } from '../../../components/status-tag.tsx';
import type { LogDetail } from '../types.ts';

type Minute = LogDetail['minutes'][number];

type MinutesTableProps = {
  minutes: Minute[];
  /** When given, rows can be selected (the school's batch review). */
  selection?: { keys: string[]; onChange: (keys: string[]) => void };
};

/** Every minute of a teaching log: time, verdict after review, and each reason in plain Chinese. */
export function MinutesTable({ minutes, selection }: MinutesTableProps) {
  const intl = useIntl();
  const columns: TableProps<Minute>['columns'] = [
    {
      title: intl.formatMessage({ id: 'common.training.minute.time' }),
      dataIndex: 'recordedAt',
      width: 90,
      render: (value: string) => intl.formatTime(value, { hour: '2-digit', minute: '2-digit' }),
    },
    {
      title: intl.formatMessage({ id: 'common.training.minute.verdict' }),
      dataIndex: 'valid',
      width: 100,
      render: (valid: boolean) => <StatusTag kind="minute" value={valid ? 'valid' : 'invalid'} />,
    },
    {
      title: intl.formatMessage({ id: 'common.training.minute.reason' }),
      key: 'reasons',
      render: (_: unknown, m: Minute) => (
        <>
          {m.reasons.map((r) => (
            <div key={r.code}>{r.text}</div>
          ))}
          {m.overridden ? (
            <Typography.Text type="secondary">
              {intl.formatMessage(
                { id: 'common.training.minute.overridden' },
                { note: m.overrideNote ?? '' },
              )}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <Table<Minute>
      size="small"
      rowKey="recordNumber"
      columns={columns}
      dataSource={minutes}
      pagination={false}
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
