// An alert out over QQ: a proactive push to each alert_to target; where QQ refuses it, a passive reply to an operator
// who wrote recently, else an interaction-recall message where QQ allows one (recall.ts), else held in the outbox for
// the next hand-over (handover.ts). Confirmed only once QQ accepted it somewhere.
import type { Logger } from 'pino';
import type { Alert, DeliveryOutcome, Locale } from '../../types.js';
import { say, type QQParam } from './words.js';
import { formatDuration } from '../../util/duration.js';
import type { QQApi } from './api.js';
import type { HandOver } from './handover.js';
import { pushProactive, withUrlRetry } from './outbound.js';
import { mayRecall, windowWords, type RecallWhy } from './recall.js';
import { renderAlertCompact, renderText } from './render.js';
import type { Replier } from './replies.js';
import { sendText, type SendResult, type Target } from './send.js';
import type { StateStore } from './state.js';
import type { QQSettings } from './settings.js';

export interface DeliverDeps {
  api: QQApi;
  store: StateStore;
  replier: Replier;
  handOver: HandOver;
  log: Logger;
  locale: Locale;
  limit: number;
  now: () => number;
  alertTo: QQSettings['alert_to'];
  operatorIds(): Set<string>;
  /** The gateway link: a 200 while it is down or just back is recorded as unconfirmed. */
  link(): { connected: boolean; upAt?: number };
  silentLossMs: number;
}

/** An interaction-recall message to a C2C user whose proactive push was refused, if QQ allows one now. */
async function recall(
  d: DeliverDeps,
  openid: string,
  alert: Alert,
  signal?: AbortSignal,
): Promise<{ r: SendResult; window: number } | { words: RecallWhy }> {
  const { store } = d;
  const may = mayRecall(store.data.recall[openid], d.now());
  if ('why' in may) return may;
  const rec = store.data.recall[openid]!;
  // Spent before the send: a restart mid-send must not try the same window twice.
  rec.used = [...rec.used, may.window];
  await store.save().catch(() => {});
  const target: Target = { kind: 'user', openid };
  // One message per window: the alert whole if it fits, else its compact form.
  const full = renderText(alert.reply, d.locale);
  const text = full.length <= d.limit ? full : renderAlertCompact(alert, d.locale).slice(0, d.limit);
  const r = await withUrlRetry(target, text, (c) => sendText(d.api, target, c, 'wakeup', signal));
  // No answer: QQ took nothing, so the window is not spent.
  if (!r.ok && (r.kind === 'transient' || r.kind === 'rate_limited')) {
    rec.used = rec.used.filter((w) => w !== may.window);
    await store.save().catch(() => {});
  }
  return { r, window: may.window };
}

export async function deliverAlert(d: DeliverDeps, alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome> {
  const { store } = d;
  const text = renderText(alert.reply, d.locale);
  // What each attempt got, worded twice: in English for the log and audit (`detail`), in the channel's locale for a
  // person (`said`: /test's answer, a fallback channel's note).
  const details: QQParam[] = [];
  const refusedUsers: string[] = [];
  let ok = false;
  let retryable: SendResult | undefined;
  for (const to of d.alertTo) {
    if (signal?.aborted) break;
    const target: Target = 'user' in to ? { kind: 'user', openid: to.user } : { kind: 'group', openid: to.group };
    const r = await pushProactive(d.api, d.limit, target, text, signal);
    details.push({
      key: 'qq.delivery.target',
      params: {
        kind: { key: `qq.delivery.${target.kind}` },
        openid: target.openid,
        result: r.ok ? { key: 'qq.delivery.accepted' } : r.kind,
        detail: r.detail,
      },
    });
    if (!r.ok && r.kind === 'proactive_refused' && target.kind === 'user') refusedUsers.push(target.openid);
    if (r.ok) ok = true;
    else if (r.kind === 'proactive_refused' && !store.data.pushRefused) {
      store.data.pushRefused = true;
      await store.save().catch(() => {});
    } else if (r.kind === 'transient' || r.kind === 'rate_limited') retryable ??= r;
  }
  if (ok) return accepted(d, alert, details);
  if (signal?.aborted)
    return {
      status: 'failed',
      ...told((l) => [say(l, 'qq.delivery.cancelled'), joined(l, details)].join(say(l, 'qq.delivery.sep'))),
    };
  // Nobody took the push. An operator who wrote recently can still get it as a reply to that message. Not given the
  // signal: a reply spends a numbered slot of the window before it is sent, and the hand-over that follows is
  // remembered (handedOver), so a retry after a give-up finds it there instead of sending it again.
  const win = d.replier.operatorWindow(d.operatorIds());
  if (win) {
    const got = await d.handOver.run(win, 0, [alert]).catch((): string[] => []);
    if (got.includes(alert.id))
      return {
        status: 'sent',
        ...told((l) => say(l, 'qq.delivery.passive', { sender: win.senderId, details: joined(l, details) })),
      };
  }
  // No open reply window: an interaction-recall message where QQ allows one (scarce: after the free passive reply).
  for (const openid of refusedUsers) {
    const w = await recall(d, openid, alert, signal);
    if ('words' in w) details.push({ key: 'qq.recall.none', params: { why: w.words } });
    else {
      details.push({
        key: 'qq.recall.via',
        params: {
          window: windowWords(w.window),
          result: w.r.ok ? { key: 'qq.delivery.accepted' } : w.r.kind,
          detail: w.r.detail,
        },
      });
      if (w.r.ok) return { status: 'sent', ...told((l) => joined(l, details)) };
      if (w.r.kind === 'transient' || w.r.kind === 'rate_limited') retryable ??= w.r;
    }
  }
  if (retryable && d.alertTo.length)
    return {
      status: 'failed',
      ...told((l) => joined(l, details)),
      retryAfterMs: retryable.ok ? undefined : retryable.retryAfterMs,
    };
  return {
    status: 'deferred',
    ...told((l) =>
      d.alertTo.length
        ? say(l, 'qq.delivery.refused', { details: joined(l, details) })
        : say(l, 'qq.delivery.no_alert_to'),
    ),
  };

  function told(words: (l: Locale) => string): { detail: string; said: string } {
    return { detail: words('en'), said: words(d.locale) };
  }
}

/** QQ took the push; said so plainly only when the link was steady, since QQ has dropped pushes right after a reconnect. */
function accepted(d: DeliverDeps, alert: Alert, details: QQParam[]): DeliveryOutcome {
  const link = d.link();
  const since = link.upAt === undefined ? Infinity : d.now() - link.upAt;
  const shaky = !link.connected || since < d.silentLossMs;
  if (shaky) d.handOver.unconfirmed(alert.reply.title);
  const words = (l: Locale) =>
    joined(l, details) +
    (!shaky
      ? ''
      : since === Infinity
        ? say(l, 'qq.delivery.unconfirmed_offline')
        : say(l, 'qq.delivery.unconfirmed_reconnect', { after: formatDuration(since) }));
  const detail = words('en');
  d.log[shaky ? 'warn' : 'info']({ channel: 'qq', alert: alert.id, detail }, 'QQ accepted the alert push');
  return { status: 'sent', detail, said: words(d.locale) };
}

/** The attempts, worded in `l`. */
function joined(l: Locale, details: QQParam[]): string {
  return details.map((p) => say.param(l, p)).join(say(l, 'qq.delivery.sep'));
}
