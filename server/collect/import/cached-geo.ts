import type { GeoInfo, GeoLookup } from '../enrich/geo.ts';

const GEO_CACHE_SIZE = 10_000;

/**
 * A visit's events sit close together in an export, so one address repeats within a few lines.
 * A plain Map emptied when full, not the LRU: with a stream of new addresses every insert
 * would evict, and LRU eviction (Map's first key) slows down as deleted slots pile up.
 */
export function cachedGeo(lookup: GeoLookup): GeoLookup {
  const cache = new Map<string, GeoInfo>();
  return (ip) => {
    let geo = cache.get(ip);
    if (!geo) {
      if (cache.size >= GEO_CACHE_SIZE) cache.clear();
      geo = lookup(ip);
      cache.set(ip, geo);
    }
    return geo;
  };
}
