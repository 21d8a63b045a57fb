import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { ReviewMinute, TrackPoint } from '../types.ts';

/** Runs of consecutive uncredited minutes as [from, to) instants, for the chart's shading. */
function voidedRanges(minutes: readonly ReviewMinute[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of minutes) {
    const at = Date.parse(m.recordedAt);
    if (m.credited) continue;
    const last = ranges.at(-1);
    if (last && last[1] === at) last[1] = at + 60_000;
    else ranges.push([at, at + 60_000]);
  }
  return ranges;
}

/**
 * 行驶记录 (pulse) speed against GNSS speed over the session: a 跑马机 shows pulse speed while GNSS stays
 * near zero. The container is an image whose name states the figures a screen reader needs.
 */
export function SpeedChart({
  minutes,
  track,
}: {
  minutes: readonly ReviewMinute[];
  track: readonly TrackPoint[];
}) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const names = {
    pulse: intl.formatMessage({ id: 'review.speed.pulse' }),
    gnss: intl.formatMessage({ id: 'review.speed.gnss' }),
    voided: intl.formatMessage({ id: 'review.speed.voided' }),
    unit: intl.formatMessage({ id: 'review.speed.unit' }),
  };

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    void import('./echarts-speed.ts').then(({ renderSpeedChart }) => {
      if (disposed) return;
      const chart = renderSpeedChart(element, {
        // The fixes (every few seconds) when the terminal sent them, else one point per minute record.
        pulse: {
          name: names.pulse,
          points:
            track.length > 0
              ? track.map((p) => [Date.parse(p.at), p.recorderSpeedKmh])
              : minutes.map((m) => [Date.parse(m.recordedAt), m.recorderSpeedKmh]),
        },
        gnss: {
          name: names.gnss,
          points:
            track.length > 0
              ? track.map((p) => [Date.parse(p.at), p.gnssSpeedKmh])
              : minutes.map((m) => [Date.parse(m.recordedAt), m.gnssSpeedKmh]),
        },
        voided: { name: names.voided, ranges: voidedRanges(minutes) },
        unit: names.unit,
        locale: intl.locale,
      });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
    // names derive from intl.locale
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes, track, intl.locale]);

  const mean = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? known.reduce((s, v) => s + v, 0) / known.length : null;
  };
  const source = track.length > 0 ? track : minutes;
  const pulse = mean(source.map((m) => m.recorderSpeedKmh));
  const gnss = mean(source.map((m) => m.gnssSpeedKmh));
  const summary = intl.formatMessage(
    { id: 'review.speed.summary' },
    {
      pulse: pulse === null ? '—' : intl.formatNumber(pulse, { maximumFractionDigits: 1 }),
      gnss: gnss === null ? '—' : intl.formatNumber(gnss, { maximumFractionDigits: 1 }),
    },
  );
  return (
    <div
      ref={ref}
      role="img"
      aria-label={summary}
      data-testid="review-speed-chart"
      style={{ width: '100%', height: 260 }}
    />
  );
}
