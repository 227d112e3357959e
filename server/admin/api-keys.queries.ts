import type { Kysely } from 'kysely';
import type { ApiKey, Schema } from '../db/schema.ts';

export type NewApiKey = Pick<ApiKey, 'prefix' | 'key_hash' | 'site_id' | 'scope' | 'name' | 'created_at'>;

/** A key as listed: never its hash, with its site's domain (null: every site). */
export type ApiKeyListing = Omit<ApiKey, 'key_hash'> & { site: string | null };

export async function insertApiKey(db: Kysely<Schema>, key: NewApiKey): Promise<ApiKey> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export function findApiKeyByPrefix(db: Kysely<Schema>, prefix: string): Promise<ApiKey | undefined> {
  return db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

/** Records use only when the stored time is older than `staleBefore`, so busy keys do not write on every request. */
export async function touchApiKey(db: Kysely<Schema>, id: number, now: number, staleBefore: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export function listApiKeyRows(db: Kysely<Schema>): Promise<ApiKeyListing[]> {
  return db
    .selectFrom('api_keys')
    .leftJoin('sites', 'sites.id', 'api_keys.site_id')
    .select([
      'api_keys.id',
      'api_keys.prefix',
      'api_keys.site_id',
      'sites.domain as site',
      'api_keys.scope',
      'api_keys.name',
      'api_keys.created_at',
      'api_keys.last_used_at',
    ])
    .orderBy('api_keys.id')
    .execute();
}

/** The number of keys deleted: 0 or 1, as prefixes are unique. */
export async function deleteApiKey(db: Kysely<Schema>, prefix: string): Promise<number> {
  const result = await db.deleteFrom('api_keys').where('prefix', '=', prefix).executeTakeFirst();
  return Number(result.numDeletedRows);
}
