import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { parseStoredProps } from '../props.ts';
import { TOTALS_DIM } from '../engine/stored-dimensions.ts';
import { PROPERTY_PREFIX } from '../vocabulary/dimensions.ts';

/** The newest event's time, or null: one step down the (site_id, ts) index, cheap enough to poll. */
export async function lastEventTs(db: Kysely<Schema>, siteId: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('ts').as('ts'))
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.ts ?? null;
}

/**
 * Whether the aggregates hold any day of the site: after retention has deleted every raw event,
 * the rolled-up days still have numbers to show. One primary-key seek (site_id, dim '').
 */
export async function hasAggregates(db: Kysely<Schema>, siteId: number): Promise<boolean> {
  const row = await db
    .selectFrom('agg_daily')
    .select('day')
    .where('site_id', '=', siteId)
    .where('dim', '=', TOTALS_DIM)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ';' is the character after ':', so [PROPERTY_PREFIX, PROPS_DIM_END) is every property dimension: a range on the primary key.
const PROPS_DIM_END = `${PROPERTY_PREFIX.slice(0, -1)};`;

/**
 * Property keys on a site's events named `name` in [from, to), with how many of those events
 * carry each. Reads at most `scan` of them, newest first, so a long range stays cheap.
 */
export async function eventPropKeys(
  db: Kysely<Schema>,
  siteId: number,
  name: string,
  range: { from: number; to: number },
  scan = 20_000,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select('props')
    .where('site_id', '=', siteId)
    .where('ts', '>=', range.from)
    .where('ts', '<', range.to)
    .where('name', '=', name)
    .where('props', 'is not', null)
    .orderBy('ts', 'desc')
    .limit(scan)
    .execute();
  const counts = new Map<string, number>();
  for (const { props } of rows) {
    const parsed = parseStoredProps(props);
    if (parsed) for (const key of Object.keys(parsed)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Property keys the aggregates store for the site's rolled-up days in [fromDay, toDay] whose raw
 * events are gone (`raw_purged`), with their event counts. The aggregates keep property keys per
 * day but not per event name, so these are the keys of any event on those days.
 */
export async function purgedDayPropKeys(db: Kysely<Schema>, siteId: number, fromDay: string, toDay: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('agg_daily')
    .select(['dim'])
    .select((eb) => eb.fn.sum<number>('events').as('events'))
    .where('site_id', '=', siteId)
    .where('dim', '>=', PROPERTY_PREFIX)
    .where('dim', '<', PROPS_DIM_END)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .where('day', 'in', (eb) =>
      eb
        .selectFrom('rollup_days')
        .select('day')
        .where('site_id', '=', siteId)
        .where('raw_purged', '=', 1)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay),
    )
    .groupBy('dim')
    .execute();
  return new Map(rows.map((r) => [r.dim.slice(PROPERTY_PREFIX.length), Number(r.events)]));
}
