import type { Kysely } from 'kysely';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import type { Schema } from '../db/schema.ts';
import { compileSiteRules, type SiteRules } from './site-rules.ts';
import { createTtlCache } from './ttl-cache.ts';

/** Site rules by domain, cached for a few seconds (see ttl-cache.ts). */
export function createSiteCache(db: Kysely<Schema>, ttlMs = 5_000, max = 10_000) {
  return createTtlCache<string, SiteRules | null>(
    async (domain) => {
      const site = await findSiteByDomain(db, domain);
      return site ? compileSiteRules(site) : null;
    },
    ttlMs,
    max,
  );
}

export type SiteLookup = ReturnType<typeof createSiteCache>;
