import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { deleteExpiredSessions, deleteSession, extendSession, findLiveSession, insertSession } from './sessions.queries.ts';
import type { AuthenticatedUser } from './users.ts';

export const SESSION_TTL_MS = 30 * 86_400_000;
/** A session slides forward with use, but writes at most once an hour, not on every request. */
export const SESSION_EXTEND_INTERVAL_MS = 3_600_000;

/** Only the hash is stored, so reading the database (or a backup) gives no usable session. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new session for the user; the returned token goes into the cookie and nowhere else. */
export async function createSession(db: Kysely<Schema>, userId: number, now = Date.now()): Promise<string> {
  // Logins are rare, so they are a fine moment to sweep away sessions nobody will use again.
  await deleteExpiredSessions(db, now);
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { id_hash: hashToken(token), user_id: userId, created_at: now, expires_at: now + SESSION_TTL_MS, last_seen_at: now });
  return token;
}

/** The session's user, or null when the token is malformed, unknown or expired. */
export async function resolveSession(db: Kysely<Schema>, token: string, now = Date.now()): Promise<AuthenticatedUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const idHash = hashToken(token);
  const session = await findLiveSession(db, idHash, now);
  if (!session) return null;
  if (session.last_seen_at <= now - SESSION_EXTEND_INTERVAL_MS) await extendSession(db, idHash, now, now + SESSION_TTL_MS);
  return { id: session.user_id, email: session.email };
}

export async function endSession(db: Kysely<Schema>, token: string): Promise<void> {
  if (TOKEN_PATTERN.test(token)) await deleteSession(db, hashToken(token));
}
