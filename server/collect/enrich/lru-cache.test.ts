import { describe, expect, it } from 'vitest';
import { createLruCache } from './lru-cache.ts';

describe('createLruCache', () => {
  it('returns stored values and undefined for misses', () => {
    const cache = createLruCache<string, number>(3);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
  });

  it('evicts the least recently set entry when full', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('a get refreshes recency, so the untouched entry is evicted instead', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
  });

  it('overwriting a key updates it, refreshes it and does not grow the cache', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBe(10);
    expect(cache.get('b')).toBeUndefined();
  });

  it('treats falsy values (false, 0, empty string) as hits', () => {
    const cache = createLruCache<string, boolean | number | string>(3);
    cache.set('f', false);
    cache.set('z', 0);
    cache.set('e', '');
    expect(cache.get('f')).toBe(false);
    expect(cache.get('z')).toBe(0);
    expect(cache.get('e')).toBe('');
  });

  it('never exceeds its bound under many distinct keys', () => {
    const cache = createLruCache<number, number>(100);
    for (let i = 0; i < 10_000; i++) cache.set(i, i);
    expect(cache.size).toBe(100);
    expect(cache.get(9_999)).toBe(9_999);
    expect(cache.get(9_899)).toBeUndefined();
  });

  it('rejects a non-positive size', () => {
    expect(() => createLruCache(0)).toThrow(RangeError);
  });
});
