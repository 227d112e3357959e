import type { CompiledQuery, Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** Waits before the 1st, 2nd, 3rd and every later retry: a bad day costs a little work an hour, not a minute. */
const RETRY_BACKOFF_MS = [1, 5, 15, 60].map((minutes) => minutes * 60_000);
/** An error's text is for people reading the table; a pathological message must not bloat it. */
const MAX_ERROR_LENGTH = 1_000;

export interface RollupFailure {
  attempts: number;
  retryAt: number;
}

/** A site's failed days and months, by day (YYYY-MM-DD) or month (YYYY-MM). */
export async function rollupFailures(db: Kysely<Schema>, siteId: number): Promise<Map<string, RollupFailure>> {
  const rows = await db.selectFrom('rollup_failures').select(['day', 'attempts', 'retry_at']).where('site_id', '=', siteId).execute();
  return new Map(rows.map((r) => [r.day, { attempts: r.attempts, retryAt: r.retry_at }]));
}

/** Records one more failed attempt at a day or month, and when to try again. */
export async function recordFailure(db: Kysely<Schema>, siteId: number, day: string, error: string, attempts: number, now: number): Promise<void> {
  const row = {
    error: error.slice(0, MAX_ERROR_LENGTH),
    attempts,
    failed_at: now,
    retry_at: now + RETRY_BACKOFF_MS[Math.min(attempts, RETRY_BACKOFF_MS.length) - 1]!,
  };
  await db
    .insertInto('rollup_failures')
    .values({ site_id: siteId, day, ...row })
    .onConflict((oc) => oc.columns(['site_id', 'day']).doUpdateSet(row))
    .execute();
}

/** Forgets a day's or month's failures: it has been written since, or can never be (its raw events are gone). */
export async function clearFailure(db: Kysely<Schema>, siteId: number, day: string): Promise<void> {
  await db.executeQuery(clearFailureStatement(db, siteId, day));
}

/** clearFailure as a statement, for the transaction that writes the day. */
export const clearFailureStatement = (db: Kysely<Schema>, siteId: number, day: string): CompiledQuery =>
  db.deleteFrom('rollup_failures').where('site_id', '=', siteId).where('day', '=', day).compile();
