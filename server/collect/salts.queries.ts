import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** The salt for a day, created by whichever collector asks first; all collectors then agree on it. */
export async function getOrCreateSalt(
  db: Kysely<Schema>,
  day: string,
  fresh: Uint8Array,
  now: number,
): Promise<Uint8Array> {
  await db
    .insertInto('salts')
    .values({ day, salt: fresh, created_at: now })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const row = await db.selectFrom('salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  return row.salt;
}

export async function findSalt(db: Kysely<Schema>, day: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('salts').select('salt').where('day', '=', day).executeTakeFirst();
  return row?.salt;
}

/** The salts row of a past day's backfill (Matomo requests dated by `cdt`): never the day's own salt. */
export const backfillSaltKey = (day: string) => `backfill:${day}`;

/**
 * Deletes every salt not in `keep` (backfill salts once made before `backfillBefore`), and any
 * made before `createdBefore` whatever it serves.
 */
export async function deleteSalts(db: Kysely<Schema>, keep: string[], createdBefore: number, backfillBefore = createdBefore): Promise<number> {
  const result = await db
    .deleteFrom('salts')
    .where((eb) =>
      eb.or([
        eb.and([
          keep.length > 0 ? eb('day', 'not in', keep) : eb.lit(true),
          eb.or([eb('day', 'not like', 'backfill:%'), eb('created_at', '<', backfillBefore)]),
        ]),
        eb('created_at', '<', createdBefore),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function siteTimezones(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db.selectFrom('sites').select('timezone').distinct().execute();
  return rows.map((r) => r.timezone);
}

/** Whether the visitor hash has an event for the site since `since`: a visit in progress. */
export async function hasRecentEvent(
  db: Kysely<Schema>,
  siteId: number,
  visitor: number,
  since: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('events')
    .select('id')
    .where('site_id', '=', siteId)
    .where('ts', '>=', since)
    .where('visitor', '=', visitor)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
