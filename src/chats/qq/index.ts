// The QQ official-bot channel: commands in over the gateway (C2C and group @-messages), answers out as passive
// replies, alerts out as proactive pushes when QQ allows them, else as an interaction-recall message where QQ allows
// one, and otherwise held in the outbox and handed over as a passive reply the next time an operator writes. An alert
// is confirmed only once QQ accepted it somewhere. This file wires the parts:
//   inbound.ts   gateway events → messages, each once          answer.ts    a message: reply window, hand-over, command
//   deliver.ts   an alert: push, reply, recall or hold           handover.ts  held alerts into an operator's reply window
//   gateway.ts   the WebSocket session, supervised              health.ts    the channel's status line
import type { PluginHost } from '../../channel-kit/plugin.js';
import type { QQSettings } from './settings.js';
import type { Channel, ChannelContext } from '../../types.js';
import { say } from './words.js';
import { answer, type AnswerDeps } from './answer.js';
import { createApi } from './api.js';
import { createTokenSource } from './auth.js';
import { checkQQCredentials, qqVerdict } from './credentials.js';
import { askQQ } from './ask.js';
import { deliverAlert, type DeliverDeps } from './deliver.js';
import { createGateway, DEFAULT_TIMINGS, type Gateway, type GatewayTimings } from './gateway.js';
import { createHandOver } from './handover.js';
import { qqHealth } from './health.js';
import { createDispatch, type Inbound } from './inbound.js';
import { QQ_TEXT_LIMIT } from './render.js';
import { createReplier, DEFAULT_WINDOWS, type WindowLimits } from './replies.js';
import { openState, type StateStore } from './state.js';

export interface QQChannelOptions {
  timings?: Partial<Omit<GatewayTimings, 'giveUpAfterMs'>>;
  windows?: Partial<WindowLimits>;
  textLimit?: number;
  httpTimeoutMs?: number;
  /** The start-up credential check's limit (short: an unreachable QQ must not hold up start-up). */
  credentialCheckTimeoutMs?: number;
  /** A 200 this soon after a reconnect is recorded as unconfirmed: QQ has dropped such messages silently. */
  silentLossMs?: number;
  /** The channel's time (reply and interaction-recall windows, the gateway's times, health), when not the host's clock's. */
  now?: () => number;
}

export function createChannel(cfg: QQSettings, host: PluginHost, options: QQChannelOptions = {}): Channel {
  const clock = options.now ? { ...host.clock, now: options.now } : host.clock;
  const now = clock.now;
  const limit = options.textLimit ?? QQ_TEXT_LIMIT;
  const tokens = createTokenSource({
    appId: cfg.app_id,
    clientSecret: cfg.client_secret,
    tokenUrl: cfg.token_url,
    timeoutMs: options.httpTimeoutMs,
    clock,
  });
  const api = createApi({ apiBase: cfg.api_base, tokens, timeoutMs: options.httpTimeoutMs, clock });
  let ctx: ChannelContext | undefined;
  let store: StateStore | undefined;
  let gw: Gateway | undefined;
  // Set once started: what delivering an alert needs.
  let live: DeliverDeps | undefined;
  let halted: string | undefined;
  let lastUpAt: number | undefined;
  const running = new Set<Promise<unknown>>();

  async function start(c: ChannelContext): Promise<void> {
    await checkQQCredentials(tokens, {
      host,
      secret: cfg.client_secret,
      timeoutMs: options.credentialCheckTimeoutMs,
      clock,
    });
    ctx = c;
    store = await openState(c.stateDir, c.log);
    const replier = createReplier({ api, store, limits: { ...DEFAULT_WINDOWS, ...options.windows }, log: c.log, now });
    const operatorIds = () => new Set(c.operators.map((o) => o.qq_openid).filter((x): x is string => !!x));
    // Where else alerts go, for the once-only note that QQ holds pushes back: every channel that can push but the console.
    const otherPush = host.peers.map((p) => p.name);
    const handOver = createHandOver({
      outbox: c.outbox,
      replier,
      store,
      log: c.log,
      locale: c.locale,
      limit,
      hasAlertTo: cfg.alert_to.length > 0,
      otherPush,
    });
    const parts = {
      api,
      store,
      replier,
      handOver,
      log: c.log,
      locale: c.locale,
      limit,
      now,
      alertTo: cfg.alert_to,
      operatorIds,
    };
    const talk: AnswerDeps = { ...parts, handle: (msg, respond) => c.handle(msg, respond) };
    const onMessage = (m: Inbound) => {
      const p = answer(talk, m).catch((err: Error) =>
        c.log.error({ channel: 'qq', err: err.message }, 'QQ message handling failed'),
      );
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    live = {
      ...parts,
      silentLossMs: options.silentLossMs ?? 150_000,
      link: () => ({ connected: gw?.state.phase === 'connected', upAt: lastUpAt }),
    };
    gw = createGateway({
      api,
      tokens,
      intents: cfg.intents,
      log: c.log,
      clock,
      timings: { ...DEFAULT_TIMINGS, ...options.timings, giveUpAfterMs: cfg.give_up_after },
      onDispatch: createDispatch({ log: c.log, store, now, onMessage }),
      onFatal: (reason) => c.fatal(reason),
      onHalt: (reason) => {
        halted = reason;
        // Retrying would hit the same close code: tell the operators through the other channels instead.
        void c.raise({
          title: say(c.locale, 'qq.halted.title', { reason }),
          tone: 'critical',
          lines: [say(c.locale, 'qq.halted.line')],
        });
      },
      onUp: () => {
        lastUpAt = now();
      },
    });
    gw.start();
  }

  return {
    name: 'qq',
    interactive: true,
    start,
    checkCredentials: () => qqVerdict(tokens, { locale: host.locale, secret: cfg.client_secret }),
    askPlatform: (signal) => askQQ(tokens, api, { secret: cfg.client_secret, signal }),
    credentialsFix: (locale) => say(locale, 'channel.fix.qq.credentials'),
    async stop() {
      await gw?.stop();
      await Promise.allSettled([...running]);
      await store?.save().catch(() => {});
    },
    async deliver(alert, signal) {
      if (!live) return { status: 'failed', detail: 'QQ channel not started', retryAfterMs: 5_000 };
      const { pushing } = live.handOver;
      if (live.handOver.handedOver(alert.id))
        return { status: 'sent', detail: 'already handed over as a passive reply' };
      if (halted) return { status: 'deferred', detail: `QQ channel stopped (${halted}); held` };
      pushing.add(alert.id);
      try {
        return await deliverAlert(live, alert, signal);
      } catch (err) {
        return { status: 'failed', detail: `QQ delivery error: ${(err as Error).message}` };
      } finally {
        pushing.delete(alert.id);
      }
    },
    health: (locale = host.locale) =>
      qqHealth(gw?.state, { halted, queued: ctx ? ctx.outbox.pendingFor('qq').length : 0, now: now(), locale }),
  };
}
