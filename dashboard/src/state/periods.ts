/**
 * Periods: what the date picker offers, how each becomes the API's `date_range` (+ `date` anchor),
 * the days it covers, and how the arrow keys step it. Pure: "today" (the site's) is passed in.
 */
import { addDays, addYears, daysBetween, formatDay, formatMonth, formatRange, monthEnd, monthStart } from './dates.ts';
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

/** Inclusive days a state covers, as the server resolves them; null for realtime and all time. */
export function resolveRange(s: DashState, today: string): { from: string; to: string } | null {
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
    case 'last_month': {
      const end = monthEnd(today, -1);
      return { from: monthStart(end), to: end };
    }
    case 'year':
      return { from: `${anchor.slice(0, 4)}-01-01`, to: anchor };
    case '12mo':
      return { from: monthStart(monthEnd(anchor, -11)), to: anchor };
    case 'custom':
      return { from: s.from ?? today, to: s.to ?? today };
  }
}

/** The heading of the date picker: "Last 30 days" for today's presets, the dates otherwise. */
export function periodTitle(s: DashState, today: string): string {
  if (s.period !== 'custom' && (!s.date || s.date === today)) return PERIOD_LABELS[s.period];
  const r = resolveRange(s, today);
  if (!r) return PERIOD_LABELS[s.period];
  if (s.period === 'month' && r.to === monthEnd(r.to)) return formatMonth(r.to.slice(0, 7));
  if (s.period === 'year' && r.to.endsWith('-12-31')) return r.to.slice(0, 4);
  if (r.from === r.to) return formatDay(r.from, true);
  return formatRange(r.from, r.to);
}

/** Can the period move one step in this direction (never past today)? */
export function canStep(s: DashState, dir: -1 | 1, today: string): boolean {
  if (s.period === 'realtime' || s.period === 'all' || s.period === '12mo') return false;
  if (dir === -1) return true;
  const r = resolveRange(s, today);
  if (!r) return false;
  if (s.period === 'month' || s.period === 'year' || s.period === 'day') return r.to < today;
  return r.to < addDays(today, -1) || (s.period === 'custom' && r.to < today);
}

/** The state one period back (-1) or forward (+1); unchanged where it cannot step. */
export function stepPeriod(s: DashState, dir: -1 | 1, today: string): DashState {
  if (!canStep(s, dir, today)) return s;
  const anchor = s.date ?? today;
  const anchored = (period: Period, date: string): DashState => {
    return { ...s, period, from: undefined, to: undefined, date: date >= today ? undefined : date };
  };
  switch (s.period) {
    case 'day':
      return anchored('day', addDays(anchor, dir));
    case 'yesterday':
      return anchored('day', addDays(today, dir === -1 ? -2 : 0));
    case '7d':
    case '28d':
    case '30d':
    case '91d': {
      const n = Number.parseInt(s.period, 10);
      return anchored(s.period, addDays(anchor, dir * n));
    }
    case 'month':
      return anchored('month', monthEnd(anchor, dir));
    case 'last_month':
      return anchored('month', monthEnd(today, dir === -1 ? -2 : 0));
    case 'year':
      return anchored('year', addYears(`${anchor.slice(0, 4)}-12-31`, dir));
    case 'custom': {
      const r = resolveRange(s, today)!;
      const n = daysBetween(r.from, r.to) * dir;
      let from = addDays(r.from, n);
      let to = addDays(r.to, n);
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
