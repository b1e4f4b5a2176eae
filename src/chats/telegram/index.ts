// The Telegram bot channel: commands from operators in private chats and groups, alerts with inline buttons, alert
// messages edited in place on recovery. Loaded lazily by the plugin: the only module (with its siblings) that imports
// grammY. This file wires the parts:
//   startup.ts  the checks before polling        poll.ts     the long-poll loop, supervised
//   updates.ts  messages and buttons → commands  alerts.ts   alerts out, edited in place on recovery
//   send.ts     one message out, refusals sorted  conflict.ts another poller on our token
//   health.ts   the channel's status line
//
// Retries live in one place per kind of message. Alerts: the outbox (persisted, visible in /history, backed off, and
// told Telegram's retry_after through `retryAfterMs`); deliver() never waits or retries itself — it runs under the
// outbox's send timeout (whose signal aborts grammY's request), and a retry inside it would be retried again by the
// outbox. Command replies have no outbox, so the reply path waits out one 429 itself. grammY's auto-retry plugin is
// not used: it would hide the retry_after from the outbox and put a second retry loop under the first.
import type { Bot } from 'grammy';
import type { PluginHost } from '../../channel-kit/plugin.js';
import type { Alert, Channel, ChannelContext, DeliveryOutcome } from '../../types.js';
import { redact } from '../../util/redact.js';
import { createAlertSender, qrReach, receivers } from './alerts.js';
import { conflictNotifier } from './conflict.js';
import { telegramHealth } from './health.js';
import { say } from './words.js';
import { createPoller, DEFAULT_POLL_TIMINGS, type Poller, type PollTimings } from './poll.js';
import { checkToken, identify, newBot, refuseHermesToken, requireReceivers } from './startup.js';
import { openStore, type TelegramStore } from './state.js';
import { telegramAsker } from './ask.js';
import { createUpdateHandler, type UpdateHandler } from './updates.js';
import type { TelegramSettings } from './settings.js';

export interface TelegramChannelOptions {
  timings?: Partial<PollTimings>;
  /** Longest 429 retry_after a command reply waits out before it gives up. */
  replyRetryMaxMs?: number;
  /** How long start() waits for getMe before going on in the background. */
  initTimeoutMs?: number;
  /** At most one "another process polls this token" notice per this long. */
  conflictNoticeEveryMs?: number;
  /** The channel's time (polling, health, the alert messages kept), when not the host's clock's. */
  now?: () => number;
}

export function createChannel(
  settings: TelegramSettings & { name?: string },
  host: PluginHost,
  opts: TelegramChannelOptions = {},
): Channel {
  const name = settings.name ?? 'telegram';
  const clock = opts.now ? { ...host.clock, now: opts.now } : host.clock;
  const now = clock.now;
  const timings: PollTimings = { ...DEFAULT_POLL_TIMINGS, ...opts.timings };
  const token = settings.bot_token;
  // The token is the whole credential (it sits in every request URL): keep it out of everything we log or send.
  const scrub = (s: string) => redact(s, [token]);
  let bot: Bot | undefined;
  let store: TelegramStore | undefined;
  let poller: Poller | undefined;
  let updates: UpdateHandler | undefined;
  let deliver: ((alert: Alert, signal?: AbortSignal) => Promise<DeliveryOutcome>) | undefined;
  let reach = (): boolean => false;

  async function start(c: ChannelContext): Promise<void> {
    await refuseHermesToken(token, host);
    store = await openStore(c.stateDir, clock);
    bot = newBot(token, settings.api_base, timings);
    const wire = { bot, api: { base: settings.api_base, token }, store, scrub, clock };
    const chats = () => receivers(settings.alert_to, c.operators);
    deliver = createAlertSender({
      wire,
      log: c.log,
      now,
      receivers: chats,
      operators: () => c.operators,
      locale: c.locale,
    });
    reach = () => qrReach(chats(), c.operators);
    await identify(bot, { host, timeoutMs: opts.initTimeoutMs ?? 10_000, log: c.log, scrub, clock });
    requireReceivers(chats().length, host);
    if (c.sendOnly) return;
    updates = createUpdateHandler({
      wire,
      ctx: c,
      now,
      replyRetryMaxMs: opts.replyRetryMaxMs ?? 30_000,
      sleep: (ms) => clock.sleep(ms),
    });
    const last = store.lastUpdateId();
    poller = createPoller({
      bot,
      timings,
      giveUpAfterMs: settings.give_up_after,
      log: c.log,
      scrub,
      offset: last === undefined ? undefined : last + 1,
      onUpdates: updates.onUpdates,
      onConflict: conflictNotifier({
        raise: (r) => c.raise(r),
        locale: c.locale,
        log: c.log,
        now,
        everyMs: opts.conflictNoticeEveryMs ?? 3_600_000,
        retryEveryMs: timings.conflictRetryMs,
      }),
      onFatal: (reason) => c.fatal(reason),
      onRefused: (reason) => c.cannotDeliver(`Telegram refused the bot token (${reason})`),
      clock,
    });
    poller.start();
  }

  return {
    name,
    interactive: true,
    qrReach: () => reach(),
    start,
    credentialsFix: (locale) => say(locale, 'channel.fix.telegram.credentials'),
    // Before start (`gatewatch doctor` with no daemon) on a bot of its own: getMe needs no polling.
    checkCredentials: (signal) =>
      checkToken(bot ?? newBot(token, settings.api_base, timings), { locale: host.locale, signal, scrub }),
    askPlatform: telegramAsker(settings, { clock }),
    async stop() {
      await poller?.stop();
      await updates?.settled();
      await store?.save().catch(() => undefined);
    },
    async deliver(alert, signal) {
      if (!deliver) return { status: 'failed', detail: 'telegram channel not started' };
      try {
        return await deliver(alert, signal);
      } catch (err) {
        return { status: 'failed', detail: scrub((err as Error).message) };
      }
    },
    health: (locale = host.locale) =>
      telegramHealth(poller?.status(), {
        name,
        now: now(),
        timings,
        who: bot?.isInited() ? `@${bot.botInfo.username}` : 'bot',
        lastUpdateAt: updates?.lastUpdateAt(),
        scrub,
        locale,
      }),
  };
}
