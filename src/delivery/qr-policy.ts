// Who may see a WhatsApp login QR code. The code is a credential: whoever scans it links their phone to the gateway's
// WhatsApp account and reads everything. The one rule: an admin, in a private chat (or the console, when a person
// watches it on a terminal). Everyone and everything else gets the alert's words and the code's note in its place.
import type { Alert, Channel, Role } from '../types.js';
import { liveQr } from '../util/qr-code.js';

/** One recipient of an alert, as the channel addresses it. */
export interface QrRecipient {
  role?: Role;
  /** A chat only that person reads (not a group, a journal, a pipe, a push topic). */
  private: boolean;
}

export function mayShowQr(to: QrRecipient): boolean {
  return to.role === 'admin' && to.private;
}

/** The alert without its code: the note (where the code went, or that it went nowhere) as its last line. */
export function withoutQr(alert: Alert): Alert {
  const { qr, qrNote, ...reply } = alert.reply;
  if (qr === undefined && qrNote === undefined) return alert;
  return { ...alert, reply: { ...reply, ...(qrNote ? { lines: [...(reply.lines ?? []), qrNote] } : {}) } };
}

/** The alert as this recipient may see it: with the code for an admin's private chat, else without. */
export function qrFor(alert: Alert, to: QrRecipient): Alert {
  if (!mayShowQr(to) || !liveQr(alert.reply.qr)) return withoutQr(alert);
  const { qrNote: _, ...reply } = alert.reply;
  return { ...alert, reply };
}

/**
 * The alert as a channel gets it: only one that sorts its recipients itself (it has `qrReach`, and calls qrFor for
 * each) is handed the code; every other channel (push notifiers, webhooks, group robots, email) never sees it.
 */
export function alertForChannel(ch: Pick<Channel, 'qrReach'>, alert: Alert): Alert {
  return ch.qrReach ? alert : withoutQr(alert);
}
