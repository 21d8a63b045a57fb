import { Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { vehicleStates } from '../../../../features/monitoring/vehicle-state.ts';
import { mapColors } from './live-map-canvas.tsx';

const swatch = (style: React.CSSProperties) => (
  <span
    aria-hidden="true"
    style={{ display: 'inline-block', width: 14, height: 14, flex: 'none', ...style }}
  />
);

const stateColors = { training: '#389e0d', online: '#1677ff', offline: '#8c8c8c' } as const;

/** What the colours and shapes on the map mean. */
export function MapLegend() {
  const intl = useIntl();
  const rows = [
    ...vehicleStates.map((state) => ({
      key: state,
      mark: swatch({
        background: stateColors[state],
        clipPath: 'polygon(50% 0, 100% 100%, 50% 75%, 0 100%)',
      }),
      label: intl.formatMessage({ id: `regulator.live.state.${state}` }),
    })),
    {
      key: 'fence',
      mark: swatch({ background: `${mapColors.fence}33`, border: `1.5px solid ${mapColors.fence}` }),
      label: intl.formatMessage({ id: 'regulator.live.legend.fence' }),
    },
    {
      key: 'school',
      mark: swatch({ background: mapColors.school, borderRadius: '50%', border: '1.5px solid #fff' }),
      label: intl.formatMessage({ id: 'regulator.live.legend.school' }),
    },
    {
      key: 'track',
      mark: swatch({ height: 3, background: mapColors.track }),
      label: intl.formatMessage({ id: 'regulator.live.legend.track' }),
    },
  ];
  return (
    <section
      aria-label={intl.formatMessage({ id: 'regulator.live.legend.title' })}
      style={{
        position: 'absolute',
        left: 12,
        bottom: 28,
        zIndex: 1000,
        background: 'rgba(255, 255, 255, 0.92)',
        borderRadius: 6,
        padding: '8px 12px',
        boxShadow: '0 1px 4px rgba(0, 0, 0, 0.15)',
      }}
    >
      <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
        {intl.formatMessage({ id: 'regulator.live.legend.title' })}
      </Typography.Text>
      <Flex vertical gap={2}>
        {rows.map((row) => (
          <Flex key={row.key} align="center" gap={8}>
            {row.mark}
            <Typography.Text style={{ fontSize: 12 }}>{row.label}</Typography.Text>
          </Flex>
        ))}
      </Flex>
    </section>
  );
}
