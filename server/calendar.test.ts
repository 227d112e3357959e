import { describe, expect, it } from 'vitest';
import { addDays, addYears, createClock, dayStartUtc, daysBetween, isValidDay, localDay, localDayAndMinute, monthEnd, monthStart, weekday, weekOf } from './calendar.ts';

const HOUR = 3_600_000;

describe('clock', () => {
  it('maps instants to site-local days and hours', () => {
    const berlin = createClock('Europe/Berlin');
    expect(berlin(Date.UTC(2026, 2, 10, 23, 30))).toEqual({ day: '2026-03-11', hour: '2026-03-11T00' });
    const kolkata = createClock('Asia/Kolkata'); // +05:30
    expect(kolkata(Date.UTC(2026, 0, 1, 18, 29))).toEqual({ day: '2026-01-01', hour: '2026-01-01T23' });
    expect(kolkata(Date.UTC(2026, 0, 1, 18, 30))).toEqual({ day: '2026-01-02', hour: '2026-01-02T00' });
  });

  it('finds the start of local days, across DST changes', () => {
    expect(dayStartUtc('2026-03-10', 'UTC')).toBe(Date.UTC(2026, 2, 10));
    expect(dayStartUtc('2026-03-10', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 9, 23));
    // Berlin springs forward on 2026-03-29: that day has 23 hours.
    expect(dayStartUtc('2026-03-30', 'Europe/Berlin') - dayStartUtc('2026-03-29', 'Europe/Berlin')).toBe(23 * 3_600_000);
    // New York falls back on 2026-11-01: 25 hours.
    expect(dayStartUtc('2026-11-02', 'America/New_York') - dayStartUtc('2026-11-01', 'America/New_York')).toBe(25 * 3_600_000);
    expect(dayStartUtc('2026-06-01', 'Pacific/Kiritimati')).toBe(Date.UTC(2026, 4, 31, 10));
  });

  it('does calendar arithmetic', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekOf('2026-03-15')).toBe('2026-03-09'); // a Sunday belongs to the week from Monday
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-01', -366)).toBe('2023-03-01');
    expect(addDays('2000-01-01', 36_525)).toBe('2100-01-01');
    expect(addDays('2024-07-08', 0)).toBe('2024-07-08');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
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
    expect(daysBetween('2024-01-01', '2024-01-31')).toBe(31);
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
    expect(addYears('2024-07-01', 1)).toBe('2025-07-01');
  });

  it('finds month starts across years', () => {
    expect(monthStart('2024-07-15')).toBe('2024-07-01');
    expect(monthStart('2024-07-15', -5)).toBe('2024-02-01');
    expect(monthStart('2024-03-31', -11)).toBe('2023-04-01');
    expect(monthStart('2024-01-10', -1)).toBe('2023-12-01');
    expect(monthStart('2024-12-10', 1)).toBe('2025-01-01');
  });

  it('finds month ends, leap Februaries included', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2023-02-28')).toBe('2023-02-28');
    expect(monthEnd('2024-03-31', -1)).toBe('2024-02-29');
    expect(monthEnd('2024-12-05', 1)).toBe('2025-01-31');
    expect(monthEnd('2025-01-15', -1)).toBe('2024-12-31');
    expect(monthEnd('2024-04-30', -14)).toBe('2023-02-28');
  });

  it('names weekdays the ISO way, Monday first', () => {
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2025-10-03')).toBe(5);
    expect(weekday('2025-10-05')).toBe(7);
    expect(weekday('2025-09-29')).toBe(1);
    expect(weekday('1969-12-28')).toBe(7);
    expect(weekOf('2025-10-05')).toBe('2025-09-29'); // a Sunday ends the week that began on Monday
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
