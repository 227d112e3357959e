import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Schema } from '../db/schema.ts';

export interface AttemptLimit {
  /** Attempts counted together when they fall within this many ms of the first. */
  windowMs: number;
  /** The attempt that brings the count to this locks the key for `lockMs`. */
  lockAt: number;
  lockMs: number;
  /** No attempt is counted (or allowed) past this many in a window. */
  max: number;
  /** Whether an attempt may go ahead while the key is locked (still within `max`). */
  passLock: boolean;
}

/**
 * Counts one attempt for `key` and answers the new count, or undefined when the key is locked or
 * full and nothing was counted. One statement decides and counts, so concurrent attempts (on one
 * server or several) can never all see room that only one of them may take: the upsert's WHERE
 * turns a refused attempt into no update, and RETURNING then gives no row.
 */
export async function reserveAttempt(db: Kysely<Schema>, key: string, now: number, limit: AttemptLimit): Promise<number | undefined> {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, attempts: 1, window_started_at: now, locked_until: limit.lockAt <= 1 ? now + limit.lockMs : 0 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => {
          const stale = isStale(now, limit.windowMs);
          // SQLite evaluates every SET expression against the old row, hence `attempts + 1` here.
          const locks = eb.and([eb(eb('login_throttle.attempts', '+', 1), '>=', limit.lockAt), eb('login_throttle.locked_until', '<=', now)]);
          return {
            attempts: eb.case().when(stale).then(eb.val(1)).else(eb('login_throttle.attempts', '+', 1)).end(),
            window_started_at: eb.case().when(stale).then(eb.val(now)).else(eb.ref('login_throttle.window_started_at')).end(),
            locked_until: eb
              .case()
              .when(stale)
              .then(eb.val(limit.lockAt <= 1 ? now + limit.lockMs : 0))
              .when(locks)
              .then(eb.val(now + limit.lockMs))
              .else(eb.ref('login_throttle.locked_until'))
              .end(),
          };
        })
        .where((eb) => {
          const room = eb('login_throttle.attempts', '<', limit.max);
          return eb.or([isStale(now, limit.windowMs), limit.passLock ? room : eb.and([room, eb('login_throttle.locked_until', '<=', now)])]);
        }),
    )
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts;
}

/** A row whose window and lock are both over counts nothing any more; it starts again at this attempt. */
const isStale = (now: number, windowMs: number) =>
  sql<SqlBool>`(${sql.ref('login_throttle.window_started_at')} <= ${now - windowMs} and ${sql.ref('login_throttle.locked_until')} <= ${now})`;

/** When the key counts nothing any more: its window and its lock both over. 0 without a row. */
export async function attemptsCountUntil(db: Kysely<Schema>, key: string, windowMs: number): Promise<number> {
  const row = await db.selectFrom('login_throttle').select(['window_started_at', 'locked_until']).where('key', '=', key).executeTakeFirst();
  return row ? Math.max(row.window_started_at + windowMs, row.locked_until) : 0;
}

/** Takes back one attempt that turned out well, and the lock it may have set. */
export async function refundAttempt(db: Kysely<Schema>, key: string, lockAt: number): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({
      attempts: eb.case().when('attempts', '>', 0).then(eb('attempts', '-', 1)).else(0).end(),
      locked_until: eb.case().when(eb('attempts', '-', 1), '<', lockAt).then(0).else(eb.ref('locked_until')).end(),
    }))
    .where('key', '=', key)
    .execute();
}

export async function clearAttempts(db: Kysely<Schema>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Rows whose window and lock are both over say nothing any more; guessed emails must not pile up. */
export async function purgeStaleAttempts(db: Kysely<Schema>, now: number, windowMs: number): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_started_at', '<=', now - windowMs).where('locked_until', '<=', now).execute();
}
