import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { attemptsCountUntil, clearAttempts, purgeStaleAttempts, refundAttempt, reserveAttempt, type AttemptLimit } from './login-throttle.queries.ts';
import { throttleAddressKey } from './throttle-address.ts';

const MINUTE = 60_000;

/**
 * Counted over 15 minutes from a key's first attempt; a key that reaches its limit is refused for
 * 15 minutes from then.
 * - `address`: sign-ins that did not succeed from one address (an IPv6 /64), whichever emails,
 *   so one sender can neither guess many passwords nor lock many emails. Thirty leaves room for
 *   several people behind one NAT who mistype.
 * - `email`: failures for one email lock it, as before, but only for addresses that have failed
 *   recently themselves. Anyone could otherwise lock a known user out with ten requests; this
 *   way the owner, from an address with no failures, still signs in.
 * - `emailForEveryone`: failures that lock the email for every address. Each address without
 *   failures gets one try at a locked email, so this caps what many addresses can guess; locking
 *   the owner out everywhere now takes about ninety addresses (or /64s) in 15 minutes.
 */
export const LOGIN_LIMITS = { windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, address: 30, email: 10, emailForEveryone: 100 } as const;

/** What a reserved attempt holds on to, to settle once the password is checked. */
export interface LoginTicket {
  emailKey: string;
  addressKey: string;
}

export type LoginReservation = { ticket: LoginTicket } | { retryAfterMs: number };

const limit = (max: number, lockAt: number, passLock: boolean): AttemptLimit => ({
  windowMs: LOGIN_LIMITS.windowMs,
  lockMs: LOGIN_LIMITS.lockMs,
  max,
  lockAt,
  passLock,
});

/**
 * Counts a sign-in attempt before its password is checked, as a failure until it turns out well;
 * refused, it is not checked at all. Counting first is what holds against concurrency: a hundred
 * simultaneous attempts each take a place, and only those that found one run scrypt. Kept in
 * the database, so several servers share the count. Emails are counted whether or not an
 * account has them, so the throttle says nothing about who exists; they are cut to 254
 * characters so a guessed key cannot be made arbitrarily large.
 */
export async function reserveLogin(db: Kysely<Schema>, email: string, address: string, now = Date.now()): Promise<LoginReservation> {
  await purgeLoginThrottle(db, now);
  const addressKey = throttleAddressKey(address);
  const fromAddress = await reserveAttempt(db, addressKey, now, limit(LOGIN_LIMITS.address, LOGIN_LIMITS.address, false));
  if (fromAddress === undefined) return refused(db, addressKey, now);
  // 1: this attempt is the address's only one in the window, so it has no failure (and no other attempt in flight).
  const clean = fromAddress === 1;
  const emailKey = `email:${email.slice(0, 254)}`;
  const emailLimit = clean ? limit(LOGIN_LIMITS.emailForEveryone, LOGIN_LIMITS.email, true) : limit(LOGIN_LIMITS.email, LOGIN_LIMITS.email, false);
  // A refused attempt is not counted for the email, else one address could push it to the lock for everyone.
  if ((await reserveAttempt(db, emailKey, now, emailLimit)) === undefined) return refused(db, emailKey, now);
  return { ticket: { emailKey, addressKey } };
}

/** A success clears the email's failures and gives the address its attempt back (only that one: its other failures stand). */
export async function loginSucceeded(db: Kysely<Schema>, ticket: LoginTicket): Promise<void> {
  await clearAttempts(db, ticket.emailKey);
  await refundAttempt(db, ticket.addressKey, LOGIN_LIMITS.address);
}

/**
 * Deletes the rows whose window and lock are over. Every attempt does this first, and the hourly
 * retention job too, so that the hash of the last failed address does not wait for the next attempt.
 */
export const purgeLoginThrottle = (db: Kysely<Schema>, now = Date.now()): Promise<void> => purgeStaleAttempts(db, now, LOGIN_LIMITS.windowMs);

async function refused(db: Kysely<Schema>, key: string, now: number): Promise<LoginReservation> {
  // At least a second: the row may have gone stale since the refusal.
  return { retryAfterMs: Math.max(1000, (await attemptsCountUntil(db, key, LOGIN_LIMITS.windowMs)) - now) };
}
