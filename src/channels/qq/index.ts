// The QQ official-bot channel: commands in over the gateway (C2C and group @-messages), answers out as passive
// replies, alerts out as proactive pushes when QQ allows them, else as an interaction-recall message where QQ allows
// one (recall.ts), and otherwise held in the outbox and handed over as a passive reply the next time an operator writes. An alert is confirmed only once QQ accepted it somewhere.
import type { PluginHost } from '../plugin.js';
import type { QQSettings } from './plugin.js';
import type { Alert, Channel, ChannelContext, ChannelHealth, DeliveryOutcome, Locale, Reply } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import { createApi } from './api.js';
import { createTokenSource } from './auth.js';
import { createGateway, DEFAULT_TIMINGS, type Gateway, type GatewayTimings } from './gateway.js';
import { defangDomains, defangUrls, fitToBudget, packBlocks, QQ_TEXT_LIMIT, renderAlertCompact, renderText, splitText, type Block } from './render.js';
import { createReplier, DEFAULT_WINDOWS, type Replier, type WindowLimits } from './replies.js';
import { sendText, type SendResult, type Target } from './send.js';
import { openState, type ReplyWindow, type StateStore } from './state.js';
import { notices } from './text.js';
import { mayRecall, noteSpoke, RECALL_WINDOWS } from './recall.js';

export interface QQChannelOptions {
  timings?: Partial<Omit<GatewayTimings, 'giveUpAfterMs'>>;
  windows?: Partial<WindowLimits>;
  textLimit?: number;
  httpTimeoutMs?: number;
  /** A 200 this soon after a reconnect is recorded as unconfirmed: QQ has dropped such messages silently. */
  silentLossMs?: number;
  /** Clock of the interaction-recall windows (days after a user last wrote). */
  now?: () => number;
}

interface Inbound {
  id: string;
  senderId: string;
  text: string;
  target: Target;
  groupOpenid?: string;
  receivedAt: number;
}

export function parseInbound(type: string, d: unknown, now = Date.now()): Inbound | undefined {
  const o = d as { id?: unknown; content?: unknown; timestamp?: unknown; group_openid?: unknown; author?: Record<string, unknown> } | null;
  if (!o || typeof o.id !== 'string' || !o.id) return undefined;
  const text = typeof o.content === 'string' ? o.content.trim() : '';
  const ts = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
  // QQ's reply window counts from the message, which may be older than now if it was replayed on resume.
  const receivedAt = ts > now - 86_400_000 && ts <= now ? ts : now;
  if (type === 'C2C_MESSAGE_CREATE') {
    const sender = o.author?.user_openid;
    if (typeof sender !== 'string' || !sender) return undefined;
    return { id: o.id, senderId: sender, text, target: { kind: 'user', openid: sender }, receivedAt };
  }
  if (type === 'GROUP_AT_MESSAGE_CREATE') {
    const sender = o.author?.member_openid;
    const group = o.group_openid;
    if (typeof sender !== 'string' || !sender || typeof group !== 'string' || !group) return undefined;
    return { id: o.id, senderId: sender, text, target: { kind: 'group', openid: group }, groupOpenid: group, receivedAt };
  }
  return undefined;
}

export function createChannel(cfg: QQSettings, host: PluginHost, options: QQChannelOptions = {}): Channel {
  const limit = options.textLimit ?? QQ_TEXT_LIMIT;
  const silentLossMs = options.silentLossMs ?? 150_000;
  const tokens = createTokenSource({ appId: cfg.app_id, clientSecret: cfg.client_secret, tokenUrl: cfg.token_url, timeoutMs: options.httpTimeoutMs });
  const api = createApi({ apiBase: cfg.api_base, tokens, timeoutMs: options.httpTimeoutMs });
  const clock = options.now ?? Date.now;
  const alertUsers = new Set(cfg.alert_to.flatMap((t) => ('user' in t ? [t.user] : [])));
  // Where else alerts go, for the once-only note that QQ holds pushes back: every channel that can push but the console.
  const otherPush = host.peers.map((p) => p.name);

  let ctx: ChannelContext | undefined;
  let gw: Gateway | undefined;
  let store: StateStore | undefined;
  let replier: Replier | undefined;
  let locale: Locale = host.locale;
  let lastUpAt: number | undefined;
  let halted: string | undefined;
  const seen = new Map<string, number>();
  const unconfirmed: { title: string; at: number }[] = [];
  // Guards so the outbox's push and a hand-over on an operator's message do not deliver the same alert twice.
  const pushing = new Set<string>();
  const handedOver = new Set<string>();
  const running = new Set<Promise<unknown>>();
  let flushChain: Promise<void> = Promise.resolve();

  const operatorIds = () => new Set((ctx?.operators ?? []).map((o) => o.qq_openid).filter((x): x is string => !!x));
  const forTarget = (t: Target, text: string) => (t.kind === 'group' ? defangUrls(text) : text);

  function track(p: Promise<unknown>): void {
    running.add(p);
    void p.finally(() => running.delete(p));
  }

  /** Send, and once more without dotted names if QQ refused a URL. */
  async function withUrlRetry(target: Target, text: string, send: (content: string) => Promise<SendResult>): Promise<SendResult> {
    const r = await send(forTarget(target, text));
    return !r.ok && r.kind === 'url_blocked' ? send(defangDomains(text)) : r;
  }

  /** An interaction-recall message to a C2C user whose proactive push was refused, if QQ allows one now. */
  async function recall(openid: string, alert: Alert, signal?: AbortSignal): Promise<{ r: SendResult; window: number } | { why: string }> {
    const may = mayRecall(store!.data.recall[openid], clock());
    if ('why' in may) return may;
    const rec = store!.data.recall[openid]!;
    // Spent before the send: a restart mid-send must not try the same window twice.
    rec.used = [...rec.used, may.window];
    await store!.save().catch(() => {});
    const target: Target = { kind: 'user', openid };
    // One message per window: the alert whole if it fits, else its compact form.
    const full = renderText(alert.reply, locale);
    const text = full.length <= limit ? full : renderAlertCompact(alert).slice(0, limit);
    const r = await withUrlRetry(target, text, (c) => sendText(api, target, c, 'wakeup', signal));
    // No answer: QQ took nothing, so the window is not spent.
    if (!r.ok && (r.kind === 'transient' || r.kind === 'rate_limited')) {
      rec.used = rec.used.filter((w) => w !== may.window);
      await store!.save().catch(() => {});
    }
    return { r, window: may.window };
  }

  async function pushProactive(target: Target, text: string, signal?: AbortSignal): Promise<SendResult> {
    let first: SendResult | undefined;
    for (const part of splitText(text, limit)) {
      const r = await withUrlRetry(target, part, (c) => sendText(api, target, c, undefined, signal));
      first ??= r;
      if (!r.ok) break;
    }
    return first ?? { ok: false, kind: 'rejected', detail: 'empty message' };
  }

  /** A command's answer, as passive replies within what the window still allows; proactive if it has closed. */
  async function respondTo(win: ReplyWindow, reply: Reply): Promise<void> {
    const parts = splitText(renderText(reply, locale), limit);
    const budgeted = fitToBudget(parts, replier!.remaining(win), replier!.maxReplies(win), limit, locale);
    for (const [i, part] of budgeted.entries()) {
      const r = await withUrlRetry(win.target, part, (c) => replier!.send(win, c));
      if (r.ok) continue;
      if (r.kind === 'reply_closed') {
        const rest = budgeted.slice(i).join('\n');
        const p = await pushProactive(win.target, rest);
        if (!p.ok) ctx!.log.warn({ channel: 'qq', detail: p.detail }, 'QQ reply window closed and the proactive fallback was refused; reply dropped');
      } else {
        ctx!.log.warn({ channel: 'qq', detail: r.detail }, 'QQ refused a reply');
      }
      return;
    }
    if (budgeted.length === 0) {
      const p = await pushProactive(win.target, parts.join('\n'));
      if (!p.ok) ctx!.log.warn({ channel: 'qq', detail: p.detail }, 'no QQ reply budget left and the proactive fallback was refused; reply dropped');
    }
  }

  /** Held alerts (and a recap of unconfirmed pushes) into an operator's reply window, keeping `reserve` replies. */
  async function handOver(win: ReplyWindow, reserve: number, only?: Alert[]): Promise<string[]> {
    const c = ctx!;
    const t = notices(locale);
    const pending = (only ?? c.outbox.pendingFor('qq')).filter((a) => only || !pushing.has(a.id));
    const recap = only ? [] : unconfirmed.splice(0);
    const budget = replier!.remaining(win) - reserve;
    if ((!pending.length && !recap.length) || budget <= 0) {
      unconfirmed.unshift(...recap);
      return [];
    }
    const refused = store!.data.pushRefused || !cfg!.alert_to.length;
    const notice = pending.length && refused && !store!.data.pushNoticeSent ? t.pushNotice(otherPush) : undefined;
    const head: Block = { text: [pending.length ? t.held(pending.length) : '', notice ?? ''].filter(Boolean).join('\n\n'), ids: [] };
    const tail: Block[] = recap.length ? [{ text: t.recap(recap.map((r) => r.title)), ids: [] }] : [];
    const full = (list: Alert[]) => list.map((a) => ({ text: renderText(a.reply, locale), ids: [a.id] }));
    const compact = (list: Alert[]) => list.map((a) => ({ text: renderAlertCompact(a), ids: [a.id] }));
    let parts = packBlocks([head, ...full(pending), ...tail].filter((b) => b.text), limit);
    for (let n = pending.length; parts.length > budget && n >= 0; n--) {
      const more = pending.length - n;
      const extra: Block[] = more ? [{ text: t.more(more), ids: [] }] : [];
      parts = packBlocks([head, ...compact(pending.slice(0, n)), ...extra, ...tail].filter((b) => b.text), limit);
    }
    parts = parts.slice(0, budget);
    const delivered: string[] = [];
    for (const part of parts) {
      const r = await withUrlRetry(win.target, part.text, (x) => replier!.send(win, x));
      if (!r.ok) {
        c.log.warn({ channel: 'qq', detail: r.detail }, 'could not hand held alerts over as a QQ reply');
        break;
      }
      if (notice && !store!.data.pushNoticeSent) {
        store!.data.pushNoticeSent = true;
        await store!.save().catch(() => {});
      }
      const how = `passive reply to ${win.senderId}'s message (msg_seq ${win.used}): ${r.detail}`;
      for (const id of part.ids) {
        delivered.push(id);
        handedOver.add(id);
        if (handedOver.size > 1000) handedOver.delete(handedOver.values().next().value!);
        if (!only) await c.outbox.confirm(id, 'qq', how);
      }
    }
    return delivered;
  }

  /** One hand-over at a time: two at once would both add the once-only notice and share the reply budget. */
  function serialHandOver(win: ReplyWindow, reserve: number, only?: Alert[]): Promise<string[]> {
    const run = flushChain.then(() => handOver(win, reserve, only));
    flushChain = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  async function onMessage(m: Inbound): Promise<void> {
    const c = ctx!;
    // An alert_to user wrote in C2C: interaction-recall windows count from now.
    if (m.target.kind === 'user' && alertUsers.has(m.senderId)) {
      store!.data.recall[m.senderId] = noteSpoke(store!.data.recall[m.senderId], clock());
      await store!.save().catch(() => {});
    }
    const win = await replier!.open({ target: m.target, senderId: m.senderId, msgId: m.id, receivedAt: m.receivedAt });
    // Held alerts go to an operator's C2C chat, or to a group only if alerts are meant for that group anyway.
    const alertGroup = m.target.kind === 'group' && cfg!.alert_to.some((t) => 'group' in t && t.group === m.target.openid);
    if (operatorIds().has(m.senderId) && (m.target.kind === 'user' || alertGroup)) {
      await serialHandOver(win, 1).catch((err: Error) => c.log.error({ channel: 'qq', err: err.message }, 'handing held alerts over failed'));
    }
    await c.handle(
      { channel: 'qq', senderId: m.senderId, text: m.text, messageId: m.id, chatId: m.groupOpenid },
      (reply) => respondTo(win, reply),
    );
  }

  function onDispatch(type: string, d: unknown): void {
    const c = ctx!;
    if (type === 'C2C_MSG_REJECT' || type === 'GROUP_MSG_REJECT') c.log.warn({ channel: 'qq', event: type }, 'a QQ user or group switched off pushes from the bot');
    if (type === 'C2C_MSG_REJECT' || type === 'C2C_MSG_RECEIVE') {
      const openid = (d as { openid?: unknown } | null)?.openid;
      const rec = typeof openid === 'string' ? store!.data.recall[openid] : undefined;
      if (rec) {
        rec.off = type === 'C2C_MSG_REJECT' || undefined;
        void store!.save().catch(() => {});
      }
    }
    if (type !== 'C2C_MESSAGE_CREATE' && type !== 'GROUP_AT_MESSAGE_CREATE') return;
    const m = parseInbound(type, d);
    if (!m) return void c.log.warn({ channel: 'qq', event: type }, 'ignoring a QQ message event without id or sender');
    // QQ may push the same message twice, and a resume replays events.
    if (seen.has(m.id)) return void c.log.debug({ channel: 'qq', msg: m.id }, 'duplicate QQ message ignored');
    seen.set(m.id, Date.now());
    if (seen.size > 5000) seen.delete(seen.keys().next().value!);
    track(onMessage(m).catch((err: Error) => c.log.error({ channel: 'qq', err: err.message }, 'QQ message handling failed')));
  }

  async function deliver(alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome> {
    if (!ctx || !replier) return { status: 'failed', detail: 'QQ channel not started', retryAfterMs: 5_000 };
    if (handedOver.has(alert.id)) return { status: 'sent', detail: 'already handed over as a passive reply' };
    if (halted) return { status: 'deferred', detail: `QQ channel stopped (${halted}); held` };
    pushing.add(alert.id);
    try {
      return await push(alert, signal);
    } finally {
      pushing.delete(alert.id);
    }
  }

  async function push(alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome> {
    const text = renderText(alert.reply, locale);
    const details: string[] = [];
    const refusedUsers: string[] = [];
    let ok = false;
    let retryable: SendResult | undefined;
    for (const to of cfg!.alert_to) {
      if (signal?.aborted) break;
      const target: Target = 'user' in to ? { kind: 'user', openid: to.user } : { kind: 'group', openid: to.group };
      const r = await pushProactive(target, text, signal);
      details.push(`${target.kind} ${target.openid}: ${r.ok ? 'accepted' : r.kind} ${r.detail}`);
      if (!r.ok && r.kind === 'proactive_refused' && target.kind === 'user') refusedUsers.push(target.openid);
      if (r.ok) ok = true;
      else if (r.kind === 'proactive_refused' && !store!.data.pushRefused) {
        store!.data.pushRefused = true;
        await store!.save().catch(() => {});
      } else if (r.kind === 'transient' || r.kind === 'rate_limited') retryable ??= r;
    }
    if (ok) {
      const since = lastUpAt === undefined ? Infinity : Date.now() - lastUpAt;
      const shaky = gw?.state.phase !== 'connected' || since < silentLossMs;
      if (shaky && unconfirmed.push({ title: alert.reply.title, at: Date.now() }) > 50) unconfirmed.shift();
      const note = shaky ? `; unconfirmed: QQ answered OK ${since === Infinity ? 'while offline' : `${formatDuration(since)} after a reconnect`}, when it has dropped messages` : '';
      const detail = details.join('; ') + note;
      ctx!.log[shaky ? 'warn' : 'info']({ channel: 'qq', alert: alert.id, detail }, 'QQ accepted the alert push');
      return { status: 'sent', detail };
    }
    if (signal?.aborted) return { status: 'failed', detail: ['cancelled', ...details].join('; ') };
    // Nobody took the push. An operator who wrote recently can still get it as a reply to that message. Not given the
    // signal: a reply spends a numbered slot of the window before it is sent, and the hand-over that follows is
    // remembered (handedOver), so a retry after a give-up finds it there instead of sending it again.
    const win = replier!.operatorWindow(operatorIds());
    if (win) {
      const got = await serialHandOver(win, 0, [alert]).catch((): string[] => []);
      if (got.includes(alert.id)) return { status: 'sent', detail: `passive reply to ${win.senderId}'s recent message; push refused: ${details.join('; ')}` };
    }
    // No open reply window: an interaction-recall message where QQ allows one (scarce: after the free passive reply).
    for (const openid of refusedUsers) {
      const w = await recall(openid, alert, signal);
      if ('why' in w) details.push(`no interaction recall: ${w.why}`);
      else {
        const how = `interaction recall (is_wakeup, ${RECALL_WINDOWS[w.window]!.label} after the user last wrote)`;
        details.push(`${how}: ${w.r.ok ? 'accepted' : w.r.kind} ${w.r.detail}`);
        if (w.r.ok) return { status: 'sent', detail: details.join('; ') };
        if (w.r.kind === 'transient' || w.r.kind === 'rate_limited') retryable ??= w.r;
      }
    }
    if (retryable && cfg!.alert_to.length) return { status: 'failed', detail: details.join('; '), retryAfterMs: retryable.ok ? undefined : retryable.retryAfterMs };
    const why = cfg!.alert_to.length ? `QQ refused the push (${details.join('; ')})` : 'no channels.qq.alert_to configured';
    return { status: 'deferred', detail: `${why}; held until an operator writes to the bot` };
  }

  function health(): ChannelHealth {
    const s = gw?.state;
    const now = Date.now();
    const ago = (t?: number) => (t === undefined ? '—' : `${formatDuration(now - t)} ago`);
    const clock = (t: number) => new Date(t).toTimeString().slice(0, 5);
    const queued = ctx ? ctx.outbox.pendingFor('qq').length : 0;
    const connected = s?.phase === 'connected';
    const fields = [
      { label: 'Connected since', value: connected && s.connectedSince ? `${clock(s.connectedSince)} (${ago(s.connectedSince)})` : 'not connected' },
      { label: 'Last heartbeat ACK', value: ago(s?.lastAckAt) },
      { label: 'Resumes', value: String(s?.resumes ?? 0) },
      { label: 'Queued alerts', value: String(queued) },
    ];
    let summary: string;
    if (halted) summary = `stopped: ${halted}`;
    else if (!s || s.phase === 'idle') summary = 'not started';
    else if (connected) summary = 'connected';
    else summary = `reconnecting, offline ${ago(s.offlineSince).replace(' ago', '')}${s.lastError ? ` (${s.lastError})` : ''}`;
    return { name: 'qq', ok: connected && !halted, summary, fields };
  }

  return {
    name: 'qq',
    interactive: true,
    async start(c) {
      ctx = c;
      locale = c.locale;
      store = await openState(c.stateDir, c.log);
      replier = createReplier({ api, store, limits: { ...DEFAULT_WINDOWS, ...options.windows }, log: c.log });
      gw = createGateway({
        api,
        tokens,
        intents: cfg.intents,
        log: c.log,
        timings: { ...DEFAULT_TIMINGS, ...options.timings, giveUpAfterMs: cfg.give_up_after },
        onDispatch,
        onFatal: (reason) => c.fatal(reason),
        onHalt: (reason) => {
          halted = reason;
          // Retrying would hit the same close code: tell the operators through the other channels instead.
          void c.raise({ title: `gatewatch's QQ bot was stopped by QQ: ${reason}`, tone: 'critical', lines: ['Alerts are still delivered through the other channels. Fix the bot on the QQ Open Platform, then restart gatewatch.'] });
        },
        onUp: () => {
          lastUpAt = Date.now();
        },
      });
      gw.start();
    },
    async stop() {
      await gw?.stop();
      await Promise.allSettled([...running]);
      await store?.save().catch(() => {});
    },
    async deliver(alert, signal) {
      try {
        return await deliver(alert, signal);
      } catch (err) {
        return { status: 'failed', detail: `QQ delivery error: ${(err as Error).message}` };
      }
    },
    health,
  };
}
