// The test clocks themselves (test/helpers/clock.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { jumpClock } from './clock.js';

describe('jumpClock', () => {
  it('a timer further off than node can wait at once (2^31 ms, 24.9 days) waits; a jump past it fires it', async () => {
    // It armed one real timer for the whole wait: node fires a longer one after 1 ms (TimeoutOverflowWarning), so a
    // yearly schedule on this clock ran every millisecond (1,859 warnings a test run, and its evaluations).
    const clock = jumpClock();
    let fired = 0;
    const day = 86_400_000;
    const cancel = clock.timer(() => void fired++, 40 * day);
    await sleep(30);
    expect(fired).toBe(0);
    clock.jump(30 * day);
    await sleep(30);
    expect(fired).toBe(0);
    clock.jump(10 * day);
    expect(fired).toBe(1);
    cancel();
  });
});
