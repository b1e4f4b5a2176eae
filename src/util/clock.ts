// The one clock: every part that reads the time or waits gets it from the composition root, so a test can run a
// restart-and-verify sequence of minutes on a clock of its own in milliseconds. Nothing outside this module and the
// root calls setTimeout, setInterval, Date.now(), performance.now() or AbortSignal.timeout(), and nothing outside them
// and the demo falls back to systemClock: the clock is handed in (test/architecture.test.ts checks).
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed on this clock; rejects (an AbortError) when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once `ms` have passed on this clock, unless the returned function is called first. Never keeps the
   *  process alive (a daemon's timers are not what it waits on). A test's clock may wait for the promise `fn` returns. */
  timer(fn: () => unknown, ms: number): () => void;
  /**
   * Calls `fn` every `ms` until the returned function is called, each call timed from the previous one's start; as
   * `timer`, never keeps the process alive. Optional: `every` chains `timer` on a clock without it (a test's).
   */
  interval?(fn: () => unknown, ms: number): () => void;
}

// A timer longer than this fires at once in node (a 32-bit delay): longer waits are taken in steps.
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const aborted = () => reject(new DOMException('The sleep was aborted', 'AbortError'));
      if (signal?.aborted) return aborted();
      const t = setTimeout(
        () => {
          signal?.removeEventListener('abort', stop);
          resolve();
        },
        Math.min(ms, MAX_DELAY_MS),
      );
      const stop = () => (clearTimeout(t), aborted());
      signal?.addEventListener('abort', stop, { once: true });
    }),
  timer(fn, ms) {
    let t: NodeJS.Timeout;
    const arm = (left: number) => {
      t = setTimeout(() => (left > MAX_DELAY_MS ? arm(left - MAX_DELAY_MS) : fn()), Math.min(left, MAX_DELAY_MS));
      t.unref();
    };
    arm(ms);
    return () => clearTimeout(t);
  },
  // One timer for good, not one set anew at each call (with node's list for its delay, and a ref and an unref of its
  // handle): the liveness pulse beats 90 times a minute, and those beats are most of an idle daemon's CPU (issue 62).
  interval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

/**
 * Calls `fn` every `ms` on `clock` until the returned function is called; each call is timed from the previous one's
 * start (a slow `fn` is not waited for). Never keeps the process alive.
 */
export function every(clock: Clock, ms: number, fn: () => void | Promise<unknown>): () => void {
  if (clock.interval && ms <= MAX_DELAY_MS) return clock.interval(fn, ms);
  let stopped = false;
  let cancel = () => {};
  const arm = () => {
    // The call's promise goes back to the clock: a test's clock waits for one call before it makes the next.
    cancel = clock.timer(() => {
      if (stopped) return;
      arm();
      return fn();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
}

/**
 * A promise that rejects with `Error(message)` once `ms` have passed on `clock`, raced against `p`; the timer is
 * cancelled when `p` settles first.
 */
export function withDeadline<T>(clock: Pick<Clock, 'timer'>, p: Promise<T>, ms: number, message: string): Promise<T> {
  let cancel = () => {};
  const limit = new Promise<never>((_, reject) => (cancel = clock.timer(() => reject(new Error(message)), ms)));
  return Promise.race([p, limit]).finally(() => cancel());
}

/**
 * A signal that aborts once `ms` have passed on `clock`, with a TimeoutError (`timed out after <ms> ms`) as
 * AbortSignal.timeout's does: but on the clock's own timer, so a test's clock brings the deadline on (AbortSignal.timeout
 * keeps a timer no clock can move). Its timer never keeps the process alive.
 */
export function deadline(clock: Pick<Clock, 'timer'>, ms: number): AbortSignal {
  const ac = new AbortController();
  clock.timer(() => {
    const reason = new DOMException(`timed out after ${ms} ms`, 'TimeoutError');
    ranOutReasons.add(reason);
    ac.abort(reason);
  }, ms);
  return ac.signal;
}

const ranOutReasons = new WeakSet<object>();

/**
 * `timed out after <ms> ms` when `signal` (or a signal it is part of: AbortSignal.any) aborted because a deadline() ran
 * out; undefined when it has not aborted, or someone gave up (the caller's "cancelled").
 */
export function ranOut(signal: AbortSignal | undefined): string | undefined {
  const r: unknown = signal?.aborted ? signal.reason : undefined;
  return r instanceof DOMException && ranOutReasons.has(r) ? r.message : undefined;
}

/**
 * Milliseconds on a monotonic clock, for measuring how long something took. Not `performance.now()`: its first use
 * loads perf_hooks, ~1–3 ms of a one-shot `gatewatch check` (process.hrtime is there from the start).
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * The wall clock's epoch ms at this host's boot, from the time since boot (`/proc/uptime`, in hundredths): a process's
 * start is read against it. Not /proc/stat's `btime`, which is whole seconds: a start read against it lands up to a
 * second early by the boot's fraction, and a verdict that compares a start with a log line would then depend on when
 * the host booted (issue 56).
 */
export const bootEpochMs = (uptimeSeconds: number): number => Date.now() - Math.round(uptimeSeconds * 1000);
