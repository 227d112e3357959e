/**
 * The queries a dashboard makes (top stats, the main chart, one panel per breakdown), and how
 * the query bench runs each: through the API's pipeline (`answerQuery`: aggregates plus a raw
 * tail for days not rolled up yet) or forced over raw events.
 */
import type { Kysely } from 'kysely';
import type { Schema, Site } from '../server/db/schema.ts';
import type { EngineFilter } from '../server/engine/filter-match.ts';
import { CUSTOM_EVENTS_FILTER } from '../server/engine/stored-dimensions.ts';
import { answerQuery } from '../server/query/answer-query.ts';
import type { DayRange } from '../server/query/date-range.ts';
import { parseQuery } from '../server/query/model.ts';
import { planQuery } from '../server/query/plan.ts';
import { createRecentEvents, type RecentEvents } from '../server/query/recent-events.ts';
import type { ResultRow } from '../server/query/run-query.ts';

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
    filters: [CUSTOM_EVENTS_FILTER],
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
  site: Site;
  /** The server's per-process copy of the raw tail (today's events), kept across queries as the query worker keeps it. */
  recent: RecentEvents;
  /** Stores one more event for today, as live traffic does between two reports, so no run reuses the last one's tail as it was. */
  live(): Promise<void>;
}

/** A site to query, with a recent-events copy kept as the query worker keeps one. */
export async function queryTarget(db: Kysely<Schema>, site: Site): Promise<QueryTarget> {
  let n = 0;
  // Half the new events continue a recent visitor's day, half are a new visitor's first.
  const live = async () => {
    const last = await db.selectFrom('events').selectAll().where('site_id', '=', site.id).orderBy('ts', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const { id: _id, ...row } = last;
    n++;
    await db.insertInto('events').values({ ...row, ts: Math.max(Date.now(), last.ts + 1), visitor: n % 2 === 0 ? last.visitor : 4e15 + n }).execute();
  };
  return { db, site, recent: createRecentEvents(db), live };
}

/** The case as the dashboard sends it: a `POST /api/v2/query` body over a custom range. */
const bodyOf = (t: QueryTarget, q: QueryCase, range: DayRange) => ({
  site_id: t.site.domain,
  date_range: [range.from, range.to],
  metrics: q.metrics,
  dimensions: q.dimensions,
  filters: (q.filters ?? []).map((f) => ('dimension' in f ? [f.op, f.dimension, f.values] : f)),
  pagination: { limit: PANEL_LIMIT },
  ...(q.comparison ? { include: { comparisons: { mode: 'previous_period' } } } : {}),
});

/**
 * Runs one case over a range through the API's own pipeline, `answerQuery`: the planner (with the
 * recent-events copy, so from the second run on today's events come from memory, topped up by
 * id), or every read forced over raw events.
 */
export async function runCase(t: QueryTarget, q: QueryCase, range: DayRange, forceEvents: boolean): Promise<ResultRow[]> {
  const query = parseQuery(bodyOf(t, q, range));
  const options = forceEvents ? { forceEvents } : { recent: t.recent };
  return (await answerQuery(t.db, t.site, query, Date.now(), options)).results;
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
