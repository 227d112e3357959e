/**
 * Calendar arithmetic on `YYYY-MM-DD` strings (UTC-based, so the browser's own zone never matters),
 * the site's "today", and the time buckets of the main chart. Pure; see dates.test.ts.
 */

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isValidDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY_RE.test(value)) return false;
  const ms = toMs(value);
  return Number.isFinite(ms) && fromMs(ms) === value;
}

export const addDays = (day: string, n: number) => fromMs(toMs(day) + n * DAY_MS);

/** Inclusive count of days from `from` to `to`. */
export const daysBetween = (from: string, to: string) => Math.round((toMs(to) - toMs(from)) / DAY_MS) + 1;

export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** Last day of the month `n` months after the month of `day`. */
export function monthEnd(day: string, n = 0): string {
  const d = new Date(toMs(monthStart(day)));
  d.setUTCMonth(d.getUTCMonth() + n + 1, 0);
  return d.toISOString().slice(0, 10);
}

/** The same month and day `n` years later; Feb 29 becomes Feb 28 (as the server's year_over_year). */
export function addYears(day: string, n: number): string {
  const y = String(Number(day.slice(0, 4)) + n).padStart(4, '0');
  const candidate = `${y}${day.slice(4)}`;
  return isValidDay(candidate) ? candidate : `${y}-02-28`;
}

/** Monday of the ISO week holding `day`, the key of `time:week`. */
export function weekOf(day: string): string {
  const d = new Date(toMs(day));
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

/** Today in an IANA time zone (the site's), as `YYYY-MM-DD`. */
export function todayIn(timezone: string, now = Date.now()): string {
  try {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return fromMs(now);
  }
}

export type Interval = 'time:hour' | 'time:day' | 'time:week' | 'time:month';

/**
 * The chart's bucket: hours for a single day, days up to ~3 months, weeks beyond, months for
 * "last 12 months" and for "all time" spans over a year.
 */
export function intervalFor(period: string, from: string, to: string): Interval {
  const days = daysBetween(from, to);
  if (days <= 1) return 'time:hour';
  if (period === '12mo' || (period === 'all' && days > 366)) return 'time:month';
  if (days <= 95) return 'time:day';
  return 'time:week';
}

/** Every bucket key of `interval` from `from` to `to`, in the server's format. */
export function bucketKeys(interval: Interval, from: string, to: string): string[] {
  const out: string[] = [];
  if (interval === 'time:hour') {
    for (let d = from; d <= to; d = addDays(d, 1)) {
      for (let h = 0; h < 24; h++) out.push(`${d}T${String(h).padStart(2, '0')}`);
    }
  } else if (interval === 'time:day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  } else if (interval === 'time:week') {
    for (let d = weekOf(from); d <= to; d = addDays(d, 7)) out.push(d);
  } else {
    for (let d = monthStart(from); d <= to; d = addDays(monthEnd(d), 1)) out.push(d.slice(0, 7));
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "3 Oct", "3 Oct 2025" (withYear), "Oct 2025". */
export function formatDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]}${withYear ? ` ${y}` : ''}`;
}

export const formatMonth = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** A bucket key as a short label for the chart axis and tooltip. */
export function bucketLabel(interval: Interval, key: string, long = false): string {
  switch (interval) {
    case 'time:hour': {
      const hour = `${key.slice(11, 13)}:00`;
      return long ? `${formatDay(key.slice(0, 10))}, ${hour}` : hour;
    }
    case 'time:day':
      return long ? `${WEEKDAYS[new Date(toMs(key)).getUTCDay()]} ${formatDay(key, true)}` : formatDay(key);
    case 'time:week':
      return long ? `Week of ${formatDay(key, true)}` : formatDay(key);
    case 'time:month':
      return formatMonth(key);
  }
}

/** "1 – 30 Oct 2025", "28 Sep – 4 Oct 2025", "3 Oct 2025". */
export function formatRange(from: string, to: string): string {
  if (from === to) return formatDay(from, true);
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${formatDay(from, true)} – ${formatDay(to, true)}`;
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))} – ${formatDay(to, true)}`;
  return `${formatDay(from)} – ${formatDay(to, true)}`;
}

/** The current hour in a time zone as a `time:hour` key, `YYYY-MM-DDTHH`. */
export function hourKeyIn(timezone: string, now = Date.now()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' }).formatToParts(now);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}`;
  } catch {
    return new Date(now).toISOString().slice(0, 13);
  }
}
