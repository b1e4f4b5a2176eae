// One delivery attempt under a deadline. The channel gets an AbortSignal that aborts at the send timeout, so the
// request is cancelled for real (the socket closed) instead of merely no longer awaited: a send given up for lost
// cannot land after its retry. An answer that comes after the abort is neither waited for nor believed.
import type { Alert, Channel, DeliveryOutcome } from '../types.js';
import type { Clock } from '../util/clock.js';
import { alertForChannel } from './qr-policy.js';

export interface Attempt {
  /** The channel's outcome, `failed` on the timeout, or undefined when withdrawn (gatewatch stopping, alert withdrawn). */
  result: Promise<DeliveryOutcome | undefined>;
  /** Abort the send without counting it as a failure of the channel. */
  withdraw(why: string): void;
}

/** `20 s`, or `150 ms` below a second. */
const timeoutText = (ms: number) => (ms % 1000 ? `${ms} ms` : `${ms / 1000} s`);

export function attempt(ch: Channel, alert: Alert, timeoutMs: number, clock: Pick<Clock, 'timer'>): Attempt {
  const ac = new AbortController();
  let withdrawn = false;
  const gaveUp = new Promise<undefined>((resolve) =>
    ac.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
  );
  const cancel = clock.timer(
    () => ac.abort(new DOMException(`timed out after ${timeoutText(timeoutMs)}`, 'TimeoutError')),
    timeoutMs,
  );
  const answer = (async (): Promise<DeliveryOutcome> => {
    try {
      return await ch.deliver(alertForChannel(ch, alert), ac.signal);
    } catch (err) {
      return { status: 'failed', detail: (err as Error).message };
    }
  })();
  const result = Promise.race([answer, gaveUp]).then((r): DeliveryOutcome | undefined => {
    cancel();
    if (r) return r;
    return withdrawn ? undefined : { status: 'failed', detail: `timed out after ${timeoutText(timeoutMs)}` };
  });
  return {
    result,
    withdraw(why) {
      if (ac.signal.aborted) return;
      withdrawn = true;
      ac.abort(new DOMException(why, 'AbortError'));
    },
  };
}
