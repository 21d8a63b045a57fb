/**
 * ECharts for the dashboard, loaded by dynamic import so the library is a chunk of its own (like
 * `echarts-bar.ts`). Charts are described as data (`ChartSpec`), so the components stay free of
 * ECharts option objects and the chunk boundary stays in one place.
 */
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

registerParts([
  BarChart,
  FunnelChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type SeriesSpec = {
  name: string;
  values: number[];
  color: string;
  kind: 'line' | 'bar';
  /** 1 draws against a second axis on the right (e.g. hours beside session counts). */
  axis?: 0 | 1;
};

export type ChartSpec =
  | { kind: 'series'; categories: string[]; series: SeriesSpec[]; percentAxis?: 0 | 1 }
  | { kind: 'funnel'; stages: { name: string; value: number; color: string }[] };

export function renderChart(element: HTMLElement, spec: ChartSpec, locale: string): EChartsType {
  const chart = init(element, undefined, { renderer: 'svg', locale: locale.startsWith('zh') ? 'ZH' : 'EN' });
  if (spec.kind === 'funnel') {
    chart.setOption({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '20%',
          label: { show: true, position: 'inside', formatter: '{b}：{c}' },
          data: spec.stages.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color } })),
        },
      ],
    });
    return chart;
  }
  const axes = spec.series.some((s) => s.axis === 1) ? [0, 1] : [0];
  chart.setOption({
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: spec.categories, axisLabel: { hideOverlap: true } },
    yAxis: axes.map((i) => ({
      type: 'value',
      minInterval: 1,
      splitLine: { show: i === 0 },
      axisLabel: spec.percentAxis === i ? { formatter: '{value}%' } : {},
    })),
    series: spec.series.map((s) => ({
      type: s.kind,
      name: s.name,
      data: s.values,
      yAxisIndex: s.axis ?? 0,
      color: s.color,
      showSymbol: false,
      barMaxWidth: 18,
    })),
  });
  return chart;
}
