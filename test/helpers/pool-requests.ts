// How many requests a piece of work sends through libuv's thread pool (each a round trip, answered in a later turn of
// the loop); a read in this turn sends none. What a walk of the host's processes costs shows in them (issue 62).
import { createHook } from 'node:async_hooks';

/** `work()`'s value and the file requests (callback or promise) made while it ran. */
export async function poolRequestsDuring<T>(work: () => Promise<T>): Promise<{ value: T; requests: number }> {
  let requests = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'FSREQCALLBACK' || type === 'FSREQPROMISE') requests++;
    },
  });
  hook.enable();
  try {
    const value = await work();
    return { value, requests };
  } finally {
    hook.disable();
  }
}
