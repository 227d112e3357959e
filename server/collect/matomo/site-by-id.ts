import type { Kysely } from 'kysely';
import { listGoalRows } from '../../admin/goals.queries.ts';
import { findSiteById } from '../../admin/sites.queries.ts';
import type { Schema } from '../../db/schema.ts';
import { createTtlCache } from '../ttl-cache.ts';

/** What the Matomo endpoint needs of a site; everything else comes from the collector's domain cache. */
export interface MatomoSite {
  id: number;
  domain: string;
  timezone: string;
  /** Goal id → the event name an event goal matches. Page goals are left out: a visit completes them. */
  eventGoals: ReadonlyMap<number, string>;
}

/** Sites by their numeric id (Matomo's `idsite`), with their event goals, cached as site-cache.ts caches by domain. */
export function createSiteById(db: Kysely<Schema>, ttlMs = 5_000, max = 10_000) {
  return createTtlCache<number, MatomoSite | null>(
    async (id) => {
      const row = await findSiteById(db, id);
      if (!row) return null;
      const goals = await listGoalRows(db, row.id);
      const eventGoals = new Map(goals.filter((g) => g.kind === 'event').map((g) => [g.id, g.pattern]));
      return { id: row.id, domain: row.domain, timezone: row.timezone, eventGoals };
    },
    ttlMs,
    max,
  );
}

export type SiteById = ReturnType<typeof createSiteById>;
