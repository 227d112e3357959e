import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addGoal, deleteGoal, goalView, listGoals } from '../admin/goals.ts';
import { parseJsonFields } from '../admin/json-fields.ts';
import { findSiteByDomain, listSites } from '../admin/sites.queries.ts';
import { addSite, changeSite, normalizeDomain } from '../admin/sites.ts';
import { siteView } from '../admin/site-view.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { requireApiKey, type AuthEnv } from './auth.ts';
import { readableSite } from './principal.ts';

const MAX_BODY_BYTES = 64 * 1024;

const SITE_FIELDS = { domain: 'string', timezone: 'string', hostnames: 'string[]' } as const;
const SETTINGS_FIELDS = {
  timezone: 'string',
  hostnames: 'string[]',
  excluded_ips: 'string[]',
  excluded_paths: 'string[]',
  honor_dnt: 'boolean',
  raw_retention_days: 'number',
  aggregate_retention_months: 'number',
} as const;
const GOAL_FIELDS = { page: 'string', event: 'string', name: 'string' } as const;

/** Site and goal administration over HTTP, the CLI's twin; mount at /api/admin. Every route needs an admin key. */
export function adminRoutes(db: Db) {
  const k = db.kysely;
  const app = new Hono<AuthEnv>();
  app.use('*', requireApiKey(k, 'admin'));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError(413, 'body_too_large', `body is larger than ${MAX_BODY_BYTES} bytes`); } }));

  /** The site named in the path, 404 when there is none; the key check is belt and braces, as admin keys span all sites. */
  async function siteOf(c: Context<AuthEnv>): Promise<Site> {
    const domain = c.req.param('domain') ?? '';
    const site = await findSiteByDomain(k, normalizeDomain(domain));
    return readableSite({ kind: 'key', key: c.get('apiKey') }, site, `site ${domain}`, () => new AppError(404, 'not_found', `no site ${domain}`));
  }

  app.get('/sites', async (c) => {
    const { siteId } = c.get('apiKey');
    return c.json((await listSites(k)).filter((s) => siteId === null || s.id === siteId).map(siteView));
  });

  app.post('/sites', async (c) => {
    const body = parseJsonFields(await c.req.text(), SITE_FIELDS);
    if (body.domain === undefined) throw badRequest('field "domain" is required', 'invalid_body');
    const site = await addSite(k, { domain: body.domain, timezone: body.timezone, hostnames: body.hostnames });
    return c.json(siteView(site), 201);
  });

  app.get('/sites/:domain', async (c) => c.json(siteView(await siteOf(c))));

  app.patch('/sites/:domain', async (c) => {
    const site = await siteOf(c);
    const b = parseJsonFields(await c.req.text(), SETTINGS_FIELDS);
    const changed = await changeSite(k, site.domain, {
      timezone: b.timezone,
      hostnames: b.hostnames,
      excludedIps: b.excluded_ips,
      excludedPaths: b.excluded_paths,
      honorDnt: b.honor_dnt,
      rawRetentionDays: b.raw_retention_days,
      aggregateRetentionMonths: b.aggregate_retention_months,
    });
    return c.json(siteView(changed));
  });

  app.get('/sites/:domain/goals', async (c) => c.json((await listGoals(k, (await siteOf(c)).id)).map(goalView)));

  app.post('/sites/:domain/goals', async (c) => {
    const site = await siteOf(c);
    const goal = await addGoal(k, site.domain, parseJsonFields(await c.req.text(), GOAL_FIELDS));
    return c.json(goalView(goal), 201);
  });

  // Page goals are named like `Visit /signup/**`: clients send the name percent-encoded, slashes included.
  app.delete('/sites/:domain/goals/:name', async (c) => {
    const site = await siteOf(c);
    return c.json(goalView(await deleteGoal(k, site.domain, c.req.param('name'))));
  });
  return app;
}
