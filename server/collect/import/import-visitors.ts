import { randomBytes } from 'node:crypto';
import { visitorHash } from '../identity.ts';
import { localDay } from '../local-time.ts';

/** Distinct minutes remembered; a year of minutes is ~525k, so a long unordered import just refills it. */
const MAX_MINUTES = 100_000;

/**
 * Visitor keys for one import: the collector's hash, under salts made here per site-local day.
 * The salts live only in this closure, never in the database, and are gone when the import is:
 * afterwards no one can link an imported key to an address, not even with the database.
 * Unlike the live collector there is no continuation across midnight (no earlier visit to look up).
 */
export function createImportVisitors(siteId: number, timezone: string) {
  const salts = new Map<string, Uint8Array>();
  // localDay caches only the last minute, enough for live traffic; imports jump around in time.
  const days = new Map<number, string>();

  function dayOf(ts: number): string {
    const minute = Math.floor(ts / 60_000);
    let day = days.get(minute);
    if (day === undefined) {
      if (days.size >= MAX_MINUTES) days.clear();
      day = localDay(ts, timezone);
      days.set(minute, day);
    }
    return day;
  }

  return function visitorFor(ts: number, ip: string, userAgent: string): number {
    const day = dayOf(ts);
    let salt = salts.get(day);
    if (!salt) {
      salt = randomBytes(32);
      salts.set(day, salt);
    }
    return visitorHash(salt, { siteId, ip, userAgent });
  };
}
