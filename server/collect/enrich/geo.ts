import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type CityResponse, type CountryResponse, type Response } from 'maxmind';
import { publicIp } from './ip-address.ts';
import { createLruCache } from './lru-cache.ts';

export interface GeoInfo {
  country: string;
  region: string;
  city: string;
}

export type GeoLookup = (ip: string) => GeoInfo;

/** The bundled CC0 ip-location-db database stores a flat { country_code: 'US' } record. */
type CountryRecord = CountryResponse & { country_code?: string };

// Decoded-record cache per reader; records are shared by whole networks, so hits are common.
const RECORD_CACHE_SIZE = 5000;

function bundledCountryDbPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json');
  // The un-suffixed file holds IPv4 and IPv6; the -ipv4/-ipv6 files hold one family each.
  return join(dirname(pkg), 'geo-whois-asn-country.mmdb');
}

async function openReader<T extends Response>(path: string): Promise<Reader<T>> {
  try {
    const cache = createLruCache<string | number, unknown>(RECORD_CACHE_SIZE);
    return new Reader<T>(await readFile(path), { cache });
  } catch (err) {
    const reason = (err as Error).message;
    throw new Error(`Cannot open GeoIP database ${path}: ${reason}`, { cause: err });
  }
}

function isoCountry(code: string | undefined): string {
  return code && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : '';
}

/**
 * Country from the bundled CC0 database; with `cityDbPath` (GeoLite2-City or DB-IP
 * city-lite layout) that file also supplies country, ISO 3166-2 region and English city name.
 * The lookup never throws: bad, private and unknown addresses give empty strings.
 */
export async function openGeoLookup(opts: { cityDbPath?: string }): Promise<GeoLookup> {
  const countries = await openReader<CountryRecord>(bundledCountryDbPath());
  const cities = opts.cityDbPath ? await openReader<CityResponse>(opts.cityDbPath) : undefined;
  // An IPv4-only tree answers IPv6 queries with whatever sits at its root: skip those.
  const citiesCoverV6 = cities?.metadata.ipVersion === 6;

  return function lookup(ip: string): GeoInfo {
    const geo: GeoInfo = { country: '', region: '', city: '' };
    try {
      const addr = publicIp(ip);
      if (!addr) return geo;
      const useCities = cities && (addr.family === 4 || citiesCoverV6);
      const place = useCities ? cities.get(addr.address) : null;
      if (place) {
        geo.country = isoCountry(place.country?.iso_code);
        const subdivision = place.subdivisions?.[0]?.iso_code;
        if (geo.country && subdivision) geo.region = `${geo.country}-${subdivision.toUpperCase()}`;
        geo.city = place.city?.names?.en ?? '';
      }
      if (!geo.country) geo.country = isoCountry(countries.get(addr.address)?.country_code);
    } catch {
      // A corrupt or unexpected record must not take the collector down; report unknown.
      return { country: '', region: '', city: '' };
    }
    return geo;
  };
}
