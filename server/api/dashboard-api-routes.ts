import { Hono, type Context } from 'hono';
import { listGoals } from '../admin/goals.ts';
import { findSiteByDomain, listSites } from '../admin/sites.queries.ts';
import { normalizeDomain } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { addDays, dayStartUtc } from '../calendar.ts';
import { isQueryDay, QUERY_DAYS } from '../query/date-range.ts';
import { AppError, badRequest } from '../errors.ts';
import { hasAggregates, lastEventTs } from './dashboard.queries.ts';
import type { QueryExecutor } from './query-executor.ts';
import { authenticate, canReadSite, readableSite, type PrincipalEnv } from './principal.ts';

/** The most keys the Properties tab's picker is offered. */
export const MAX_PROP_KEYS = 50;

/**
 * What the dashboard needs besides the query API; mount at /api/dashboard. The session cookie
 * or a read key both work, so the same calls can be scripted.
 */
export function dashboardApiRoutes(db: Db, queries: QueryExecutor) {
  const k = db.kysely;
  const hasData = async (siteId: number) => (await lastEventTs(k, siteId)) !== null || (await hasAggregates(k, siteId));
  const app = new Hono<PrincipalEnv>();
  app.use('*', authenticate(k, { allowSession: true, minKeyScope: 'read' }));

  app.get('/me', (c) => {
    const p = c.get('principal');
    return c.json(p.kind === 'user' ? { kind: 'user', email: p.email } : { kind: 'key', email: null });
  });

  /** Every site this principal may read, with what the site picker and goal panels show. */
  app.get('/sites', async (c) => {
    const sites = (await listSites(k)).filter((site) => canReadSite(c.get('principal'), site.id));
    const out = [];
    for (const site of sites) {
      const goals = (await listGoals(k, site.id)).map((g) => ({ name: g.name, kind: g.kind, pattern: g.pattern }));
      out.push({ id: site.id, domain: site.domain, timezone: site.timezone, goals, has_events: await hasData(site.id) });
    }
    return c.json(out);
  });

  /** Polled by onboarding ("waiting for the first event"), so it is one index lookup. */
  app.get('/sites/:domain/status', async (c) => {
    const site = await siteOf(c);
    const last = await lastEventTs(k, site.id);
    // A site whose raw events retention has deleted still has its rolled-up days (last_event_at is then null).
    return c.json({ has_events: last !== null || (await hasAggregates(k, site.id)), last_event_at: last === null ? null : new Date(last).toISOString() });
  });

  /**
   * The property keys one custom event carries in a range of site-local days, most used first, at
   * most MAX_PROP_KEYS: for the Properties tab's key picker. Keys come from the raw events; days
   * whose raw events retention has deleted add the keys the aggregates kept for them (which the
   * aggregates do not tie to an event name), after the others.
   */
  app.get('/sites/:domain/props', async (c) => {
    const site = await siteOf(c);
    const event = c.req.query('event') ?? '';
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (event === '' || event.length > 120) throw badRequest('event: give the event name (1 to 120 characters)');
    if (!isQueryDay(from) || !isQueryDay(to)) throw badRequest(`from and to: give days as YYYY-MM-DD, from ${QUERY_DAYS.first} to ${QUERY_DAYS.last}`);
    if (from > to) throw badRequest('from must not be after to');
    const span = { from: dayStartUtc(from, site.timezone), to: dayStartUtc(addDays(to, 1), site.timezone) };
    const keys = await queries.propKeys({ siteId: site.id, event, days: { from, to }, span, max: MAX_PROP_KEYS });
    return c.json({ keys });
  });

  async function siteOf(c: Context<PrincipalEnv>): Promise<Site> {
    const domain = c.req.param('domain') ?? '';
    let site: Site | undefined;
    try {
      site = await findSiteByDomain(k, normalizeDomain(domain));
    } catch {
      site = undefined; // not a domain at all: the same 404
    }
    return readableSite(c.get('principal'), site, `site ${domain}`, () => new AppError(404, 'not_found', `no site ${domain}`));
  }
  return app;
}
