import type { Kysely } from 'kysely';
import type { Schema, Site } from '../db/schema.ts';

export interface NewSite {
  domain: string;
  timezone: string;
  hostnames?: string[];
}

export async function insertSite(db: Kysely<Schema>, site: NewSite, now = Date.now()): Promise<Site> {
  return db
    .insertInto('sites')
    .values({
      domain: site.domain,
      timezone: site.timezone,
      hostnames: JSON.stringify(site.hostnames ?? []),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listSites(db: Kysely<Schema>): Promise<Site[]> {
  return db.selectFrom('sites').selectAll().orderBy('id').execute();
}

export function findSiteByDomain(db: Kysely<Schema>, domain: string): Promise<Site | undefined> {
  return db.selectFrom('sites').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export function findSiteById(db: Kysely<Schema>, id: number): Promise<Site | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export type SiteSettings = Partial<
  Pick<
    Site,
    'timezone' | 'hostnames' | 'excluded_ips' | 'excluded_paths' | 'honor_dnt' | 'raw_retention_days' | 'aggregate_retention_months'
  >
>;

export async function updateSite(db: Kysely<Schema>, id: number, settings: SiteSettings): Promise<void> {
  // Nothing to change (`site set x`, PATCH {}) would otherwise render `set where`, a syntax error.
  if (Object.values(settings).every((v) => v === undefined)) return;
  await db.updateTable('sites').set(settings).where('id', '=', id).execute();
}
