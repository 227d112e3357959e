/**
 * A panel's rows as a table: the value (a button that filters by it) over a bar sized by visitors,
 * then one column per metric. Every value is rendered as text; referrer hosts that are plain
 * hostnames also get an https:// link out.
 */
import type { QueryState } from '../api/use-query.ts';
import type { TabDef } from '../panels/definitions.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { ErrorNote } from './error-note.tsx';
import { flagEmoji, formatMetric, METRIC_SHORT, referrerHref, valueLabel } from '../format.ts';

interface Props {
  tab: TabDef;
  query: QueryState;
  /** Metric columns to show, in order; must be among the query's metrics. */
  metrics: string[];
  onFilter: (filters: FilterSpec[]) => void;
  /** Rows shown while loading (keeps the panel's height steady). */
  placeholderRows?: number;
  /** Details view: the value column keeps at least 12rem, the table scrolls sideways instead. */
  wide?: boolean;
}

export const OTHER = '(other)';

export function rowLabel(tab: TabDef, values: string[]): string {
  // "Chrome 124"; a missing version adds nothing ("Linux", not "Linux (not set)").
  return values.map((v, i) => (i > 0 && v === '' ? '' : valueLabel(tab.dimensions[i], v))).filter(Boolean).join(' ');
}

export function BarList({ tab, query, metrics, onFilter, placeholderRows = 5, wide = false }: Props) {
  const { data, error, loading } = query;
  if (error) return <ErrorNote error={error} retry={query.retry} />;
  if (!data) {
    return (
      <div class="panel-loading" aria-busy="true" aria-label="Loading">
        {Array.from({ length: placeholderRows }, (_, i) => (
          <div key={i} class="skeleton-row" />
        ))}
      </div>
    );
  }
  if (data.results.length === 0) return <p class="panel-message muted">No data for this period.</p>;

  const columns = metrics.map((m) => data.query.metrics.indexOf(m));
  const visitorsAt = data.query.metrics.indexOf('visitors');
  const max = Math.max(1, ...data.results.map((r) => r.metrics[Math.max(0, visitorsAt)] ?? 0));
  const country = tab.dimensions[0] === 'visit:country';
  const referrer = tab.dimensions[tab.dimensions.length - 1] === 'visit:referrer';

  return (
    <table class={`bars${loading ? ' refreshing' : ''}`} style={wide ? { minWidth: `${12 + metrics.length * 6}rem` } : undefined}>
      <thead>
        <tr>
          <th scope="col">{tab.heading}</th>
          {metrics.map((m) => (
            <th key={m} scope="col" class="num">
              {METRIC_SHORT[m] ?? m}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.results.map((r) => {
          const label = rowLabel(tab, r.dimensions);
          const other = r.dimensions.includes(OTHER);
          const width = `${Math.max(0.5, ((r.metrics[Math.max(0, visitorsAt)] ?? 0) / max) * 100)}%`;
          const href = referrer ? referrerHref(r.dimensions[r.dimensions.length - 1]) : null;
          const filters = tab.dimensions.map((dimension, i) => ({ dimension, op: 'is' as const, value: r.dimensions[i] }));
          return (
            <tr key={r.dimensions.join('\u0000')}>
              <th scope="row" class="bar-cell">
                <span class="bar" style={{ width }} aria-hidden="true" />
                <span class="bar-label">
                  {country && flagEmoji(r.dimensions[0]) && <span class="flag" aria-hidden="true">{flagEmoji(r.dimensions[0])} </span>}
                  {other ? (
                    <span class="value-text">{label}</span>
                  ) : (
                    <button type="button" class="value-btn" title={`Filter by ${label}`} onClick={() => onFilter(filters)}>
                      {label}
                    </button>
                  )}
                  {href && (
                    <a class="out-link" href={href} target="_blank" rel="noopener noreferrer nofollow" aria-label={`Open ${label} in a new tab`}>
                      ↗
                    </a>
                  )}
                </span>
              </th>
              {columns.map((at, i) => (
                <td key={metrics[i]} class="num" title={formatMetric(metrics[i], r.metrics[at], true)}>
                  {formatMetric(metrics[i], r.metrics[at])}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
