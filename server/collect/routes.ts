import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../config.ts';
import { AppError, badRequest } from '../errors.ts';
import { readJsonBody } from '../utils/body.ts';
import { requestContext } from './request-context.ts';
import { publicDropReason, type IngestResult } from './ingest.ts';
import { parseEventPayload, type EventPayload } from './payload.ts';
import type { RequestContext } from './ingest.ts';

export const MAX_BODY_BYTES = 8 * 1024;
const DROPPED_HEADER = 'X-Cairn-Dropped';

const CORS = { 'content-type': 'text/plain; charset=UTF-8', 'access-control-allow-origin': '*' };
/** Only a drop has a header for the page's script to read. */
const DROPPED_CORS = { ...CORS, 'access-control-expose-headers': DROPPED_HEADER };

/** A 1×1 transparent GIF, the 43 bytes every tracking pixel answers with. */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

export type Ingest = (payload: EventPayload, ctx: RequestContext) => Promise<IngestResult>;

export function collectRoutes(config: Config, ingest: Ingest) {
  const app = new Hono();

  // Any site may send; no cookies are read or set, so credentials stay off. The preflight goes
  // through Hono's cors(); the POST sets its headers itself, since cors() on the hot path
  // makes Hono rebuild every response.
  app.options('/api/event', cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], exposeHeaders: [DROPPED_HEADER] }));

  app.post('/api/event', async (c) => {
    const payload = parseEventPayload(await readJsonBody(c, MAX_BODY_BYTES));
    const result = await store(ingest, payload, requestContext(c, config.trustProxy));
    // A plain Response with plain headers takes @hono/node-server's fast path;
    // c.header() would build a Headers object for every event.
    return new Response('ok', { status: 202, headers: result.dropped ? { ...DROPPED_CORS, [DROPPED_HEADER]: publicDropReason(result.dropped) } : CORS });
  });

  // The <noscript> fallback: an <img> cannot POST, so the page view rides on a GET.
  app.get('/p.gif', async (c) => {
    const q = c.req.query();
    const url = q.u ?? c.req.header('referer');
    if (!q.d) throw badRequest('d (domain) is required');
    if (!url) throw badRequest('u (url) is required when the request has no Referer');
    const payload = parseEventPayload({ n: 'pageview', d: q.d, u: url, r: q.r, w: q.w });
    const result = await store(ingest, payload, requestContext(c, config.trustProxy));
    if (result.dropped) c.header(DROPPED_HEADER, publicDropReason(result.dropped));
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'image/gif');
    return c.body(TRANSPARENT_GIF, 200);
  });

  return app;
}

/** Runs ingest; a failure that is not the client's becomes a 503 the client may retry. */
export async function store(ingest: Ingest, payload: EventPayload, ctx: RequestContext): Promise<IngestResult> {
  try {
    return await ingest(payload, ctx);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The write failed (disk full, database locked past the timeout): the event was not
    // stored, so the client must hear that and may retry. The cause is ours, logged by onError.
    throw Object.assign(new AppError(503, 'unavailable', 'the event could not be stored; retry later'), {
      cause: error,
    });
  }
}
