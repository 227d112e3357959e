import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

export interface FailurePolicy {
  /** Failures counted together when they fall within this many ms of the first. */
  windowMs: number;
  /** The failure that reaches this count locks the email. */
  maxFailures: number;
  lockMs: number;
}

export async function lockedUntil(db: Kysely<Schema>, email: string): Promise<number> {
  const row = await db.selectFrom('login_attempts').select('locked_until').where('email', '=', email).executeTakeFirst();
  return row?.locked_until ?? 0;
}

/**
 * Counts one failure in a single upsert, so concurrent attempts on several servers all count.
 * SQLite evaluates every SET expression against the old row, hence `failures + 1` in the lock test.
 */
export async function recordFailure(db: Kysely<Schema>, email: string, now: number, policy: FailurePolicy): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ email, failures: 1, window_started_at: now, locked_until: policy.maxFailures <= 1 ? now + policy.lockMs : 0 })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => {
        const stale = eb('login_attempts.window_started_at', '<=', now - policy.windowMs);
        const reachesMax = eb(eb('login_attempts.failures', '+', 1), '>=', policy.maxFailures);
        return {
          failures: eb.case().when(stale).then(eb.val(1)).else(eb('login_attempts.failures', '+', 1)).end(),
          window_started_at: eb.case().when(stale).then(eb.val(now)).else(eb.ref('login_attempts.window_started_at')).end(),
          locked_until: eb.case().when(eb.and([eb.not(stale), reachesMax])).then(eb.val(now + policy.lockMs)).else(eb.ref('login_attempts.locked_until')).end(),
        };
      }),
    )
    .execute();
}

export async function clearFailures(db: Kysely<Schema>, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('email', '=', email).execute();
}

/** Rows whose window and lock are both over say nothing any more; guessed emails must not pile up. */
export async function purgeStaleAttempts(db: Kysely<Schema>, now: number, windowMs: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('window_started_at', '<=', now - windowMs).where('locked_until', '<=', now).execute();
}
