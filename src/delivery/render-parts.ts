// Pieces the renderers share (Telegram HTML, Feishu cards, markdown for the notifiers). Nothing heavy: the light
// renderers load it too.
import type { Alert, Reply } from '../types.js';
import { localStamp } from '../util/time.js';

/** The line under an alert's title: its target and local time. */
export function alertSubtitle(alert: Alert): string {
  return `${alert.target} · ${localStamp(alert.createdAt).slice(0, 16)}`;
}

/** A markdown code block; a ``` inside the text would close it early. */
export function fence(text: string): string {
  return '```\n' + text.replace(/```/g, '`\u200b``') + '\n```';
}

/** Keep the end of long text (log tails matter most at the bottom), from a line start when one is near. */
export function clipTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - max);
  const nl = tail.indexOf('\n');
  return '…\n' + (nl >= 0 && nl < 200 ? tail.slice(nl + 1) : tail);
}

/**
 * The login QR code's rows as printed, when the reply carries the code (an alert read back from outbox.json holds only
 * its placeholder): shown whole or not at all, never cut or re-indented, or no phone can scan it.
 */
export function qrText(r: Reply): string | undefined {
  const rows = (r.qr as { rows?: unknown } | undefined)?.rows;
  return Array.isArray(rows) && rows.length ? rows.join('\n') : undefined;
}
