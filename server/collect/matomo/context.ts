import { isIP } from 'node:net';
import { badRequest } from '../../errors.ts';
import type { GeoInfo, GeoLookup } from '../enrich/geo.ts';
import { cleanParam } from '../enrich/utm.ts';
import type { RequestContext } from '../ingest.ts';
import { param, type Params } from './params.ts';

const MAX_USER_AGENT = 2_000;

/**
 * The sender as one tracking request describes it: the HTTP request's own context with
 * `cip` (address), `ua` (user agent), `lang` (Accept-Language) and `country`/`region`/`city`
 * on top. Like the headers they replace, they live in memory for this request only.
 * The caller has checked token_auth for `cip` and the location parameters.
 */
export function trackingContext(base: RequestContext, params: Params, ts: number, geo: GeoLookup): RequestContext {
  const ip = clientIp(param(params, 'cip')) ?? base.ip;
  const ua = param(params, 'ua');
  if (ua !== undefined && ua.length > MAX_USER_AGENT) throw badRequest(`ua is longer than ${MAX_USER_AGENT} characters`);
  const ctx: RequestContext = {
    ip,
    userAgent: ua ?? base.userAgent,
    acceptLanguage: param(params, 'lang') ?? base.acceptLanguage,
    doNotTrack: base.doNotTrack,
    ts,
  };
  const place = placeOverride(params, () => geo(ip));
  if (place) ctx.geo = place;
  return ctx;
}

function clientIp(cip: string | undefined): string | undefined {
  if (cip === undefined) return undefined;
  if (isIP(cip) === 0) throw badRequest('cip is not an IPv4 or IPv6 address');
  // As the collector reads a socket: an IPv4 client seen through dual stack is one visitor.
  return cip.toLowerCase().startsWith('::ffff:') && isIP(cip.slice(7)) === 4 ? cip.slice(7) : cip;
}

/**
 * The location with `country` (ISO 3166-1 alpha-2), `region` (the subdivision code, `BE` or
 * `DE-BE`) and `city` put over the address's own. A new country drops the address's region and
 * city, which belong to the old one. Undefined when none of the three is given.
 */
export function placeOverride(params: Params, lookup: () => GeoInfo): GeoInfo | undefined {
  const country = param(params, 'country');
  const region = param(params, 'region');
  const city = param(params, 'city');
  if (country === undefined && region === undefined && city === undefined) return undefined;
  if (country !== undefined && !/^[a-z]{2}$/i.test(country)) throw badRequest('country must be a two-letter ISO 3166-1 code such as DE');
  const found = lookup();
  const place: GeoInfo = country === undefined || country.toUpperCase() === found.country
    ? { ...found }
    : { country: country.toUpperCase(), region: '', city: '' };
  if (region !== undefined) place.region = regionCode(region, place.country);
  if (city !== undefined) place.city = cleanParam(city);
  return place;
}

function regionCode(region: string, country: string): string {
  const code = region.toUpperCase();
  if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(code)) return code;
  if (!/^[A-Z0-9]{1,3}$/.test(code)) throw badRequest('region must be a subdivision code such as BE or DE-BE');
  // Cairn keeps ISO 3166-2 (`DE-BE`); without a country the bare code means nothing.
  return country ? `${country}-${code}` : '';
}
