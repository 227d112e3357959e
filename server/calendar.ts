/**
 * Calendar and time-zone arithmetic shared by every stage. Days are `YYYY-MM-DD` strings and all
 * day arithmetic is pure calendar arithmetic on them (days since 1970-01-01, proleptic Gregorian),
 * so it never depends on the host's time zone. Only two things need a zone: which day an instant
 * falls on, and the instant a zone's day starts, both answered with `Intl.DateTimeFormat`.
 */

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Pure calendar arithmetic
// ---------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of `daysFromCivil`. */
function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const mod = (a: number, b: number) => ((a % b) + b) % b;
const format = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Splits a `YYYY-MM-DD` day, or returns null if it is not a real calendar day (2024-02-30, 2023-13-01). */
export function parseDay(day: string): { y: number; m: number; d: number } | null {
  const match = DAY_RE.exec(day);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isValidDay(day: unknown): day is string {
  return typeof day === 'string' && parseDay(day) !== null;
}

function mustParse(day: string): { y: number; m: number; d: number } {
  const p = parseDay(day);
  if (!p) throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  return p;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  const { y, m, d } = mustParse(day);
  return daysFromCivil(y, m, d);
}

/** The `YYYY-MM-DD` day `n` days since 1970-01-01. */
export function dayFromNumber(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return format(y, m, d);
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** Inclusive count of days from `from` to `to` (1 for a single day; 0 or less when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** The same month and day `n` years later (earlier for negative `n`); Feb 29 becomes Feb 28 in a common year. */
export function addYears(day: string, n: number): string {
  const { y, m, d } = mustParse(day);
  const year = y + n;
  return format(year, m, Math.min(d, daysInMonth(year, m)));
}

/** The first day of the month `n` months after (before, if negative) the month of `day`. */
export function monthStart(day: string, n = 0): string {
  const { y, m } = mustParse(day);
  const index = y * 12 + (m - 1) + n;
  return format(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1, 1);
}

/** The last day of the month `n` months after (before, if negative) the month of `day`. */
export function monthEnd(day: string, n = 0): string {
  return addDays(monthStart(day, n + 1), -1);
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    // Throws RangeError for an unknown zone; site time zones are validated when a site is saved.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of instant `t` (floored to the second) in `timezone`, expressed as if it were UTC. */
function wallClock(t: number, timezone: string): { y: number; m: number; d: number; wallMs: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(t)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wallMs = daysFromCivil(p.year, p.month, p.day) * DAY_MS + ((p.hour % 24) * 3600 + p.minute * 60 + p.second) * 1000;
  return { y: p.year, m: p.month, d: p.day, wallMs };
}

/** UTC offset of `timezone` at instant `t`, in ms (positive east of Greenwich). */
export function offsetAt(t: number, timezone: string): number {
  const second = Math.floor(t / 1000) * 1000;
  return wallClock(second, timezone).wallMs - second;
}

/** Last answer per zone, keyed by UTC minute: every offset is a whole number of minutes. */
const lastMinute = new Map<string, { minuteKey: number; day: string; minute: number }>();

/**
 * The calendar day of instant `t` in a zone and the minutes since its midnight. Intl costs
 * microseconds a call and the collector asks once per event, mostly for the current minute, so
 * the last answer per zone is reused.
 */
export function localDayAndMinute(t: number, timezone: string): { day: string; minute: number } {
  const minuteKey = Math.floor(t / 60_000);
  const cached = lastMinute.get(timezone);
  if (cached && cached.minuteKey === minuteKey) return cached;
  const { y, m, d, wallMs } = wallClock(minuteKey * 60_000, timezone);
  const result = { minuteKey, day: format(y, m, d), minute: Math.floor(mod(wallMs, DAY_MS) / 60_000) };
  lastMinute.set(timezone, result);
  return result;
}

/** The site-local calendar day of instant `t`. */
export const localDay = (t: number, timezone: string): string => localDayAndMinute(t, timezone).day;

/**
 * Epoch ms at which the site-local `day` begins: local midnight, correct across DST. Where midnight
 * does not exist (a zone that springs forward at 00:00, e.g. America/Santiago), the day begins at
 * the transition (local 01:00); where midnight happens twice (falling back at 01:00 to 00:00), the
 * first one.
 */
export function dayStartUtc(day: string, timezone: string): number {
  const midnight = dayNumber(day) * DAY_MS; // local midnight read as if it were UTC
  // Offsets in effect around that midnight: transitions are months apart, so at most two differ.
  const offsets = new Set([offsetAt(midnight - DAY_MS, timezone), offsetAt(midnight, timezone), offsetAt(midnight + DAY_MS, timezone)]);
  const candidates = [...offsets].map((o) => midnight - o);
  const exact = candidates.filter((t) => offsetAt(t, timezone) === midnight - t);
  if (exact.length > 0) return Math.min(...exact);
  // Midnight falls in a gap: find the first second whose wall clock is at or past midnight.
  let lo = Math.min(...candidates); // wall clock before midnight
  let hi = Math.max(...candidates); // wall clock after midnight
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + offsetAt(mid, timezone) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------
// Clocks: many instants of one zone
// ---------------------------------------------------------------------------------------------

const QUARTER_HOUR = 15 * 60_000;

export interface LocalTime {
  /** `YYYY-MM-DD` in the site's zone. */
  day: string;
  /** `YYYY-MM-DDTHH` in the site's zone. */
  hour: string;
}

/**
 * Site-local day and hour of instants, cached per UTC quarter hour: every zone's offset is a
 * multiple of 15 minutes, so all instants of a quarter hour share a local day and hour. A year
 * of events then needs 35,000 Intl calls, not millions.
 */
export function createClock(timezone: string) {
  const cache = new Map<number, LocalTime>();
  return function at(t: number): LocalTime {
    const key = Math.floor(t / QUARTER_HOUR);
    let local = cache.get(key);
    if (!local) {
      const { y, m, d, wallMs } = wallClock(key * QUARTER_HOUR, timezone);
      const day = format(y, m, d);
      local = { day, hour: `${day}T${pad(Math.floor(mod(wallMs, DAY_MS) / 3_600_000), 2)}` };
      cache.set(key, local);
    }
    return local;
  };
}

export type Clock = ReturnType<typeof createClock>;

/** Monday of the ISO week of a `YYYY-MM-DD` day. */
export const weekOf = (day: string): string => addDays(day, -mod(dayNumber(day) + 3, 7)); // 1970-01-01 was a Thursday

/** The ISO weekday of a `YYYY-MM-DD` day: 1 for Monday to 7 for Sunday. */
export const weekday = (day: string): number => mod(dayNumber(day) + 3, 7) + 1;

export const monthOf = (day: string) => day.slice(0, 7);
