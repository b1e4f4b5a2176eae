// The Feishu / Lark app-bot channel: commands from p2p chats and @mentions over the long connection, alerts as
// interactive cards with buttons, cards updated in place. Loaded lazily by the registry: the only module (with its
// siblings) that imports @larksuiteoapi/node-sdk.
import { createHash } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { PluginHost } from '../../channel-kit/plugin.js';
import type { FeishuSettings } from './settings.js';
import type { Alert, Channel, ChannelContext, ChannelHealth, DeliveryOutcome, Reply, Respond } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import { t as text, wordOf } from '../../i18n.js';
import { alertCard, replyCard, type Card } from './card.js';
import { chartPng } from '../../delivery/chart-png.js';
import { alertSubtitle } from '../../delivery/render-parts.js';
import { mayShowQr, qrFor, type QrRecipient } from '../../delivery/qr-policy.js';
import { createSender, type FeishuSender, type Receiver, type SendResult } from './client.js';
import {
  parseCardAction,
  parseMessage,
  type CardActionEvent,
  type MessageEvent,
  type ParsedAction,
  type ParsedMessage,
} from './inbound.js';
import { sdkLogger } from './log.js';
import { assertNotHermesApp } from './same-app.js';
import { askFeishu, checkFeishuCredentials, feishuVerdict } from './credentials.js';
import { openStore, type FeishuStore } from './state.js';
import { sendToEach } from '../../channel-kit/receivers.js';
import { say } from './words.js';
import type { Clock } from '../../util/clock.js';
import { createWsSupervisor, DEFAULT_WS_TIMINGS, type WsSupervisor, type WsTimings } from './ws.js';

export interface FeishuChannelOptions {
  timings?: Partial<WsTimings>;
  httpTimeoutMs?: number;
  /** The start-up credential check's limit (short: an unreachable Feishu must not hold up start-up). */
  credentialCheckTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The channel's time and its link's waits, when not the host's clock; `now` alone overrides the time. */
  clock?: Clock;
  now?: () => number;
}

const APP_ID = /^cli_[0-9a-fA-F]{16}$/;

const keyOf = (to: Receiver) => ('chat_id' in to ? `chat:${to.chat_id}` : `open:${to.open_id}`);

export function createChannel(fc: FeishuSettings, host: PluginHost, opts: FeishuChannelOptions = {}): Channel {
  const base = opts.clock ?? host.clock;
  const clock: Clock = opts.now ? { ...base, now: opts.now } : base;
  const now = clock.now;
  let ctx: ChannelContext | undefined;
  let log: Logger | undefined;
  let sender: FeishuSender | undefined;
  let store: FeishuStore | undefined;
  let ws: WsSupervisor | undefined;
  let botOpenId: string | undefined;
  let lastEventAt: number | undefined;

  const receivers = (): Receiver[] => {
    if (fc.alert_to.length) return fc.alert_to;
    // No alert_to: push to every operator who has a Feishu open_id.
    return (ctx?.operators ?? []).filter((o) => o.feishu_open_id).map((o) => ({ open_id: o.feishu_open_id! }));
  };

  const operatorName = (openId: string) => ctx?.operators.find((o) => o.feishu_open_id === openId)?.name;

  /**
   * A reply's chart drawn and uploaded, for its card's img element; none when it cannot be (the card then carries the
   * text form). The last alert's upload is kept: one serves all its receivers and its retries.
   */
  let uploaded: { alertId: string; key: string } | undefined;
  async function imageOf(reply: Reply, o: { alertId?: string; signal?: AbortSignal } = {}) {
    if (!reply.chart) return undefined;
    const alt = reply.title;
    if (o.alertId !== undefined && uploaded?.alertId === o.alertId) return { key: uploaded.key, alt };
    try {
      // An alert's rate limit goes back to the outbox; a command reply has none behind it and waits here.
      const up = await sender!.uploadImage(await chartPng(reply.chart), {
        wait: o.alertId === undefined,
        signal: o.signal,
      });
      if (!up.ok || !up.imageKey) {
        log!.warn({ detail: up.detail }, 'feishu image upload failed; the card carries the text form');
        return undefined;
      }
      if (o.alertId !== undefined) uploaded = { alertId: o.alertId, key: up.imageKey };
      return { key: up.imageKey, alt };
    } catch (err) {
      log!.warn({ err: (err as Error).message }, 'chart not drawn; the card carries the text form');
      return undefined;
    }
  }

  /** A reply's card, with its chart as a picture where it has one. */
  async function cardOf(reply: Reply): Promise<Card> {
    const image = await imageOf(reply);
    return replyCard(reply, image ? { image } : {});
  }

  async function runMessage(m: ParsedMessage): Promise<void> {
    const respond: Respond = async (reply) => {
      const r = await sender!.reply(m.messageId, await cardOf(reply));
      if (!r.ok) log!.warn({ detail: r.detail, message: m.messageId }, 'feishu reply failed');
      // Kept only for its buttons: a click shows its outcome on this card. A reply without any can never be clicked,
      // and every kept card is written again with each inbound message (feishu.json, up to 300 cards).
      else if (r.messageId && reply.buttons?.length) await store!.putCard({ messageId: r.messageId, reply, at: now() });
    };
    await ctx!.handle(
      {
        channel: 'feishu',
        senderId: m.senderId,
        text: m.text,
        messageId: m.messageId,
        chatId: m.group ? m.chatId : undefined,
      },
      respond,
    );
  }

  async function runAction(a: ParsedAction, eventId: string | undefined): Promise<void> {
    const isOperator = operatorName(a.senderId) !== undefined;
    const respond: Respond = async (reply: Reply) => {
      const base = a.messageId ? store!.card(a.messageId) : undefined;
      // An operator's click shows its outcome on the card itself; anything else answers in the thread.
      if (base && isOperator) {
        const rec = { ...base, result: { reply, by: operatorName(a.senderId) } };
        const r = await sender!.patch(
          base.messageId,
          replyCard(rec.reply, { subtitle: rec.subtitle, result: rec.result }),
        );
        if (r.ok) return store!.putCard(rec);
        log!.warn({ detail: r.detail, message: base.messageId }, 'feishu card update failed; replying instead');
      }
      const r = a.messageId
        ? await sender!.reply(a.messageId, await cardOf(reply))
        : a.chatId
          ? await sender!.create({ chat_id: a.chatId }, await cardOf(reply))
          : ({ ok: false, detail: 'no message or chat to answer in' } as SendResult);
      if (!r.ok) log!.warn({ detail: r.detail }, 'feishu answer to a card action failed');
    };
    await ctx!.handle(
      { channel: 'feishu', senderId: a.senderId, text: a.command, messageId: eventId ?? a.messageId, chatId: a.chatId },
      respond,
    );
  }

  // Handlers answer at once (Feishu re-pushes anything not ACKed within 3 s); the work runs after the ACK.
  const later = (what: string, fn: () => Promise<void>) =>
    setImmediate(() => fn().catch((err: Error) => log!.error({ err: err.message }, `feishu ${what} failed`)));

  function onMessage(data: unknown): void {
    lastEventAt = now();
    const ev = data as MessageEvent;
    if (store!.seen.check([ev.event_id, ev.message?.message_id], now())) {
      log!.debug({ event: ev.event_id }, 'feishu event re-sent; already handled');
      return;
    }
    void store!.save().catch(() => undefined);
    const p = parseMessage(ev, botOpenId);
    if (!p.ok) {
      log!.debug({ reason: p.reason }, 'feishu message ignored');
      return;
    }
    log!.debug({ chat: p.value.chatId, sender: p.value.senderId, group: p.value.group }, 'feishu message');
    later('command', () => runMessage(p.value));
  }

  function onCardAction(data: unknown): unknown {
    lastEventAt = now();
    const ev = data as CardActionEvent;
    if (store!.seen.check([ev.event_id], now())) return { toast: { type: 'info', content: '…' } };
    void store!.save().catch(() => undefined);
    const p = parseCardAction(ev);
    if (!p.ok) {
      log!.warn({ reason: p.reason }, 'feishu card action ignored');
      return { toast: { type: 'error', content: 'This button carries no command.' } };
    }
    later('card action', () => runAction(p.value, ev.event_id));
    // The command word only: a viewer's Restart button carries `confirm`, and a toast saying so reads as a restart
    // under way before the bus has even checked the role (issue 18 item 12).
    return { toast: { type: 'info', content: `${p.value.command.split(/\s+/)[0]} …` } };
  }

  /**
   * A receiver as a login QR code's recipient: an open_id is that person's private chat with the bot; a chat_id may be
   * a group (it is never taken for a private chat).
   */
  const qrRecipient = (to: Receiver): QrRecipient => {
    if (!('open_id' in to)) return { private: false };
    return { role: ctx?.operators.find((o) => o.feishu_open_id === to.open_id)?.role, private: true };
  };

  async function deliverTo(whole: Alert, to: Receiver, key: string, signal?: AbortSignal): Promise<SendResult> {
    const alert = qrFor(whole, qrRecipient(to));
    const image = await imageOf(alert.reply, { alertId: alert.id, signal });
    const card = alertCard(alert, image ? { image } : {});
    const subtitle = alertSubtitle(alert);
    if (alert.kind === 'resolve' && alert.incidentId) {
      const cards = store!.incidentCards(alert.incidentId, key);
      let patched = 0;
      for (const c of cards) {
        const r = await sender!.patch(c.messageId, card, { wait: false, signal });
        if (r.ok) {
          patched++;
          await store!.putCard({ ...c, reply: alert.reply, subtitle, result: undefined, at: now() });
        } else if (!r.permanent) return r;
      }
      if (patched > 0) return { ok: true, detail: `updated ${patched} card(s)` };
    }
    const uuid = createHash('sha256').update(`${alert.id}|${key}`).digest('hex').slice(0, 32);
    const r = await sender!.create(to, card, { uuid, wait: false, signal });
    if (r.ok && r.messageId)
      await store!.putCard({
        messageId: r.messageId,
        // Its chart is drawn once, into the card: not kept (feishu.json holds up to 300 cards).
        reply: alert.reply.chart ? { ...alert.reply, chart: undefined } : alert.reply,
        subtitle,
        incidentId: alert.incidentId,
        to: key,
        at: now(),
      });
    if (r.ok && r.messageId && alert.urgent) return { ...r, detail: await buzz(r.messageId, to) };
    return r;
  }

  /**
   * channels.feishu.urgent: an escalation also buzzes the operators through Feishu's urgent API. Best effort: the card
   * is delivered either way, so a refused buzz (no permission, quota spent) is reported, not retried.
   */
  async function buzz(messageId: string, to: Receiver): Promise<string> {
    const kind = fc.urgent;
    if (!kind) return 'ok';
    const operators = (ctx?.operators ?? []).map((o) => o.feishu_open_id).filter((id): id is string => !!id);
    const users = 'open_id' in to ? [to.open_id] : operators;
    if (users.length === 0) return `ok; urgent_${kind}: no operator has a feishu_open_id`;
    const u = await sender!.urgent(messageId, kind, users);
    if (!u.ok) {
      log!.warn({ kind, detail: u.detail }, 'feishu urgent failed');
      return `ok; urgent_${kind} failed: ${u.detail}`;
    }
    return `ok; urgent_${kind} to ${users.length - (u.invalid?.length ?? 0)} user(s)${u.invalid ? ` (refused: ${u.invalid.length})` : ''}`;
  }

  const toEach = sendToEach<Receiver>({
    key: keyOf,
    label: keyOf,
    async send(alert, to, _memory, signal) {
      const r = await deliverTo(alert, to, keyOf(to), signal);
      if (r.ok) return r.detail !== 'ok' ? { ok: true, note: r.detail } : { ok: true };
      return { ok: false, detail: r.detail, retryAfterMs: r.retryAfterMs, permanent: r.permanent };
    },
    // Reported as it is: alerts.fallback (or the implied feishu_webhook standby) carries the alert instead.
    noReceivers: 'no receivers: channels.feishu.alert_to is empty and no operator has a feishu_open_id',
    log: () => log,
    channel: 'feishu',
  });

  async function deliver(alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome> {
    if (!sender || !store) return { status: 'failed', detail: 'feishu channel not started' };
    return toEach(alert, receivers(), signal);
  }

  return {
    name: 'feishu',
    interactive: true,
    qrReach: () => !!sender && receivers().some((to) => mayShowQr(qrRecipient(to))),
    credentialsFix: (locale) => say(locale, 'channel.fix.feishu.credentials'),
    checkCredentials: (signal) =>
      feishuVerdict({
        appId: fc.app_id,
        appSecret: fc.app_secret,
        domain: fc.domain.replace(/\/+$/, ''),
        locale: host.locale,
        signal,
      }),
    askPlatform: (signal) =>
      askFeishu({ appId: fc.app_id, appSecret: fc.app_secret, domain: fc.domain.replace(/\/+$/, ''), signal }),
    async start(c) {
      if (!APP_ID.test(fc.app_id))
        throw new Error(
          `channels.feishu.app_id "${fc.app_id}" is not a Feishu app id (cli_ followed by 16 hex digits)`,
        );
      await assertNotHermesApp(fc.app_id, host.targets);
      const domain = fc.domain.replace(/\/+$/, '');
      await checkFeishuCredentials({
        appId: fc.app_id,
        appSecret: fc.app_secret,
        domain,
        host,
        timeoutMs: opts.credentialCheckTimeoutMs,
      });
      ctx = c;
      log = c.log;
      const sdkLog = sdkLogger(log, [fc.app_secret]);
      store = await openStore(c.stateDir, clock);
      sender = createSender({
        appId: fc.app_id,
        appSecret: fc.app_secret,
        domain,
        logger: sdkLog,
        timeoutMs: opts.httpTimeoutMs,
        sleep: opts.sleep,
        clock,
      });
      void sender.botOpenId().then((id) => (botOpenId = id));
      const dispatcher = new lark.EventDispatcher({ logger: sdkLog, loggerLevel: lark.LoggerLevel.warn }).register({
        'im.message.receive_v1': async (data: unknown) => onMessage(data),
        'card.action.trigger': async (data: unknown) => onCardAction(data),
      } as never);
      ws = createWsSupervisor({
        appId: fc.app_id,
        appSecret: fc.app_secret,
        domain,
        dispatcher,
        sdkLogger: sdkLog,
        log,
        giveUpAfterMs: fc.give_up_after,
        timings: { ...DEFAULT_WS_TIMINGS, ...opts.timings },
        onFatal: (reason) => c.fatal(reason),
        clock,
      });
      await ws.start();
    },
    async stop() {
      ws?.stop();
      await store?.save().catch(() => undefined);
    },
    async deliver(alert, signal) {
      try {
        return await deliver(alert, signal);
      } catch (err) {
        return { status: 'failed', detail: (err as Error).message };
      }
    },
    health(l = host.locale): ChannelHealth {
      const s = ws?.status();
      if (!s) return { name: 'feishu', ok: false, summary: text(l, 'channel.health.not_started') };
      const t = now();
      const ago = (ms?: number) =>
        ms === undefined
          ? text(l, 'channel.health.never')
          : text(l, 'channel.health.ago', { duration: formatDuration(t - ms) });
      const ok = s.state === 'connected';
      const state = wordOf(l, 'channel.health.state', s.state);
      const down =
        s.downSince !== undefined
          ? text(l, 'channel.health.for', { state, duration: formatDuration(t - s.downSince) })
          : state;
      const summary = ok
        ? say(l, 'channel.health.feishu.connected', {
            duration: formatDuration(t - (s.connectedAt ?? t)),
            event: ago(lastEventAt),
          })
        : s.lastError
          ? text(l, 'channel.health.error', { text: down, error: s.lastError })
          : down;
      return {
        name: 'feishu',
        ok,
        summary,
        fields: [
          { label: say(l, 'channel.health.feishu.reconnects'), value: String(s.reconnects) },
          { label: say(l, 'channel.health.feishu.restarts'), value: String(s.restarts) },
        ],
      };
    },
  };
}
