import { Hono, type Context } from 'hono';
import { listGoals } from '../admin/goals.ts';
import { findSiteByDomain, listSites } from '../admin/sites.queries.ts';
import { normalizeDomain } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { lastEventTs } from './dashboard.queries.ts';
import { assertCanReadSite, authenticate, canReadSite, type PrincipalEnv } from './principal.ts';

/**
 * What the dashboard needs besides the query API; mount at /api/dashboard. The session cookie
 * or a read key both work, so the same calls can be scripted.
 */
export function dashboardApiRoutes(db: Db) {
  const k = db.kysely;
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
      out.push({ domain: site.domain, timezone: site.timezone, goals, has_events: (await lastEventTs(k, site.id)) !== null });
    }
    return c.json(out);
  });

  /** Polled by onboarding ("waiting for the first event"), so it is one index lookup. */
  app.get('/sites/:domain/status', async (c) => {
    const site = await siteOf(c);
    const last = await lastEventTs(k, site.id);
    return c.json({ has_events: last !== null, last_event_at: last === null ? null : new Date(last).toISOString() });
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
