import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { createSession, endSession, resolveSession, SESSION_TTL_MS } from './sessions.ts';
import { addUser, deleteUser, resetPassword, type AuthenticatedUser } from './users.ts';

let db: Db;
let user: AuthenticatedUser;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
beforeEach(async () => {
  db = await openTestDatabase();
  user = await addUser(db.kysely, { email: ' Owner@Example.COM ', password: 'correct horse battery' });
});
afterEach(() => db.close());

const row = () => db.kysely.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();

describe('sessions', () => {
  it('stores only the token hash and resolves the token to its user', async () => {
    expect(user.email).toBe('owner@example.com');
    const token = await createSession(db.kysely, user.id, T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await row();
    expect(stored.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await resolveSession(db.kysely, token, T0 + 1000)).toEqual({ id: user.id, email: 'owner@example.com' });
    expect(await resolveSession(db.kysely, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), T0)).toBeNull();
    expect(await resolveSession(db.kysely, 'short', T0)).toBeNull();
  });

  it('expires after 30 days without use and slides with use, writing at most once an hour', async () => {
    const token = await createSession(db.kysely, user.id, T0);
    expect(await resolveSession(db.kysely, token, T0 + SESSION_TTL_MS - 1)).not.toBeNull();
    expect((await row()).expires_at).toBe(T0 + 2 * SESSION_TTL_MS - 1); // extended by that use
    expect(await resolveSession(db.kysely, token, T0 + SESSION_TTL_MS + 10 * 60_000)).not.toBeNull();
    expect((await row()).last_seen_at).toBe(T0 + SESSION_TTL_MS - 1); // within the hour: no write
    expect(await resolveSession(db.kysely, token, T0 + 3 * SESSION_TTL_MS)).toBeNull();
  });

  it('extends once the last extension is an hour old', async () => {
    const token = await createSession(db.kysely, user.id, T0);
    await resolveSession(db.kysely, token, T0 + HOUR - 1);
    expect((await row()).expires_at).toBe(T0 + SESSION_TTL_MS);
    await resolveSession(db.kysely, token, T0 + HOUR);
    expect((await row()).expires_at).toBe(T0 + HOUR + SESSION_TTL_MS);
  });

  it('ends on logout, on a password reset and with the user', async () => {
    const a = await createSession(db.kysely, user.id);
    await endSession(db.kysely, a);
    expect(await resolveSession(db.kysely, a)).toBeNull();
    const b = await createSession(db.kysely, user.id);
    await resetPassword(db.kysely, 'owner@example.com', 'another good password');
    expect(await resolveSession(db.kysely, b)).toBeNull();
    const c = await createSession(db.kysely, user.id);
    await deleteUser(db.kysely, 'OWNER@example.com');
    expect(await resolveSession(db.kysely, c)).toBeNull();
    expect(await db.kysely.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('sweeps expired sessions when a new one is made', async () => {
    await createSession(db.kysely, user.id, T0);
    await createSession(db.kysely, user.id, T0 + SESSION_TTL_MS + 1);
    expect(await db.kysely.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });
});
