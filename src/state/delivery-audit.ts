// The audit log's `delivery` records: what each channel did with each alert (sent / deferred / failed, when, why), for
// /history. Bounded: a record is written for an alert's first outcome on a channel and for each change of outcome,
// not for every retry of a channel that keeps failing the same way (the outbox retries on a backoff for as long as a
// channel is down). The final `sent` says how many failed attempts came before it.
import type { Alert, AuditInput, DeliveryOutcome } from '../types.js';

export interface DeliveryAttempt {
  alert: Alert;
  channel: string;
  status: DeliveryOutcome['status'];
  reason?: string;
}

/** Alert × channel pairs still remembered for the "did the outcome change" test; the oldest are forgotten first. */
const MAX_TRACKED = 5_000;
const MAX_REASON = 300;

export function createDeliveryAudit(
  write: (r: AuditInput) => Promise<void>,
  o: { maxTracked?: number } = {},
): (a: DeliveryAttempt) => Promise<void> {
  const max = o.maxTracked ?? MAX_TRACKED;
  const last = new Map<string, { status: DeliveryOutcome['status']; failures: number }>();
  return async ({ alert, channel, status, reason }) => {
    const key = `${alert.id}\u0000${channel}`;
    const prev = last.get(key);
    const failures = (prev?.failures ?? 0) + (status === 'failed' ? 1 : 0);
    last.delete(key);
    // A sent alert leaves the outbox for this channel: nothing more will come for the pair.
    if (status !== 'sent') {
      last.set(key, { status, failures });
      if (last.size > max) last.delete(last.keys().next().value!);
    }
    if (prev?.status === status) return;
    await write({
      type: 'delivery',
      target: alert.target,
      check: alert.check,
      severity: alert.severity,
      actor: 'gatewatch',
      detail: {
        alert: alert.id,
        kind: alert.kind,
        title: alert.reply.title,
        ...(alert.titleText ? { title_text: alert.titleText } : {}),
        channel,
        status,
        ...(reason ? { reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason } : {}),
        ...(status === 'sent' && failures ? { failed_attempts: failures } : {}),
      },
    });
  };
}
