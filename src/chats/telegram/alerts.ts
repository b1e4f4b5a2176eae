// An alert out over Telegram: to every receiver, with its buttons; a recovery edits the incident's alert messages in
// place instead (no second buzz for good news). No retry here: the outbox retries, told Telegram's retry_after, and a
// retry after a partial failure skips the chats already served (src/channel-kit/receivers.ts).
import type { Logger } from 'pino';
import type { Alert, DeliveryOutcome, Locale, Operator } from '../../types.js';
import { renderAlert } from './render.js';
import { editHtml, sendHtml, sendPng, type Result, type Wire } from './send.js';
import { liveQr } from '../../util/qr-code.js';
import { modulesToPng } from '../../util/png.js';
import { chartPng } from '../../delivery/chart-png.js';
import type { TelegramSettings } from './settings.js';
import { mayShowQr, qrFor, type QrRecipient } from '../../delivery/qr-policy.js';
import { sendToEach } from '../../channel-kit/receivers.js';

/** Who gets alerts: alert_to, else each operator's private chat with the bot (its chat id is the user id). */
export function receivers(alertTo: TelegramSettings['alert_to'], operators: readonly Operator[]): string[] {
  if (alertTo.length) return alertTo.map((r) => r.chat_id);
  return operators.filter((o) => o.telegram_id).map((o) => String(o.telegram_id));
}

/**
 * A chat as a QR code's recipient: an admin's private chat with the bot has the admin's user id as its id (a group's
 * is negative, and no operator's). A chat in alert_to that is an admin's own is one too.
 */
export function qrRecipient(chatId: string, operators: readonly Operator[]): QrRecipient {
  const op = operators.find((o) => o.telegram_id !== undefined && String(o.telegram_id) === chatId);
  return { role: op?.role, private: op !== undefined && !chatId.startsWith('-') };
}

/** True when an admin's private chat is among the receivers: the QR code has somewhere to go. */
export function qrReach(chats: readonly string[], operators: readonly Operator[]): boolean {
  return chats.some((c) => mayShowQr(qrRecipient(c, operators)));
}

/** `photos`: this alert's pictures already in each chat, so that a retry of its words does not send the code twice. */
async function deliverTo(
  w: Wire,
  now: () => number,
  whole: Alert,
  chatId: string,
  photos: Map<string, number>,
  operators: readonly Operator[],
  locale: Locale,
  signal?: AbortSignal,
): Promise<Result> {
  const { store } = w;
  const alert = qrFor(whole, qrRecipient(chatId, operators));
  let html = renderAlert(alert, locale);
  if (alert.kind === 'resolve' && alert.incidentId) {
    let edited = 0;
    for (const m of store.incidentMessages(alert.incidentId, chatId)) {
      const r = await editHtml(w, chatId, m.messageId, html, { ...alert.reply, buttons: undefined }, signal);
      if (r.ok) {
        edited++;
        await store.putMessage({ ...m, at: now() });
      } else if (r.gone) await store.dropMessage(chatId, m.messageId);
      else return r;
    }
    // Edited in place: the phone is not buzzed again for good news, as on Feishu.
    if (edited > 0) return { ok: true };
  }
  // A login QR code goes as a picture a phone can scan, a chart (the weekly report) as the picture it is; the alert's
  // words go under it as a reply to it. The text message stays the incident's (a recovery edits it); a photo has no
  // text to edit.
  const qr = liveQr(alert.reply.qr);
  let photo = photos.get(chatId);
  const png = photo === undefined ? (qr ? modulesToPng(qr.modules) : await chartOf(alert)) : undefined;
  if (png) {
    const p = await sendPng(w, chatId, png, alert.reply.title, signal);
    // Refused for the chat (blocked, gone) or for now (retry_after, no answer): the text would fare the same.
    if (!p.ok && (p.permanent || p.retryAfterMs !== undefined || !/^400 /.test(p.detail))) return p;
    if (p.ok) {
      photo = p.messageId;
      if (photo !== undefined) photos.set(chatId, photo);
    }
    // The picture alone was refused: the rows as printed, monospace, still scan from a screen.
    else if (qr) html = withRows(alert, qr.rows, locale);
  }
  // Under its picture a chart's text strip would only say it again.
  if (photo !== undefined && alert.reply.chart)
    html = renderAlert({ ...alert, reply: { ...alert.reply, code: undefined } }, locale);
  const r = await sendHtml(w, chatId, html, alert.reply, photo, signal);
  if (r.ok && r.messageId !== undefined && alert.incidentId)
    await store.putMessage({ incidentId: alert.incidentId, chatId, messageId: r.messageId, at: now() });
  return r;
}

/** A chart's picture; none when it cannot be drawn (its text strip says the same). */
async function chartOf(alert: Alert): Promise<Buffer | undefined> {
  if (!alert.reply.chart) return undefined;
  try {
    return await chartPng(alert.reply.chart);
  } catch {
    return undefined;
  }
}

/**
 * The alert's words with a code's rows in <pre>: beside the evidence when both fit in one message, else in its place,
 * else none. The renderer clips code blocks to fit, and part of a code scans as nothing.
 */
function withRows(alert: Alert, rows: readonly string[], locale: Locale): string {
  const block = rows.join('\n');
  for (const code of [[block, ...(alert.reply.code ?? [])], [block]]) {
    const html = renderAlert({ ...alert, reply: { ...alert.reply, code } }, locale);
    if (html.includes(block)) return html;
  }
  return renderAlert(alert, locale);
}

export interface AlertDeps {
  wire: Wire;
  log: Logger;
  now: () => number;
  receivers(): string[];
  /** The operators, to tell an admin's private chat (the only place a login QR code goes) from the rest. */
  operators(): readonly Operator[];
  /** The channel's: a field's colon (labelColon). */
  locale: Locale;
}

/** The channel's deliver(), once started. */
export function createAlertSender(d: AlertDeps): (alert: Alert, signal?: AbortSignal) => Promise<DeliveryOutcome> {
  // Besides the chats served: the QR pictures that went where the words did not.
  const toEach = sendToEach<string, Map<string, number>>({
    key: (chatId) => chatId,
    label: (chatId) => `chat ${chatId}`,
    memory: () => new Map<string, number>(),
    async send(alert, chatId, photos, signal) {
      const r = await deliverTo(d.wire, d.now, alert, chatId, photos, d.operators(), d.locale, signal);
      return r.ok ? { ok: true } : r;
    },
    noReceivers: 'no receivers: channels.telegram.alert_to is empty and no operator has a telegram_id',
    log: () => d.log,
    channel: 'telegram',
  });
  return (alert, signal) => toEach(alert, d.receivers(), signal);
}
