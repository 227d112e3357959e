import { describe, expect, it } from 'vitest';
import { createLruCache } from './lru-cache.ts';

describe('createLruCache', () => {
  it('returns stored values and undefined for misses', () => {
    const c = createLruCache<string, number>(10);
    c.set('a', 1);
    expect(c.get('a')).toBe(1);
    expect(c.get('b')).toBeUndefined();
  });

  it('drops entries nobody used for a while', () => {
    const c = createLruCache<number, number>(10);
    for (let i = 0; i < 10; i++) c.set(i, i);
    expect(c.get(0)).toBeUndefined();
    expect(c.get(9)).toBe(9);
  });

  it('keeps an entry that keeps being used, however many others come and go', () => {
    const c = createLruCache<number, number>(10);
    c.set(-1, -1);
    for (let i = 0; i < 1_000; i++) {
      c.set(i, i);
      expect(c.get(-1)).toBe(-1);
    }
  });

  it('overwriting a key updates it and does not grow the cache', () => {
    const c = createLruCache<string, number>(10);
    c.set('a', 1);
    c.set('a', 2);
    expect(c.get('a')).toBe(2);
    expect(c.size).toBe(1);
  });

  it('treats falsy values (false, 0, empty string) as hits', () => {
    const c = createLruCache<string, unknown>(10);
    c.set('f', false);
    c.set('z', 0);
    c.set('e', '');
    c.set('u', undefined);
    expect([c.get('f'), c.get('z'), c.get('e'), c.get('u')]).toEqual([false, 0, '', undefined]);
    expect(c.size).toBe(4);
  });

  it('never exceeds its bound under many distinct keys', () => {
    const c = createLruCache<number, number>(5_000);
    let largest = 0;
    for (let i = 0; i < 200_000; i++) {
      c.set(i, i);
      c.get(i - 3_000);
      largest = Math.max(largest, c.size);
    }
    expect(largest).toBeLessThanOrEqual(5_000);
  });

  it('rejects a non-positive size', () => {
    expect(() => createLruCache(0)).toThrow(RangeError);
  });
});
