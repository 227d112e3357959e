/**
 * The site's day and hour now, by the server's calendar, so "today" in the browser is the day the
 * server counts as today. A browser whose time-zone data lacks the site's zone (older ones miss
 * zones added recently, which the server may know) gets UTC's: hours off, rather than no dashboard.
 */
import { createClock, type LocalTime } from '../../../server/calendar.ts';

export function siteNow(timezone: string, now = Date.now()): LocalTime {
  try {
    return createClock(timezone)(now);
  } catch {
    return createClock('UTC')(now);
  }
}
