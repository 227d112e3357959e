export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

/**
 * A bounded least-recently-used cache on top of Map's insertion order: a hit is re-inserted
 * so it moves to the back, and the front (oldest) entry is dropped when full. O(1) per call,
 * no timers, no per-entry allocation beyond the Map slot.
 */
export function createLruCache<K, V>(max: number): LruCache<K, V> {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`LRU size must be >= 1, got ${max}`);
  const map = new Map<K, V>();

  return {
    get(key) {
      const value = map.get(key);
      // `has` only on a miss-looking result, so stored `undefined` values still count as hits.
      if (value === undefined && !map.has(key)) return undefined;
      map.delete(key);
      map.set(key, value as V);
      return value;
    },
    set(key, value) {
      if (map.has(key)) map.delete(key);
      else if (map.size >= max) map.delete(map.keys().next().value as K);
      map.set(key, value);
    },
    get size() {
      return map.size;
    },
  };
}
