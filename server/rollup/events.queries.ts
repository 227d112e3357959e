import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { RAW_EVENT_COLUMNS, type RawEvent } from './raw-event.ts';

/**
 * A site's events in [from, to), in time order: the (site_id, ts) index's own order. With
 * `columns`, only those are read (the others are undefined): raw queries read what they need.
 */
export function loadEvents(
  db: Kysely<Schema>,
  siteId: number,
  from: number,
  to: number,
  columns: ReadonlyArray<keyof RawEvent> = RAW_EVENT_COLUMNS,
): Promise<RawEvent[]> {
  return db
    .selectFrom('events')
    .select(columns as typeof RAW_EVENT_COLUMNS)
    .where('site_id', '=', siteId)
    .where('ts', '>=', from)
    .where('ts', '<', to)
    .orderBy('ts')
    .orderBy('id')
    .execute();
}

export async function firstEventTs(db: Kysely<Schema>, siteId: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.min('ts').as('ts'))
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.ts ?? null;
}

export async function maxEventId(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id ?? 0;
}

/** Quarter hours (UTC, as ms) holding a site's events with ids in (after, upTo]: where late or imported events landed. */
export async function newEventQuarters(db: Kysely<Schema>, siteId: number, after: number, upTo: number): Promise<number[]> {
  // By id range alone, then the site: with site_id in the WHERE, SQLite would walk the site's
  // (site_id, ts) index over every event the site ever had.
  const rows = await db
    .selectFrom('events')
    .select((eb) => ['site_id', eb('ts', '-', eb('ts', '%', 900_000)).as('quarter')])
    .distinct()
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .execute();
  return rows.filter((r) => r.site_id === siteId).map((r) => Number(r.quarter));
}
