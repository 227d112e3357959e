/**
 * The main chart: the selected top stat over time (chart.js line, tree-shaken), the comparison
 * period as a dashed line, tooltips with exact values, and a visually hidden table with the same
 * numbers for screen readers. Its days, and the comparison's, are the ones the top stats' answer
 * says the server resolved, so every bucket is one of the server's.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { chartMetric, timeseriesQuery, type QueryContext } from '../api/queries.ts';
import type { QueryResponse } from '../api/types.ts';
import { ErrorNote } from './error-note.tsx';
import { useQuery } from '../api/use-query.ts';
import { alignTo, toSeries, type Series } from '../chart/series.ts';
import { buildChart } from '../chart/config.ts';
import { bucketLabel, formatRange, intervalFor } from '../state/dates.ts';
import { siteNow } from '../state/site-now.ts';
import { formatMetric, METRIC_LABELS } from '../format.ts';

interface Props {
  ctx: QueryContext;
  /** The top stats' answer for the view on screen, once there. */
  answer: QueryResponse | null;
  /** The top stats failed: their own error note says so, the chart stays away. */
  failed: boolean;
  timezone: string;
}

const INTERVAL_WORDS = { 'time:hour': 'hour', 'time:day': 'day', 'time:week': 'week', 'time:month': 'month' };

function useDarkMode(): boolean {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(media.matches);
  useEffect(() => {
    const on = () => setDark(media.matches);
    media.addEventListener('change', on);
    return () => media.removeEventListener('change', on);
  }, []);
  return dark;
}

export function MainChart({ ctx, answer, failed, timezone }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const dark = useDarkMode();
  const metric = chartMetric(ctx.state);
  const range = answer?.query.date_range;
  const cmpRange = answer?.meta.comparison_date_range;
  const interval = range ? intervalFor(ctx.state.period, range[0], range[1]) : 'time:day';
  const cur = useQuery(range ? timeseriesQuery(ctx, metric, interval, range) : null);
  const cmp = useQuery(range && cmpRange ? timeseriesQuery(ctx, metric, interval, cmpRange) : null);

  const nowKey = siteNow(timezone).hour;
  const current: Series | null = cur.data && range ? toSeries(cur.data, interval, range, nowKey) : null;
  const previous: Series | null = current && cmp.data && cmpRange ? alignTo(current, toSeries(cmp.data, interval, cmpRange, nowKey)) : null;

  useEffect(() => {
    if (!canvas.current || !current) return;
    const chart = buildChart(canvas.current, { metric, interval, current, previous });
    // Measure again once the frame's layout is done (the legend or a scrollbar may just have appeared).
    const frame = requestAnimationFrame(() => chart.resize());
    return () => {
      cancelAnimationFrame(frame);
      chart.destroy();
    };
    // Rebuild when the numbers, the metric or the theme change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cur.data, cmp.data, metric, interval, dark]);

  if (failed) return null;
  const error = cur.error ?? cmp.error;
  const label = METRIC_LABELS[metric];
  const rangeText = range ? formatRange(range[0], range[1]) : '';
  return (
    <div class="chart">
      {previous && cmpRange && (
        <p class="chart-legend small muted" aria-hidden="true">
          <span class="key key-current" /> {rangeText}
          <span class="key key-previous" /> {formatRange(cmpRange[0], cmpRange[1])}
        </p>
      )}
      <div class={`chart-box${current ? '' : ' loading'}`}>
        {error ? (
          <ErrorNote error={error} retry={cur.error ? cur.retry : cmp.retry} />
        ) : (
          <canvas ref={canvas} role="img" aria-label={`${label} per ${INTERVAL_WORDS[interval]}, ${rangeText}. The table below has the numbers.`} />
        )}
      </div>
      {current && (
        <div class="sr-only">
          <table>
            <caption>
              {label} per {INTERVAL_WORDS[interval]}, {rangeText}
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">{label}</th>
                {previous && <th scope="col">Comparison period</th>}
                {previous && <th scope="col">{label} then</th>}
              </tr>
            </thead>
            <tbody>
              {current.keys.map((k, i) => (
                <tr key={k}>
                  <th scope="row">{bucketLabel(interval, k, true)}</th>
                  <td>{formatMetric(metric, current.values[i], true)}</td>
                  {previous && <td>{previous.keys[i] ? bucketLabel(interval, previous.keys[i], true) : '—'}</td>}
                  {previous && <td>{formatMetric(metric, previous.values[i], true)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
