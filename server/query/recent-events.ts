import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { RAW_EVENT_COLUMNS, type RawEvent } from '../rollup/raw-event.ts';
import { loadEvents } from '../rollup/events.queries.ts';
import { slice } from './from-events.ts';
import { createTailGroups } from './tail-groups.ts';

/** Spans longer than this are read from the database each time; the cache is for the raw tail. */
const MAX_SPAN_MS = 3 * 86_400_000;

interface Entry {
  from: number;
  maxId: number;
  events: RawEvent[];
}

/**
 * The raw events of the days not rolled up yet (today, mostly), kept per site and topped up with
 * the events added since (by id, a cheap rowid range). Every report over a range that includes
 * today needs them; reading 20,000 rows per query was most of a year's report time. The database
 * stays the truth: this is a copy that only ever grows by what the database says is new, so any
 * number of servers can each keep one.
 */
export function createRecentEvents(db: Kysely<Schema>, maxSites = 50) {
  const entries = new Map<number, Entry>();

  async function fill(siteId: number, from: number): Promise<Entry> {
    // The id first: events committed after it are the next top-up's, never missed or held twice.
    const upTo = await maxId();
    const events = (await loadEvents(db, siteId, from, Number.MAX_SAFE_INTEGER)).filter((e) => e.id <= upTo);
    const entry = { from, maxId: upTo, events };
    if (entries.size >= maxSites) entries.clear();
    entries.set(siteId, entry);
    return entry;
  }

  async function maxId(): Promise<number> {
    const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return row?.id ?? 0;
  }

  async function topUp(siteId: number, entry: Entry): Promise<Entry> {
    // By id alone: with site_id in the WHERE, SQLite walks the site's (site_id, ts) index,
    // every event the site ever had, instead of the few rows past maxId.
    const fresh = (await db.selectFrom('events').select(['site_id', ...RAW_EVENT_COLUMNS]).where('id', '>', entry.maxId).orderBy('id').execute())
      .filter((e) => e.site_id === siteId);
    const last = entry.events.at(-1)?.ts ?? -Infinity;
    // Late or imported events older than what we hold: start over rather than splice.
    if (fresh.some((e) => e.ts < last && e.ts >= entry.from)) return fill(siteId, entry.from);
    for (const e of fresh) if (e.ts >= entry.from) entry.events.push(e);
    if (fresh.length > 0) entry.maxId = Math.max(entry.maxId, fresh.at(-1)!.id);
    return entry;
  }

  /** A site's events in [from, to), in time order; from the copy when the span is short. */
  async function recentEvents(siteId: number, from: number, to: number, load: () => Promise<RawEvent[]>): Promise<RawEvent[]> {
    if (to - from > MAX_SPAN_MS) return load();
    let entry = entries.get(siteId);
    entry = entry && entry.from <= from ? await topUp(siteId, entry) : await fill(siteId, from);
    return slice(entry.events, from, to);
  }

  // The groups of the copy's day windows, kept up to date as the copy grows.
  return Object.assign(recentEvents, { groupings: createTailGroups() });
}

export type RecentEvents = ReturnType<typeof createRecentEvents>;
