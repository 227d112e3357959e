import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTtlCache } from './ttl-cache.ts';

afterEach(() => vi.useRealTimers());

describe('createTtlCache', () => {
  it('loads a key once while it is fresh, answers hits synchronously, and caches misses', async () => {
    vi.useFakeTimers({ now: 0 });
    const load = vi.fn(async (key: string) => (key === 'known' ? { key } : null));
    const lookup = createTtlCache(load, 5_000, 10);
    const [a, b] = [lookup('known'), lookup('known')];
    expect(a).toBeInstanceOf(Promise);
    expect(await a).toEqual({ key: 'known' });
    expect(await b).toEqual({ key: 'known' });
    expect(lookup('known')).toEqual({ key: 'known' });
    expect(await lookup('unknown')).toBeNull();
    expect(lookup('unknown')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
    // Stale after the TTL: loaded again.
    vi.setSystemTime(5_001);
    expect(lookup('known')).toBeInstanceOf(Promise);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('forgets everything rather than grow past its size', async () => {
    const load = vi.fn(async (key: number) => key);
    const lookup = createTtlCache(load, 60_000, 2);
    for (const key of [1, 2, 3]) await lookup(key);
    expect(lookup(3)).toBe(3);
    expect(lookup(1)).toBeInstanceOf(Promise);
  });
});
