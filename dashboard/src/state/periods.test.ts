import { describe, expect, it } from 'vitest';
import { apiDateRange, canStep, expectedDays, periodTitle, stepPeriod, viewDays, type Days } from './periods.ts';
import { DEFAULT_STATE, type DashState, type Period } from './url-state.ts';

const TODAY = '2025-10-15';
const at = (period: Period, extra: Partial<DashState> = {}): DashState => ({ ...DEFAULT_STATE, period, ...extra });
/** Before the view's answer arrives, its days are the expected ones. */
const step = (s: DashState, dir: -1 | 1) => stepPeriod(s, dir, expectedDays(s, TODAY), TODAY);
const can = (s: DashState, dir: -1 | 1) => canStep(s, dir, expectedDays(s, TODAY), TODAY);
const title = (s: DashState) => periodTitle(s, expectedDays(s, TODAY), TODAY);
const days = (from: string, to: string): Days => ({ from, to });

describe('periods', () => {
  it('maps to the API date range', () => {
    expect(apiDateRange(at('30d'), TODAY)).toEqual({ date_range: '30d' });
    expect(apiDateRange(at('30d', { date: '2025-09-15' }), TODAY)).toEqual({ date_range: '30d', date: '2025-09-15' });
    expect(apiDateRange(at('yesterday'), TODAY)).toEqual({ date_range: ['2025-10-14', '2025-10-14'] });
    expect(apiDateRange(at('last_month'), TODAY)).toEqual({ date_range: 'month', date: '2025-09-30' });
    expect(apiDateRange(at('custom', { from: '2025-01-01', to: '2025-01-31' }), TODAY)).toEqual({ date_range: ['2025-01-01', '2025-01-31'] });
    expect(apiDateRange(at('realtime'), TODAY)).toEqual({ date_range: 'realtime' });
  });

  it('expects the days the server will resolve', () => {
    expect(expectedDays(at('7d'), TODAY)).toEqual({ from: '2025-10-08', to: '2025-10-14' });
    expect(expectedDays(at('month'), TODAY)).toEqual({ from: '2025-10-01', to: TODAY });
    expect(expectedDays(at('last_month'), TODAY)).toEqual({ from: '2025-09-01', to: '2025-09-30' });
    expect(expectedDays(at('year'), TODAY)).toEqual({ from: '2025-01-01', to: TODAY });
    expect(expectedDays(at('12mo'), TODAY)).toEqual({ from: '2024-11-01', to: TODAY });
    expect(expectedDays(at('all'), TODAY)).toBeNull();
  });

  it('takes the days on screen from the answer once there', () => {
    expect(viewDays(at('all'), ['2023-04-02', TODAY], TODAY)).toEqual({ from: '2023-04-02', to: TODAY });
    expect(viewDays(at('all'), undefined, TODAY)).toBeNull();
    expect(viewDays(at('7d'), undefined, TODAY)).toEqual(expectedDays(at('7d'), TODAY));
    // The site's zone is already a day further than this browser thinks: the answer wins.
    expect(viewDays(at('month'), ['2025-10-01', '2025-10-16'], TODAY)).toEqual({ from: '2025-10-01', to: '2025-10-16' });
  });

  it('steps back and forward, never past today', () => {
    const day = step(at('day'), -1);
    expect(day).toMatchObject({ period: 'day', date: '2025-10-14' });
    expect(step(day, 1).date).toBeUndefined();
    expect(can(at('day'), 1)).toBe(false);

    const week = step(at('7d'), -1);
    expect(expectedDays(week, TODAY)).toEqual({ from: '2025-10-01', to: '2025-10-07' });
    expect(step(week, 1).date).toBeUndefined();

    const month = step(at('month'), -1);
    expect(month.date).toBe('2025-09-30');
    expect(title(month)).toBe('Sep 2025');
    expect(step(at('last_month'), -1)).toMatchObject({ period: 'month', date: '2025-08-31' });
    expect(step(at('last_month'), 1)).toMatchObject({ period: 'month', date: undefined });

    const year = step(at('year'), -1);
    expect(year.date).toBe('2024-12-31');
    expect(title(year)).toBe('2024');
    expect(step(year, 1).date).toBeUndefined();
    expect(step(step(year, -1), 1).date).toBe('2024-12-31');

    expect(step(at('yesterday'), -1)).toMatchObject({ period: 'day', date: '2025-10-13' });
    expect(step(at('realtime'), -1).period).toBe('realtime');
    expect(can(at('all'), -1)).toBe(false);
  });

  it('steps custom ranges by their length and clamps at today', () => {
    const c = at('custom', { from: '2025-10-01', to: '2025-10-10' });
    expect(step(c, -1)).toMatchObject({ from: '2025-09-21', to: '2025-09-30' });
    expect(step(c, 1)).toMatchObject({ from: '2025-10-06', to: TODAY });
    expect(can(at('custom', { from: '2025-10-10', to: TODAY }), 1)).toBe(false);
  });

  it('steps from the days on screen, whatever the browser expected', () => {
    // The server's today is the 16th, this browser's the 15th: a step back shows the 28 days before
    // the ones on screen (the browser alone would have anchored at 2025-09-17).
    expect(stepPeriod(at('28d'), -1, days('2025-09-18', '2025-10-15'), TODAY).date).toBe('2025-09-18');
    expect(stepPeriod(at('month'), 1, days('2025-08-01', '2025-08-31'), TODAY).date).toBe('2025-09-30');
    expect(canStep(at('7d'), -1, null, TODAY)).toBe(false);
  });

  it('titles presets by name and stepped periods by their dates', () => {
    expect(title(at('30d'))).toBe('Last 30 days');
    expect(title(at('day', { date: '2025-10-03' }))).toBe('3 Oct 2025');
    expect(title(at('custom', { from: '2025-10-01', to: '2025-10-09' }))).toBe('1 – 9 Oct 2025');
    expect(periodTitle(at('all'), days('2023-04-02', TODAY), TODAY)).toBe('All time');
    expect(periodTitle(at('7d', { date: '2025-09-01' }), days('2025-08-25', '2025-08-31'), TODAY)).toBe('25 – 31 Aug 2025');
    expect(periodTitle(at('month', { date: '2025-09-30' }), null, TODAY)).toBe('Month to date');
  });
});
