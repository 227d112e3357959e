export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

/**
 * A bounded cache that keeps what was used recently: two generations of at most max/2 entries.
 * New and re-used entries go to the young one; when it fills up it becomes the old one and the
 * previous old one is dropped whole. An entry untouched for between max/2 and max insertions is
 * gone. Unlike an exact LRU on Map order (delete the front, append the back), nothing scans
 * past the holes deleted entries leave in a Map, which cost microseconds per call under churn.
 */
export function createLruCache<K, V>(max: number): LruCache<K, V> {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`LRU size must be >= 1, got ${max}`);
  const half = Math.max(1, Math.floor(max / 2));
  let young = new Map<K, V>();
  let old = new Map<K, V>();

  const put = (key: K, value: V) => {
    young.set(key, value);
    if (young.size >= half) {
      old = young;
      young = new Map();
    }
  };

  return {
    get(key) {
      const value = young.get(key);
      // `has` only on a miss-looking result, so stored `undefined` values still count as hits.
      if (value !== undefined || young.has(key)) return value;
      if (!old.has(key)) return undefined;
      const promoted = old.get(key) as V;
      old.delete(key);
      put(key, promoted);
      return promoted;
    },
    set(key, value) {
      old.delete(key);
      put(key, value);
    },
    get size() {
      return young.size + old.size;
    },
  };
}
