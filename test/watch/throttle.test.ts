import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { leadingThrottle } from '../../src/watch/throttle.js';
import { systemClock } from '../../src/util/clock.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('log-triggered evaluation throttle', () => {
  it('judges the first line of a burst at once, then the rest of the burst once at the end of the window', () => {
    const calls: number[] = [];
    const t = leadingThrottle(() => calls.push(Date.now()), 500, systemClock);
    const t0 = Date.now();
    t.call();
    expect(calls).toEqual([t0]); // no 500 ms wait before the alert
    vi.advanceTimersByTime(100);
    t.call();
    t.call();
    expect(calls.length).toBe(1);
    vi.advanceTimersByTime(400);
    expect(calls).toEqual([t0, t0 + 500]); // the lines after the first are judged too, once
    vi.advanceTimersByTime(2_000);
    expect(calls.length).toBe(2); // quiet log: nothing more
  });

  it('a gateway that logs without pause is judged once per window, never postponed', () => {
    let n = 0;
    const t = leadingThrottle(() => n++, 500, systemClock);
    for (let ms = 0; ms < 3_000; ms += 20) {
      t.call();
      vi.advanceTimersByTime(20);
    }
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(7);
  });

  it('a lone line after a quiet spell is again judged at once', () => {
    let n = 0;
    const t = leadingThrottle(() => n++, 500, systemClock);
    t.call();
    vi.advanceTimersByTime(5_000);
    t.call();
    expect(n).toBe(2);
  });

  it('cancel drops the pending trailing call (a process change was judged at once instead)', () => {
    let n = 0;
    const t = leadingThrottle(() => n++, 500, systemClock);
    t.call();
    t.call();
    t.cancel();
    vi.advanceTimersByTime(1_000);
    expect(n).toBe(1);
    t.call();
    expect(n).toBe(2);
  });
});
