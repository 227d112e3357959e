import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../db/test-db.ts';
import { LOGIN_POLICY, loginFailed, loginLockedFor, loginSucceeded } from './login-throttle.ts';

let db: Db;
beforeEach(async () => (db = await openTestDatabase()));
afterEach(() => db.close());

const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;
const fail = async (email: string, times: number, at: number) => {
  for (let i = 0; i < times; i++) await loginFailed(db.kysely, email, at);
};

describe('login throttle', () => {
  it('locks an email for 15 minutes at the 10th failure within 15 minutes', async () => {
    await fail('a@example.com', 9, T0);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0)).toBe(0);
    await fail('a@example.com', 1, T0 + 14 * MIN);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0 + 14 * MIN)).toBe(LOGIN_POLICY.lockMs);
    expect(await loginLockedFor(db.kysely, 'b@example.com', T0 + 14 * MIN)).toBe(0);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0 + 29 * MIN - 1)).toBe(1);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0 + 29 * MIN)).toBe(0);
  });

  it('starts counting again once the window has passed', async () => {
    await fail('a@example.com', 9, T0);
    await fail('a@example.com', 9, T0 + 15 * MIN);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0 + 15 * MIN)).toBe(0);
    await fail('a@example.com', 1, T0 + 16 * MIN);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0 + 16 * MIN)).toBe(LOGIN_POLICY.lockMs);
  });

  it('forgets failures after a success, and stale rows after a while', async () => {
    await fail('a@example.com', 9, T0);
    await loginSucceeded(db.kysely, 'a@example.com');
    await fail('a@example.com', 1, T0);
    expect(await loginLockedFor(db.kysely, 'a@example.com', T0)).toBe(0);
    await fail('guess@example.com', 3, T0);
    await fail('c@example.com', 1, T0 + 16 * MIN);
    const emails = (await db.kysely.selectFrom('login_attempts').select('email').execute()).map((r) => r.email);
    expect(emails).toEqual(['c@example.com']);
  });
});
