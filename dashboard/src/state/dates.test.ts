import { describe, expect, it } from 'vitest';
import { bucketKeys, bucketLabel, formatRange, intervalFor } from './dates.ts';

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
    expect(bucketKeys('time:month', '2024-01-31', '2024-03-01')).toEqual(['2024-01', '2024-02', '2024-03']);
  });
  it('labels buckets and ranges', () => {
    expect(bucketLabel('time:hour', '2025-01-01T09')).toBe('09:00');
    expect(bucketLabel('time:hour', '2025-01-01T09', true)).toBe('1 Jan, 09:00');
    expect(bucketLabel('time:day', '2025-10-03', true)).toBe('Fri 3 Oct 2025');
    expect(bucketLabel('time:day', '2025-10-05', true)).toBe('Sun 5 Oct 2025');
    expect(bucketLabel('time:week', '2025-09-29', true)).toBe('Week of 29 Sep 2025');
    expect(bucketLabel('time:month', '2025-10')).toBe('Oct 2025');
    expect(formatRange('2025-10-01', '2025-10-30')).toBe('1 – 30 Oct 2025');
    expect(formatRange('2025-09-28', '2025-10-04')).toBe('28 Sep – 4 Oct 2025');
    expect(formatRange('2024-12-28', '2025-01-04')).toBe('28 Dec 2024 – 4 Jan 2025');
  });
});
