// A value that follows one call across its awaits (AsyncLocalStorage), and costs nothing once no such call runs.
// Node 20 keeps an AsyncLocalStorage's promise hooks on from its first run() until disable(): every promise the
// process makes afterwards calls into them (about a tenth of a daemon's CPU, and of the tests', once one chat command
// or one Feishu send had run). This one disables itself when its last call settles; a later call enables it again.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ScopedStore<T> {
  /** The value of the call this runs in, or undefined outside one (and after every call has settled). */
  get(): T | undefined;
  /** Runs `fn` with `value` as the store's value until it settles. */
  run<R>(value: T, fn: () => Promise<R>): Promise<R>;
}

export function scopedStore<T>(): ScopedStore<T> {
  const als = new AsyncLocalStorage<T>();
  let running = 0;
  return {
    get: () => als.getStore(),
    async run(value, fn) {
      running++;
      try {
        return await als.run(value, fn);
      } finally {
        // A call's leftovers (a timer it did not clear) read undefined afterwards: they belong to no call any more.
        if (--running === 0) als.disable();
      }
    },
  };
}
