import type { MetricColumns } from '../db/schema.ts';

export const METRIC_KEYS = [
  'visitors', 'visits', 'pageviews', 'events', 'bounces', 'duration_ms',
  'engaged_ms', 'engaged_views', 'scroll_sum', 'scroll_views', 'revenue',
] as const satisfies readonly (keyof MetricColumns)[];

export const emptyColumns = (): MetricColumns => ({
  visitors: 0, visits: 0, pageviews: 0, events: 0, bounces: 0, duration_ms: 0,
  engaged_ms: 0, engaged_views: 0, scroll_sum: 0, scroll_views: 0, revenue: 0,
});

export function addColumns(into: MetricColumns, from: MetricColumns): MetricColumns {
  for (const k of METRIC_KEYS) into[k] += from[k];
  return into;
}

/** Whether every component is zero (revenue within rounding: sums and differences of amounts). */
export function isEmpty(m: MetricColumns): boolean {
  for (const k of METRIC_KEYS) if (Math.abs(m[k]) > 1e-9) return false;
  return true;
}
