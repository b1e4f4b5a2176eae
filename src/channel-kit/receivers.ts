// One alert out to each of a chat channel's receivers, with a memory per alert of the receivers already served: the
// outbox retries a failed alert, and a retry after a partial failure must not buzz again the people who got it. Every
// chat channel sends this way, so there is one rule for when a failure is for good (below), not one per channel.
import type { Logger } from 'pino';
import type { Alert, DeliveryOutcome } from '../types.js';

/** What one receiver's send came to. `note`: said beside a success (an urgent buzz that was refused, say). */
export type ReceiverResult =
  | { ok: true; note?: string }
  | { ok: false; detail: string; retryAfterMs?: number; permanent?: boolean };

export interface ReceiverSending<R, M> {
  /** Who this receiver is, for the memory of who was served. */
  key(to: R): string;
  /** How a failure names the receiver (`chat 123`, `open:ou_…`). */
  label(to: R): string;
  /** One alert to one receiver; `memory` is this alert's own (see below), kept across its retries. */
  send(alert: Alert, to: R, memory: M, signal?: AbortSignal): Promise<ReceiverResult>;
  /** What else a channel remembers of one alert across retries (the QR pictures already sent, per chat). */
  memory?(): M;
  /** The failure when there is nobody to send to: a config problem, so for good. */
  noReceivers: string;
  /** Where a failed delivery is logged (`<channel> alert delivery failed`). */
  log(): Logger | undefined;
  channel: string;
}

/**
 * The channel's deliver(): each receiver not yet served gets the alert. The one rule: a failed delivery is permanent
 * (retrying cannot help, the fallbacks carry it at once) only when every receiver that failed was refused for good and
 * nothing asked for a wait; a cancelled, timed-out or rate-limited receiver leaves it to the outbox's retry.
 */
export function sendToEach<R, M = undefined>(
  o: ReceiverSending<R, M>,
): (alert: Alert, receivers: readonly R[], signal?: AbortSignal) => Promise<DeliveryOutcome> {
  const served = new Map<string, { done: Set<string>; memory: M }>();
  return async (alert, receivers, signal) => {
    if (receivers.length === 0) return { status: 'failed', detail: o.noReceivers, permanent: true };
    const tried = served.get(alert.id) ?? { done: new Set<string>(), memory: o.memory?.() as M };
    const errors: string[] = [];
    const notes: string[] = [];
    let retryAfterMs: number | undefined;
    let permanent = true;
    for (const to of receivers) {
      const key = o.key(to);
      if (tried.done.has(key)) continue;
      // Given up on: the receivers not yet served are for the retry.
      if (signal?.aborted) {
        errors.push(`${o.label(to)}: cancelled`);
        permanent = false;
        break;
      }
      const r = await o.send(alert, to, tried.memory, signal);
      if (r.ok) {
        tried.done.add(key);
        if (r.note) notes.push(`${o.label(to)}: ${r.note}`);
        continue;
      }
      errors.push(`${o.label(to)}: ${r.detail}`);
      if (!r.permanent) permanent = false;
      if (r.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, r.retryAfterMs);
    }
    if (errors.length === 0) {
      served.delete(alert.id);
      return notes.length ? { status: 'sent', detail: notes.join('; ') } : { status: 'sent' };
    }
    served.set(alert.id, tried);
    const detail = errors.join('; ');
    o.log()?.warn({ alert: alert.id, detail }, `${o.channel} alert delivery failed`);
    return {
      status: 'failed',
      detail,
      retryAfterMs,
      ...(permanent && retryAfterMs === undefined ? { permanent: true } : {}),
    };
  };
}
