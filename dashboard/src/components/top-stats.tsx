/**
 * The top stats: one button per metric (choosing what the chart shows) with its value and the
 * change against the comparison period. Errors (such as raw events past retention) show here.
 */
import { chartMetric, topStatsMetrics, type QueryContext } from '../api/queries.ts';
import { ErrorNote } from './error-note.tsx';
import type { QueryState } from '../api/use-query.ts';
import { changeTone, formatChange, formatMetric, METRIC_LABELS } from '../format.ts';
import type { GraphMetric } from '../state/url-state.ts';

interface Props {
  ctx: QueryContext;
  query: QueryState;
  onSelect: (metric: GraphMetric) => void;
}

const COMPARE_TEXT = { previous_period: 'vs previous period', year_over_year: 'vs a year before', off: '' };

export function TopStats({ ctx, query, onSelect }: Props) {
  const { data, error } = query;
  const metrics = topStatsMetrics(ctx.state.filters);
  const selected = chartMetric(ctx.state);
  const row = data?.results[0];
  if (error) return <ErrorNote error={error} retry={query.retry} class="top-error" />;

  return (
    <div class="top-stats" role="group" aria-label="Top stats; choose one to chart">
      {metrics.map((m) => {
        const at = data ? data.query.metrics.indexOf(m) : -1;
        const value = row && at >= 0 ? row.metrics[at] : data ? 0 : undefined;
        const change = row?.comparison?.change[at];
        const before = row?.comparison?.metrics[at];
        const tone = changeTone(m, change);
        return (
          <button key={m} type="button" class={`stat${m === selected ? ' selected' : ''}`} aria-pressed={m === selected} onClick={() => onSelect(m)}>
            <span class="stat-label">{METRIC_LABELS[m]}</span>
            <span class="stat-value" title={value === undefined ? undefined : formatMetric(m, value, true)}>
              {value === undefined ? <span class="skeleton-text" aria-label="Loading" /> : formatMetric(m, value)}
            </span>
            {change !== undefined && (
              <span class={`stat-change ${tone}`}>
                {formatChange(m, change)}
                <span class="sr-only">
                  {' '}
                  {COMPARE_TEXT[ctx.state.compare]} ({formatMetric(m, before, true)})
                </span>
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
