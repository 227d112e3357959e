import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { createEnricher } from './collect/enricher.ts';
import type { GeoLookup } from './collect/enrich/geo.ts';
import { openGeoLookup } from './collect/enrich/geo.ts';
import { createEventWriter } from './collect/event-writer.ts';
import { createIdentity, type Identity } from './collect/identity.ts';
import { createIngest } from './collect/ingest.ts';
import { collectRoutes } from './collect/routes.ts';
import { isMatomoPath, matomoRoutes } from './collect/matomo/routes.ts';
import { scriptRoutes } from './collect/script-routes.ts';
import { createSiteCache } from './collect/site-cache.ts';
import type { Db } from './db/connect.ts';
import { createEventAppender } from './db/event-appender.ts';
import { createErrorHandler } from './errors.ts';
import { createLogger, type Logger } from './log.ts';
import { VERSION } from './version.ts';
import { adminRoutes } from './api/admin-routes.ts';
import { queryRoutes } from './api/query-routes.ts';
import { dashboardRoutes } from './api/dashboard-routes.ts';
import { dashboardApiRoutes } from './api/dashboard-api-routes.ts';
import { loginRoutes } from './auth/login-routes.ts';

export interface AppOptions {
  config: Config;
  db: Db;
  log?: Logger;
  /** Tests pass a stub; otherwise opened from the bundled database and GEOIP_DB. */
  geo?: GeoLookup;
}

export interface CairnApp {
  app: Hono;
  identity: Identity;
  /** Commits queued events and stops accepting new ones; call after the HTTP server has drained. */
  close(): Promise<void>;
}

/** Wires the routes to their dependencies; no listening, so tests drive it with app.request(). */
export async function createApp({ config, db, log, geo }: AppOptions): Promise<CairnApp> {
  const logger = log ?? createLogger(config.logLevel);
  const writer = createEventWriter(createEventAppender(db));
  const identity = createIdentity(db.kysely);
  const sites = createSiteCache(db.kysely);
  const enricher = createEnricher(geo ?? (await openGeoLookup({ cityDbPath: config.geoipDb })));
  const ingest = createIngest({ sites, identity, enricher, writer });

  const app = new Hono();
  app.onError(createErrorHandler(logger));
  // Matomo's tracking paths, under any prefix: served where no route matched (see matomoRoutes).
  const matomo = matomoRoutes({ config, db: db.kysely, sites, identity, enricher, writer, log: logger });
  app.notFound((c) => (isMatomoPath(c.req.path) ? matomo.fetch(c.req.raw, c.env) : c.json({ error: 'not found', code: 'not_found' }, 404)));
  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(db.kysely);
    return c.json({ status: 'ok', version: VERSION });
  });
  app.route('/', collectRoutes(config, ingest));
  app.route('/', scriptRoutes());
  app.route('/api/admin', adminRoutes(db));
  app.route('/', queryRoutes(db));
  app.route('/', loginRoutes(config, db));
  app.route('/api/dashboard', dashboardApiRoutes(db));
  app.route('/', dashboardRoutes(config, db));
  return { app, identity, close: () => writer.close() };
}
