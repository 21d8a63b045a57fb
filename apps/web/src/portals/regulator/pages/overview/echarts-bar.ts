/**
 * The only module that imports ECharts. It is reached through a dynamic import, so ECharts is a
 * chunk of its own that only the regulator pages with charts download. The SVG renderer draws
 * without a canvas.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
// `use` renamed so it does not read as React's `use` hook.
import { init, use as registerParts } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

registerParts([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export type BarChartInput = {
  categories: string[];
  values: number[];
  seriesName: string;
  color: string;
  locale: string;
};

export function renderBarChart(element: HTMLElement, input: BarChartInput): EChartsType {
  const chart = init(element, undefined, {
    renderer: 'svg',
    locale: input.locale.startsWith('zh') ? 'ZH' : 'EN',
  });
  chart.setOption({
    color: [input.color],
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: input.categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: input.seriesName,
        data: input.values,
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
        itemStyle: { borderRadius: [4, 4, 0, 0] },
      },
    ],
  });
  return chart;
}
