import { executionAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { scopedStore } from '../../src/util/scoped-store.js';

/** A promise continuation's async id: 0 unless some AsyncLocalStorage has the process's promise hooks on. */
const continuationId = async () => {
  await null;
  return executionAsyncId();
};

describe('scopedStore', () => {
  it('follows each call across awaits, two side by side, and reads nothing outside them', async () => {
    const store = scopedStore<string>();
    const seen: (string | undefined)[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = store.run('a', async () => {
      await gate;
      seen.push(store.get());
      return 1;
    });
    const b = store.run('b', async () => {
      await null;
      seen.push(store.get());
      release();
      return 2;
    });
    expect(await Promise.all([a, b])).toEqual([1, 2]);
    expect(seen).toEqual(['b', 'a']);
    expect(store.get()).toBeUndefined();
  });

  it('turns the promise hooks off again when its last call settles, also after one that threw', async () => {
    const store = scopedStore<number>();
    expect(await continuationId()).toBe(0);
    const outer = store.run(1, async () => {
      await store.run(2, async () => {
        await null;
        expect(store.get()).toBe(2);
      });
      // The inner call settled, this one has not: still on.
      expect(await continuationId()).not.toBe(0);
      expect(store.get()).toBe(1);
    });
    await outer;
    expect(await continuationId()).toBe(0);
    await expect(
      store.run(3, async () => {
        await null;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await continuationId()).toBe(0);
    // And on again for the next call.
    expect(await store.run(4, async () => (await null, store.get()))).toBe(4);
  });
});
