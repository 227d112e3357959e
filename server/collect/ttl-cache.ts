/**
 * Lookups cached for a few seconds, with one load in flight per key. The database stays the only
 * source of truth (collectors are stateless); a change reaches every collector within `ttlMs`.
 * Misses (null) are cached too, so a flood for a wrong key does not become a flood of queries.
 * A hit answers synchronously: the collector's hot path awaits only on a miss.
 */
export function createTtlCache<K, V>(load: (key: K) => Promise<V>, ttlMs: number, max: number) {
  const entries = new Map<K, { value: V; expires: number }>();
  const pending = new Map<K, Promise<V>>();

  async function fill(key: K): Promise<V> {
    const value = await load(key);
    if (entries.size >= max) entries.clear();
    entries.set(key, { value, expires: Date.now() + ttlMs });
    return value;
  }

  return function lookup(key: K): V | Promise<V> {
    const hit = entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    let promise = pending.get(key);
    if (!promise) {
      promise = fill(key).finally(() => pending.delete(key));
      pending.set(key, promise);
    }
    return promise;
  };
}
