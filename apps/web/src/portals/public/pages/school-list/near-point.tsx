import { AimOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Flex, Select, Tag } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Region } from '../../../../api/types.ts';
import { districtCentres } from '../../../../features/schools/district-centres.ts';

type NearPointProps = {
  point: { lat: number; lon: number } | null;
  counties: readonly Region[];
  onChange: (point: { lat: number; lon: number } | null) => void;
};

/**
 * "Near me": the browser's location when allowed, else a district centre; the map view also takes a
 * click on the ground. The chosen point is shown with its coordinates and can be cleared.
 */
export function NearPoint({ point, counties, onChange }: NearPointProps) {
  const intl = useIntl();
  const { message } = App.useApp();
  const [locating, setLocating] = useState(false);
  const withCentres = counties.filter((c) => districtCentres[c.code]);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      void message.warning(intl.formatMessage({ id: 'public.schoolList.near.unsupported' }));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          lon: Math.round(position.coords.longitude * 1e6) / 1e6,
        });
      },
      () => {
        setLocating(false);
        void message.warning(intl.formatMessage({ id: 'public.schoolList.near.denied' }));
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  return (
    <Flex gap={8} wrap align="center">
      <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
        {intl.formatMessage({ id: 'public.schoolList.near.me' })}
      </Button>
      <Select
        style={{ width: 180 }}
        value={null}
        placeholder={intl.formatMessage({ id: 'public.schoolList.near.district' })}
        aria-label={intl.formatMessage({ id: 'public.schoolList.near.district' })}
        options={withCentres.map((c) => ({ value: c.code, label: c.name }))}
        onChange={(code: string) => {
          const centre = districtCentres[code];
          if (centre) onChange({ lat: centre[0], lon: centre[1] });
        }}
      />
      {point ? (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {intl.formatMessage(
            { id: 'public.schoolList.near.from' },
            {
              lat: intl.formatNumber(point.lat, { maximumFractionDigits: 4 }),
              lon: intl.formatNumber(point.lon, { maximumFractionDigits: 4 }),
            },
          )}
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label={intl.formatMessage({ id: 'public.schoolList.near.clear' })}
            onClick={() => onChange(null)}
          />
        </Tag>
      ) : null}
    </Flex>
  );
}
