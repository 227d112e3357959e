import { randomBytes } from 'node:crypto';
import { visitorHash } from '../identity.ts';
import { localDay } from '../../calendar.ts';

/**
 * Local days are cached per quarter hour of UTC: every zone's offset since 2000 is a multiple of
 * 15 minutes, so a site's midnight falls on a quarter-hour boundary and a quarter hour never
 * spans two days. The ends of each quarter are checked anyway, so an odd zone is only slower.
 */
const QUARTER_MS = 15 * 60_000;
/** About three years of quarter hours; a longer import just refills it. */
const MAX_QUARTERS = 100_000;

/**
 * Visitor keys for one import: the collector's hash, under salts made here per site-local day.
 * The salts live only in this closure, never in the database, and are gone when the import is:
 * afterwards no one can link an imported key to an address, not even with the database.
 * Unlike the live collector there is no continuation across midnight (no earlier visit to look up).
 */
export function createImportVisitors(siteId: number, timezone: string) {
  const salts = new Map<string, Uint8Array>();
  // localDay caches only the last minute, enough for live traffic; imports jump around in time,
  // and Intl costs microseconds, as much as the rest of the visitor key.
  const days = new Map<number, string>();

  function dayOf(ts: number): string {
    const quarter = Math.floor(ts / QUARTER_MS);
    let day = days.get(quarter);
    if (day === undefined) {
      day = localDay(quarter * QUARTER_MS, timezone);
      if (localDay(quarter * QUARTER_MS + QUARTER_MS - 1, timezone) !== day) return localDay(ts, timezone);
      if (days.size >= MAX_QUARTERS) days.clear();
      days.set(quarter, day);
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
