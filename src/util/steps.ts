// Where a one-shot look's time goes, step by step: `GATEWATCH_DEBUG=1 gatewatch check` says it on stderr, and the
// cold-start bench reads it for its breakdown (bench/cold-start.ts). A cron-run check is mostly start-up, and which
// step grew is what a slower check needs to know first. The steps of one target's look run alongside each other (its
// process, its files): their times overlap, and add up past the wall time. Taking a time is a clock read, so it is
// always on.
import { monotonicMs } from './clock.js';

const spent = new Map<string, number>();

function add(name: string, since: number): void {
  spent.set(name, (spent.get(name) ?? 0) + monotonicMs() - since);
}

/** `work()`, its time added to step `name`'s. */
export function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t0 = monotonicMs();
  return work().finally(() => add(name, t0));
}

/** `work()` run now, its time added to step `name`'s. */
export function stepNow<T>(name: string, work: () => T): T {
  const t0 = monotonicMs();
  try {
    return work();
  } finally {
    add(name, t0);
  }
}

/** The steps taken since the last call, in the order each was first taken: `name=ms`, space-separated. */
export function stepsTaken(): string {
  const line = [...spent].map(([k, ms]) => `${k}=${ms.toFixed(1)}`).join(' ');
  spent.clear();
  return line;
}
