import type { Kysely } from 'kysely';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import type { Schema } from '../db/schema.ts';
import { compileSiteRules, type SiteRules } from './site-rules.ts';

/**
 * Site lookups by domain, cached for a few seconds. The database stays the only source
 * of truth (collectors are stateless); a settings change reaches every collector within `ttlMs`.
 * Unknown domains are cached too, so a flood for a wrong domain does not become a flood of queries.
 */
export function createSiteCache(db: Kysely<Schema>, ttlMs = 5_000, max = 10_000) {
  const entries = new Map<string, { rules: SiteRules | null; expires: number }>();
  const pending = new Map<string, Promise<SiteRules | null>>();

  async function load(domain: string): Promise<SiteRules | null> {
    const site = await findSiteByDomain(db, domain);
    const rules = site ? compileSiteRules(site) : null;
    if (entries.size >= max) entries.clear();
    entries.set(domain, { rules, expires: Date.now() + ttlMs });
    return rules;
  }

  return function lookup(domain: string): SiteRules | null | Promise<SiteRules | null> {
    const hit = entries.get(domain);
    if (hit && hit.expires > Date.now()) return hit.rules;
    let promise = pending.get(domain);
    if (!promise) {
      promise = load(domain).finally(() => pending.delete(domain));
      pending.set(domain, promise);
    }
    return promise;
  };
}

export type SiteLookup = ReturnType<typeof createSiteCache>;
