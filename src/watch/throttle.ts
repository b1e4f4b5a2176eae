// A leading-edge throttle for log-triggered evaluations: the first line of a burst is judged at once (an alert should
// not wait for the burst to end), the rest of the burst is folded into one more call at the end of the window, and a
// gateway that logs without pause is judged once per window, never postponed.
import type { Clock } from '../util/clock.js';

export interface Throttle {
  call(): void;
  /** Drop the pending trailing call (the caller ran fn itself for another reason). */
  cancel(): void;
}

export function leadingThrottle(fn: () => void, windowMs: number, clock: Pick<Clock, 'timer'>): Throttle {
  let timer: (() => void) | undefined;
  let trailing = false;
  const tick = () => {
    if (trailing) {
      trailing = false;
      fn();
      timer = clock.timer(tick, windowMs);
    } else timer = undefined;
  };
  return {
    call() {
      if (timer) {
        trailing = true;
        return;
      }
      fn();
      timer = clock.timer(tick, windowMs);
    },
    cancel() {
      timer?.();
      timer = undefined;
      trailing = false;
    },
  };
}
