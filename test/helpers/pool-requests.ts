// How many requests a piece of work sends through libuv's thread pool (each a round trip, answered in a later turn of
// the loop); a read in this turn sends none. What a walk of the host's processes costs shows in them (issue 62).
import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';

/**
 * `work()`'s value and the file requests (callback or promise) it made: only those made within its own async tree.
 * Test files share their worker process (vitest.config.ts), and what another part of it does meanwhile (a timer or
 * stream an earlier file left to end, vitest's own reports) made a count two higher once in a full run.
 */
export async function poolRequestsDuring<T>(work: () => Promise<T>): Promise<{ value: T; requests: number }> {
  let requests = 0;
  const root = new AsyncResource('gatewatch-pool-requests');
  const ours = new Set([root.asyncId()]);
  const hook = createHook({
    // Made by code of the tree (its execution context) or for it (a promise chained from one of it).
    init(id, type, trigger) {
      if (!ours.has(trigger) && !ours.has(executionAsyncId())) return;
      ours.add(id);
      if (type === 'FSREQCALLBACK' || type === 'FSREQPROMISE') requests++;
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
