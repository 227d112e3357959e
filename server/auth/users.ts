import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { checkNewPassword, dummyHash, hashPassword, verifyPassword } from './password.ts';
import { deleteUserSessions } from './sessions.queries.ts';
import { deleteUserByEmail, findUserByEmail, insertUser, listUserRows, setPasswordHash, type UserListing } from './users.queries.ts';

/** The identity a verified login or session carries. */
export interface AuthenticatedUser {
  id: number;
  email: string;
}

/** Lower-cased and trimmed: `You@Example.com ` and `you@example.com` are one account. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function validEmail(input: string): string {
  const email = normalizeEmail(input);
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest(`"${input}" is not an email address`, 'invalid_email');
  return email;
}

export async function addUser(db: Kysely<Schema>, input: { email: string; password: string }, now = Date.now()): Promise<AuthenticatedUser> {
  const email = validEmail(input.email);
  checkNewPassword(input.password);
  if (await findUserByEmail(db, email)) throw badRequest(`a user ${email} already exists`, 'user_exists');
  const passwordHash = await hashPassword(input.password);
  const user = await insertUser(db, { email, password_hash: passwordHash, created_at: now });
  return { id: user.id, email: user.email };
}

export const listUsers = (db: Kysely<Schema>, now = Date.now()): Promise<UserListing[]> => listUserRows(db, now);

export async function deleteUser(db: Kysely<Schema>, email: string): Promise<void> {
  if ((await deleteUserByEmail(db, normalizeEmail(email))) === 0) throw new AppError(404, 'not_found', `no user ${email}`);
}

/** Sets a new password and ends every session, so a reset locks out whoever knew the old one. */
export async function resetPassword(db: Kysely<Schema>, email: string, password: string): Promise<void> {
  const user = await findUserByEmail(db, normalizeEmail(email));
  if (!user) throw new AppError(404, 'not_found', `no user ${email}`);
  const passwordHash = await hashPassword(checkNewPassword(password));
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash);
    await deleteUserSessions(trx, user.id);
  });
}

/**
 * The user when the password matches, else null. Unknown emails are checked against a dummy
 * hash, so the answer takes as long whether or not the account exists.
 */
export async function checkLogin(db: Kysely<Schema>, email: string, password: string): Promise<AuthenticatedUser | null> {
  const user = await findUserByEmail(db, normalizeEmail(email));
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  return user && ok ? { id: user.id, email: user.email } : null;
}
