/**
 * Date ranges of a stats query, resolved to inclusive site-local days.
 * Calendar arithmetic lives in server/calendar.ts.
 */
import { addDays, addYears, daysBetween, isValidDay, localDay, monthStart } from '../calendar.ts';
import type { Comparison, DateRangeInput } from './model.ts';


/**
 * The days a request may name. Nothing older than 2000 is ever stored (imports refuse it) and
 * live events are stamped now, so no answer is lost; and every day derived from these (presets a
 * year back, comparisons up to ten years back, the day after a range) stays well inside the
 * four-digit years that `YYYY-MM-DD` and the time-zone database cover. Year 9999 or 0001 used to
 * reach day arithmetic that steps into year 10000 or 0 and throws.
 */
export const QUERY_DAYS = Object.freeze({ first: '2000-01-01', last: '2100-12-31' });

/** A real calendar day within QUERY_DAYS. */
export const isQueryDay = (value: unknown): value is string =>
  isValidDay(value) && value >= QUERY_DAYS.first && value <= QUERY_DAYS.last;

/** Inclusive site-local days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** A realtime query: its window depends on what it asks (see realtimeWindow), not on days. */
export interface RealtimeRange {
  realtime: true;
}

export interface ResolveOptions {
  /** IANA time zone of the site, e.g. `Europe/Berlin`. */
  timezone: string;
  /** The current instant, epoch ms (injected so tests and comparisons are deterministic). */
  now: number;
  /** Plausible's `date` parameter: presets are relative to this day instead of today. */
  anchor?: string;
  /** The first day with stats for the site (for `all`); today when absent. */
  firstDay?: string;
}

/**
 * Realtime: who is on the site now (the last 5 minutes, Plausible's own `realtime`), and what
 * they looked at (a breakdown: the last 30 minutes, Plausible's `30m`). As epoch ms, `to` exclusive.
 */
export function realtimeWindow(now: number, breakdown: boolean): { from: number; to: number } {
  return { from: now - (breakdown ? 30 : 5) * 60_000, to: now + 1 };
}

// ---------------------------------------------------------------------------------------------
// Presets and comparisons
// ---------------------------------------------------------------------------------------------

/**
 * Resolves a query's date range to inclusive site-local days (or marks it realtime). "Today" is the site-local day of `now`, or `anchor` when given.
 *
 * Preset semantics (Plausible Stats API v2, where it is explicit):
 * - `day`: today.
 * - `7d`, `28d`, `30d`, `91d`: the N whole days *before* today, today excluded. Plausible's current
 *   API parses every `<N>d` shorthand as `[today - N, today - 1]` (its older releases included today
 *   for `7d`); we follow the current behaviour, so `7d` on 2024-07-08 is 2024-07-01..2024-07-07.
 * - `month`: the first of the current month .. today.
 * - `6mo` / `12mo`: the first day of the month 5 / 11 months ago .. today, i.e. the current month
 *   to date plus the 5 / 11 whole months before it. (Plausible's newest parser counts 6 / 12 whole
 *   months and leaves out the current one; we keep the month in progress, as its dashboard did.)
 * - `year`: January 1 .. today.
 * - `all`: `firstDay` (today when unknown, or when it is after today) .. today.
 * Plausible's `month`/`year` run to the end of the calendar period; the days after today hold no
 * data, so ending at today gives the same numbers and makes `previous_period` compare like with like.
 */
export function resolveDateRange(input: DateRangeInput, opts: ResolveOptions): DayRange | RealtimeRange {
  if (input.kind === 'realtime') return { realtime: true };
  if (input.kind === 'custom') return { from: input.from, to: input.to };

  const today = opts.anchor ?? localDay(opts.now, opts.timezone);
  switch (input.preset) {
    case 'day':
      return { from: today, to: today };
    case '7d':
    case '28d':
    case '30d':
    case '91d': {
      const n = Number.parseInt(input.preset, 10);
      return { from: addDays(today, -n), to: addDays(today, -1) };
    }
    case 'month':
      return { from: monthStart(today), to: today };
    case '6mo':
      return { from: monthStart(today, -5), to: today };
    case '12mo':
      return { from: monthStart(today, -11), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all': {
      const first = opts.firstDay && opts.firstDay < today ? opts.firstDay : today;
      return { from: first, to: today };
    }
  }
}

/**
 * The range a comparison is measured against.
 * - `previous_period`: as many days as `range`, ending the day before `range.from`.
 * - `year_over_year`: the same month and day one year earlier (Feb 29 becomes Feb 28). Plausible
 *   shifts by 365 days instead, which drifts by a day across a leap day; calendar dates read better.
 * - `custom`: the given days.
 */
export function comparisonRange(range: DayRange, comparison: Comparison): DayRange {
  switch (comparison.mode) {
    case 'previous_period': {
      const length = daysBetween(range.from, range.to);
      return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
    }
    case 'year_over_year':
      return { from: addYears(range.from, -1), to: addYears(range.to, -1) };
    case 'custom':
      return { from: comparison.from, to: comparison.to };
  }
}
