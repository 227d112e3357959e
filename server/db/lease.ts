import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * A lease in the database: whoever holds `name` and has not let it expire runs the job, so
 * several server processes sharing a database never run it side by side. A holder that dies
 * loses the lease after `ttlMs`.
 */
export async function acquireLock(db: Kysely<Schema>, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .insertInto('locks')
    .values({ name, owner, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at: now + ttlMs })
        .where((eb) => eb.or([eb('locks.expires_at', '<', now), eb('locks.owner', '=', owner)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releaseLock(db: Kysely<Schema>, name: string, owner: string): Promise<void> {
  await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
}
