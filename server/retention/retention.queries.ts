import type { Kysely } from 'kysely';
import { bumpState } from '../db/instance-state.queries.ts';
import type { Schema } from '../db/schema.ts';

/** Rows per delete: each delete holds the write lock, and the collector's commits wait behind it. */
const BATCH = 2_000;
/** Between two deletes, time for the collector's commits to take the lock. */
const PAUSE_MS = 10;

/** What a batched delete did: how many rows went, and whether it got to the end (not stopped). */
export interface Deleted {
  count: number;
  complete: boolean;
}

/**
 * Runs `step` (one delete of at most BATCH rows) until it finds fewer, or `stop` says so, pausing
 * between steps: each holds the write lock, and the collector's commits wait behind it.
 */
async function inBatches(step: () => Promise<number>, stop: () => boolean): Promise<Deleted> {
  let count = 0;
  while (!stop()) {
    const n = await step();
    count += n;
    if (n < BATCH) return { count, complete: true };
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return { count, complete: false };
}

/** A site's raw events before `ts` (all of them without it), one batch a step; oldest first, by the (site_id, ts) index. */
function deleteSiteEvents(db: Kysely<Schema>, siteId: number, ts?: number) {
  return async () => {
    let batch = db.selectFrom('events').select('id').where('site_id', '=', siteId);
    if (ts !== undefined) batch = batch.where('ts', '<', ts);
    const result = await db.deleteFrom('events').where('id', 'in', batch.limit(BATCH)).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
}

/**
 * Deletes a site's raw events before `ts` in batches, then tells every server's copy of recent
 * events to drop what it holds.
 */
export async function deleteEventsBefore(db: Kysely<Schema>, siteId: number, ts: number, stop: () => boolean = () => false): Promise<Deleted> {
  const deleted = await inBatches(deleteSiteEvents(db, siteId, ts), stop);
  if (deleted.count > 0) await bumpState(db, 'events_purged');
  return deleted;
}

export async function countEventsBefore(db: Kysely<Schema>, siteId: number, ts: number): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', '=', siteId)
    .where('ts', '<', ts)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRawPurged(db: Kysely<Schema>, siteId: number, beforeDay: string): Promise<void> {
  await db.updateTable('rollup_days').set({ raw_purged: 1 }).where('site_id', '=', siteId).where('day', '<', beforeDay).execute();
}

export async function rolledDayList(db: Kysely<Schema>, siteId: number): Promise<string[]> {
  const rows = await db.selectFrom('rollup_days').select('day').where('site_id', '=', siteId).orderBy('day').execute();
  return rows.map((r) => r.day);
}

/**
 * Deletes a site's aggregates before `day` (months before its month), a day at a time with a pause
 * between: turning on a retention of months over years of aggregates is millions of rows, which
 * one delete would hold the write lock for.
 */
export async function deleteAggregatesBefore(db: Kysely<Schema>, siteId: number, day: string, dryRun: boolean, stop: () => boolean = () => false): Promise<number> {
  const month = day.slice(0, 7);
  if (dryRun) {
    const row = await db
      .selectFrom('agg_daily')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_id', '=', siteId)
      .where('day', '<', day)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const days = await db.selectFrom('agg_daily').select('day').distinct().where('site_id', '=', siteId).where('day', '<', day).orderBy('day').execute();
  let count = 0;
  for (const { day: gone } of days) {
    if (stop()) return count;
    const daily = await db.deleteFrom('agg_daily').where('site_id', '=', siteId).where('day', '=', gone).executeTakeFirst();
    await db.deleteFrom('agg_hourly').where('site_id', '=', siteId).where('hour', '>=', `${gone}T00`).where('hour', '<=', `${gone}T23`).execute();
    count += Number(daily.numDeletedRows);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  // Hours of days with no daily rows (none are written without them, but a crash is a crash).
  await db.deleteFrom('agg_hourly').where('site_id', '=', siteId).where('hour', '<', `${day}T00`).execute();
  // rollup_months keeps those months as built: their sums and their days are both gone, alike.
  await db.deleteFrom('agg_monthly').where('site_id', '=', siteId).where('month', '<', month).execute();
  return count;
}

/**
 * Events of sites that no longer exist (events carry no foreign key, for insert speed). One index
 * seek per distinct site id finds them, and they go in batches: a single `NOT IN (sites)` delete
 * scans every event while it holds the write lock.
 */
export async function deleteOrphanEvents(db: Kysely<Schema>, stop: () => boolean = () => false): Promise<number> {
  const sites = new Set((await db.selectFrom('sites').select('id').execute()).map((r) => r.id));
  let total = 0;
  for (let after = -1; !stop(); ) {
    const next = await db.selectFrom('events').select('site_id').where('site_id', '>', after).orderBy('site_id').limit(1).executeTakeFirst();
    if (!next) break;
    after = next.site_id;
    if (!sites.has(after)) total += (await inBatches(deleteSiteEvents(db, after), stop)).count;
  }
  if (total > 0) await bumpState(db, 'events_purged');
  return total;
}

/** The earliest day (not month) whose rollup failed: retention keeps its raw events for the retry. */
export async function firstFailedDay(db: Kysely<Schema>, siteId: number): Promise<string | null> {
  const row = await db
    .selectFrom('rollup_failures')
    .select((eb) => eb.fn.min('day').as('day'))
    .where('site_id', '=', siteId)
    .where((eb) => eb(eb.fn('length', ['day']), '=', 10))
    .executeTakeFirst();
  return row?.day ?? null;
}
