// The test clocks keep the Clock contract: a timer fires once its time has passed on the clock, never before. A
// timer beyond a 32-bit delay (a monthly schedule) fired at once on jumpClock, since node takes such a delay for 1 ms:
// the schedule re-armed and fired again every millisecond for as long as the test ran.
import { describe, expect, it } from 'vitest';
import { jumpClock } from './clock.js';

const realMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jumpClock', () => {
  it('does not fire a timer longer than a 32-bit delay early, and fires it once the clock is moved past it', async () => {
    const clock = jumpClock();
    let fired = 0;
    clock.timer(() => fired++, 2 ** 31 + 60_000);
    await realMs(50);
    expect(fired).toBe(0);
    clock.jump(2 ** 31 + 60_000);
    expect(fired).toBe(1);
  });
});
