import { theme } from 'antd';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { RegulatorOverview } from '../../../../api/types.ts';

type SchoolsBarChartProps = { counties: RegulatorOverview['counties'] };

/**
 * Schools per county as a bar chart. ECharts loads on first render (dynamic import); the container
 * is an image whose accessible name lists the same figures, so the numbers never depend on a canvas.
 */
export function SchoolsBarChart({ counties }: SchoolsBarChartProps) {
  const intl = useIntl();
  const { token } = theme.useToken();
  const ref = useRef<HTMLDivElement>(null);
  const seriesName = intl.formatMessage({ id: 'regulator.overview.chart.seriesName' });

  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    let disposed = false;
    let dispose = () => {};
    void import('./echarts-bar.ts').then(({ renderBarChart }) => {
      if (disposed) {
        return;
      }
      const chart = renderBarChart(element, {
        categories: counties.map((c) => c.name),
        values: counties.map((c) => c.schools),
        seriesName,
        color: token.colorPrimary,
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
  }, [counties, seriesName, token.colorPrimary, intl.locale]);

  const summary = intl.formatMessage(
    { id: 'regulator.overview.chart.summary' },
    {
      items: intl.formatList(
        counties.map((c) =>
          intl.formatMessage({ id: 'regulator.overview.chart.item' }, { county: c.name, count: c.schools }),
        ),
        { type: 'conjunction' },
      ),
    },
  );

  return <div ref={ref} role="img" aria-label={summary} style={{ width: '100%', height: 300 }} />;
}
