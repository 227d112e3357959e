import { describe, expect, it } from 'vitest';
import { createLogThrottle } from './log.ts';

describe('createLogThrottle', () => {
  it('passes the first line of a key, then one per interval with the count held back', () => {
    let now = 0;
    const pass = createLogThrottle(10_000, () => now);
    expect(pass('disk full')).toEqual({ suppressed: 0 });
    for (let i = 0; i < 37_000; i++) expect(pass('disk full')).toBeNull();
    expect(pass('another cause')).toEqual({ suppressed: 0 });
    now = 10_000;
    expect(pass('disk full')).toEqual({ suppressed: 37_000 });
    expect(pass('disk full')).toBeNull();
  });
});
