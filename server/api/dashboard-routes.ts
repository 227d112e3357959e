import fs from 'node:fs';
import { Hono, type Context } from 'hono';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import { normalizeDomain } from '../admin/sites.ts';
import { fillTemplate, htmlHeaders } from '../auth/html.ts';
import { noticePage } from '../auth/pages.ts';
import { sessionCookie, sessionUser } from '../auth/session-cookie.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Site } from '../db/schema.ts';
import { assetHandler, DIST_DIR, manifestReader } from './dashboard-assets.ts';
import { faviconIco } from './favicon.ts';
import { canReadSite } from './principal.ts';

const SHELL = new URL('../../dashboard/index.html', import.meta.url);

/**
 * The dashboard's pages and assets; mount last, as `/` and `/sites/:domain` are catch-all-ish.
 * Pages need a session (no API keys: a browser tab has no Authorization header to send).
 */
export function dashboardRoutes(config: Config, db: Db, options: { distDir?: URL } = {}) {
  const k = db.kysely;
  const cookie = sessionCookie(config.baseUrl);
  const distDir = options.distDir ?? DIST_DIR;
  const manifest = manifestReader(distDir);
  const shellTemplate = fs.readFileSync(SHELL, 'utf8');
  const app = new Hono();

  app.get('/assets/:file', assetHandler(distDir));

  const favicon = new Uint8Array(faviconIco());
  app.get('/favicon.ico', (c) => {
    c.header('Content-Type', 'image/x-icon');
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(favicon);
  });

  /** The single-page app for one site, or the site picker when `site` is ''. */
  function shell(c: Context, site: string) {
    c.header('Cache-Control', 'no-store');
    const m = manifest();
    // Before the UI is built the server still runs (the collector matters more), so say what to do instead of failing.
    if (!m) return c.html(noticePage('The dashboard is not built yet', 'Cairn is running and collecting events, but the dashboard files are missing. Build them, then reload this page:', 'npm run build'));
    return c.html(fillTemplate(shellTemplate, { APP_JS: `/assets/${m.appJs}`, APP_CSS: `/assets/${m.appCss}`, SITE: site, BASE_URL: config.baseUrl }));
  }

  const loginRedirect = (c: Context) => {
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  };

  app.get('/', htmlHeaders(), async (c) => ((await sessionUser(k, c, cookie)) ? shell(c, '') : c.redirect('/login', 303)));

  app.get('/sites/:domain', htmlHeaders(), async (c) => {
    const user = await sessionUser(k, c, cookie);
    if (!user) return loginRedirect(c);
    const site = await findSite(db, c.req.param('domain'));
    // A site the user may not read looks like one that does not exist.
    if (!site || !canReadSite({ kind: 'user', userId: user.id, email: user.email }, site.id)) {
      c.header('Cache-Control', 'no-store');
      return c.html(noticePage('Site not found', 'There is no site with that domain on this server.'), 404);
    }
    return shell(c, site.domain);
  });
  return app;
}

async function findSite(db: Db, domain: string): Promise<Site | undefined> {
  try {
    return await findSiteByDomain(db.kysely, normalizeDomain(domain));
  } catch {
    return undefined; // not a domain at all
  }
}
