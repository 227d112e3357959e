import type { Kysely } from 'kysely';
import { compileGoals, listGoals } from '../admin/goals.ts';
import type { Schema, Site } from '../db/schema.ts';
import { createClock } from '../calendar.ts';
import { firstEventTs } from '../engine/events.queries.ts';
import { contextKey, dimensionContext } from '../engine/context.ts';
import { comparisonRange, realtimeWindow, resolveDateRange } from './date-range.ts';
import type { Range } from './execute.ts';
import type { Query } from './model.ts';
import type { QueryRun } from './query-run.ts';
import type { RecentEvents } from './recent-events.ts';
import { runQuery, type ResultRow } from './run-query.ts';

/** The body of a `POST /api/v2/query` answer, shaped like Plausible's Stats API v2. */
export interface QueryAnswer {
  results: ResultRow[];
  meta: { total_rows?: number; source: string; comparison_date_range?: [string, string] };
  query: ReturnType<typeof echo>;
}

/**
 * A validated query over a site the caller may read → its answer: the site's clock and first
 * event, the date range and its comparison, the goals, then the engine. Plain data in and out,
 * so it runs where the query worker runs it as well as in-process.
 */
export interface AnswerOptions {
  /** The process's copy of recent events (the query worker keeps one). */
  recent?: RecentEvents;
  /** Every read from raw events (see QueryRun). */
  forceEvents?: boolean;
}

export async function answerQuery(db: Kysely<Schema>, site: Site, query: Query, now: number, options: AnswerOptions = {}): Promise<QueryAnswer> {
  const clock = createClock(site.timezone);
  const first = await firstEventTs(db, site.id);
  const resolved = resolveDateRange(query.dateRange, {
    timezone: site.timezone,
    now,
    anchor: query.date,
    firstDay: first === null ? undefined : clock(first).day,
  });
  let range: Range;
  let comparison: Range | null = null;
  if ('realtime' in resolved) range = { realtime: realtimeWindow(now, query.dimensions.length > 0) };
  else {
    range = resolved;
    if (query.include.comparison) comparison = comparisonRange(resolved, query.include.comparison);
  }
  const goals = await listGoals(db, site.id);
  const ctx = dimensionContext(clock, compileGoals(goals), contextKey(site.timezone, goals));
  const run: QueryRun = { db, site, ctx, recent: options.recent, forceEvents: options.forceEvents };
  const out = await runQuery(run, { ...query, totalRows: query.include.totalRows }, range, comparison);
  return {
    results: out.results,
    meta: {
      ...(out.totalRows === undefined ? {} : { total_rows: out.totalRows }),
      source: out.source,
      ...(comparison && 'from' in comparison ? { comparison_date_range: [comparison.from, comparison.to] as [string, string] } : {}),
    },
    query: echo(query, range),
  };
}

/** The query as it ran: the resolved date range, defaults filled in. */
function echo(q: Query, range: Range) {
  return {
    site_id: q.site,
    date_range: 'realtime' in range
      ? [new Date(range.realtime.from).toISOString(), new Date(range.realtime.to).toISOString()]
      : [range.from, range.to],
    metrics: q.metrics,
    dimensions: q.dimensions,
    order_by: q.orderBy.map((o) => [o.key, o.direction]),
    pagination: { limit: q.limit, offset: q.offset },
    include: { total_rows: q.include.totalRows, comparisons: q.include.comparison },
  };
}
