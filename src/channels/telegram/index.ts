// The Telegram bot channel: commands from operators in private chats and groups, alerts with inline buttons, alert
// messages edited in place on recovery. Loaded lazily by the plugin: the only module (with its siblings) that imports
// grammY.
//
// Retries live in one place per kind of message. Alerts: the outbox (persisted, visible in /history, backed off, and
// told Telegram's retry_after through `retryAfterMs`); deliver() never waits or retries itself — it runs under the
// outbox's send timeout (whose signal aborts grammY's request), and a retry inside it would be retried again by the
// outbox. Command replies have no outbox, so the reply path waits out one 429 itself. grammY's auto-retry plugin is
// not used: it would hide the retry_after from the outbox and put a second retry loop under the first.
import { Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { PluginHost } from '../plugin.js';
import { ConfigError } from '../../config/load.js';
import type { Alert, Channel, ChannelContext, ChannelHealth, DeliveryOutcome, Reply, Respond } from '../../types.js';
import { pick } from '../../i18n.js';
import { formatDuration } from '../../util/duration.js';
import { redact } from '../../util/redact.js';
import { parseCallback, parseMessage, type ParsedCallback, type ParsedMessage } from './inbound.js';
import { createPoller, DEFAULT_POLL_TIMINGS, describeError, grammySignal, type Poller, type PollTimings } from './poll.js';
import { keyboard, renderAlert, renderHtml } from './render.js';
import { findHermesTokenClash } from './same-token.js';
import { openStore, type TelegramStore } from './state.js';
import type { TelegramSettings } from './plugin.js';
import { capRetryAfter } from '../../util/retry-after.js';

export interface TelegramChannelOptions {
  timings?: Partial<PollTimings>;
  /** Longest 429 retry_after a command reply waits out before it gives up. */
  replyRetryMaxMs?: number;
  /** How long start() waits for getMe before going on in the background. */
  initTimeoutMs?: number;
  /** At most one "another process polls this token" notice per this long. */
  conflictNoticeEveryMs?: number;
  now?: () => number;
}

type Result = { ok: true; messageId?: number } | { ok: false; detail: string; retryAfterMs?: number; gone?: boolean };

export function createChannel(settings: TelegramSettings & { name?: string }, host: PluginHost, opts: TelegramChannelOptions = {}): Channel {
  const name = settings.name ?? 'telegram';
  const now = opts.now ?? Date.now;
  const timings: PollTimings = { ...DEFAULT_POLL_TIMINGS, ...opts.timings };
  const replyRetryMaxMs = opts.replyRetryMaxMs ?? 30_000;
  const conflictNoticeEveryMs = opts.conflictNoticeEveryMs ?? 3_600_000;
  const token = settings.bot_token;
  // The token is the whole credential (it sits in every request URL): keep it out of everything we log or send.
  const scrub = (s: string) => redact(s, [token]);
  let ctx: ChannelContext | undefined;
  let log: Logger | undefined;
  let bot: Bot | undefined;
  let store: TelegramStore | undefined;
  let poller: Poller | undefined;
  let lastUpdateAt: number | undefined;
  let lastConflictNoticeAt: number | undefined;
  const inflight = new Set<Promise<void>>();
  // Per alert: chats already served, so a retry after a partial failure does not repeat them.
  const served = new Map<string, Set<string>>();

  const L = (en: string, zh: string) => pick(ctx?.locale ?? host.locale, { en, 'zh-CN': zh });

  const receivers = (): string[] => {
    if (settings.alert_to.length) return settings.alert_to.map((r) => r.chat_id);
    // No alert_to: each operator's private chat with the bot (its chat id is the user id).
    return (ctx?.operators ?? []).filter((o) => o.telegram_id).map((o) => String(o.telegram_id));
  };

  const isOperator = (senderId: string) => (ctx?.operators ?? []).some((o) => o.telegram_id && String(o.telegram_id) === senderId);

  function failure(err: unknown): Result {
    if (err instanceof GrammyError) {
      const detail = scrub(`${err.error_code} ${err.description}`);
      if (err.error_code === 429) return { ok: false, detail, retryAfterMs: capRetryAfter((err.parameters.retry_after ?? 5) * 1000) };
      const migrated = err.parameters.migrate_to_chat_id;
      if (migrated) return { ok: false, detail: `${detail}: the group is now supergroup ${migrated}; put chat_id: ${migrated} in channels.telegram.alert_to` };
      return { ok: false, detail, gone: /message to edit not found|message can't be edited/i.test(err.description) };
    }
    return { ok: false, detail: scrub(describeError(err)) };
  }

  const markup = (r: Reply) => keyboard(r.buttons, (key, command) => store!.putCallback(key, command));

  async function send(chatId: string | number, html: string, r: Reply, replyTo?: number, signal?: AbortSignal): Promise<Result> {
    try {
      const kb = markup(r);
      // Long commands behind short keys must be on disk before anyone can press the button.
      if (kb?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('k:'))) await store!.save();
      const m = await bot!.api.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: kb,
        ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      }, signal && grammySignal(signal));
      return { ok: true, messageId: m.message_id };
    } catch (err) {
      return failure(err);
    }
  }

  async function edit(chatId: string, messageId: number, html: string, r: Reply, signal?: AbortSignal): Promise<Result> {
    try {
      // Telegram drops the buttons of an edit without reply_markup (a recovery: Restart/Ack would only confuse).
      await bot!.api.editMessageText(chatId, messageId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: markup(r) }, signal && grammySignal(signal));
      return { ok: true, messageId };
    } catch (err) {
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return { ok: true, messageId };
      return failure(err);
    }
  }

  /** A command reply: no outbox behind it, so one 429 is waited out here. */
  async function reply(chatId: number, r: Reply, replyTo?: number): Promise<void> {
    const html = renderHtml(r);
    let res = await send(chatId, html, r, replyTo);
    const wait = res.ok ? undefined : res.retryAfterMs;
    if (wait !== undefined && wait <= replyRetryMaxMs) {
      await new Promise((ok) => setTimeout(ok, wait));
      res = await send(chatId, html, r, replyTo);
    }
    if (!res.ok) log!.warn({ detail: res.detail, chat: chatId }, 'telegram reply failed');
  }

  const later = (what: string, fn: () => Promise<void>) => {
    const p = fn()
      .catch((err: Error) => log!.error({ err: scrub(err.message) }, `telegram ${what} failed`))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  async function runMessage(m: ParsedMessage): Promise<void> {
    const respond: Respond = (r) => reply(m.chatId, r, m.messageId);
    await ctx!.handle({ channel: 'telegram', senderId: m.senderId, text: m.text, messageId: String(m.messageId), chatId: m.group ? String(m.chatId) : undefined }, respond);
  }

  async function runCallback(q: ParsedCallback): Promise<void> {
    const command = q.data.startsWith('k:') ? store!.callback(q.data) : q.data;
    let answered = false;
    const answer = async (text: string, alert = false) => {
      if (answered) return;
      answered = true;
      await bot!.api.answerCallbackQuery(q.id, { text: text.slice(0, 200), show_alert: alert }).catch((err) => log!.warn({ detail: describeError(err) }, 'telegram answerCallbackQuery failed'));
    };
    if (!command || !command.startsWith('/')) {
      await answer(L('This button has expired.', '此按钮已失效。'), true);
      return;
    }
    const operator = isOperator(q.senderId);
    // The spinner on the button stops only when the query is answered: an operator's press is answered at once and
    // the result comes as a reply to the alert; a stranger's refusal is the answer itself (a pop-up only they see),
    // not a message in a group.
    if (operator) await answer(`${command} …`);
    const respond: Respond = async (r) => {
      if (!operator && !answered) return answer(r.title, true);
      if (q.chatId === undefined) return;
      await reply(q.chatId, r, q.messageId);
    };
    try {
      await ctx!.handle({ channel: 'telegram', senderId: q.senderId, text: command, messageId: `cb:${q.id}`, chatId: q.group && q.chatId !== undefined ? String(q.chatId) : undefined }, respond);
    } finally {
      await answer('');
    }
  }

  async function onUpdates(updates: Update[]): Promise<void> {
    lastUpdateAt = now();
    const last = store!.lastUpdateId();
    const fresh = updates.filter((u) => last === undefined || u.update_id > last);
    if (fresh.length === 0) return;
    // Recorded before the commands run: a crash mid-command must not run it again after the restart.
    await store!.setLastUpdateId(fresh[fresh.length - 1]!.update_id);
    const me = bot!.botInfo.username;
    for (const u of fresh) {
      if (u.message) {
        const p = parseMessage(u.message, me);
        if (!p.ok) {
          log!.debug({ reason: p.reason, update: u.update_id }, 'telegram message ignored');
          continue;
        }
        log!.debug({ chat: p.value.chatId, sender: p.value.senderId, group: p.value.group }, 'telegram message');
        later('command', () => runMessage(p.value));
      } else if (u.callback_query) {
        const p = parseCallback(u.callback_query);
        if (!p.ok) {
          log!.debug({ reason: p.reason }, 'telegram callback ignored');
          void bot!.api.answerCallbackQuery(u.callback_query.id).catch(() => undefined);
          continue;
        }
        later('button', () => runCallback(p.value));
      }
    }
  }

  async function deliverTo(alert: Alert, chatId: string, signal?: AbortSignal): Promise<Result> {
    const html = renderAlert(alert);
    if (alert.kind === 'resolve' && alert.incidentId) {
      let edited = 0;
      for (const m of store!.incidentMessages(alert.incidentId, chatId)) {
        const r = await edit(chatId, m.messageId, html, { ...alert.reply, buttons: undefined }, signal);
        if (r.ok) {
          edited++;
          await store!.putMessage({ ...m, at: now() });
        } else if (r.gone) await store!.dropMessage(chatId, m.messageId);
        else return r;
      }
      // Edited in place: the phone is not buzzed again for good news, as on Feishu.
      if (edited > 0) return { ok: true };
    }
    const r = await send(chatId, html, alert.reply, undefined, signal);
    if (r.ok && r.messageId !== undefined && alert.incidentId) await store!.putMessage({ incidentId: alert.incidentId, chatId, messageId: r.messageId, at: now() });
    return r;
  }

  async function deliver(alert: Alert, signal?: AbortSignal): Promise<DeliveryOutcome> {
    if (!bot || !store) return { status: 'failed', detail: 'telegram channel not started' };
    const list = receivers();
    if (list.length === 0) return { status: 'failed', detail: 'no receivers: channels.telegram.alert_to is empty and no operator has a telegram_id' };
    const done = served.get(alert.id) ?? new Set<string>();
    const errors: string[] = [];
    let retryAfterMs: number | undefined;
    for (const chatId of list) {
      if (done.has(chatId)) continue;
      // Given up on: the chats not yet served are for the retry.
      if (signal?.aborted) {
        errors.push(`chat ${chatId}: cancelled`);
        break;
      }
      const r = await deliverTo(alert, chatId, signal);
      if (r.ok) done.add(chatId);
      else {
        errors.push(`chat ${chatId}: ${r.detail}`);
        if (r.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, r.retryAfterMs);
      }
    }
    if (errors.length === 0) {
      served.delete(alert.id);
      return { status: 'sent' };
    }
    served.set(alert.id, done);
    const detail = errors.join('; ');
    log!.warn({ alert: alert.id, detail }, 'telegram alert delivery failed');
    return { status: 'failed', detail, retryAfterMs };
  }

  function onConflict(description: string): void {
    const t = now();
    if (lastConflictNoticeAt !== undefined && t - lastConflictNoticeAt < conflictNoticeEveryMs) return;
    lastConflictNoticeAt = t;
    void ctx!
      .raise({
        title: L('Another process is polling gatewatch’s Telegram bot token', '另一个进程在使用 gatewatch 的 Telegram 机器人令牌收消息'),
        tone: 'warning',
        lines: [
          L(
            `Telegram answered 409 Conflict (${description}). Only one process can receive a bot's updates: commands to the gatewatch bot may not arrive. gatewatch keeps retrying every ${formatDuration(timings.conflictRetryMs)}; alerts are still sent.`,
            `Telegram 返回 409 Conflict（${description}）。一个机器人的消息只能由一个进程接收：发给 gatewatch 机器人的命令可能收不到。gatewatch 每 ${formatDuration(timings.conflictRetryMs)} 重试一次；告警仍会发送。`,
          ),
          L(
            'Stop the other process (a second gatewatch, or a bot using this token), or give gatewatch its own bot from @BotFather. Never give it the Hermes gateway’s token.',
            '请停止另一个进程（第二个 gatewatch，或使用此令牌的其他机器人），或在 @BotFather 为 gatewatch 单独创建机器人。不要使用 Hermes 网关的令牌。',
          ),
        ],
      })
      .catch((err: Error) => log!.warn({ err: err.message }, 'telegram conflict notice failed'));
  }

  return {
    name,
    interactive: true,
    async start(c) {
      const clash = await findHermesTokenClash(token, host.targets);
      if (clash) {
        throw new ConfigError(
          host.source ?? 'config',
          undefined,
          'channels.telegram.bot_token',
          `is the Telegram bot token the Hermes gateway uses (${clash}: TELEGRAM_BOT_TOKEN). Telegram gives a bot's updates to one poller only: ` +
            'gatewatch would knock the gateway’s Telegram adapter out (409 Conflict). Create a separate bot for gatewatch with @BotFather (see docs/telegram-channel.md).',
        );
      }
      ctx = c;
      log = c.log;
      store = await openStore(c.stateDir, now);
      bot = new Bot(token, {
        client: {
          apiRoot: settings.api_base,
          // Above our own long-poll abort, so the silent-socket check is ours; sends end at the outbox's timeout.
          timeoutSeconds: Math.ceil(timings.pollTimeoutSec + timings.stallMarginMs / 1000 + 10),
        },
      });
      // Identify the bot now (its username is needed to tell `/status@us` from `/status@otherbot`). A rejected token
      // is a config error; an unreachable Telegram is not: polling retries in the background.
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), opts.initTimeoutMs ?? 10_000);
      try {
        await bot.init(grammySignal(ac.signal));
        log.info({ bot: bot.botInfo.username }, 'telegram bot identified');
      } catch (err) {
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
          throw new ConfigError(host.source ?? 'config', undefined, 'channels.telegram.bot_token', `was refused by Telegram (${err.error_code} ${err.description}): check the token from @BotFather`);
        }
        log.warn({ detail: scrub(describeError(err)) }, 'telegram getMe failed; polling will keep trying');
      } finally {
        clearTimeout(timer);
      }
      if (receivers().length === 0) {
        // Nobody to alert and nobody who may command: the channel could only fail every alert.
        throw new ConfigError(host.source ?? 'config', undefined, 'channels.telegram.alert_to', 'is empty and no operator has a telegram_id: add a chat to alert_to or a telegram_id to an operator');
      }
      if (c.sendOnly) return;
      const last = store.lastUpdateId();
      poller = createPoller({
        bot,
        timings,
        giveUpAfterMs: settings.give_up_after,
        log,
        scrub,
        offset: last === undefined ? undefined : last + 1,
        onUpdates,
        onConflict,
        onFatal: (reason) => c.fatal(reason),
        now,
      });
      poller.start();
    },
    async stop() {
      await poller?.stop();
      await Promise.allSettled([...inflight]);
      await store?.save().catch(() => undefined);
    },
    async deliver(alert, signal) {
      try {
        return await deliver(alert, signal);
      } catch (err) {
        return { status: 'failed', detail: scrub((err as Error).message) };
      }
    },
    health(): ChannelHealth {
      const s = poller?.status();
      if (!s) return { name, ok: false, summary: 'not started' };
      const t = now();
      const ago = (ms?: number) => (ms === undefined ? 'never' : `${formatDuration(t - ms)} ago`);
      const fresh = s.lastPollAt !== undefined && t - s.lastPollAt < timings.pollTimeoutSec * 1000 + timings.stallMarginMs * 2;
      const ok = s.state === 'polling' && fresh;
      const who = bot?.isInited() ? `@${bot.botInfo.username}` : 'bot';
      const summary =
        s.state === 'conflict'
          ? `409 conflict for ${formatDuration(t - (s.conflictSince ?? t))}: another process polls this token`
          : ok
            ? `polling as ${who}, last poll ${ago(s.lastPollAt)}, last update ${ago(lastUpdateAt)}`
            : `${s.state}${s.downSince !== undefined ? ` for ${formatDuration(t - s.downSince)}` : ''}${s.lastError ? ` (${scrub(s.lastError)})` : ''}`;
      return {
        name,
        ok,
        summary,
        fields: [
          { label: 'silent polls restarted', value: String(s.stalls) },
          { label: 'conflicts', value: String(s.conflicts) },
        ],
      };
    },
  };
}
