/**
 * Per-organisation read caches (SLA policies, business calendars) whose entries expire after
 * `ttlMs`. A process forgets an entry at once when it changes the data itself; the TTL bounds
 * how long another process serves what it read before. That is a matter of wall time, not of
 * the business clock services are given (tests fix that one and move it by days), so this is
 * the one place a cache reads `Date.now()`.
 */
export interface TtlCache<V> {
  /** The entry if it is fresh, else `load()`'s answer, kept for `ttlMs`. */
  get(key: string, load: () => Promise<V>): Promise<V>;
  forget(key: string): void;
}

export function ttlCache<V>(ttlMs: number): TtlCache<V> {
  const entries = new Map<string, { until: number; value: V }>();
  /** Bumped by `forget`: a load that began before a change does not store what it read. */
  const generations = new Map<string, number>();
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.until > Date.now()) return hit.value;
      const generation = generations.get(key) ?? 0;
      const value = await load();
      if ((generations.get(key) ?? 0) === generation) entries.set(key, { until: Date.now() + ttlMs, value });
      return value;
    },
    forget(key) {
      entries.delete(key);
      generations.set(key, (generations.get(key) ?? 0) + 1);
    },
  };
}
