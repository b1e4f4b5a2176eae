// The Feishu / Lark app-bot channel: commands from p2p chats and @mentions over the long connection, alerts as
// interactive cards with buttons, cards updated in place. Loaded lazily by the registry: the only module (with its
// siblings) that imports @larksuiteoapi/node-sdk. This file wires the parts:
//   events.ts   the long connection's events, each once, ACKed    answer.ts   a command run, its answer on a card
//   deliver.ts  an alert: its card to one receiver, the buzz      images.ts   a chart as a picture on a card
//   ws.ts       the long connection, supervised                   health.ts   the channel's status line
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { PluginHost } from '../../channel-kit/plugin.js';
import type { FeishuSettings } from './settings.js';
import type { Channel, ChannelContext } from '../../types.js';
import { mayShowQr } from '../../delivery/qr-policy.js';
import { createSender, type Receiver } from './client.js';
import { sdkLogger } from './log.js';
import { assertNotHermesApp } from './same-app.js';
import { checkFeishuCredentials, feishuVerdict } from './credentials.js';
import { feishuAsker } from './ask.js';
import { openStore, type FeishuStore } from './state.js';
import { sendToEach } from '../../channel-kit/receivers.js';
import { say } from './words.js';
import type { Clock } from '../../util/clock.js';
import { createWsSupervisor, DEFAULT_WS_TIMINGS, type WsSupervisor, type WsTimings } from './ws.js';
import { createChartImages } from './images.js';
import type { AnswerDeps } from './answer.js';
import { receiveCardAction, receiveMessage, type EventDeps } from './events.js';
import { deliverTo, keyOf, qrRecipient, type DeliverDeps } from './deliver.js';
import { feishuHealth } from './health.js';

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

export function createChannel(fc: FeishuSettings, host: PluginHost, opts: FeishuChannelOptions = {}): Channel {
  const base = opts.clock ?? host.clock;
  const clock: Clock = opts.now ? { ...base, now: opts.now } : base;
  const now = clock.now;
  let ctx: ChannelContext | undefined;
  let log: Logger | undefined;
  let store: FeishuStore | undefined;
  // Set once started: what delivering an alert needs.
  let live: DeliverDeps | undefined;
  let ws: WsSupervisor | undefined;
  let lastEventAt: number | undefined;

  const receivers = (): Receiver[] => {
    if (fc.alert_to.length) return fc.alert_to;
    // No alert_to: push to every operator who has a Feishu open_id.
    return (ctx?.operators ?? []).filter((o) => o.feishu_open_id).map((o) => ({ open_id: o.feishu_open_id! }));
  };

  const toEach = sendToEach<Receiver>({
    key: keyOf,
    label: keyOf,
    async send(alert, to, _memory, signal) {
      const r = await deliverTo(live!, alert, to, keyOf(to), signal);
      if (r.ok) return r.detail !== 'ok' ? { ok: true, note: r.detail } : { ok: true };
      return { ok: false, detail: r.detail, retryAfterMs: r.retryAfterMs, permanent: r.permanent };
    },
    // Reported as it is: alerts.fallback (or the implied feishu_webhook standby) carries the alert instead.
    noReceivers: 'no receivers: channels.feishu.alert_to is empty and no operator has a feishu_open_id',
    log: () => log,
    channel: 'feishu',
  });

  async function start(c: ChannelContext): Promise<void> {
    if (!APP_ID.test(fc.app_id))
      throw new Error(`channels.feishu.app_id "${fc.app_id}" is not a Feishu app id (cli_ followed by 16 hex digits)`);
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
    const sender = createSender({
      appId: fc.app_id,
      appSecret: fc.app_secret,
      domain,
      logger: sdkLog,
      timeoutMs: opts.httpTimeoutMs,
      sleep: opts.sleep,
      clock,
    });
    const images = createChartImages(sender, log, c.locale);
    live = {
      sender,
      store,
      log,
      now,
      urgent: fc.urgent,
      operators: () => c.operators,
      imageOf: images.imageOf,
      locale: c.locale,
    };
    let botOpenId: string | undefined;
    void sender.botOpenId().then((id) => (botOpenId = id));
    const answer: AnswerDeps = {
      handle: (msg, respond) => c.handle(msg, respond),
      sender,
      store,
      log,
      now,
      cardOf: images.cardOf,
      operatorName: (openId) => c.operators.find((o) => o.feishu_open_id === openId)?.name,
      locale: c.locale,
    };
    const events: EventDeps = {
      ...answer,
      botOpenId: () => botOpenId,
      heard: () => {
        lastEventAt = now();
      },
    };
    const dispatcher = new lark.EventDispatcher({ logger: sdkLog, loggerLevel: lark.LoggerLevel.warn }).register({
      'im.message.receive_v1': async (data: unknown) => receiveMessage(events, data),
      'card.action.trigger': async (data: unknown) => receiveCardAction(events, data),
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
  }

  return {
    name: 'feishu',
    interactive: true,
    qrReach: () => !!live && receivers().some((to) => mayShowQr(qrRecipient(to, ctx?.operators))),
    credentialsFix: (locale) => say(locale, 'channel.fix.feishu.credentials'),
    checkCredentials: (signal) =>
      feishuVerdict({
        appId: fc.app_id,
        appSecret: fc.app_secret,
        domain: fc.domain.replace(/\/+$/, ''),
        locale: host.locale,
        signal,
      }),
    askPlatform: feishuAsker(fc),
    start,
    async stop() {
      ws?.stop();
      await store?.save().catch(() => undefined);
    },
    async deliver(alert, signal) {
      try {
        if (!live) return { status: 'failed', detail: 'feishu channel not started' };
        return await toEach(alert, receivers(), signal);
      } catch (err) {
        return { status: 'failed', detail: (err as Error).message };
      }
    },
    health: (l = host.locale) => feishuHealth(ws?.status(), { now, lastEventAt, locale: l }),
  };
}
