import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { ChartSpec } from './echarts-dashboard.ts';

type DashboardChartProps = {
  spec: ChartSpec;
  /** What the chart shows in words (its accessible name): the figures never depend on the SVG. */
  summary: string;
  height?: number;
};

/** One ECharts chart of the dashboard, redrawn when its data changes and resized with its card. */
export function DashboardChart({ spec, summary, height = 260 }: DashboardChartProps) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    void import('./echarts-dashboard.ts').then(({ renderChart }) => {
      if (disposed) return;
      const chart = renderChart(element, spec, intl.locale);
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
  }, [spec, intl.locale]);

  return <div ref={ref} role="img" aria-label={summary} style={{ width: '100%', height }} />;
}
