import type { Kysely } from 'kysely';
import { readState } from '../db/instance-state.queries.ts';
import type { Schema } from '../db/schema.ts';
import { eventsWithin, type RawEvent } from '../engine/raw-event.ts';
import { countEventsFrom, eventsAfterId, loadEvents, maxEventId } from '../engine/events.queries.ts';
import { createTailGroups } from './tail-groups.ts';

/** Spans longer than this are read from the database each time; the cache is for the raw tail. */
const MAX_SPAN_MS = 3 * 86_400_000;
const DAY_MS = 86_400_000;

export interface RecentEventsLimits {
  /** Events held for all sites together; the least recently asked site goes first past it. */
  maxEvents?: number;
  maxSites?: number;
  /** Events added since a site's copy was topped up, past which a fresh read by site is cheaper than a read by id. */
  maxTopUp?: number;
}

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
 *
 * It is bounded: a copy starts from the span asked for and drops whole days nobody asks for any
 * more (they have been rolled up); all copies together hold at most `maxEvents` events (a site
 * whose tail alone is larger is read from the database each time, not kept); and when raw events
 * are deleted anywhere (retention, a removed site) every copy is dropped, so nothing the database
 * no longer has is ever served.
 */
export function createRecentEvents(db: Kysely<Schema>, limits: RecentEventsLimits = {}) {
  const maxEvents = limits.maxEvents ?? 250_000;
  const maxSites = limits.maxSites ?? 50;
  const maxTopUp = limits.maxTopUp ?? 50_000;
  /** In least recently used order: the first is evicted first. */
  const entries = new Map<number, Entry>();
  const groupings = createTailGroups();
  let held = 0;
  let purged: number | undefined;

  function drop(siteId: number) {
    const entry = entries.get(siteId);
    if (!entry) return;
    held -= entry.events.length;
    entries.delete(siteId);
    groupings.forget(siteId);
  }

  function keep(siteId: number, entry: Entry) {
    entries.delete(siteId);
    entries.set(siteId, entry);
    for (const [id] of entries) {
      if (held <= maxEvents && entries.size <= maxSites) break;
      if (id !== siteId) drop(id);
    }
    // Grown past the whole budget on its own through the day: from now on read as too large to keep.
    if (entry.events.length > maxEvents) drop(siteId);
  }

  async function fill(siteId: number, from: number, upTo: number): Promise<Entry> {
    drop(siteId);
    const events = (await loadEvents(db, siteId, from, Number.MAX_SAFE_INTEGER)).filter((e) => e.id <= upTo);
    const entry = { from, maxId: upTo, events };
    if (events.length > maxEvents) return entry; // grew past the budget since it was counted: served once, never kept
    held += events.length;
    keep(siteId, entry);
    return entry;
  }

  async function topUp(siteId: number, entry: Entry, upTo: number): Promise<Entry> {
    if (upTo - entry.maxId > maxTopUp) return fill(siteId, entry.from, upTo);
    const fresh = (await eventsAfterId(db, entry.maxId, upTo)).filter((e) => e.site_id === siteId);
    const last = entry.events.at(-1)?.ts ?? -Infinity;
    // Late or imported events older than what we hold: start over rather than splice.
    if (fresh.some((e) => e.ts < last && e.ts >= entry.from)) return fill(siteId, entry.from, upTo);
    const before = entry.events.length;
    for (const e of fresh) if (e.ts >= entry.from) entry.events.push(e);
    held += entry.events.length - before;
    entry.maxId = upTo;
    keep(siteId, entry);
    return entry;
  }

  /** Whole days before `from` that nobody asks for any more: their day was rolled up. */
  function trim(siteId: number, entry: Entry, from: number) {
    if (from - entry.from < DAY_MS) return;
    const kept = eventsWithin(entry.events, from, Number.MAX_SAFE_INTEGER);
    held -= entry.events.length - kept.length;
    entry.events = kept;
    entry.from = from;
    groupings.forget(siteId);
  }

  /** A site's events in [from, to), in time order; from the copy when the span is short. */
  async function recentEvents(siteId: number, from: number, to: number, load: () => Promise<RawEvent[]>): Promise<RawEvent[]> {
    if (to - from > MAX_SPAN_MS) return load();
    const generation = await readState(db, 'events_purged');
    if (generation !== purged) {
      for (const id of [...entries.keys()]) drop(id);
      purged = generation;
    }
    // The id first: events committed after it are the next top-up's, never missed or held twice.
    const upTo = await maxEventId(db);
    const entry = entries.get(siteId);
    if (entry && entry.from <= from) {
      trim(siteId, entry, from);
      return eventsWithin((await topUp(siteId, entry, upTo)).events, from, to);
    }
    // A tail too large to keep is not read whole (every column, every visitor) just to be thrown
    // away: the caller's own read takes only the columns and visitors its query needs.
    if ((await countEventsFrom(db, siteId, from)) > maxEvents) {
      drop(siteId);
      return load();
    }
    return eventsWithin((await fill(siteId, from, upTo)).events, from, to);
  }

  return Object.assign(recentEvents, {
    // The groups of the copy's day windows, kept up to date as the copy grows.
    groupings,
    /** Events held now, for all sites (for /metrics and tests). */
    size: () => held,
    holds: (siteId: number) => entries.has(siteId),
  });
}

export type RecentEvents = ReturnType<typeof createRecentEvents>;
