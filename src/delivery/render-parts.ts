// Pieces the renderers share (Telegram HTML, Feishu cards, markdown for the notifiers). Nothing heavy: the light
// renderers load it too.
import type { Alert } from '../types.js';
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
