import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { CONTINUATION_MS, visitorHash, type Identity, type VisitorInput } from '../identity.ts';
import { localDay } from '../local-time.ts';
import { findSalt } from '../salts.queries.ts';

/** A backfill salt lives this long after its last use, in this process's memory only. */
const BACKFILL_IDLE_MS = 60 * 60_000;
const STORED_SALT_TTL_MS = 60_000;
const MAX_DAYS = 1_000;

/**
 * Visitor keys for events dated by `cdt`/`cdo`. Live and recent events (the site's current day,
 * or within the last hour) take the collector's identity unchanged. An older event takes its
 * day's stored salt while that still exists, so it joins the visitors counted live that day.
 * Once a day's salt is deleted it is never made again, neither here nor in the database:
 * such events get a salt made for the day in this process's memory, as `cairn import` does,
 * dropped an hour after its last use. Those visitors cannot be matched to the ones counted live
 * that day (nothing can, by design); within a backfill run they are counted once.
 */
export function createBackfillIdentity(identity: Identity, db: Kysely<Schema>, clock = () => Date.now()): Identity {
  const stored = new Map<string, { salt: Uint8Array | undefined; expires: number }>();
  const backfill = new Map<string, { salt: Uint8Array; expires: number }>();
  let timer: NodeJS.Timeout | undefined;

  async function storedSalt(day: string, now: number): Promise<Uint8Array | undefined> {
    const hit = stored.get(day);
    if (hit && hit.expires > now) return hit.salt;
    const salt = await findSalt(db, day);
    if (stored.size >= MAX_DAYS) stored.clear();
    stored.set(day, { salt, expires: now + STORED_SALT_TTL_MS });
    return salt;
  }

  function backfillSalt(day: string, now: number): Uint8Array {
    sweep(now);
    let entry = backfill.get(day);
    if (!entry) {
      if (backfill.size >= MAX_DAYS) backfill.delete(backfill.keys().next().value!);
      backfill.set(day, (entry = { salt: randomBytes(32), expires: 0 }));
    }
    entry.expires = now + BACKFILL_IDLE_MS;
    schedule();
    return entry.salt;
  }

  /** Sweeps again an hour on while any salt is left, so they go without more traffic too. */
  function schedule() {
    if (timer || backfill.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      sweep(clock());
      schedule();
    }, BACKFILL_IDLE_MS + 1_000).unref();
  }

  /** Forgets salts an hour past their last use. */
  function sweep(now: number) {
    for (const [day, entry] of backfill) if (entry.expires <= now) backfill.delete(day);
  }

  async function pastVisitor(input: VisitorInput, day: string, now: number): Promise<number> {
    const salt = (await storedSalt(day, now)) ?? backfillSalt(day, now);
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
