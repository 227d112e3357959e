/** Builds the main line chart; colours come from the theme's CSS custom properties. */
import { bucketLabel, type Interval } from '../state/dates.ts';
import { formatMetric } from '../format.ts';
import type { ChartDataset } from 'chart.js';
import { Chart } from './setup.ts';
import type { Series } from './series.ts';

interface Input {
  metric: string;
  interval: Interval;
  current: Series;
  previous: Series | null;
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function buildChart(canvas: HTMLCanvasElement, { metric, interval, current, previous }: Input): Chart<'line', Array<number | null>, string> {
  const accent = cssVar('--accent') || '#6366f1';
  const fill = cssVar('--accent-fill') || 'rgba(99,102,241,0.12)';
  const muted = cssVar('--chart-previous') || '#94a3b8';
  const grid = cssVar('--grid') || 'rgba(0,0,0,0.06)';
  const text = cssVar('--muted') || '#64748b';
  const dense = current.keys.length > 40;
  const datasets: Array<ChartDataset<'line', Array<number | null>>> = [
    {
      label: 'current',
      data: current.values,
      borderColor: accent,
      backgroundColor: fill,
      fill: 'origin',
      borderWidth: 2,
      cubicInterpolationMode: 'monotone',
      pointRadius: dense ? 0 : 2.5,
      pointHoverRadius: 5,
      pointBackgroundColor: accent,
      spanGaps: false,
    },
  ];
  if (previous) {
    datasets.push({
      label: 'previous',
      data: previous.values,
      borderColor: muted,
      backgroundColor: 'transparent',
      fill: false,
      borderWidth: 1.5,
      cubicInterpolationMode: 'monotone',
      pointRadius: 0,
      pointHoverRadius: 4,
      pointBackgroundColor: muted,
      spanGaps: false,
      borderDash: [5, 4],
    });
  }
  // Fewer date labels on a narrow chart. Measured on the box (the canvas may not be sized yet) and again on every resize.
  const ticksFor = (width: number) => (width < 500 ? 4 : 8);
  const boxWidth = canvas.parentElement?.clientWidth || canvas.clientWidth;
  return new Chart<'line', Array<number | null>, string>(canvas, {
    type: 'line',
    data: { labels: current.keys.map((k) => bucketLabel(interval, k)), datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Like the stylesheet, the chart does not move for people who asked for less motion.
      animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 250 },
      // chart.js updates right after this callback, so the new limit applies to the resized chart.
      onResize: (chart, size) => {
        const ticks = chart.options.scales?.x?.ticks;
        if (ticks) ticks.maxTicksLimit = ticksFor(size.width);
      },
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { grid: { display: false }, border: { display: false }, ticks: { color: text, maxRotation: 0, autoSkip: true, autoSkipPadding: 16, maxTicksLimit: ticksFor(boxWidth) } },
        y: {
          beginAtZero: true,
          grid: { color: grid },
          border: { display: false },
          ticks: { color: text, maxTicksLimit: 5, precision: 0, callback: (v) => formatMetric(metric, Number(v)) },
        },
      },
      plugins: {
        tooltip: {
          displayColors: false,
          callbacks: {
            title: () => '',
            label: (item) => {
              const series = item.datasetIndex === 0 ? current : previous!;
              const key = series.keys[item.dataIndex];
              const when = key ? bucketLabel(interval, key, true) : '';
              return `${when}: ${formatMetric(metric, item.parsed.y, true)}`;
            },
          },
        },
      },
    },
  });
}
