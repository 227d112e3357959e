import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { localDay, localDayAndMinute } from '../calendar.ts';
import { deleteSalts, findSalt, getOrCreateSalt, hasRecentEvent, siteTimezones } from './salts.queries.ts';

/** A visit may continue across the site's midnight for this long under yesterday's key. */
export const CONTINUATION_MS = 60 * 60_000;
const VISIT_GAP_MS = 30 * 60_000;
const MAX_SALT_AGE_MS = 48 * 3_600_000;
/** A past day's backfill salt (server/collect/matomo/visitors.ts) lives an hour. */
const BACKFILL_SALT_MS = 60 * 60_000;

export interface VisitorInput {
  siteId: number;
  timezone: string;
  ip: string;
  userAgent: string;
  ts: number;
}

/**
 * The anonymous visitor key: SHA-256(salt of the site-local day, site, address, user agent),
 * cut to 52 bits so it fits a JS number exactly. Salts are random, stored in the database
 * (so every collector derives the same key) and deleted once no site's day can use them.
 * Without the salt the key cannot be tied back to an address, and daily unique visitors stay exact.
 */
export function createIdentity(db: Kysely<Schema>) {
  const salts = new Map<string, Uint8Array>();

  async function salt(day: string, now: number): Promise<Uint8Array> {
    let s = salts.get(day);
    if (!s) {
      s = await getOrCreateSalt(db, day, randomBytes(32), now);
      salts.set(day, s);
    }
    return s;
  }

  /** Synchronous in the common case (salt known, not just after midnight): no promise per event. */
  function visitorFor(input: VisitorInput): number | Promise<number> {
    const { day, minute } = localDayAndMinute(input.ts, input.timezone);
    const known = salts.get(day);
    if (known && minute * 60_000 >= CONTINUATION_MS) return visitorHash(known, input);
    return visitorForSlow(input, day, minute);
  }

  async function visitorForSlow(input: VisitorInput, day: string, minute: number): Promise<number> {
    const key = visitorHash(await salt(day, input.ts), input);
    if (minute * 60_000 >= CONTINUATION_MS) return key;

    // Just after midnight: a visit that began yesterday keeps yesterday's key, so it is not cut in two.
    const yesterday = localDay(input.ts - CONTINUATION_MS - 60_000, input.timezone);
    const previousSalt = salts.get(yesterday) ?? (await findSalt(db, yesterday));
    if (!previousSalt) return key;
    const previousKey = visitorHash(previousSalt, input);
    const continues = await hasRecentEvent(db, input.siteId, previousKey, input.ts - VISIT_GAP_MS);
    return continues ? previousKey : key;
  }

  /** Deletes salts no site can use any more (backfill salts after an hour, any salt after 48 hours), in the database and in memory. */
  async function purgeSalts(now = Date.now()): Promise<number> {
    const keep = new Set<string>();
    for (const tz of await siteTimezones(db)) {
      keep.add(localDay(now, tz));
      keep.add(localDay(now - CONTINUATION_MS, tz));
    }
    const deleted = await deleteSalts(db, [...keep], now - MAX_SALT_AGE_MS, now - BACKFILL_SALT_MS);
    for (const day of salts.keys()) if (!keep.has(day)) salts.delete(day);
    return deleted;
  }

  return { visitorFor, purgeSalts };
}

export type Identity = ReturnType<typeof createIdentity>;

/**
 * SHA-256 over (salt, site, address, user agent): a keyed hash with a secret 32-byte prefix.
 * HMAC would add nothing here (the output is truncated and the input format fixed) and costs
 * twice as much per event; the one-shot hash also skips allocating a Hash object.
 */
export function visitorHash(salt: Uint8Array, input: Pick<VisitorInput, 'siteId' | 'ip' | 'userAgent'>): number {
  const digest = hash('sha256', `${saltText(salt)}\n${input.siteId}\n${input.ip}\n${input.userAgent}`, 'buffer');
  return Number(digest.readBigUInt64BE(0) >> 12n);
}

/** The salt as hex, made once per salt: one string to hash instead of two buffers to join. */
const saltTexts = new WeakMap<Uint8Array, string>();
function saltText(salt: Uint8Array): string {
  let text = saltTexts.get(salt);
  if (text === undefined) saltTexts.set(salt, (text = Buffer.from(salt).toString('hex')));
  return text;
}
