import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export type StateKey = 'events_purged' | 'healthz';

export async function readState(db: Kysely<Schema>, key: StateKey): Promise<number> {
  const row = await db.selectFrom('instance_state').select('value').where('key', '=', key).executeTakeFirst();
  return Number(row?.value ?? 0);
}

export async function writeState(db: Kysely<Schema>, key: StateKey, value: number): Promise<void> {
  await db
    .insertInto('instance_state')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** One step up, in one statement, so concurrent bumps from several servers all count. */
export async function bumpState(db: Kysely<Schema>, key: StateKey): Promise<void> {
  await db
    .insertInto('instance_state')
    .values({ key, value: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb('instance_state.value', '+', 1) })))
    .execute();
}
