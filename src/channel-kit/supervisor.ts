// The one supervisor of a chat channel's link to its service (Feishu's long connection, Telegram's long polling, QQ's
// gateway socket): when to try again, and when to give up. Each channel knows how its link breaks; this knows the
// rest, so the three behave alike where they should:
// - one backoff policy: capped exponential with jitter (half to all of the cap), reset once the link is up;
// - one give-up rule: down (not up again) for give_up_after → onFatal, once an outage, so the service manager restarts
//   gatewatch; a cause a restart cannot fix either (a refused token) holds the count;
// - every wait on the injected clock, and stop() ends them all at once.
import type { Clock } from '../util/clock.js';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Capped exponential backoff with jitter (half to all of the cap), for attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap * (0.5 + random() * 0.5));
}

export interface SupervisorOptions {
  clock: Clock;
  backoff: Backoff;
  giveUpAfterMs: number;
  /** Down past give_up_after: told how long, once an outage. */
  onFatal(downForMs: number): void;
  random?: () => number;
}

export interface LinkSupervisor {
  /** Since when the link is down; undefined while it is up. */
  readonly downSince: number | undefined;
  readonly stopped: boolean;
  /** The link is down (since now, unless it already was): give_up_after counts from the first down. */
  down(): void;
  /**
   * Down for a reason a restart of gatewatch would meet again (the service refuses the token): give_up_after does not
   * fire meanwhile. A down() after it fires at once if the outage is by then that long.
   */
  hold(): void;
  /** The link is up: the outage and the attempts are over. */
  up(): void;
  /** The wait before the next attempt, at least `minMs` (a wait the service asked for); counted as an attempt. */
  nextWait(minMs?: number): number;
  /** Resolves once `ms` have passed on the clock, or at once when the supervisor stops. */
  wait(ms: number): Promise<void>;
  /** One attempt `ms` from now; a later call replaces one still pending. */
  retryIn(ms: number, fn: () => void): void;
  readonly retryPending: boolean;
  /** `fn` every `ms` until stop(). */
  every(ms: number, fn: () => void): void;
  stop(): void;
}

/** Attempts past this add nothing: the cap is long reached (2^30 × any base). */
const MAX_ATTEMPT = 30;

export function createSupervisor(o: SupervisorOptions): LinkSupervisor {
  const { clock } = o;
  const random = o.random ?? Math.random;
  let downSince: number | undefined;
  let attempt = 0;
  let stopped = false;
  let fatalSent = false;
  let giveUp: (() => void) | undefined;
  let retry: (() => void) | undefined;
  const cancels = new Set<() => void>();

  const fire = () => {
    giveUp = undefined;
    if (stopped || fatalSent || downSince === undefined) return;
    fatalSent = true;
    o.onFatal(clock.now() - downSince);
  };

  /** A timer that stop() cancels. */
  const after = (ms: number, fn: () => void): (() => void) => {
    const cancel = clock.timer(() => {
      cancels.delete(cancel);
      fn();
    }, ms);
    cancels.add(cancel);
    return () => {
      cancels.delete(cancel);
      cancel();
    };
  };

  return {
    get downSince() {
      return downSince;
    },
    get stopped() {
      return stopped;
    },
    get retryPending() {
      return retry !== undefined;
    },
    down() {
      if (stopped) return;
      downSince ??= clock.now();
      if (giveUp || fatalSent) return;
      const left = downSince + o.giveUpAfterMs - clock.now();
      if (left <= 0) fire();
      else giveUp = after(left, fire);
    },
    hold() {
      giveUp?.();
      giveUp = undefined;
    },
    up() {
      giveUp?.();
      giveUp = undefined;
      downSince = undefined;
      attempt = 0;
      fatalSent = false;
    },
    nextWait(minMs = 0) {
      const wait = backoffDelay(attempt, o.backoff.baseMs, o.backoff.maxMs, random);
      attempt = Math.min(attempt + 1, MAX_ATTEMPT);
      return Math.max(wait, minMs);
    },
    wait(ms) {
      if (stopped) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // stop() ends the wait: the timer is cancelled and the waiter goes on at once.
        const end = () => {
          cancel();
          resolve();
        };
        const cancel = clock.timer(() => {
          cancels.delete(end);
          resolve();
        }, ms);
        cancels.add(end);
      });
    },
    retryIn(ms, fn) {
      retry?.();
      if (stopped) return;
      retry = after(ms, () => {
        retry = undefined;
        if (!stopped) fn();
      });
    },
    every(ms, fn) {
      const tick = () => {
        if (stopped) return;
        fn();
        after(ms, tick);
      };
      after(ms, tick);
    },
    stop() {
      stopped = true;
      giveUp = undefined;
      retry = undefined;
      for (const c of [...cancels]) c();
      cancels.clear();
    },
  };
}
