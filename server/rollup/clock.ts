import { dayStartUtc } from '../calendar.ts';

export { addDays } from '../calendar.ts';
const QUARTER_HOUR = 15 * 60_000;

export interface LocalTime {
  /** `YYYY-MM-DD` in the site's zone. */
  day: string;
  /** `YYYY-MM-DDTHH` in the site's zone. */
  hour: string;
}

/**
 * Site-local day and hour of instants, cached per UTC quarter hour: every zone's offset is a
 * multiple of 15 minutes, so all instants of a quarter hour share a local day and hour.
 * Intl costs microseconds a call; a year of events then needs 35,000 calls, not millions.
 */
export function createClock(timezone: string) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  const cache = new Map<number, LocalTime>();
  return function at(ts: number): LocalTime {
    const key = Math.floor(ts / QUARTER_HOUR);
    let local = cache.get(key);
    if (!local) {
      const p: Record<string, string> = {};
      for (const part of format.formatToParts(key * QUARTER_HOUR)) p[part.type] = part.value;
      const day = `${p.year}-${p.month}-${p.day}`;
      local = { day, hour: `${day}T${p.hour}` };
      cache.set(key, local);
    }
    return local;
  };
}

export type Clock = ReturnType<typeof createClock>;

/** Monday of the ISO week of a `YYYY-MM-DD` day. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

export const monthOf = (day: string) => day.slice(0, 7);

/** The instant a site-local day begins; right across DST changes (a 23- or 25-hour day). */
export const dayStart = dayStartUtc;
