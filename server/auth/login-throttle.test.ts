import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { LOGIN_LIMITS, loginSucceeded, purgeLoginThrottle, reserveLogin, type LoginReservation } from './login-throttle.ts';

let db: Db;
beforeEach(async () => (db = await openTestDatabase()));
afterEach(() => db.close());

const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const attempt = (email: string, address: string, at: number) => reserveLogin(db.kysely, email, address, at);
/** Attempts that all fail: each one is counted when it is reserved, and nothing settles it. */
const fail = async (email: string, address: string, times: number, at: number) => {
  for (let i = 0; i < times; i++) expect(await attempt(email, address, at), `attempt ${i + 1}`).toHaveProperty('ticket');
};
const retryAfter = (r: LoginReservation) => ('retryAfterMs' in r ? r.retryAfterMs : 0);

describe('login throttle: one email', () => {
  it('refuses an address that failed for 15 minutes from the 10th failure within 15 minutes', async () => {
    await fail('a@example.com', '198.51.100.1', 9, T0);
    await fail('a@example.com', '198.51.100.1', 1, T0 + 14 * MIN);
    expect(retryAfter(await attempt('a@example.com', '198.51.100.1', T0 + 14 * MIN))).toBe(LOGIN_LIMITS.lockMs);
    expect(await attempt('b@example.com', '198.51.100.1', T0 + 14 * MIN)).toHaveProperty('ticket');
    // The address's own window started at T0; from T0 + 15 it has no attempt counted, so it is one
    // more address without failures, with one try at the locked email (then refused again).
    expect(await attempt('a@example.com', '198.51.100.1', T0 + 20 * MIN)).toHaveProperty('ticket');
    expect(retryAfter(await attempt('a@example.com', '198.51.100.1', T0 + 20 * MIN))).toBe(9 * MIN);
    expect(await attempt('a@example.com', '198.51.100.1', T0 + 29 * MIN)).toHaveProperty('ticket');
  });

  it('starts counting again once the window has passed', async () => {
    await fail('a@example.com', '198.51.100.1', 9, T0);
    await fail('a@example.com', '198.51.100.1', 9, T0 + 15 * MIN);
    await fail('a@example.com', '198.51.100.1', 1, T0 + 16 * MIN);
    expect(retryAfter(await attempt('a@example.com', '198.51.100.1', T0 + 16 * MIN))).toBe(LOGIN_LIMITS.lockMs);
  });

  it('lets an address without failures try a locked email once, and every address stop at 100 failures', async () => {
    await fail('a@example.com', '198.51.100.1', 10, T0);
    // The owner, elsewhere, is not locked out by someone else's failures.
    const owner = await attempt('a@example.com', '203.0.113.9', T0 + MIN);
    expect(owner).toHaveProperty('ticket');
    await loginSucceeded(db.kysely, (owner as { ticket: never }).ticket);
    expect(await attempt('a@example.com', '198.51.100.1', T0 + MIN)).toHaveProperty('ticket');
    // Many addresses get one try each at a locked email, until the email has 100 failures.
    await fail('a@example.com', '198.51.100.1', 9, T0 + MIN);
    for (let i = 0; i < 90; i++) await fail('a@example.com', `2001:db8:${i.toString(16)}::1`, 1, T0 + 2 * MIN);
    // Locked for everyone until 15 minutes after the 10th failure (T0 + 1), the owner's success having cleared the first ten.
    expect(retryAfter(await attempt('a@example.com', '203.0.113.10', T0 + 2 * MIN))).toBe(14 * MIN);
    // The address that failed once since is refused too, for the email only.
    expect(await attempt('a@example.com', '2001:db8:0:0:ffff::2', T0 + 2 * MIN)).toHaveProperty('retryAfterMs');
    expect(await attempt('b@example.com', '2001:db8:0:0:ffff::2', T0 + 2 * MIN)).toHaveProperty('ticket');
  });

  it('forgets the email’s failures after a success, and stale rows after a while', async () => {
    await fail('a@example.com', '198.51.100.1', 9, T0);
    const ok = await attempt('a@example.com', '198.51.100.1', T0);
    await loginSucceeded(db.kysely, (ok as { ticket: never }).ticket);
    await fail('a@example.com', '198.51.100.1', 9, T0);
    await fail('guess@example.com', '198.51.100.2', 3, T0);
    await fail('c@example.com', '198.51.100.3', 1, T0 + 16 * MIN);
    const keys = (await db.kysely.selectFrom('login_throttle').select('key').execute()).map((r) => r.key);
    expect(keys.filter((k) => k.startsWith('email:'))).toEqual(['email:c@example.com']);
    expect(keys.filter((k) => k.startsWith('addr:'))).toHaveLength(1);
  });
});

describe('login throttle: one address', () => {
  it('refuses an address after 30 attempts across emails that did not succeed; a success gives its attempt back', async () => {
    await fail('owner@example.com', '198.51.100.1', 5, T0);
    const ok = await attempt('owner@example.com', '198.51.100.1', T0);
    await loginSucceeded(db.kysely, (ok as { ticket: never }).ticket);
    for (let i = 0; i < 25; i++) await fail(`guess${i}@example.com`, '198.51.100.1', 1, T0 + MIN);
    expect(retryAfter(await attempt('other@example.com', '198.51.100.1', T0 + MIN))).toBe(LOGIN_LIMITS.lockMs);
    expect(await attempt('other@example.com', '198.51.100.2', T0 + MIN)).toHaveProperty('ticket');
    expect(await attempt('other@example.com', '198.51.100.1', T0 + 16 * MIN)).toHaveProperty('ticket');
  });

  it('counts an IPv6 /64 as one address, and stores no address in clear', async () => {
    for (let i = 0; i < 30; i++) await fail(`guess${i}@example.com`, `2001:db8:1:2::${(i + 1).toString(16)}`, 1, T0);
    expect(await attempt('x@example.com', '2001:db8:1:2:ffff:ffff:ffff:ffff', T0)).toHaveProperty('retryAfterMs');
    expect(await attempt('x@example.com', '2001:db8:1:3::1', T0)).toHaveProperty('ticket');
    const rows = JSON.stringify(await db.kysely.selectFrom('login_throttle').selectAll().execute());
    expect(rows).not.toMatch(/2001|db8/);
    expect(rows).toMatch(/"addr:[0-9a-f]{64}"/);
  });

  it('lets exactly one of many simultaneous attempts through at the last place', async () => {
    await fail('a@example.com', '198.51.100.1', 9, T0);
    const all = await Promise.all(Array.from({ length: 20 }, () => attempt('a@example.com', '198.51.100.1', T0)));
    expect(all.filter((r) => 'ticket' in r)).toHaveLength(1);
  });
});

describe('login throttle: purge', () => {
  it('deletes rows once their window and lock are over, without waiting for an attempt', async () => {
    await fail('a@example.com', '198.51.100.1', 10, T0);
    await purgeLoginThrottle(db.kysely, T0 + 15 * MIN - 1);
    expect(await db.kysely.selectFrom('login_throttle').select('key').execute()).toHaveLength(2);
    await purgeLoginThrottle(db.kysely, T0 + 15 * MIN);
    expect(await db.kysely.selectFrom('login_throttle').select('key').execute()).toEqual([]);
  });
});
