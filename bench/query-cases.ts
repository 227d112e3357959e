/**
 * The queries a dashboard makes (top stats, the main chart, one panel per breakdown), and how
 * the query bench runs each: through the normal planner (`runQuery`: aggregates plus a raw tail
 * for days not rolled up yet) or forced over raw events.
 */
import type { Kysely } from 'kysely';
import { compileGoals, listGoals } from '../server/admin/goals.ts';
import type { Schema } from '../server/db/schema.ts';
import { comparisonRange, type DayRange } from '../server/query/date-range.ts';
import { execute, type SiteInfo } from '../server/query/execute.ts';
import { metricChange, metricValue } from '../server/query/metrics.ts';
import { planQuery } from '../server/query/plan.ts';
import { createRecentEvents, type RecentEvents } from '../server/query/recent-events.ts';
import { runQuery, type QuerySpec, type ResultRow } from '../server/query/run-query.ts';
import { createClock } from '../server/calendar.ts';
import type { DimensionContext } from '../server/engine/dimensions.ts';
import type { EngineFilter } from '../server/engine/filter-match.ts';
import { emptyColumns } from '../server/engine/metric-columns.ts';
import { contextKey, dimensionContext } from '../server/engine/context.ts';

export interface QueryCase {
  name: string;
  metrics: string[];
  dimensions: string[];
  filters?: EngineFilter[];
  /** Also measure the previous period, as the top stats do. */
  comparison?: boolean;
}

/** Rows of a dashboard panel (dashboard/src/api/queries.ts asks for 9). */
const PANEL_LIMIT = 9;

/** The short list of every visit tab and of top pages, as dashboard/src/panels/definitions.ts has it. */
const VISIT_LIST = ['visitors', 'percentage'];
const panel = (dimension: string, metrics = VISIT_LIST): QueryCase => ({ name: dimension, metrics, dimensions: [dimension] });

/** The dashboard's queries with no filter: top stats, the chart, and the first panel of each tab. */
export const DASHBOARD_CASES: QueryCase[] = [
  {
    name: 'top stats + previous period',
    metrics: ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'],
    dimensions: [],
    comparison: true,
  },
  { name: 'chart time:day', metrics: ['visitors'], dimensions: ['time:day'] },
  panel('event:page'),
  panel('visit:entry_page'),
  panel('visit:exit_page'),
  panel('visit:source'),
  panel('visit:channel'),
  panel('visit:referrer'),
  panel('visit:utm_source'),
  panel('visit:utm_campaign'),
  panel('visit:country'),
  panel('visit:region'),
  panel('visit:city'),
  panel('visit:device'),
  panel('visit:browser'),
  panel('visit:os'),
  panel('visit:screen'),
  panel('visit:language'),
  panel('event:goal', ['visitors', 'events', 'conversion_rate']),
  // Tabs whose query the planner sends to raw events even unfiltered.
  {
    name: 'event:name (custom events tab)',
    metrics: ['visitors', 'events', 'percentage'],
    dimensions: ['event:name'],
    filters: [{ op: 'is_not', dimension: 'event:name', values: ['pageview', 'engagement'], caseSensitive: true }],
  },
  { name: 'visit:browser + browser_version', metrics: VISIT_LIST, dimensions: ['visit:browser', 'visit:browser_version'] },
  { name: 'visit:os + os_version', metrics: VISIT_LIST, dimensions: ['visit:os', 'visit:os_version'] },
];

/** The one filtered query of the bench: a filter on another dimension always needs raw events. */
export const FILTERED_CASE: QueryCase = {
  name: 'event:page where visit:country is DE',
  metrics: VISIT_LIST,
  dimensions: ['event:page'],
  filters: [{ op: 'is', dimension: 'visit:country', values: ['DE'], caseSensitive: true }],
};

/**
 * Whether the planner reads raw events for any part of the case over the whole range: for the
 * groups, or for the totals behind percentage (the query's filters) and conversion_rate (its
 * filters without goal filters). Such a case has no faster path to compare raw events with.
 */
export function readsRaw(q: QueryCase): boolean {
  const filters = q.filters ?? [];
  const raw = (dims: string[], f: EngineFilter[]) => planQuery(dims, f).source === 'events';
  if (raw(q.dimensions, filters)) return true;
  if (q.metrics.includes('percentage') && raw([], filters)) return true;
  return q.metrics.includes('conversion_rate') && raw([], filters.filter((f) => !('dimension' in f && f.dimension === 'event:goal')));
}

export const ALL_CASES = [...DASHBOARD_CASES, FILTERED_CASE];

export interface QueryTarget {
  db: Kysely<Schema>;
  site: SiteInfo & { timezone: string };
  ctx: DimensionContext;
  /** The server's per-process copy of the raw tail (today's events), kept across queries as the route keeps it. */
  recent: RecentEvents;
  /** Stores one more event for today, as live traffic does between two reports, so no run reuses the last one's tail as it was. */
  live(): Promise<void>;
}

/** The site's clock and goals, as the query route builds them per request, and a recent-events copy as it keeps one. */
export async function queryTarget(db: Kysely<Schema>, site: QueryTarget['site']): Promise<QueryTarget> {
  const goals = await listGoals(db, site.id);
  const ctx = dimensionContext(createClock(site.timezone), compileGoals(goals), contextKey(site.timezone, goals));
  let n = 0;
  // Half the new events continue a recent visitor's day, half are a new visitor's first.
  const live = async () => {
    const last = await db.selectFrom('events').selectAll().where('site_id', '=', site.id).orderBy('ts', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const { id: _id, ...row } = last;
    n++;
    await db.insertInto('events').values({ ...row, ts: Math.max(Date.now(), last.ts + 1), visitor: n % 2 === 0 ? last.visitor : 4e15 + n }).execute();
  };
  return { db, site, ctx, recent: createRecentEvents(db), live };
}

const specOf = (q: QueryCase): QuerySpec => ({
  metrics: q.metrics,
  dimensions: q.dimensions,
  filters: q.filters ?? [],
  orderBy: [],
  limit: PANEL_LIMIT,
  offset: 0,
  totalRows: false,
});

/**
 * Runs one case over a range: `runQuery` as the API does (with the recent-events copy, so from
 * the second run on today's events come from memory, topped up by id), or the same steps forced
 * over raw events read from the database.
 */
export async function runCase(t: QueryTarget, q: QueryCase, range: DayRange, forceEvents: boolean): Promise<ResultRow[]> {
  const comparison = q.comparison ? comparisonRange(range, { mode: 'previous_period' }) : null;
  if (!forceEvents) return (await runQuery(t.db, t.site, specOf(q), range, comparison, t.ctx, t.recent)).results;
  return runForced(t, specOf(q), range, comparison);
}

/**
 * runQuery's steps (groups, metrics, default order, page, comparison) with every read, the
 * totals behind percentage and conversion_rate included, forced over raw events: runQuery
 * itself has no switch for that.
 */
async function runForced(t: QueryTarget, q: QuerySpec, range: DayRange, comparison: DayRange | null): Promise<ResultRow[]> {
  const rows = (await measureRaw(t, q, range)).sort(defaultOrder(q)).slice(q.offset, q.offset + q.limit);
  if (comparison) {
    const before = new Map((await measureRaw(t, q, comparison)).map((r) => [r.dimensions.join('\u0000'), r]));
    for (const row of rows) {
      const prev = before.get(row.dimensions.join('\u0000'));
      const metrics = prev?.metrics ?? q.metrics.map(() => 0);
      const change = q.metrics.map((m, i) => metricChange(m, row.metrics[i]!, metrics[i]!));
      row.comparison = { dimensions: prev?.dimensions ?? row.dimensions, metrics, change };
    }
  }
  return rows;
}

async function measureRaw(t: QueryTarget, q: QuerySpec, range: DayRange): Promise<ResultRow[]> {
  const raw = { forceEvents: true };
  const { groups } = await execute(t.db, t.site, range, q, t.ctx, raw);
  const totals = async (filters: readonly EngineFilter[]) =>
    (await execute(t.db, t.site, range, { dimensions: [], filters }, t.ctx, raw)).groups[0]?.m ?? emptyColumns();
  const needs = (m: string) => q.metrics.includes(m);
  const withoutGoals = q.filters.filter((f) => !('dimension' in f && f.dimension === 'event:goal'));
  const visitors = needs('percentage') ? (await totals(q.filters)).visitors : 0;
  const visitorsWithoutGoals = needs('conversion_rate') ? (await totals(withoutGoals)).visitors : 0;
  return groups.map((g) => ({
    dimensions: g.values,
    metrics: q.metrics.map((m) => metricValue(m, g.m, { visitors, visitorsWithoutGoals })),
  }));
}

/** runQuery's default order: time ascending, else the first metric descending; ties by dimension values. */
function defaultOrder(q: QuerySpec) {
  const time = q.dimensions.some((d) => d.startsWith('time:'));
  return (a: ResultRow, b: ResultRow) => {
    const by = time ? 0 : b.metrics[0]! - a.metrics[0]!;
    if (by !== 0) return by;
    const ka = a.dimensions.join('\u0000');
    const kb = b.dimensions.join('\u0000');
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/** Whether two runs answered alike (comparisons aside): rows, values and metrics. */
export function sameResults(a: ResultRow[], b: ResultRow[]): boolean {
  const key = (rows: ResultRow[]) => JSON.stringify(rows.map((r) => [r.dimensions, r.metrics]));
  return key(a) === key(b);
}

/** Times `runs` runs of one case, in ms, and keeps the last answer. */
export async function timeCase(t: QueryTarget, q: QueryCase, range: DayRange, forceEvents: boolean, runs: number) {
  const ms: number[] = [];
  let rows: ResultRow[] = [];
  for (let i = 0; i < runs; i++) {
    await t.live();
    const started = performance.now();
    rows = await runCase(t, q, range, forceEvents);
    ms.push(performance.now() - started);
  }
  return { ms, rows };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
