// The one clock: every part that reads the time or waits gets it from the composition root, so a test can run a
// restart-and-verify sequence of minutes on a clock of its own in milliseconds.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` once `ms` have passed on this clock, unless the returned function is called first. Never keeps the
   *  process alive (a daemon's timers are not what it waits on). */
  timer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

/**
 * Milliseconds on a monotonic clock, for measuring how long something took. Not `performance.now()`: its first use
 * loads perf_hooks, ~1–3 ms of a one-shot `gatewatch check` (process.hrtime is there from the start).
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
