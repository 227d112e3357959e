import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { clearFailures, lockedUntil, purgeStaleAttempts, recordFailure, type FailurePolicy } from './login-attempts.queries.ts';

/** 10 failures for one email within 15 minutes lock that email for 15 minutes. */
export const LOGIN_POLICY: FailurePolicy = { windowMs: 15 * 60_000, maxFailures: 10, lockMs: 15 * 60_000 };

/**
 * Per email, whether or not an account has it, so the lock says nothing about who exists.
 * Kept in the database: any of several stateless servers may answer the next attempt.
 * Emails are cut to 254 characters so a guessed key cannot be made arbitrarily large.
 */
const key = (email: string) => email.slice(0, 254);

/** Milliseconds until the email may try again; 0 when it may try now. */
export async function loginLockedFor(db: Kysely<Schema>, email: string, now = Date.now()): Promise<number> {
  return Math.max(0, (await lockedUntil(db, key(email))) - now);
}

export async function loginFailed(db: Kysely<Schema>, email: string, now = Date.now()): Promise<void> {
  await purgeStaleAttempts(db, now, LOGIN_POLICY.windowMs);
  await recordFailure(db, key(email), now, LOGIN_POLICY);
}

export const loginSucceeded = (db: Kysely<Schema>, email: string): Promise<void> => clearFailures(db, key(email));
