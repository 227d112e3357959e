import { describe, expect, it } from 'vitest';
import { apiDateRange, canStep, periodTitle, resolveRange, stepPeriod } from './periods.ts';
import { DEFAULT_STATE, type DashState, type Period } from './url-state.ts';

const TODAY = '2025-10-15';
const at = (period: Period, extra: Partial<DashState> = {}): DashState => ({ ...DEFAULT_STATE, period, ...extra });

describe('periods', () => {
  it('maps to the API date range', () => {
    expect(apiDateRange(at('30d'), TODAY)).toEqual({ date_range: '30d' });
    expect(apiDateRange(at('30d', { date: '2025-09-15' }), TODAY)).toEqual({ date_range: '30d', date: '2025-09-15' });
    expect(apiDateRange(at('yesterday'), TODAY)).toEqual({ date_range: ['2025-10-14', '2025-10-14'] });
    expect(apiDateRange(at('last_month'), TODAY)).toEqual({ date_range: 'month', date: '2025-09-30' });
    expect(apiDateRange(at('custom', { from: '2025-01-01', to: '2025-01-31' }), TODAY)).toEqual({ date_range: ['2025-01-01', '2025-01-31'] });
    expect(apiDateRange(at('realtime'), TODAY)).toEqual({ date_range: 'realtime' });
  });

  it('resolves days as the server does', () => {
    expect(resolveRange(at('7d'), TODAY)).toEqual({ from: '2025-10-08', to: '2025-10-14' });
    expect(resolveRange(at('month'), TODAY)).toEqual({ from: '2025-10-01', to: TODAY });
    expect(resolveRange(at('last_month'), TODAY)).toEqual({ from: '2025-09-01', to: '2025-09-30' });
    expect(resolveRange(at('year'), TODAY)).toEqual({ from: '2025-01-01', to: TODAY });
    expect(resolveRange(at('12mo'), TODAY)).toEqual({ from: '2024-11-01', to: TODAY });
    expect(resolveRange(at('all'), TODAY)).toBeNull();
  });

  it('steps back and forward, never past today', () => {
    const day = stepPeriod(at('day'), -1, TODAY);
    expect(day).toMatchObject({ period: 'day', date: '2025-10-14' });
    expect(stepPeriod(day, 1, TODAY).date).toBeUndefined();
    expect(canStep(at('day'), 1, TODAY)).toBe(false);

    const week = stepPeriod(at('7d'), -1, TODAY);
    expect(resolveRange(week, TODAY)).toEqual({ from: '2025-10-01', to: '2025-10-07' });
    expect(stepPeriod(week, 1, TODAY).date).toBeUndefined();

    const month = stepPeriod(at('month'), -1, TODAY);
    expect(month.date).toBe('2025-09-30');
    expect(periodTitle(month, TODAY)).toBe('Sep 2025');
    expect(stepPeriod(at('last_month'), -1, TODAY)).toMatchObject({ period: 'month', date: '2025-08-31' });
    expect(stepPeriod(at('last_month'), 1, TODAY)).toMatchObject({ period: 'month', date: undefined });

    const year = stepPeriod(at('year'), -1, TODAY);
    expect(year.date).toBe('2024-12-31');
    expect(periodTitle(year, TODAY)).toBe('2024');

    expect(stepPeriod(at('yesterday'), -1, TODAY)).toMatchObject({ period: 'day', date: '2025-10-13' });
    expect(stepPeriod(at('realtime'), -1, TODAY).period).toBe('realtime');
    expect(canStep(at('all'), -1, TODAY)).toBe(false);
  });

  it('steps custom ranges by their length and clamps at today', () => {
    const c = at('custom', { from: '2025-10-01', to: '2025-10-10' });
    expect(stepPeriod(c, -1, TODAY)).toMatchObject({ from: '2025-09-21', to: '2025-09-30' });
    expect(stepPeriod(c, 1, TODAY)).toMatchObject({ from: '2025-10-06', to: TODAY });
    expect(canStep(at('custom', { from: '2025-10-10', to: TODAY }), 1, TODAY)).toBe(false);
  });

  it('titles presets by name and stepped periods by their dates', () => {
    expect(periodTitle(at('30d'), TODAY)).toBe('Last 30 days');
    expect(periodTitle(at('day', { date: '2025-10-03' }), TODAY)).toBe('3 Oct 2025');
    expect(periodTitle(at('custom', { from: '2025-10-01', to: '2025-10-09' }), TODAY)).toBe('1 – 9 Oct 2025');
  });
});
