import type { MetricColumns } from '../db/schema.ts';

export interface Totals {
  /** Visitors in the whole range under the query's filters: the base of `percentage`. */
  visitors: number;
  /** Visitors under the filters without goal filters: the base of `conversion_rate`. */
  visitorsWithoutGoals: number;
}

/** The components each metric reads: aggregate reads sum only those. */
const COMPONENTS: Record<string, ReadonlyArray<keyof MetricColumns>> = {
  visitors: ['visitors'],
  visits: ['visits'],
  pageviews: ['pageviews'],
  events: ['events'],
  views_per_visit: ['pageviews', 'visits'],
  bounce_rate: ['bounces', 'visits'],
  visit_duration: ['duration_ms', 'visits'],
  time_on_page: ['engaged_ms', 'engaged_views'],
  scroll_depth: ['scroll_sum', 'scroll_views'],
  conversion_rate: ['visitors'],
  percentage: ['visitors'],
};

export function componentsFor(metrics: readonly string[]): Array<keyof MetricColumns> {
  return [...new Set(metrics.flatMap((m) => COMPONENTS[m] ?? []))];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Metrics from additive components. Rounding: rates and averages to whole numbers as Plausible
 * does (bounce_rate %, visit_duration s, time_on_page s, scroll_depth %), views_per_visit,
 * conversion_rate and percentage to two decimals.
 */
export function metricValue(metric: string, m: MetricColumns, totals: Totals): number {
  switch (metric) {
    case 'visitors':
    case 'visits':
    case 'pageviews':
    case 'events':
      return m[metric];
    case 'views_per_visit':
      return round(ratio(m.pageviews, m.visits), 2);
    case 'bounce_rate':
      return Math.round(ratio(m.bounces, m.visits) * 100);
    case 'visit_duration':
      return Math.round(ratio(m.duration_ms, m.visits) / 1000);
    case 'time_on_page':
      return Math.round(ratio(m.engaged_ms, m.engaged_views) / 1000);
    case 'scroll_depth':
      return Math.round(ratio(m.scroll_sum, m.scroll_views));
    case 'conversion_rate':
      return round(ratio(m.visitors, totals.visitorsWithoutGoals) * 100, 2);
    case 'percentage':
      return round(ratio(m.visitors, totals.visitors) * 100, 2);
    default:
      throw new Error(`unknown metric ${metric}`);
  }
}

/** Plausible's `change`: percent change for counts, points of difference for rates. */
export function metricChange(metric: string, now: number, before: number): number | null {
  if (metric === 'bounce_rate' || metric === 'conversion_rate' || metric === 'percentage' || metric === 'scroll_depth') {
    return round(now - before, 2);
  }
  if (before === 0) return now === 0 ? 0 : 100;
  return Math.round(((now - before) / before) * 100);
}
