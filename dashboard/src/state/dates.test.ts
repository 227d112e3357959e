import { describe, expect, it } from 'vitest';
import { addDays, addYears, bucketKeys, bucketLabel, daysBetween, formatRange, hourKeyIn, intervalFor, isValidDay, monthEnd, todayIn, weekOf } from './dates.ts';

describe('calendar arithmetic', () => {
  it('validates days', () => {
    expect(isValidDay('2024-02-29')).toBe(true);
    expect(isValidDay('2023-02-29')).toBe(false);
    expect(isValidDay('2024-13-01')).toBe(false);
    expect(isValidDay('2024-1-01')).toBe(false);
    expect(isValidDay(null)).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2024-01-31')).toBe(31);
    expect(daysBetween('2024-01-01', '2024-01-01')).toBe(1);
  });
  it('finds month ends and shifts years like the server', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2024-03-31', -1)).toBe('2024-02-29');
    expect(monthEnd('2024-12-05', 1)).toBe('2025-01-31');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-07-01', 1)).toBe('2025-07-01');
  });
  it('weeks start on Monday', () => {
    expect(weekOf('2025-10-05')).toBe('2025-09-29'); // a Sunday
    expect(weekOf('2025-09-29')).toBe('2025-09-29');
  });
  it('knows the day and hour in a time zone', () => {
    const t = Date.UTC(2025, 0, 1, 23, 30); // 00:30 on Jan 2 in Berlin
    expect(todayIn('Europe/Berlin', t)).toBe('2025-01-02');
    expect(todayIn('America/New_York', t)).toBe('2025-01-01');
    expect(hourKeyIn('Europe/Berlin', t)).toBe('2025-01-02T00');
    expect(todayIn('Not/AZone', t)).toBe('2025-01-01');
  });
});

describe('chart buckets', () => {
  it('picks the interval from the span', () => {
    expect(intervalFor('day', '2025-01-01', '2025-01-01')).toBe('time:hour');
    expect(intervalFor('30d', '2025-01-01', '2025-01-30')).toBe('time:day');
    expect(intervalFor('91d', '2025-01-01', '2025-04-01')).toBe('time:day');
    expect(intervalFor('custom', '2025-01-01', '2025-06-30')).toBe('time:week');
    expect(intervalFor('12mo', '2024-11-01', '2025-10-15')).toBe('time:month');
    expect(intervalFor('all', '2020-01-01', '2025-10-15')).toBe('time:month');
    expect(intervalFor('all', '2025-10-01', '2025-10-15')).toBe('time:day');
  });
  it('lists every bucket in the server format', () => {
    expect(bucketKeys('time:hour', '2025-01-01', '2025-01-01')).toHaveLength(24);
    expect(bucketKeys('time:hour', '2025-01-01', '2025-01-01')[13]).toBe('2025-01-01T13');
    expect(bucketKeys('time:day', '2025-01-30', '2025-02-02')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(bucketKeys('time:week', '2025-10-01', '2025-10-14')).toEqual(['2025-09-29', '2025-10-06', '2025-10-13']);
    expect(bucketKeys('time:month', '2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
  it('labels buckets and ranges', () => {
    expect(bucketLabel('time:hour', '2025-01-01T09')).toBe('09:00');
    expect(bucketLabel('time:day', '2025-10-03', true)).toBe('Fri 3 Oct 2025');
    expect(bucketLabel('time:month', '2025-10')).toBe('Oct 2025');
    expect(formatRange('2025-10-01', '2025-10-30')).toBe('1 – 30 Oct 2025');
    expect(formatRange('2025-09-28', '2025-10-04')).toBe('28 Sep – 4 Oct 2025');
    expect(formatRange('2024-12-28', '2025-01-04')).toBe('28 Dec 2024 – 4 Jan 2025');
  });
});
