import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** The newest event's time, or null: one step down the (site_id, ts) index, cheap enough to poll. */
export async function lastEventTs(db: Kysely<Schema>, siteId: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('ts').as('ts'))
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.ts ?? null;
}
