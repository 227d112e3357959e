import { createBotDetector } from './enrich/bot.ts';
import type { GeoLookup } from './enrich/geo.ts';
import { createLruCache } from './enrich/lru-cache.ts';
import { primaryLanguage } from './enrich/language.ts';
import { resolveReferrer } from './enrich/referrer.ts';
import { screenClass } from './enrich/screen.ts';
import { createUserAgentParser } from './enrich/user-agent.ts';
import { extractUtm } from './enrich/utm.ts';

/** The enrichment steps bundled with their caches; one per app, so tests get fresh caches. */
export function createEnricher(geo: GeoLookup) {
  return {
    isBot: createBotDetector(),
    userAgent: createUserAgentParser(),
    geo,
    referrer: resolveReferrer,
    utm: extractUtm,
    language: cached(primaryLanguage),
    screen: screenClass,
  };
}

export type Enricher = ReturnType<typeof createEnricher>;

/** Accept-Language headers repeat as much as user agents do; parse each once. */
function cached(parse: (header: string | undefined) => string) {
  const cache = createLruCache<string, string>(2_000);
  return (header: string | undefined) => {
    if (!header) return '';
    let value = cache.get(header);
    if (value === undefined) cache.set(header, (value = parse(header)));
    return value;
  };
}
