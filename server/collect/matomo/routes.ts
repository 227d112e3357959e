import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Schema } from '../../db/schema.ts';
import { AppError, createErrorHandler } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { requestContext } from '../request-context.ts';
import type { Enricher } from '../enricher.ts';
import type { EventWriter } from '../event-writer.ts';
import type { Identity } from '../identity.ts';
import { createIngest } from '../ingest.ts';
import type { SiteLookup } from '../site-cache.ts';
import { param } from './params.ts';
import { readTrackingRequest } from './request.ts';
import { bulkAnswer, corsHeaders, pixel, preflight } from './respond.ts';
import { createSiteById } from './site-by-id.ts';
import { tokenCheck } from './token.ts';
import { track, type Sender, type TrackDeps } from './track.ts';
import { createBackfillIdentity } from './visitors.ts';

/** Where Matomo and Piwik clients send, at the root or under any prefix (`/Piwik/piwik.php`). */
export const MATOMO_PATHS = ['/piwik.php', '/matomo.php', '/js/', '/js/index.php', '/js/tracker.php'];
const ROUTES = MATOMO_PATHS.flatMap((path) => [path, `/:prefix{.+}${path}`]);

export const isMatomoPath = (path: string) => MATOMO_PATHS.some((suffix) => path.endsWith(suffix));

export interface MatomoDeps {
  config: Config;
  db: Kysely<Schema>;
  /** The collector's own parts: the same site cache, enrichment and group commit. */
  sites: SiteLookup;
  identity: Identity;
  enricher: Enricher;
  writer: EventWriter;
  log: Logger;
}

/**
 * The Matomo (Piwik) Tracking HTTP API, mapped onto the collector's ingest: an app of its own,
 * to which the main app hands the requests none of its routes matched (`isMatomoPath`). Paths
 * under any prefix need a wildcard route, and one such route in the main app would move all of
 * its routes from Hono's RegExpRouter to the TrieRouter (1.7 µs instead of 0.3 to match `/api/event`).
 */
export function matomoRoutes(deps: MatomoDeps): Hono {
  const { config, db, sites, enricher, writer } = deps;
  // The collector's ingest, except that events dated in the past (`cdt`) never bring back a deleted salt.
  const ingest = createIngest({ sites, enricher, writer, identity: createBackfillIdentity(deps.identity, db) });
  const siteById = createSiteById(db);

  const app = new Hono();
  app.onError(createErrorHandler(deps.log));
  app.notFound((c) => c.json({ error: 'not found', code: 'not_found' }, 404));
  app.on('OPTIONS', ROUTES, (c) => preflight(c));
  app.on(['GET', 'POST'], ROUTES, async (c) => {
    // On the context too, so that a 4xx rendered by onError is readable by the page's script.
    for (const [name, value] of Object.entries(corsHeaders(c))) c.header(name, value);
    const request = await readTrackingRequest(c);
    const sender: Sender = { ctx: requestContext(c, config.trustProxy), referer: c.req.header('referer') };
    const trackDeps: TrackDeps = { siteById, ingest, geo: enricher.geo, tokens: tokenCheck(db) };
    if (request.kind === 'single') {
      const result = await track(request.params, sender, trackDeps);
      return pixel(c, param(request.params, 'send_image') !== '0', result);
    }
    // All items at once, so the group commit stores them in one transaction.
    const outcomes = await Promise.allSettled(request.items.map((item) => (item instanceof AppError ? Promise.reject(item) : track(item, sender, trackDeps))));
    const invalid: number[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const error: unknown = outcome.reason;
      // Storage failed (503) or a bug: the whole bulk is in doubt, and the client may retry it.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      invalid.push(index);
    });
    return bulkAnswer(c, outcomes.length - invalid.length, invalid);
  });
  return app;
}

