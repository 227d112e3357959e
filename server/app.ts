import { Hono } from 'hono';
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
import { storageProblem } from './health.ts';
import { createLogger, type Logger } from './log.ts';
import { VERSION } from './version.ts';
import { adminRoutes } from './api/admin-routes.ts';
import { createQueryExecutor } from './api/query-executor.ts';
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
  /** Stops the query worker, commits queued events and stops accepting new ones; call after the HTTP server has drained. */
  close(): Promise<void>;
}

/** Wires the routes to their dependencies; no listening, so tests drive it with app.request(). */
export async function createApp({ config, db, log, geo }: AppOptions): Promise<CairnApp> {
  const logger = log ?? createLogger(config.logLevel);
  const writer = createEventWriter(createEventAppender(db, { waitForLock: false }));
  const identity = createIdentity(db.kysely);
  const sites = createSiteCache(db.kysely);
  const enricher = createEnricher(geo ?? (await openGeoLookup({ cityDbPath: config.geoipDb })));
  const ingest = createIngest({ sites, identity, enricher, writer });
  const queries = createQueryExecutor(db, config.queryLimits, logger);

  const app = new Hono();
  app.onError(createErrorHandler(logger));
  // Matomo's tracking paths, under any prefix: served where no route matched (see matomoRoutes).
  const matomo = matomoRoutes({ config, db: db.kysely, sites, identity, enricher, writer, log: logger });
  app.notFound((c) => (isMatomoPath(c.req.path) ? matomo.fetch(c.req.raw, c.env) : c.json({ error: 'not found', code: 'not_found' }, 404)));
  // For load balancers: 503 with the reason while events cannot be stored, so traffic moves elsewhere.
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const problem = await storageProblem(db.kysely, writer);
    if (problem) return c.json({ status: 'unavailable', reason: problem, version: VERSION }, 503);
    return c.json({ status: 'ok', version: VERSION });
  });
  app.route('/', collectRoutes(config, ingest));
  app.route('/', scriptRoutes());
  app.route('/api/admin', adminRoutes(db));
  app.route('/', queryRoutes(db, queries));
  app.route('/', loginRoutes(config, db));
  app.route('/api/dashboard', dashboardApiRoutes(db, queries));
  app.route('/', dashboardRoutes(config, db));
  return {
    app,
    identity,
    async close() {
      await queries.close();
      await writer.close();
    },
  };
}
