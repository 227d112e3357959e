import { Hono } from 'hono';
import { compileGoals, listGoals } from '../admin/goals.ts';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import type { Db } from '../db/connect.ts';
import { badRequest } from '../errors.ts';
import { readJsonBody } from '../collect/body.ts';
import { createClock } from '../rollup/clock.ts';
import { firstEventTs } from '../rollup/events.queries.ts';
import { contextKey, dimensionContext } from '../rollup/run.ts';
import { comparisonRange, resolveDateRange } from '../query/date-range.ts';
import type { Range } from '../query/execute.ts';
import { parseQuery, type Query } from '../query/model.ts';
import { createRecentEvents } from '../query/recent-events.ts';
import { runQuery } from '../query/run-query.ts';
import { assertCanReadSite, authenticate, type PrincipalEnv } from './principal.ts';

/** Realtime: who is on the site now (5 minutes), and what they looked at (30 minutes). */
const REALTIME_VISITORS_MS = 5 * 60_000;
const REALTIME_BREAKDOWN_MS = 30 * 60_000;

/** POST /api/v2/query, shaped like Plausible's Stats API v2; the dashboard is a client of it too. */
export function queryRoutes(db: Db) {
  const recent = createRecentEvents(db.kysely);
  const app = new Hono<PrincipalEnv>();
  // The dashboard calls this with its session cookie; scripts and other tools with a read key.
  app.post('/api/v2/query', authenticate(db.kysely, { allowSession: true, minKeyScope: 'read' }), async (c) => {
    const query = parseQuery(await readJsonBody(c, 64 * 1024));
    const site = await findSiteByDomain(db.kysely, query.site);
    if (!site) throw badRequest(`site_id: no site "${query.site}"`, 'invalid_query');
    assertCanReadSite(c.get('principal'), site.id);

    const now = Date.now();
    const clock = createClock(site.timezone);
    const first = await firstEventTs(db.kysely, site.id);
    const resolved = resolveDateRange(query.dateRange, {
      timezone: site.timezone,
      now,
      anchor: query.date,
      firstDay: first === null ? undefined : clock(first).day,
    });
    let range: Range;
    let comparison: Range | null = null;
    if ('realtime' in resolved) {
      const window = query.dimensions.length === 0 ? REALTIME_VISITORS_MS : REALTIME_BREAKDOWN_MS;
      range = { realtime: { from: now - window, to: now + 1 } };
    } else {
      range = resolved;
      if (query.include.comparison) comparison = comparisonRange(resolved, query.include.comparison);
    }
    const goals = await listGoals(db.kysely, site.id);
    const ctx = dimensionContext(clock, compileGoals(goals), contextKey(site.timezone, goals));
    const out = await runQuery(db.kysely, site, { ...query, totalRows: query.include.totalRows }, range, comparison, ctx, recent);
    return c.json({
      results: out.results,
      meta: {
        ...(out.totalRows === undefined ? {} : { total_rows: out.totalRows }),
        source: out.source,
        ...(comparison && 'from' in comparison ? { comparison_date_range: [comparison.from, comparison.to] } : {}),
      },
      query: echo(query, range),
    });
  });
  return app;
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
