// One alert through one channel at once, outside the outbox (/test): nothing is retried or held for later, and a
// channel that does not answer in time counts as failed, its send cancelled (the socket closed), not left to land.
import type { Alert, Channel, DeliveryOutcome } from '../types.js';
import { alertForChannel } from './qr-policy.js';
import type { Clock } from '../util/clock.js';

/** A channel that does not answer within this counts as failed. */
export const SEND_NOW_TIMEOUT_MS = 20_000;

export async function sendNow(
  ch: Channel,
  alert: Alert,
  clock: Pick<Clock, 'timer'>,
  timeoutMs = SEND_NOW_TIMEOUT_MS,
): Promise<DeliveryOutcome> {
  const ac = new AbortController();
  let cancel = () => {};
  try {
    return await Promise.race([
      ch.deliver(alertForChannel(ch, alert), ac.signal),
      new Promise<DeliveryOutcome>((resolve) => {
        cancel = clock.timer(() => {
          ac.abort();
          resolve({ status: 'failed', detail: `no answer within ${Math.round(timeoutMs / 1000)} s` });
        }, timeoutMs);
      }),
    ]);
  } catch (err) {
    return { status: 'failed', detail: (err as Error).message };
  } finally {
    cancel();
  }
}
