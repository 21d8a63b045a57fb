import { AimOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorResult } from '../../../../components/api-error-alert.tsx';
import { PageLoading } from '../../../../components/page-loading.tsx';
import { ForbiddenResult } from '../../../../features/auth/components/forbidden-result.tsx';
import type { Fence, LiveVehicle } from '../../../../features/monitoring/types.ts';
import type { VehicleState } from '../../../../features/monitoring/vehicle-state.ts';
import { LiveMapCanvas } from './live-map-canvas.tsx';
import { MapLegend } from './map-legend.tsx';
import { useLiveMapData } from './use-live-map-data.ts';
import { VehiclePanel } from './vehicle-panel.tsx';

/**
 * 实时监控: the region's training cars on a map (no internet tiles: fences, schools and cars are
 * drawn as vector layers), refreshed every few seconds; a click shows the car's session and track.
 * Loaded lazily, so Leaflet never reaches the other pages.
 */
export default function LiveMapPage() {
  const intl = useIntl();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [fitRequest, setFitRequest] = useState(0);
  const data = useLiveMapData(selectedId);

  const vehicleLabel = useCallback(
    (vehicle: LiveVehicle, state: VehicleState) =>
      intl.formatMessage(
        { id: 'regulator.live.marker.label' },
        {
          plate: vehicle.plate ?? vehicle.terminalNumber,
          state: intl.formatMessage({ id: `regulator.live.state.${state}` }),
        },
      ),
    [intl],
  );
  const fenceLabel = useCallback(
    (fence: Fence) =>
      intl.formatMessage(
        { id: 'regulator.live.fence.tooltip' },
        { school: fence.properties.schoolName, name: fence.properties.name },
      ),
    [intl],
  );

  if (!data.allowed) {
    return <ForbiddenResult portal="regulator" />;
  }
  const { vehicles } = data;
  if (vehicles.isPending) {
    return <PageLoading />;
  }
  if (vehicles.isError && !vehicles.data) {
    return <ApiErrorResult error={vehicles.error} onRetry={() => void vehicles.refetch()} />;
  }

  const list = vehicles.data;
  const counts = list.counts;
  const unpositioned = list.items.length - data.positioned.length;
  const figures = [
    { key: 'vehicles', value: counts.vehicles, color: undefined },
    { key: 'online', value: counts.online, color: '#1677ff' },
    { key: 'inSession', value: counts.inSession, color: '#389e0d' },
    { key: 'offline', value: counts.vehicles - counts.online, color: '#8c8c8c' },
  ] as const;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-end" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {intl.formatMessage({ id: 'regulator.live.title' })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {intl.formatMessage({ id: 'regulator.live.subtitle' })}
          </Typography.Text>
        </div>
        <Flex align="center" gap={12}>
          <Typography.Text type="secondary" aria-live="off">
            {intl.formatMessage(
              { id: 'regulator.live.updatedAt' },
              {
                time: intl.formatTime(list.serverTime, {
                  hour: '2-digit',
                  minute: '2-digit',
                  second: '2-digit',
                }),
              },
            )}
          </Typography.Text>
          <Button icon={<AimOutlined />} onClick={() => setFitRequest((n) => n + 1)}>
            {intl.formatMessage({ id: 'regulator.live.map.fit' })}
          </Button>
        </Flex>
      </Flex>

      <Row gutter={[16, 16]}>
        {figures.map((figure) => (
          <Col key={figure.key} xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={intl.formatMessage({ id: `regulator.live.counts.${figure.key}` })}
                value={figure.value}
                styles={{ content: { color: figure.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>

      {vehicles.isError ? (
        <Alert type="warning" showIcon title={intl.formatMessage({ id: 'regulator.live.refreshFailed' })} />
      ) : null}
      {list.truncated ? (
        <Alert
          type="info"
          showIcon
          title={intl.formatMessage({ id: 'regulator.live.truncated' }, { count: list.items.length })}
        />
      ) : null}
      {counts.vehicles === 0 ? (
        <Alert type="info" showIcon title={intl.formatMessage({ id: 'regulator.live.empty' })} />
      ) : unpositioned > 0 ? (
        <Alert
          type="info"
          showIcon
          title={intl.formatMessage({ id: 'regulator.live.unpositioned' }, { count: unpositioned })}
        />
      ) : null}

      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ position: 'relative', height: 'calc(100vh - 330px)', minHeight: 460 }}>
          <LiveMapCanvas
            vehicles={data.positioned}
            fences={data.fences.data?.features ?? []}
            schools={data.schools.data?.items ?? []}
            track={data.track.data?.points ?? null}
            selectedId={selectedId}
            onSelect={setSelectedId}
            fitRequest={fitRequest}
            mapLabel={intl.formatMessage({ id: 'regulator.live.map.label' })}
            vehicleLabel={vehicleLabel}
            fenceLabel={fenceLabel}
          />
          <MapLegend />
          {data.selected ? (
            <VehiclePanel
              vehicle={data.selected}
              session={{
                data: data.session.data?.session ?? undefined,
                isPending: data.session.isPending,
                error: data.session.error,
              }}
              track={{ data: data.track.data, error: data.track.error }}
              onClose={() => setSelectedId(null)}
            />
          ) : null}
        </div>
      </Card>
    </Flex>
  );
}
