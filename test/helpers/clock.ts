// A clock of the test's own: every sleep moves it forward at once (and lets other work run first), and events can
// be set for a time on it. Meant for one sequence at a time: two parts sleeping together both move it.
import type { Clock } from '../../src/util/clock.js';

export interface ManualClock extends Clock {
  /** Run `fn` once the clock reaches `t` (epoch ms on this clock). */
  at(t: number, fn: () => void | Promise<void>): void;
  /** Total time slept on this clock so far. */
  slept(): number;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  let total = 0;
  const due: { t: number; fn: () => void | Promise<void> }[] = [];
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
    at: (when, fn) => void due.push({ t: when, fn }),
    slept: () => total,
  };
}
