/**
 * Periods: what the date picker offers, how each becomes the API's `date_range` (+ `date` anchor),
 * its title, and how the arrows step it. The days of the view on screen are the server's: the
 * `date_range` its answer echoes, resolved in the site's zone (all time from the site's first
 * event). Only until that answer arrives do `expectedDays` stand in for them. Pure: "today" (the
 * site's) is passed in.
 */
import { addDays, addYears, daysBetween, monthEnd, monthStart } from '../../../server/calendar.ts';
import { formatDay, formatMonth, formatRange } from './dates.ts';
import type { DashState, Period } from './url-state.ts';

export const PERIOD_LABELS: Record<Period, string> = {
  realtime: 'Realtime',
  day: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
  '28d': 'Last 28 days',
  '30d': 'Last 30 days',
  '91d': 'Last 91 days',
  month: 'Month to date',
  last_month: 'Last month',
  year: 'Year to date',
  '12mo': 'Last 12 months',
  all: 'All time',
  custom: 'Custom range',
};

export type ApiDateRange = { date_range: string | [string, string]; date?: string };

/** The `date_range` (and `date` anchor) of a state; presets stay presets so the server resolves them. */
export function apiDateRange(s: DashState, today: string): ApiDateRange {
  switch (s.period) {
    case 'yesterday': {
      const y = addDays(today, -1);
      return { date_range: [y, y] };
    }
    case 'last_month':
      return { date_range: 'month', date: monthEnd(today, -1) };
    case 'custom':
      return { date_range: [s.from ?? today, s.to ?? today] };
    case 'realtime':
    case 'all':
      return { date_range: s.period };
    default:
      return s.date && s.date !== today ? { date_range: s.period, date: s.date } : { date_range: s.period };
  }
}

/** Inclusive days, `YYYY-MM-DD`. */
export interface Days {
  from: string;
  to: string;
}

/**
 * The days a state's request will resolve to, standing in for the answer's until it arrives, so
 * the title and the arrows of a view just stepped to need not wait for the network. Null for
 * realtime, and for all time, whose first day only the server knows.
 */
export function expectedDays(s: DashState, today: string): Days | null {
  const anchor = s.date ?? today;
  switch (s.period) {
    case 'realtime':
    case 'all':
      return null;
    case 'day':
      return { from: anchor, to: anchor };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '7d':
    case '28d':
    case '30d':
    case '91d': {
      const n = Number.parseInt(s.period, 10);
      return { from: addDays(anchor, -n), to: addDays(anchor, -1) };
    }
    case 'month':
      return { from: monthStart(anchor), to: anchor };
    case 'last_month':
      return { from: monthStart(today, -1), to: monthEnd(today, -1) };
    case 'year':
      return { from: `${anchor.slice(0, 4)}-01-01`, to: anchor };
    case '12mo':
      return { from: monthStart(anchor, -11), to: anchor };
    case 'custom':
      return { from: s.from ?? today, to: s.to ?? today };
  }
}

/** The days of the view on screen: its answer's `date_range` once there, the expected days before. */
export function viewDays(s: DashState, answered: readonly [string, string] | undefined, today: string): Days | null {
  return answered ? { from: answered[0], to: answered[1] } : expectedDays(s, today);
}

/** The heading of the date picker: "Last 30 days" for today's presets, the view's dates otherwise. */
export function periodTitle(s: DashState, days: Days | null, today: string): string {
  if (!days || (s.period !== 'custom' && (!s.date || s.date === today))) return PERIOD_LABELS[s.period];
  if (s.period === 'month' && days.to === monthEnd(days.to)) return formatMonth(days.to.slice(0, 7));
  if (s.period === 'year' && days.to.endsWith('-12-31')) return days.to.slice(0, 4);
  if (days.from === days.to) return formatDay(days.from, true);
  return formatRange(days.from, days.to);
}

/** Can the view on screen (`days`) move one step in this direction (never past today)? */
export function canStep(s: DashState, dir: -1 | 1, days: Days | null, today: string): boolean {
  if (!days || s.period === 'realtime' || s.period === 'all' || s.period === '12mo') return false;
  if (dir === -1) return true;
  if (s.period === 'month' || s.period === 'year' || s.period === 'day') return days.to < today;
  return days.to < addDays(today, -1) || (s.period === 'custom' && days.to < today);
}

/**
 * The state one period before (-1) or after (+1) the view on screen (`days`): a preset anchored at
 * a day, for the server to resolve, or a custom range moved by its length. Unchanged where it
 * cannot step.
 */
export function stepPeriod(s: DashState, dir: -1 | 1, days: Days | null, today: string): DashState {
  if (!days || !canStep(s, dir, days, today)) return s;
  const anchored = (period: Period, date: string): DashState => {
    return { ...s, period, from: undefined, to: undefined, date: date >= today ? undefined : date };
  };
  switch (s.period) {
    case 'day':
    case 'yesterday':
      return anchored('day', addDays(days.from, dir));
    case '7d':
    case '28d':
    case '30d':
    case '91d': {
      // The last N days end the day before their anchor.
      const n = Number.parseInt(s.period, 10);
      return anchored(s.period, addDays(days.to, 1 + dir * n));
    }
    case 'month':
    case 'last_month':
      // A month is anchored at its last day.
      return anchored('month', dir === -1 ? addDays(days.from, -1) : monthEnd(days.from, 1));
    case 'year':
      return anchored('year', dir === -1 ? addDays(days.from, -1) : addYears(`${days.from.slice(0, 4)}-12-31`, 1));
    case 'custom': {
      const n = daysBetween(days.from, days.to) * dir;
      let from = addDays(days.from, n);
      let to = addDays(days.to, n);
      if (to > today) {
        from = addDays(from, -daysBetween(today, to) + 1);
        to = today;
      }
      return { ...s, from, to };
    }
    default:
      return s;
  }
}
