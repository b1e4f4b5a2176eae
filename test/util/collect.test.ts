// A full collection on request (after a reply with a picture): what nothing holds any more is gone once it returns,
// the bytes outside V8's heap (a picture's PNG and its upload copies) with their buffers.
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/collect.js';

describe('collectGarbage', () => {
  it('frees an 8 MB buffer nothing holds, and works again on a second call', async () => {
    for (let i = 0; i < 2; i++) {
      const ref = new WeakRef(Buffer.alloc(8 * 2 ** 20, 1));
      // A WeakRef keeps its target to the end of the job that made it.
      await setImmediate();
      collectGarbage();
      expect(ref.deref()).toBeUndefined();
    }
  });
});
