import type { EventInsert } from '../db/event-appender.ts';
import { channelFor } from './enrich/channel.ts';
import type { GeoInfo } from './enrich/geo.ts';
import { normalizePath } from '../utils/normalize-path.ts';
import type { Enricher } from './enricher.ts';
import type { EventWriter } from './event-writer.ts';
import type { Identity } from './identity.ts';
import type { EventPayload } from './payload.ts';
import type { SiteLookup } from './site-cache.ts';
import type { SiteRules } from './site-rules.ts';
import { NOT_CUSTOM_EVENTS } from '../vocabulary/dimensions.ts';

/** What the request tells about its sender. Lives only in memory, for this request. */
export interface RequestContext {
  ip: string;
  userAgent: string;
  acceptLanguage: string | undefined;
  doNotTrack: boolean;
  ts: number;
  /** Replaces the address's location (the Matomo API's token-protected `country`, `region`, `city`). */
  geo?: GeoInfo;
}

/** Why an event is not stored, precisely: what `cairn import` reports to the admin who runs it. */
export type DropReason =
  | 'bot'
  | 'unknown_site'
  | 'hostname_not_allowed'
  | 'excluded_path'
  | 'excluded_ip'
  | 'do_not_track';

/**
 * The reason the collector tells its anonymous senders (`X-Cairn-Dropped`). An unknown domain and
 * a configured one sent from a foreign hostname sound alike, or anyone could ask which domains
 * this server counts without leaving a trace in them.
 */
export type PublicDropReason = Exclude<DropReason, 'unknown_site' | 'hostname_not_allowed'> | 'site_not_allowed';

export const publicDropReason = (reason: DropReason): PublicDropReason =>
  reason === 'unknown_site' || reason === 'hostname_not_allowed' ? 'site_not_allowed' : reason;

export interface IngestResult {
  stored: number;
  dropped: DropReason | undefined;
}

/** Page views and engagement reports are not interactions; every custom event is, unless it says otherwise. */
const NON_INTERACTIVE: ReadonlySet<string> = new Set(NOT_CUSTOM_EVENTS);

/** validate → drop → enrich → identify → append, for one event sent to one or more sites. */
export function createIngest(deps: {
  sites: SiteLookup;
  identity: Identity;
  enricher: Enricher;
  writer: EventWriter;
}) {
  const { sites, identity, enricher, writer } = deps;

  return async function ingest(payload: EventPayload, ctx: RequestContext): Promise<IngestResult> {
    if (enricher.isBot(ctx.userAgent)) return { stored: 0, dropped: 'bot' };

    const rows: EventInsert[] = [];
    let dropped: DropReason | undefined;
    let geo: GeoInfo | undefined;
    for (const domain of payload.domains) {
      const found = sites(domain);
      const site = found instanceof Promise ? await found : found;
      const reason = dropReason(site, payload, ctx);
      if (reason || !site) {
        dropped ??= reason ?? 'unknown_site';
        continue;
      }
      geo ??= ctx.geo ?? enricher.geo(ctx.ip);
      const key = identity.visitorFor({
        siteId: site.id,
        timezone: site.timezone,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        ts: ctx.ts,
      });
      const visitor = typeof key === 'number' ? key : await key;
      rows.push(prepareRow(site, payload, ctx, visitor, geo, enricher));
    }
    await writer.write(rows);
    return { stored: rows.length, dropped: rows.length > 0 ? undefined : dropped };
  };
}

/** Why an event for this site is not stored, or undefined; shared with `cairn import`. */
export function dropReason(site: SiteRules | null, payload: EventPayload, ctx: RequestContext): DropReason | undefined {
  if (!site) return 'unknown_site';
  if (!site.isOwnHost(payload.url.hostname)) return 'hostname_not_allowed';
  if (site.isExcludedPath(payload.url.pathname)) return 'excluded_path';
  if (site.isExcludedIp(ctx.ip)) return 'excluded_ip';
  if (site.honorDnt && ctx.doNotTrack) return 'do_not_track';
  return undefined;
}

/** The stored row for one accepted event: pure, so `cairn import` enriches exactly as the collector does. */
export function prepareRow(
  site: SiteRules,
  payload: EventPayload,
  ctx: RequestContext,
  visitor: number,
  geo: GeoInfo,
  enricher: Enricher,
): EventInsert {
  const { url } = payload;
  const ua = enricher.userAgent(ctx.userAgent);
  const referrer = enricher.referrer({
    referrer: payload.referrer,
    pageParams: url.searchParams,
    isOwnHost: site.isOwnHost,
  });
  const utm = enricher.utm(url.searchParams);
  const engagement = payload.name === 'engagement';
  return {
    site_id: site.id,
    ts: ctx.ts,
    visitor,
    name: payload.name,
    hostname: url.hostname.replace(/^www\./, ''),
    pathname: normalizePath(url.pathname + (payload.keepHash ? url.hash : '')),
    referrer_source: referrer.source,
    referrer_host: referrer.host,
    utm_medium: utm.medium,
    utm_source: utm.source,
    utm_campaign: utm.campaign,
    utm_term: utm.term,
    utm_content: utm.content,
    channel: channelFor({ source: referrer.source, utmMedium: utm.medium, utmSource: utm.source }),
    country: geo.country,
    region: geo.region,
    city: geo.city,
    browser: ua.browser,
    browser_version: ua.browserVersion,
    os: ua.os,
    os_version: ua.osVersion,
    device: ua.device,
    screen: enricher.screen(payload.width),
    language: enricher.language(ctx.acceptLanguage),
    props: payload.props ? JSON.stringify(payload.props) : null,
    interactive: engagement ? 0 : Number(payload.interactive ?? !NON_INTERACTIVE.has(payload.name)),
    revenue_amount: payload.revenue?.amount ?? null,
    revenue_currency: payload.revenue?.currency ?? null,
    // An engagement event without a time is a heartbeat (Matomo's ping): it keeps the visit open, but reports no view.
    engaged_ms: engagement ? (payload.engagedMs ?? null) : null,
    scroll_depth: engagement ? (payload.scrollDepth ?? null) : null,
  };
}
