import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { RAW_EVENT_COLUMNS, type RawEvent } from './raw-event.ts';

/** Visitors to keep: those with at least one event in the span whose `column` is one of `values`. */
export interface VisitorNarrowing {
  column: keyof RawEvent;
  values: readonly string[];
}

/**
 * A site's events in [from, to), in time order: the (site_id, ts) index's own order. With
 * `columns`, only those are read (the others are undefined): raw queries read what they need.
 * With `narrow`, only the events of visitors that pass every narrowing: SQLite checks a column
 * far faster than Node builds the row objects a filter would throw away.
 */
export function loadEvents(
  db: Kysely<Schema>,
  siteId: number,
  from: number,
  to: number,
  columns: ReadonlyArray<keyof RawEvent> = RAW_EVENT_COLUMNS,
  narrow: readonly VisitorNarrowing[] = [],
): Promise<RawEvent[]> {
  let query = db
    .selectFrom('events')
    .select(columns as typeof RAW_EVENT_COLUMNS)
    .where('site_id', '=', siteId)
    .where('ts', '>=', from)
    .where('ts', '<', to);
  for (const { column, values } of narrow) {
    query = query.where('visitor', 'in', (eb) =>
      eb
        .selectFrom('events')
        .select('visitor')
        .where('site_id', '=', siteId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .where(column, 'in', values as string[]),
    );
  }
  return query.orderBy('ts').orderBy('id').execute();
}

export async function firstEventTs(db: Kysely<Schema>, siteId: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.min('ts').as('ts'))
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.ts ?? null;
}

/** A site's first event at or after `from`: one step down the (site_id, ts) index. */
export async function firstEventTsFrom(db: Kysely<Schema>, siteId: number, from: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select('ts')
    .where('site_id', '=', siteId)
    .where('ts', '>=', from)
    .orderBy('ts')
    .limit(1)
    .executeTakeFirst();
  return row?.ts ?? null;
}

/**
 * Every site's events with ids in (after, upTo], in id order. By id range alone: with site_id in
 * the WHERE, SQLite would walk a site's (site_id, ts) index over every event it ever had, instead
 * of the few rows past `after`.
 */
export function eventsAfterId(db: Kysely<Schema>, after: number, upTo: number): Promise<Array<RawEvent & { site_id: number }>> {
  return db.selectFrom('events').select(['site_id', ...RAW_EVENT_COLUMNS]).where('id', '>', after).where('id', '<=', upTo).orderBy('id').execute();
}

/** A site's events from `from` on: a count over the (site_id, ts) index, no row read. */
export async function countEventsFrom(db: Kysely<Schema>, siteId: number, from: number): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', '=', siteId)
    .where('ts', '>=', from)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
