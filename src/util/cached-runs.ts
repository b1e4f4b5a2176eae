// A probe asked by several callers: one run per key at a time (callers during a run join it), its result kept for a
// while (callers after it get that, not a new run), and gone once stale. What it keeps is one result per key asked
// within that while: a handful of platforms, never a list that grows.
export interface CachedRuns<V> {
  /** The standing result for `key`, else a run (joined if one is under way); `fresh`: a new run whatever stands. */
  get(key: string, fresh?: boolean): Promise<V>;
  /** The result for `key` while it stands; never runs anything. */
  peek(key: string): V | undefined;
}

export function cachedRuns<V>(
  run: (key: string) => Promise<V>,
  o: { now: () => number; cacheMs: number },
): CachedRuns<V> {
  const kept = new Map<string, { at: number; value: V }>();
  const running = new Map<string, Promise<V>>();
  const peek = (key: string): V | undefined => {
    const k = kept.get(key);
    if (k && o.now() - k.at < o.cacheMs) return k.value;
    kept.delete(key);
    return undefined;
  };
  return {
    peek,
    get(key, fresh = false) {
      const standing = fresh ? undefined : peek(key);
      if (standing !== undefined) return Promise.resolve(standing);
      let p = running.get(key);
      if (!p) {
        const at = o.now();
        p = run(key).then((value) => {
          kept.set(key, { at, value });
          return value;
        });
        running.set(key, p);
        p.finally(() => running.delete(key)).catch(() => undefined);
      }
      return p;
    },
  };
}
