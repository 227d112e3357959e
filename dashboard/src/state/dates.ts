/**
 * How the dashboard shows days: the main chart's buckets (which interval, and every key of a range
 * as the server writes it) and days, months and ranges as text. The day arithmetic underneath is
 * the server's own (server/calendar.ts), so the two never count days differently. Pure; see
 * dates.test.ts.
 */
import { addDays, daysBetween, monthOf, monthStart, weekday, weekOf } from '../../../server/calendar.ts';

// url-state.ts checks the days in the address with it.
export { isValidDay } from '../../../server/calendar.ts';

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
    for (let d = monthStart(from); d <= to; d = monthStart(d, 1)) out.push(monthOf(d));
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

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
      return long ? `${WEEKDAYS[weekday(key) - 1]} ${formatDay(key, true)}` : formatDay(key);
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
