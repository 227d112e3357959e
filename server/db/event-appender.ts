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
export function createEventAppender(db: Db, options: { waitForLock?: boolean } = {}): EventAppender {
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
  const transaction = db.sqlite.transaction((rows: readonly EventInsert[]) => {
    let i = 0;
    for (; i + CHUNK <= rows.length; i += CHUNK) many.run(bind(rows, i, CHUNK));
    for (; i < rows.length; i++) one.run(bind(rows, i, 1));
  });
  // The collector's appender does not wait for the lock: while another connection (the job
  // worker, a second server, an import) holds it, SQLite's busy handler would sleep on the
  // collector's thread. Its writer retries instead, a millisecond or two later, with the event
  // loop free meanwhile. `cairn import` has nothing else to do, so it waits.
  // SQLite applies `pragma busy_timeout` when the statement is prepared, not when it runs, so it
  // is set through better-sqlite3's pragma() each time (a few microseconds), never prepared once.
  const waitMs = Number(db.sqlite.pragma('busy_timeout', { simple: true }));
  const append = (rows: readonly EventInsert[]) => {
    if (options.waitForLock !== false) return transaction.immediate(rows);
    db.sqlite.pragma('busy_timeout = 0');
    try {
      transaction.immediate(rows);
    } finally {
      db.sqlite.pragma(`busy_timeout = ${waitMs}`);
    }
  };
  return Object.assign(append, {
    // A kysely transaction on this same connection is waiting for its next statement: appending now
    // would nest the events inside it (better-sqlite3 makes that a savepoint), so they would commit
    // only with it, after their 202, or roll back with it.
    busy: () => db.sqlite.inTransaction,
  });
}

/**
 * Appends a batch in one transaction, or throws SQLITE_BUSY at once when another connection holds
 * the write lock; `busy()` says the connection is inside someone else's transaction.
 */
export type EventAppender = ((rows: readonly EventInsert[]) => void) & { busy?: () => boolean };
