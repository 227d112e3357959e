import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { CONTINUATION_MS, visitorHash, type Identity, type VisitorInput } from '../identity.ts';
import { localDay } from '../../calendar.ts';
import { backfillSaltKey, findSalt, getOrCreateSalt } from '../salts.queries.ts';

/** How long a collector reuses a backfill salt it read before asking the database again. */
const CACHE_MS = 60_000;
const MAX_DAYS = 1_000;

/**
 * Visitor keys for events dated by `cdt`/`cdo`. Live and recent events (the site's current day,
 * or within the last hour) take the collector's identity unchanged. An older event takes its
 * day's stored salt while that still exists, so it joins the visitors counted live that day.
 * Once a day's salt is deleted it is never made again. Such events get a backfill salt for the
 * day instead, as `cairn import` does: kept in the database (`backfill:<day>`), so every
 * collector behind a load balancer keys a backfill alike, and deleted by the salt purge an hour
 * after it was made. Those visitors cannot be matched to the ones counted live that day
 * (nothing can, by design); within the hour they are counted once.
 */
export function createBackfillIdentity(identity: Identity, db: Kysely<Schema>, clock = () => Date.now()): Identity {
  const cached = new Map<string, { salt: Uint8Array | undefined; expires: number }>();

  async function saltOf(key: string, now: number, create: boolean): Promise<Uint8Array | undefined> {
    const hit = cached.get(key);
    if (hit && hit.expires > now && (hit.salt || !create)) return hit.salt;
    const salt = create ? await getOrCreateSalt(db, key, randomBytes(32), now) : await findSalt(db, key);
    if (cached.size >= MAX_DAYS) cached.clear();
    cached.set(key, { salt, expires: now + CACHE_MS });
    return salt;
  }

  async function pastVisitor(input: VisitorInput, day: string, now: number): Promise<number> {
    const salt = (await saltOf(day, now, false)) ?? (await saltOf(backfillSaltKey(day), now, true))!;
    return visitorHash(salt, input);
  }

  return {
    visitorFor(input) {
      const now = clock();
      // Every site's current day and the one before it for the first hour keep their salts.
      if (input.ts >= now - CONTINUATION_MS) return identity.visitorFor(input);
      const day = localDay(input.ts, input.timezone);
      if (day === localDay(now, input.timezone)) return identity.visitorFor(input);
      return pastVisitor(input, day, now);
    },
    purgeSalts: identity.purgeSalts,
  };
}
