import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  comparisonRange,
  dayStartUtc,
  daysBetween,
  isValidDay,
  localDay,
  monthStart,
  resolveDateRange,
  type DayRange,
} from './date-range.ts';
import type { DateRangeInput } from './model.ts';

const HOUR = 3_600_000;
const preset = (p: Extract<DateRangeInput, { kind: 'preset' }>['preset']): DateRangeInput => ({ kind: 'preset', preset: p });

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-01', -366)).toBe('2023-03-01');
    expect(addDays('2000-01-01', 36_525)).toBe('2100-01-01');
    expect(addDays('2024-07-08', 0)).toBe('2024-07-08');
  });

  it('agrees with Date for every 37th day over a century', () => {
    const base = Date.UTC(1970, 0, 1);
    for (let n = -10_000; n <= 40_000; n += 37) {
      const expected = new Date(base + n * 86_400_000).toISOString().slice(0, 10);
      expect(addDays('1970-01-01', n)).toBe(expected);
    }
  });

  it('counts days inclusively', () => {
    expect(daysBetween('2024-07-08', '2024-07-08')).toBe(1);
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysBetween('2023-01-01', '2023-12-31')).toBe(365);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(30);
    expect(daysBetween('2024-12-30', '2025-01-02')).toBe(4);
    expect(daysBetween('2024-01-02', '2024-01-01')).toBe(0);
  });

  it('shifts by calendar years, turning Feb 29 into Feb 28', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-03-15', -1)).toBe('2022-03-15');
    expect(addYears('2014-01-01', 10)).toBe('2024-01-01');
  });

  it('finds month starts across years', () => {
    expect(monthStart('2024-07-15')).toBe('2024-07-01');
    expect(monthStart('2024-07-15', -5)).toBe('2024-02-01');
    expect(monthStart('2024-03-31', -11)).toBe('2023-04-01');
    expect(monthStart('2024-01-10', -1)).toBe('2023-12-01');
    expect(monthStart('2024-12-10', 1)).toBe('2025-01-01');
  });

  it('validates days', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '2023-12-31', '1999-01-01']) expect(isValidDay(ok)).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-01', '2024-01-01T00:00:00Z', '', 20240101, null]) {
      expect(isValidDay(bad)).toBe(false);
    }
  });

  it('refuses malformed days instead of computing nonsense', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
  });
});

describe('time zones', () => {
  it('finds the site-local day of an instant', () => {
    const t = Date.UTC(2024, 0, 1, 23, 30);
    expect(localDay(t, 'UTC')).toBe('2024-01-01');
    expect(localDay(t, 'Europe/Berlin')).toBe('2024-01-02');
    expect(localDay(t, 'America/Los_Angeles')).toBe('2024-01-01');
    expect(localDay(Date.UTC(2024, 0, 1, 9, 59), 'Pacific/Kiritimati')).toBe('2024-01-01');
    expect(localDay(Date.UTC(2024, 0, 1, 10, 0), 'Pacific/Kiritimati')).toBe('2024-01-02');
  });

  it('finds local midnight in fixed and half-hour zones', () => {
    expect(dayStartUtc('2024-05-10', 'UTC')).toBe(Date.UTC(2024, 4, 10));
    expect(dayStartUtc('2024-05-10', 'Asia/Kolkata')).toBe(Date.UTC(2024, 4, 9, 18, 30));
    expect(dayStartUtc('2024-05-10', 'Asia/Kathmandu')).toBe(Date.UTC(2024, 4, 9, 18, 15));
    expect(dayStartUtc('2024-01-15', 'America/New_York')).toBe(Date.UTC(2024, 0, 15, 5));
    expect(dayStartUtc('2024-07-15', 'America/New_York')).toBe(Date.UTC(2024, 6, 15, 4));
  });

  it('gives Europe/Berlin 2026-03-29 23 hours and America/New_York 2026-11-01 25 hours', () => {
    const berlin = dayStartUtc('2026-03-29', 'Europe/Berlin');
    expect(berlin).toBe(Date.UTC(2026, 2, 28, 23));
    expect(dayStartUtc('2026-03-30', 'Europe/Berlin') - berlin).toBe(23 * HOUR);
    expect(dayStartUtc('2026-10-25', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 22));
    expect(dayStartUtc('2026-10-26', 'Europe/Berlin') - dayStartUtc('2026-10-25', 'Europe/Berlin')).toBe(25 * HOUR);

    const ny = dayStartUtc('2026-11-01', 'America/New_York');
    expect(ny).toBe(Date.UTC(2026, 10, 1, 4));
    expect(dayStartUtc('2026-11-02', 'America/New_York') - ny).toBe(25 * HOUR);
    expect(dayStartUtc('2026-03-09', 'America/New_York') - dayStartUtc('2026-03-08', 'America/New_York')).toBe(23 * HOUR);
  });

  it('starts a day at the transition where midnight does not exist', () => {
    // Chile springs forward at 00:00 -> 01:00 on 2026-09-06: the day begins at 01:00 local (-03).
    expect(dayStartUtc('2026-09-06', 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
    expect(dayStartUtc('2026-09-07', 'America/Santiago') - dayStartUtc('2026-09-06', 'America/Santiago')).toBe(23 * HOUR);
  });

  it('starts every day of 2026 at the first second of that local day, in zones with awkward DST', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'America/Havana', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
    for (const zone of zones) {
      for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
        const start = dayStartUtc(day, zone);
        expect(localDay(start, zone), `${zone} ${day}`).toBe(day);
        expect(localDay(start - 1000, zone), `${zone} ${day}`).toBe(addDays(day, -1));
      }
    }
  });
});

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

  it('passes custom ranges through and gives realtime the last 30 minutes', () => {
    expect(resolveDateRange({ kind: 'custom', from: '2024-01-01', to: '2024-01-31' }, opts)).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(resolveDateRange({ kind: 'realtime' }, opts)).toEqual({ realtime: true, from: now - 30 * 60_000, to: now });
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
