import { describe, expect, it } from 'vitest';
import { addDays, dayStartUtc, daysBetween } from '../calendar.ts';
import { comparisonRange, realtimeWindow, resolveDateRange, type DayRange } from './date-range.ts';
import type { DateRangeInput } from './model.ts';

const HOUR = 3_600_000;
const preset = (p: Extract<DateRangeInput, { kind: 'preset' }>['preset']): DateRangeInput => ({ kind: 'preset', preset: p });

describe('resolveDateRange', () => {
  const now = Date.UTC(2024, 6, 8, 12); // Monday 2024-07-08, noon UTC
  const opts = { timezone: 'UTC', now };

  it('resolves every preset relative to today', () => {
    const cases: Array<[Parameters<typeof preset>[0], DayRange]> = [
      ['day', { from: '2024-07-08', to: '2024-07-08' }],
      // Plausible v2: "Nd" is the N days before today, today excluded.
      ['7d', { from: '2024-07-01', to: '2024-07-07' }],
      ['28d', { from: '2024-06-10', to: '2024-07-07' }],
      ['30d', { from: '2024-06-08', to: '2024-07-07' }],
      ['91d', { from: '2024-04-08', to: '2024-07-07' }],
      ['month', { from: '2024-07-01', to: '2024-07-08' }],
      ['6mo', { from: '2024-02-01', to: '2024-07-08' }],
      ['12mo', { from: '2023-08-01', to: '2024-07-08' }],
      ['year', { from: '2024-01-01', to: '2024-07-08' }],
      ['all', { from: '2024-07-08', to: '2024-07-08' }],
    ];
    for (const [p, expected] of cases) expect(resolveDateRange(preset(p), opts), p).toEqual(expected);
  });

  it('makes Nd presets exactly N days long', () => {
    for (const p of ['7d', '28d', '30d', '91d'] as const) {
      const r = resolveDateRange(preset(p), opts) as DayRange;
      expect(daysBetween(r.from, r.to)).toBe(Number.parseInt(p, 10));
    }
  });

  it('uses the first day with stats for "all"', () => {
    expect(resolveDateRange(preset('all'), { ...opts, firstDay: '2023-05-05' })).toEqual({ from: '2023-05-05', to: '2024-07-08' });
    expect(resolveDateRange(preset('all'), { ...opts, firstDay: '2024-08-01' })).toEqual({ from: '2024-07-08', to: '2024-07-08' });
  });

  it("takes today in the site's time zone (a year boundary apart from UTC)", () => {
    const newYear = Date.UTC(2024, 0, 1, 2); // still 2023-12-31 in New York
    expect(resolveDateRange(preset('day'), { timezone: 'America/New_York', now: newYear })).toEqual({ from: '2023-12-31', to: '2023-12-31' });
    expect(resolveDateRange(preset('year'), { timezone: 'America/New_York', now: newYear })).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(resolveDateRange(preset('year'), { timezone: 'UTC', now: newYear })).toEqual({ from: '2024-01-01', to: '2024-01-01' });
    expect(resolveDateRange(preset('7d'), { timezone: 'UTC', now: newYear })).toEqual({ from: '2023-12-25', to: '2023-12-31' });
    expect(resolveDateRange(preset('day'), { timezone: 'Asia/Tokyo', now: Date.UTC(2024, 6, 8, 15) })).toEqual({ from: '2024-07-09', to: '2024-07-09' });
  });

  it('resolves presets relative to the anchor date when given', () => {
    const anchored = { ...opts, anchor: '2024-03-01' };
    expect(resolveDateRange(preset('day'), anchored)).toEqual({ from: '2024-03-01', to: '2024-03-01' });
    expect(resolveDateRange(preset('7d'), anchored)).toEqual({ from: '2024-02-23', to: '2024-02-29' });
    expect(resolveDateRange(preset('month'), anchored)).toEqual({ from: '2024-03-01', to: '2024-03-01' });
    expect(resolveDateRange(preset('6mo'), { ...opts, anchor: '2024-01-15' })).toEqual({ from: '2023-08-01', to: '2024-01-15' });
    expect(resolveDateRange(preset('year'), { ...opts, anchor: '2023-12-31' })).toEqual({ from: '2023-01-01', to: '2023-12-31' });
  });

  it('passes custom ranges through and marks realtime, whose window depends on what is asked', () => {
    expect(resolveDateRange({ kind: 'custom', from: '2024-01-01', to: '2024-01-31' }, opts)).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(resolveDateRange({ kind: 'realtime' }, opts)).toEqual({ realtime: true });
    expect(realtimeWindow(now, false)).toEqual({ from: now - 5 * 60_000, to: now + 1 });
    expect(realtimeWindow(now, true)).toEqual({ from: now - 30 * 60_000, to: now + 1 });
  });
});

describe('comparisonRange', () => {
  it('compares with the same number of days just before', () => {
    expect(comparisonRange({ from: '2024-03-01', to: '2024-03-31' }, { mode: 'previous_period' })).toEqual({ from: '2024-01-30', to: '2024-02-29' });
    expect(comparisonRange({ from: '2024-07-01', to: '2024-07-07' }, { mode: 'previous_period' })).toEqual({ from: '2024-06-24', to: '2024-06-30' });
    expect(comparisonRange({ from: '2025-01-01', to: '2025-01-01' }, { mode: 'previous_period' })).toEqual({ from: '2024-12-31', to: '2024-12-31' });
    // 2024 has 366 days, so its previous period starts a day before 2023 does.
    expect(comparisonRange({ from: '2024-01-01', to: '2024-12-31' }, { mode: 'previous_period' })).toEqual({ from: '2022-12-31', to: '2023-12-31' });
  });

  it('compares with the same calendar days a year earlier', () => {
    expect(comparisonRange({ from: '2024-02-29', to: '2024-03-06' }, { mode: 'year_over_year' })).toEqual({ from: '2023-02-28', to: '2023-03-06' });
    expect(comparisonRange({ from: '2025-01-01', to: '2025-01-31' }, { mode: 'year_over_year' })).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(comparisonRange({ from: '2024-12-25', to: '2025-01-07' }, { mode: 'year_over_year' })).toEqual({ from: '2023-12-25', to: '2024-01-07' });
  });

  it('uses a custom comparison range as given', () => {
    expect(comparisonRange({ from: '2024-07-01', to: '2024-07-07' }, { mode: 'custom', from: '2023-01-01', to: '2023-01-31' })).toEqual({
      from: '2023-01-01',
      to: '2023-01-31',
    });
  });
});
