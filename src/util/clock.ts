// The one clock: every part that reads the time or waits gets it from the composition root, so a test can run a
// restart-and-verify sequence of minutes on a clock of its own in milliseconds.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
