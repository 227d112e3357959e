import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

const BATCH = 5_000;

/** Deletes a site's raw events before `ts` a batch at a time, yielding in between so ingestion never waits long. */
export async function deleteEventsBefore(db: Kysely<Schema>, siteId: number, ts: number): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.selectFrom('events').select('id').where('site_id', '=', siteId).where('ts', '<', ts).limit(BATCH);
    const result = await db.deleteFrom('events').where('id', 'in', batch).executeTakeFirst();
    const n = Number(result.numDeletedRows);
    total += n;
    if (n < BATCH) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
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

export async function deleteAggregatesBefore(db: Kysely<Schema>, siteId: number, day: string, dryRun: boolean): Promise<number> {
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
  const daily = await db.deleteFrom('agg_daily').where('site_id', '=', siteId).where('day', '<', day).executeTakeFirst();
  await db.deleteFrom('agg_monthly').where('site_id', '=', siteId).where('month', '<', month).execute();
  // rollup_months keeps those months as built: their sums and their days are both gone, alike.
  await db.deleteFrom('agg_hourly').where('site_id', '=', siteId).where('hour', '<', `${day}T00`).execute();
  return Number(daily.numDeletedRows);
}

/** Events of sites that no longer exist (events carry no foreign key, for insert speed). */
export async function deleteOrphanEvents(db: Kysely<Schema>): Promise<number> {
  const result = await db
    .deleteFrom('events')
    .where('site_id', 'not in', db.selectFrom('sites').select('id'))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
