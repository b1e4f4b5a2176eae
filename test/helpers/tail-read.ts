// Waiting for the log tail to have read a file to its end while the app runs on a manual clock: the tail answers the
// events of a batch window at the window's end, and that end comes only when the test moves the clock.
import { statSync } from 'node:fs';
import type { ManualClock } from './clock.js';
import { until } from './until.js';

interface Tail {
  position(): { offset: number } | undefined;
}

/** Resolve once `tail` has read `file` to its end, moving `clock` by `stepMs` between looks (default 10 ms). */
export async function tailReadToEnd(
  what: string,
  tail: Tail,
  file: string,
  clock: ManualClock,
  stepMs = 10,
): Promise<void> {
  await until(
    what,
    async () => {
      if (tail.position()?.offset === statSync(file).size) return true;
      await clock.advance(stepMs);
      return false;
    },
    { timeoutMs: 10_000, everyMs: 5 },
  );
}
