import { AppError, badRequest } from '../../errors.ts';
import type { GeoLookup } from '../enrich/geo.ts';
import type { IngestResult, RequestContext } from '../ingest.ts';
import { store, type Ingest } from '../routes.ts';
import { actionFor } from './action.ts';
import { trackingContext } from './context.ts';
import { param, type Params } from './params.ts';
import type { SiteById } from './site-by-id.ts';
import { eventTime } from './time.ts';
import { toPayload } from './to-payload.ts';
import { requireToken, type TokenCheck } from './token.ts';

export interface TrackDeps {
  siteById: SiteById;
  ingest: Ingest;
  geo: GeoLookup;
  tokens: TokenCheck;
}

/** What the HTTP request itself says: its context (address, headers, now) and its Referer. */
export interface Sender {
  ctx: RequestContext;
  referer: string | undefined;
}

/**
 * One tracking request (a GET, a POST or a bulk item) → the collector's ingest, so drop rules,
 * enrichment and identity are the collector's. Null when there is nothing to record: no `rec=1`
 * (Matomo then does nothing either, not even validate) or an action Cairn has no event for.
 * Throws AppError: 4xx with a reason for bad input, 503 when the event could not be stored.
 * `_id`, `cid`, `uid`, `pv_id` and every other parameter not read here are ignored.
 */
export async function track(params: Params, sender: Sender, deps: TrackDeps): Promise<IngestResult | null> {
  if (param(params, 'rec') !== '1') return null;
  const site = await findSite(params, deps.siteById);
  const time = eventTime(params, sender.ctx.ts);
  const action = actionFor(params, site);
  if (!action) return null;
  const payload = toPayload(params, site.domain, action, sender.referer);
  const ctx = trackingContext(sender.ctx, params, time.ts, deps.geo);
  await requireToken(params, site.id, time.protectedBy, deps.tokens);
  return store(deps.ingest, payload, ctx);
}

async function findSite(params: Params, siteById: SiteById) {
  const idsite = param(params, 'idsite');
  if (idsite === undefined) throw badRequest('idsite is required: the numeric id of a Cairn site (`cairn site list`)');
  if (!/^\d{1,9}$/.test(idsite) || Number(idsite) === 0) throw badRequest('idsite must be a site id (a whole number from 1)');
  const found = siteById(Number(idsite));
  const site = found instanceof Promise ? await found : found;
  if (!site) throw new AppError(400, 'unknown_site', `no site has idsite ${idsite}`);
  return site;
}
