// How many requests a piece of work sends through libuv's thread pool (each a round trip, answered in a later turn of
// the loop); a read in this turn sends none. What a walk of the host's processes costs shows in them (issue 62).
import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';

/**
 * `work()`'s value and the file requests (callback or promise) it made: only those made within its own async tree.
 * Test files share their worker process (vitest.config.ts), and what another part of it does meanwhile (a timer or
 * stream an earlier file left to end, vitest's own reports) made a count two higher once in a full run.
 */
export async function poolRequestsDuring<T>(
  work: () => Promise<T>,
  /**
   * Requests made on the way through a file this matches (its stack, async frames too) are not counted: what the host
   * does meanwhile makes them, not the work (a scan reads each process new since the last one, and a full suite beside
   * starts dozens a second: ten more requests in one try than another once).
   */
  besides?: RegExp,
): Promise<{ value: T; requests: number }> {
  let requests = 0;
  const root = new AsyncResource('gatewatch-pool-requests');
  const ours = new Set([root.asyncId()]);
  const hook = createHook({
    // Made by code of the tree (its execution context) or for it (a promise chained from one of it).
    init(id, type, trigger) {
      if (!ours.has(trigger) && !ours.has(executionAsyncId())) return;
      ours.add(id);
      if (type !== 'FSREQCALLBACK' && type !== 'FSREQPROMISE') return;
      if (besides?.test(stackNow())) return;
      requests++;
    },
  });
  hook.enable();
  try {
    const value = await root.runInAsyncScope(work);
    return { value, requests };
  } finally {
    hook.disable();
    root.emitDestroy();
  }
}

/** The stack here, deep enough to pass the file system helpers and reach the probe that called them. */
function stackNow(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}
