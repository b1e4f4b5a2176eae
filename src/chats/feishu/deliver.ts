// An alert out to one Feishu receiver as a card: its chart as a picture, a login QR code only where it may be shown.
// A resolve updates in place the cards its incident sent this receiver; otherwise the card is sent once per alert and
// receiver (Feishu drops a repeat of its uuid) and kept for its buttons, and an escalation buzzes the operators.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Alert, Locale, Operator } from '../../types.js';
import { alertSubtitle } from '../../delivery/render-parts.js';
import { qrFor, type QrRecipient } from '../../delivery/qr-policy.js';
import { alertCard } from './card.js';
import type { FeishuSender, Receiver, SendResult } from './client.js';
import type { ChartImages } from './images.js';
import type { FeishuSettings } from './settings.js';
import type { FeishuStore } from './state.js';

export interface DeliverDeps {
  sender: FeishuSender;
  store: FeishuStore;
  log: Logger;
  now(): number;
  urgent: FeishuSettings['urgent'];
  operators(): readonly Operator[];
  imageOf: ChartImages['imageOf'];
  /** The channel's: a field's colon (labelColon). */
  locale: Locale;
}

/** A receiver as the card records and the memory of who was served name it. */
export const keyOf = (to: Receiver) => ('chat_id' in to ? `chat:${to.chat_id}` : `open:${to.open_id}`);

/**
 * A receiver as a login QR code's recipient: an open_id is that person's private chat with the bot; a chat_id may be
 * a group (it is never taken for a private chat).
 */
export function qrRecipient(to: Receiver, operators: readonly Operator[] | undefined): QrRecipient {
  if (!('open_id' in to)) return { private: false };
  return { role: operators?.find((o) => o.feishu_open_id === to.open_id)?.role, private: true };
}

export async function deliverTo(
  d: DeliverDeps,
  whole: Alert,
  to: Receiver,
  key: string,
  signal?: AbortSignal,
): Promise<SendResult> {
  const alert = qrFor(whole, qrRecipient(to, d.operators()));
  const image = await d.imageOf(alert.reply, { alertId: alert.id, signal });
  const card = alertCard(alert, image ? { image, locale: d.locale } : { locale: d.locale });
  const subtitle = alertSubtitle(alert);
  if (alert.kind === 'resolve' && alert.incidentId) {
    const cards = d.store.incidentCards(alert.incidentId, key);
    let patched = 0;
    for (const c of cards) {
      const r = await d.sender.patch(c.messageId, card, { wait: false, signal });
      if (r.ok) {
        patched++;
        await d.store.putCard({ ...c, reply: alert.reply, subtitle, result: undefined, at: d.now() });
      } else if (!r.permanent) return r;
    }
    if (patched > 0) return { ok: true, detail: `updated ${patched} card(s)` };
  }
  const uuid = createHash('sha256').update(`${alert.id}|${key}`).digest('hex').slice(0, 32);
  const r = await d.sender.create(to, card, { uuid, wait: false, signal });
  if (r.ok && r.messageId)
    await d.store.putCard({
      messageId: r.messageId,
      // Its chart is drawn once, into the card: not kept (feishu.json holds up to 300 cards).
      reply: alert.reply.chart ? { ...alert.reply, chart: undefined } : alert.reply,
      subtitle,
      incidentId: alert.incidentId,
      to: key,
      at: d.now(),
    });
  if (r.ok && r.messageId && alert.urgent) return { ...r, detail: await buzz(d, r.messageId, to) };
  return r;
}

/**
 * channels.feishu.urgent: an escalation also buzzes the operators through Feishu's urgent API. Best effort: the card
 * is delivered either way, so a refused buzz (no permission, quota spent) is reported, not retried.
 */
async function buzz(d: DeliverDeps, messageId: string, to: Receiver): Promise<string> {
  const kind = d.urgent;
  if (!kind) return 'ok';
  const operators = d
    .operators()
    .map((o) => o.feishu_open_id)
    .filter((id): id is string => !!id);
  const users = 'open_id' in to ? [to.open_id] : operators;
  if (users.length === 0) return `ok; urgent_${kind}: no operator has a feishu_open_id`;
  const u = await d.sender.urgent(messageId, kind, users);
  if (!u.ok) {
    d.log.warn({ kind, detail: u.detail }, 'feishu urgent failed');
    return `ok; urgent_${kind} failed: ${u.detail}`;
  }
  return `ok; urgent_${kind} to ${users.length - (u.invalid?.length ?? 0)} user(s)${u.invalid ? ` (refused: ${u.invalid.length})` : ''}`;
}
