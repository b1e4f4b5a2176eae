// Text out to a QQ user or group, the way every path sends it: links defanged in groups (QQ refuses most URLs there),
// sent once more without dotted names when QQ refuses a URL anyway, and split to QQ's length limit for a push.
import type { QQApi } from './api.js';
import { defangDomains, defangUrls, splitText } from './render.js';
import { sendText, type SendResult, type Target } from './send.js';

/** Send, and once more without dotted names if QQ refused a URL. */
export async function withUrlRetry(
  target: Target,
  text: string,
  send: (content: string) => Promise<SendResult>,
): Promise<SendResult> {
  const r = await send(target.kind === 'group' ? defangUrls(text) : text);
  return !r.ok && r.kind === 'url_blocked' ? send(defangDomains(text)) : r;
}

/** A proactive push, part by part until QQ refuses one; the answer to the first part says how it went. */
export async function pushProactive(
  api: QQApi,
  limit: number,
  target: Target,
  text: string,
  signal?: AbortSignal,
): Promise<SendResult> {
  let first: SendResult | undefined;
  for (const part of splitText(text, limit)) {
    const r = await withUrlRetry(target, part, (c) => sendText(api, target, c, undefined, signal));
    first ??= r;
    if (!r.ok) break;
  }
  return first ?? { ok: false, kind: 'rejected', detail: 'empty message' };
}
