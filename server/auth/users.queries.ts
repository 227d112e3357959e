import type { Kysely } from 'kysely';
import type { Schema, User } from '../db/schema.ts';

export type NewUser = Pick<User, 'email' | 'password_hash' | 'created_at'>;

/** A user as listed: never the hash, with the number of live sessions. */
export interface UserListing {
  id: number;
  email: string;
  created_at: number;
  sessions: number;
}

export function insertUser(db: Kysely<Schema>, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function findUserByEmail(db: Kysely<Schema>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function listUserRows(db: Kysely<Schema>, now: number): Promise<UserListing[]> {
  return db
    .selectFrom('users')
    .leftJoin('sessions', (join) => join.onRef('sessions.user_id', '=', 'users.id').on('sessions.expires_at', '>', now))
    .select(['users.id', 'users.email', 'users.created_at'])
    .select((eb) => eb.fn.count<number>('sessions.id_hash').as('sessions'))
    .groupBy('users.id')
    .orderBy('users.id')
    .execute();
}

/** The number of users deleted: 0 or 1. Their sessions go with them (foreign key cascade). */
export async function deleteUserByEmail(db: Kysely<Schema>, email: string): Promise<number> {
  const result = await db.deleteFrom('users').where('email', '=', email).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setPasswordHash(db: Kysely<Schema>, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}
