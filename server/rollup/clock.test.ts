import { describe, expect, it } from 'vitest';
import { addDays, createClock, dayStart, weekOf } from './clock.ts';

describe('clock', () => {
  it('maps instants to site-local days and hours', () => {
    const berlin = createClock('Europe/Berlin');
    expect(berlin(Date.UTC(2026, 2, 10, 23, 30))).toEqual({ day: '2026-03-11', hour: '2026-03-11T00' });
    const kolkata = createClock('Asia/Kolkata'); // +05:30
    expect(kolkata(Date.UTC(2026, 0, 1, 18, 29))).toEqual({ day: '2026-01-01', hour: '2026-01-01T23' });
    expect(kolkata(Date.UTC(2026, 0, 1, 18, 30))).toEqual({ day: '2026-01-02', hour: '2026-01-02T00' });
  });

  it('finds the start of local days, across DST changes', () => {
    expect(dayStart('2026-03-10', 'UTC')).toBe(Date.UTC(2026, 2, 10));
    expect(dayStart('2026-03-10', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 9, 23));
    // Berlin springs forward on 2026-03-29: that day has 23 hours.
    expect(dayStart('2026-03-30', 'Europe/Berlin') - dayStart('2026-03-29', 'Europe/Berlin')).toBe(23 * 3_600_000);
    // New York falls back on 2026-11-01: 25 hours.
    expect(dayStart('2026-11-02', 'America/New_York') - dayStart('2026-11-01', 'America/New_York')).toBe(25 * 3_600_000);
    expect(dayStart('2026-06-01', 'Pacific/Kiritimati')).toBe(Date.UTC(2026, 4, 31, 10));
  });

  it('does calendar arithmetic', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekOf('2026-03-15')).toBe('2026-03-09'); // a Sunday belongs to the week from Monday
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
  });
});
