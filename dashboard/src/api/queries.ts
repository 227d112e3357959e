/**
 * Every query the dashboard sends, built from the URL state. Pure (see queries.test.ts): the site,
 * the site's "today" and the state go in, `POST /api/v2/query` bodies come out.
 */
import { activeTab, ALL_TABS, REFERRERS_EXPORT, type TabDef } from '../panels/definitions.ts';
import type { Interval } from '../state/dates.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { apiDateRange } from '../state/periods.ts';
import type { DashState, GraphMetric } from '../state/url-state.ts';
import type { ApiFilter, QueryBody } from './types.ts';
import type { DimensionName } from '../../../server/vocabulary/dimensions.ts';

export interface QueryContext {
  site: string;
  today: string;
  state: DashState;
}

/** The dashboard's filters in the API's form; contains / does not contain ignore case. */
export function apiFilters(filters: readonly FilterSpec[]): ApiFilter[] {
  return filters.map((f) =>
    f.op === 'contains' || f.op === 'contains_not' ? [f.op, f.dimension, [f.value], { case_sensitive: false }] : [f.op, f.dimension, [f.value]],
  );
}

function base(ctx: QueryContext, extra: ApiFilter[] = []): Pick<QueryBody, 'site_id' | 'date_range' | 'date' | 'filters'> {
  const filters = [...apiFilters(ctx.state.filters), ...extra];
  return { site_id: ctx.site, ...apiDateRange(ctx.state, ctx.today), ...(filters.length ? { filters } : {}) };
}

const comparisons = (s: DashState) => (s.compare === 'off' || s.period === 'realtime' ? undefined : { mode: s.compare });

const has = (filters: readonly FilterSpec[], dimension: DimensionName) => filters.some((f) => f.dimension === dimension);

/**
 * The top stats for the active filters. The server refuses views per visit with a page filter,
 * so a page filter shows time on page and scroll depth instead; a goal filter adds conversion rate.
 */
export function topStatsMetrics(filters: readonly FilterSpec[]): GraphMetric[] {
  const metrics: GraphMetric[] = ['visitors', 'visits', 'pageviews'];
  if (has(filters, 'event:page')) metrics.push('bounce_rate', 'time_on_page', 'scroll_depth');
  else metrics.push('views_per_visit', 'bounce_rate', 'visit_duration');
  if (has(filters, 'event:goal')) metrics.push('conversion_rate');
  return metrics;
}

export function topStatsQuery(ctx: QueryContext): QueryBody {
  const compare = comparisons(ctx.state);
  return { ...base(ctx), metrics: topStatsMetrics(ctx.state.filters), ...(compare ? { include: { comparisons: compare } } : {}) };
}

/** One series of the main chart over explicit days (the current range, or the comparison's). */
export function timeseriesQuery(ctx: QueryContext, metric: GraphMetric, interval: Interval, range: [string, string]): QueryBody {
  const b = base(ctx);
  return { site_id: b.site_id, date_range: range, ...(b.filters ? { filters: b.filters } : {}), metrics: [metric], dimensions: [interval] };
}

/** Visitors in the last 5 minutes (the server's window for realtime without dimensions). */
export function currentVisitorsQuery(site: string): QueryBody {
  return { site_id: site, date_range: 'realtime', metrics: ['visitors'] };
}

export interface PanelOptions {
  details?: boolean;
  limit?: number;
  /** Details view search: rows whose value contains this text. */
  search?: string;
}

export function panelQuery(ctx: QueryContext, tab: TabDef, opts: PanelOptions = {}): QueryBody {
  const t = activeTab(tab, ctx.state);
  const search: ApiFilter[] = opts.search ? [['contains', t.dimensions[t.dimensions.length - 1], [opts.search], { case_sensitive: false }]] : [];
  const realtime = ctx.state.period === 'realtime';
  const metrics = realtime ? ['visitors'] : opts.details ? t.detailMetrics : t.metrics;
  return {
    ...base(ctx, [...(t.filters ?? []), ...search]),
    metrics,
    dimensions: t.dimensions,
    pagination: { limit: opts.limit ?? (opts.details ? 100 : 9) },
    ...(opts.details ? { include: { total_rows: true } } : {}),
  };
}

export interface ExportItem {
  file: string;
  heading: string[];
  body: QueryBody;
}

export const EXPORT_LIMIT = 1000;
const TIMESERIES_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];

/**
 * The export: the time series as visitors.csv plus every tab with a file, each with the active
 * range and filters and all its detail metrics, at most 1,000 rows. Goals only when the site has some.
 */
export function exportQueries(ctx: QueryContext, interval: Interval, hasGoals: boolean): ExportItem[] {
  const items: ExportItem[] = [];
  const ts: QueryBody = { ...base(ctx), metrics: TIMESERIES_METRICS, dimensions: [interval] };
  if (has(ctx.state.filters, 'event:page')) ts.metrics = TIMESERIES_METRICS.filter((m) => m !== 'views_per_visit');
  items.push({ file: 'visitors.csv', heading: [interval.slice(5), ...ts.metrics], body: ts });
  for (const tab of [...ALL_TABS, REFERRERS_EXPORT]) {
    if (!tab.file || (tab.id === 'goals' && !hasGoals)) continue;
    const metrics = tab.detailMetrics.filter((m) => !(m === 'views_per_visit' && has(ctx.state.filters, 'event:page')));
    items.push({
      file: tab.file,
      heading: [...tab.dimensions.map((d) => d.replace(/^\w+:/, '')), ...metrics],
      body: { ...base(ctx, tab.filters), metrics, dimensions: tab.dimensions, pagination: { limit: EXPORT_LIMIT } },
    });
  }
  return items;
}

/** The metric the chart shows: the chosen one when the top stats have it, else visitors. */
export function chartMetric(state: DashState): GraphMetric {
  return topStatsMetrics(state.filters).includes(state.metric) ? state.metric : 'visitors';
}
