import type { Db } from './connect.ts';
import type { NewEvent } from './schema.ts';

/** Every stored column of an event, in the order the prepared statement binds them. */
const COLUMNS = [
  'site_id', 'ts', 'visitor', 'name', 'hostname', 'pathname', 'referrer_source', 'referrer_host',
  'utm_medium', 'utm_source', 'utm_campaign', 'utm_term', 'utm_content', 'country', 'region',
  'city', 'browser', 'browser_version', 'os', 'os_version', 'device', 'screen', 'language',
  'props', 'interactive', 'revenue_amount', 'revenue_currency', 'engaged_ms', 'scroll_depth', 'channel',
] as const satisfies readonly (keyof NewEvent)[];

export type EventInsert = Required<Omit<NewEvent, 'id'>>;

/** Rows per multi-row INSERT: fewer statement executions per commit, far below SQLite's bind limit. */
const CHUNK = 25;

/**
 * Appends a batch of events in one transaction. The statements are compiled by kysely once and
 * prepared once: on the collector's hot path a fresh kysely execute() per row costs more than
 * half the insert rate, and inserting 25 rows per statement saves most of the rest.
 */
export function createEventAppender(db: Db): (rows: readonly EventInsert[]) => void {
  const template = Object.fromEntries(COLUMNS.map((c) => [c, null])) as unknown as EventInsert;
  const prepare = (n: number) =>
    db.sqlite.prepare(db.kysely.insertInto('events').values(Array(n).fill(template)).compile().sql);
  const one = prepare(1);
  const many = prepare(CHUNK);
  const bind = (rows: readonly EventInsert[], from: number, n: number) => {
    const params = new Array(n * COLUMNS.length);
    let k = 0;
    for (let i = from; i < from + n; i++) for (const c of COLUMNS) params[k++] = rows[i]![c];
    return params;
  };
  return db.sqlite.transaction((rows: readonly EventInsert[]) => {
    let i = 0;
    for (; i + CHUNK <= rows.length; i += CHUNK) many.run(bind(rows, i, CHUNK));
    for (; i < rows.length; i++) one.run(bind(rows, i, 1));
  });
}
