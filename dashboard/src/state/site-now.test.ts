import { describe, expect, it } from 'vitest';
import { siteNow } from './site-now.ts';

describe("the site's now", () => {
  it('is the day and hour in the site’s zone', () => {
    const t = Date.UTC(2025, 0, 1, 23, 30); // 00:30 on Jan 2 in Berlin
    expect(siteNow('Europe/Berlin', t)).toEqual({ day: '2025-01-02', hour: '2025-01-02T00' });
    expect(siteNow('America/New_York', t).day).toBe('2025-01-01');
  });
  it('falls back to UTC for a zone this browser does not know', () => {
    expect(siteNow('Not/AZone', Date.UTC(2025, 0, 1, 23, 30))).toEqual({ day: '2025-01-01', hour: '2025-01-01T23' });
  });
});
