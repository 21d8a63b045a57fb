/**
 * ECharts for the review's speed chart, reached through a dynamic import so ECharts stays in a chunk
 * of its own. Two lines over the session, 行驶记录 (pulse) speed and GNSS speed; voided minutes are shaded.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

registerParts([LineChart, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, SVGRenderer]);

export type SpeedChartInput = {
  pulse: { name: string; points: [number, number | null][] };
  gnss: { name: string; points: [number, number | null][] };
  voided: { name: string; ranges: [number, number][] };
  unit: string;
  locale: string;
};

export function renderSpeedChart(element: HTMLElement, input: SpeedChartInput): EChartsType {
  const chart = init(element, undefined, {
    renderer: 'svg',
    locale: input.locale.startsWith('zh') ? 'ZH' : 'EN',
  });
  chart.setOption({
    color: ['#fa541c', '#1677ff'],
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number | null) => (v === null ? '—' : `${v} ${input.unit}`),
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: input.unit, min: 0 },
    series: [
      {
        type: 'line',
        name: input.pulse.name,
        data: input.pulse.points,
        showSymbol: false,
        connectNulls: false,
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(207, 19, 34, 0.08)' },
          label: { show: false },
          data: input.voided.ranges.map(([from, to]) => [
            { xAxis: from, name: input.voided.name },
            { xAxis: to },
          ]),
        },
      },
      {
        type: 'line',
        name: input.gnss.name,
        data: input.gnss.points,
        showSymbol: false,
        connectNulls: false,
      },
    ],
  });
  return chart;
}
