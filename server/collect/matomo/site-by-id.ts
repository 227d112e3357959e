import type { Kysely } from 'kysely';
import { listGoalRows } from '../../admin/goals.queries.ts';
import { findSiteById } from '../../admin/sites.queries.ts';
import type { Schema } from '../../db/schema.ts';

/** What the Matomo endpoint needs of a site; everything else comes from the collector's domain cache. */
export interface MatomoSite {
  id: number;
  domain: string;
  timezone: string;
  /** Goal id → the event name an event goal matches. Page goals are left out: a visit completes them. */
  eventGoals: ReadonlyMap<number, string>;
}

/**
 * Sites by their numeric id (Matomo's `idsite`), with their event goals, cached for a few seconds
 * as site-cache.ts caches by domain: the database stays the truth, unknown ids are cached too.
 */
export function createSiteById(db: Kysely<Schema>, ttlMs = 5_000, max = 10_000) {
  const entries = new Map<number, { site: MatomoSite | null; expires: number }>();
  const pending = new Map<number, Promise<MatomoSite | null>>();

  async function load(id: number): Promise<MatomoSite | null> {
    const row = await findSiteById(db, id);
    let site: MatomoSite | null = null;
    if (row) {
      const goals = await listGoalRows(db, row.id);
      const eventGoals = new Map(goals.filter((g) => g.kind === 'event').map((g) => [g.id, g.pattern]));
      site = { id: row.id, domain: row.domain, timezone: row.timezone, eventGoals };
    }
    if (entries.size >= max) entries.clear();
    entries.set(id, { site, expires: Date.now() + ttlMs });
    return site;
  }

  return function lookup(id: number): MatomoSite | null | Promise<MatomoSite | null> {
    const hit = entries.get(id);
    if (hit && hit.expires > Date.now()) return hit.site;
    let promise = pending.get(id);
    if (!promise) {
      promise = load(id).finally(() => pending.delete(id));
      pending.set(id, promise);
    }
    return promise;
  };
}

export type SiteById = ReturnType<typeof createSiteById>;
