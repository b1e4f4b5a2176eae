// A clock of the test's own: every sleep moves it forward at once (and lets other work run first), and events can
// be set for a time on it. Meant for one sequence at a time: two parts sleeping together both move it.
import { systemClock, type Clock } from '../../src/util/clock.js';

export interface ManualClock extends Clock {
  /** Run `fn` once the clock reaches `t` (epoch ms on this clock). */
  at(t: number, fn: () => void | Promise<void>): void;
  /** Total time slept on this clock so far. */
  slept(): number;
  /**
   * Moves the clock `ms` ahead step by step: each timer due on the way fires at its own time (the clock reads that
   * time meanwhile), so a timer re-armed by one that fired (an interval, a schedule) fires again within the same
   * advance; other work gets a turn after each. Unlike sleep, nobody is said to have slept.
   */
  advance(ms: number): Promise<void>;
  /** The delays of the timers armed and not yet fired nor cancelled: what would wake a daemon on this clock. */
  armed(): number[];
}

/** The system's clock read at `now` instead: real timers and sleeps, the test's own time of day. */
export const clockAt = (now: () => number): Clock => ({ ...systemClock, now });

/** Lets the work that a fired timer started (its awaits on files, sockets) run before the test goes on. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  let total = 0;
  const due: { t: number; fn: () => unknown; ms?: number }[] = [];
  const at = (when: number, fn: () => void | Promise<void>) => void due.push({ t: when, fn });
  return {
    now: () => t,
    async sleep(ms) {
      t += ms;
      total += ms;
      for (const d of due.filter((x) => x.t <= t).sort((a, b) => a.t - b.t)) {
        due.splice(due.indexOf(d), 1);
        await d.fn();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
    at,
    timer(fn, ms) {
      const d = { t: t + ms, fn, ms };
      due.push(d);
      return () => void (due.includes(d) && due.splice(due.indexOf(d), 1));
    },
    slept: () => total,
    armed: () => due.flatMap((d) => (d.ms === undefined ? [] : [d.ms])),
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const next = due.filter((x) => x.t <= end).sort((a, b) => a.t - b.t)[0];
        if (!next) break;
        due.splice(due.indexOf(next), 1);
        t = Math.max(t, next.t);
        await next.fn();
        await turn();
      }
      t = end;
      await turn();
    },
  };
}

export interface JumpClock extends Clock {
  /** Moves this clock `ms` further ahead of real time at once: its timers that come due on the way fire now, the
   *  others that much sooner. */
  jump(ms: number): void;
}

/**
 * A clock that runs at real speed (real processes answer in real time, so its sleeps are real) and that the test can
 * move ahead: a wait that is the app's own (a cooldown, say) passes at once, while a gateway still gets the real time
 * it needs to start.
 */
/** The longest delay node's setTimeout takes as it is. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function jumpClock(): JumpClock {
  let ahead = 0;
  const now = () => Date.now() + ahead;
  interface Due {
    t: number;
    fn: () => void;
    real?: NodeJS.Timeout;
  }
  const timers = new Set<Due>();
  const fire = (x: Due) => {
    if (!timers.delete(x)) return;
    clearTimeout(x.real);
    x.fn();
  };
  /**
   * Arms `x`'s real timer for what is left of it on this clock; past a 32-bit delay (which node would take for 1 ms) in
   * steps, as the system's clock does.
   */
  const arm = (x: Due) => {
    clearTimeout(x.real);
    const left = Math.max(0, x.t - now());
    x.real = setTimeout(() => (x.t <= now() ? fire(x) : arm(x)), Math.min(left, MAX_DELAY_MS));
    x.real.unref();
  };
  return {
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    timer(fn, ms) {
      const x: Due = { t: now() + ms, fn };
      timers.add(x);
      arm(x);
      return () => {
        timers.delete(x);
        clearTimeout(x.real);
      };
    },
    jump(ms) {
      ahead += ms;
      // Those now due fire at once, in order; the others come that much sooner in real time too.
      for (const x of [...timers].sort((a, b) => a.t - b.t)) {
        if (x.t <= now()) fire(x);
        else arm(x);
      }
    },
  };
}
