import { CloseOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Divider, Spin, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { TRACK_MINUTES } from '../../../../features/monitoring/queries.ts';
import type { CurrentSession, LiveVehicle, VehicleTrack } from '../../../../features/monitoring/types.ts';
import { vehicleStateOf } from '../../../../features/monitoring/vehicle-state.ts';

const stateTagColor = { training: 'success', online: 'processing', offline: 'default' } as const;

type VehiclePanelProps = {
  vehicle: LiveVehicle;
  session: { data: CurrentSession | undefined; isPending: boolean; error: unknown };
  track: { data: VehicleTrack | undefined; error: unknown };
  onClose: () => void;
};

/** The clicked car: where it is, who is in it, and how much of its track is drawn. */
export function VehiclePanel({ vehicle, session, track, onClose }: VehiclePanelProps) {
  const intl = useIntl();
  const unknown = intl.formatMessage({ id: 'regulator.live.panel.unknown' });
  const dateTime = (iso: string | null | undefined) =>
    iso
      ? intl.formatDate(iso, {
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        })
      : unknown;
  const state = vehicleStateOf(vehicle);
  const title = vehicle.plate ?? intl.formatMessage({ id: 'regulator.live.panel.noPlate' });

  const carItems: DescriptionsProps['items'] = [
    {
      key: 'state',
      label: intl.formatMessage({ id: 'regulator.live.panel.state' }),
      children: (
        <Tag color={stateTagColor[state]}>{intl.formatMessage({ id: `regulator.live.state.${state}` })}</Tag>
      ),
    },
    {
      key: 'school',
      label: intl.formatMessage({ id: 'regulator.live.panel.school' }),
      children: vehicle.schoolName,
    },
    {
      key: 'terminal',
      label: intl.formatMessage({ id: 'regulator.live.panel.terminal' }),
      children: vehicle.terminalNumber,
    },
    {
      key: 'speed',
      label: intl.formatMessage({ id: 'regulator.live.panel.speed' }),
      children:
        vehicle.speedKmh === null
          ? unknown
          : intl.formatMessage(
              { id: 'regulator.live.panel.speedValue' },
              { speed: intl.formatNumber(vehicle.speedKmh, { maximumFractionDigits: 1 }) },
            ),
    },
    {
      key: 'direction',
      label: intl.formatMessage({ id: 'regulator.live.panel.direction' }),
      children:
        vehicle.direction === null
          ? unknown
          : intl.formatMessage(
              { id: 'regulator.live.panel.directionValue' },
              { direction: vehicle.direction },
            ),
    },
    {
      key: 'fixTime',
      label: intl.formatMessage({ id: 'regulator.live.panel.fixTime' }),
      children: dateTime(vehicle.fixTime),
    },
    {
      key: 'lastSeen',
      label: intl.formatMessage({ id: 'regulator.live.panel.lastSeen' }),
      children: dateTime(vehicle.lastSeenAt),
    },
    {
      key: 'coach',
      label: intl.formatMessage({ id: 'regulator.live.panel.coach' }),
      children: vehicle.coachName ?? unknown,
    },
    {
      key: 'track',
      label: intl.formatMessage({ id: 'regulator.live.panel.track' }, { minutes: TRACK_MINUTES }),
      children: track.data
        ? intl.formatMessage({ id: 'regulator.live.panel.trackValue' }, { count: track.data.totalPoints })
        : unknown,
    },
  ];

  const current = session.data;
  const sessionItems: DescriptionsProps['items'] = current
    ? [
        {
          key: 'trainee',
          label: intl.formatMessage({ id: 'regulator.live.panel.trainee' }),
          children: current.traineeName,
        },
        {
          key: 'coach',
          label: intl.formatMessage({ id: 'regulator.live.panel.coach' }),
          children: current.coachName,
        },
        {
          key: 'signedInAt',
          label: intl.formatMessage({ id: 'regulator.live.panel.signedInAt' }),
          children: dateTime(current.signedInAt),
        },
        {
          key: 'minuteRecords',
          label: intl.formatMessage({ id: 'regulator.live.panel.minuteRecords' }),
          children: intl.formatMessage(
            { id: 'regulator.live.panel.minuteRecordsValue' },
            { count: current.minuteRecords },
          ),
        },
        {
          key: 'mileage',
          label: intl.formatMessage({ id: 'regulator.live.panel.mileage' }),
          children: intl.formatMessage(
            { id: 'regulator.live.panel.mileageValue' },
            { km: intl.formatNumber(current.mileageDecikm / 10, { maximumFractionDigits: 1 }) },
          ),
        },
      ]
    : [];

  return (
    <Card
      size="small"
      title={title}
      role="region"
      aria-label={title}
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={intl.formatMessage({ id: 'regulator.live.panel.close' })}
          onClick={onClose}
        />
      }
      style={{
        position: 'absolute',
        top: 12,
        right: 12,
        zIndex: 1000,
        width: 320,
        maxWidth: 'calc(100% - 24px)',
        maxHeight: 'calc(100% - 24px)',
        overflow: 'auto',
        boxShadow: '0 2px 8px rgba(0, 0, 0, 0.2)',
      }}
    >
      <Descriptions size="small" column={1} items={carItems} />
      <Divider style={{ margin: '8px 0' }} />
      <Typography.Text strong>{intl.formatMessage({ id: 'regulator.live.panel.session' })}</Typography.Text>
      {session.error ? <ApiErrorAlert error={session.error} /> : null}
      {track.error ? <ApiErrorAlert error={track.error} /> : null}
      {session.isPending ? (
        <Spin size="small" style={{ display: 'block', margin: 8 }} />
      ) : current ? (
        <Descriptions size="small" column={1} items={sessionItems} style={{ marginTop: 4 }} />
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {intl.formatMessage({ id: 'regulator.live.panel.noSession' })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
