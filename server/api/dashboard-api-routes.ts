import { Hono, type Context } from 'hono';
import { listGoals } from '../admin/goals.ts';
import { findSiteByDomain, listSites } from '../admin/sites.queries.ts';
import { normalizeDomain } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { addDays, dayStartUtc, isValidDay } from '../calendar.ts';
import { AppError, badRequest } from '../errors.ts';
import { eventPropKeys, hasAggregates, lastEventTs, purgedDayPropKeys } from './dashboard.queries.ts';
import { assertCanReadSite, authenticate, canReadSite, type PrincipalEnv } from './principal.ts';

/** The most keys the Properties tab's picker is offered. */
export const MAX_PROP_KEYS = 50;

/**
 * What the dashboard needs besides the query API; mount at /api/dashboard. The session cookie
 * or a read key both work, so the same calls can be scripted.
 */
export function dashboardApiRoutes(db: Db) {
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
    if (!isValidDay(from) || !isValidDay(to)) throw badRequest('from and to: give days as YYYY-MM-DD');
    if (from > to) throw badRequest('from must not be after to');
    const range = { from: dayStartUtc(from, site.timezone), to: dayStartUtc(addDays(to, 1), site.timezone) };
    const raw = await eventPropKeys(k, site.id, event, range);
    const rolled = await purgedDayPropKeys(k, site.id, from, to);
    const byUse = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
    const keys = [...byUse(raw), ...byUse(rolled).filter((key) => !raw.has(key))].slice(0, MAX_PROP_KEYS);
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
    if (!site) throw new AppError(404, 'not_found', `no site ${domain}`);
    assertCanReadSite(c.get('principal'), site.id);
    return site;
  }
  return app;
}
