// Feishu/Lark's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.feishu_gave_up': {
    severity: 'critical',
    en: {
      when: '*Hermes #64712.* Feishu `retrying` with `Feishu websocket link lost; …` for over 20 min: the Lark SDK gave up its own ladder (~10 tries over ~17 min). Before 20 min, no `platform_down` and no restart: one restart per dropped link is churn (#31367).',
      restart: 'auto-restart (once, after 20 min)',
      action: 'Check the network path to Feishu if it recurs.',
    },
    'zh-CN': {
      when: '*Hermes #64712。* 飞书处于 `retrying` 且 `Feishu websocket link lost; …` 超过 20 分钟：Lark SDK 放弃了自己的重连阶梯（约 17 分钟内约 10 次）。20 分钟之内不报 `platform_down` 也不重启：每断一次就重启只会增加抖动（#31367）。',
      restart: '自动重启（20 分钟后一次）',
      action: '如果反复出现，检查到飞书的网络。',
    },
  },
  'forecast.feishu_giveup': {
    severity: 'warning',
    en: {
      when: 'Feishu `retrying` with `Feishu websocket link lost; …` while the Lark SDK climbs its own ladder (its `[Lark] trying to reconnect for the Nth time`, the 3rd try or later: most lost links come back at the first): the try it reached of about 10 and, in words, when it gives up (about 17 min after the link was lost, #64712). Its tries are read from the own lines of the SDK in agent.log, its start from the first drop of the SDK when it comes earlier than the stamps of the entry. Withdrawn when Feishu is connected again; once due it is said as due now (`forecast.feishu_giveup_due`: not closed without a word), and at 20 min `platform_deaf.feishu_gave_up` restarts once.',
      restart: 'alert, wait (a restart per lost link is churn, #31367)',
      action: 'Nothing yet.',
    },
    'zh-CN': {
      when: '飞书处于 `retrying`、消息为 `Feishu websocket link lost; …`，而 Lark SDK 正在自己的重连阶梯上（它的 `[Lark] trying to reconnect for the Nth time`，第 3 次及以后：大多数断开在第一次就恢复）：说出它已到约 10 次中的第几次，并用文字说出何时放弃（链路断开后约 17 分钟，#64712）。尝试次数读自 agent.log 中 SDK 自己的日志行；若 SDK 第一次断开早于条目的时间戳，以它为开始。飞书重新连上即撤回；到期后说明“现在就该放弃”（`forecast.feishu_giveup_due`：不再静默关闭），20 分钟时由 `platform_deaf.feishu_gave_up` 重启一次。',
      restart: '告警，等待（每断一次就重启只会徒增抖动，#31367）',
      action: '暂时不用做什么。',
    },
  },
  'forecast.feishu_giveup_due': {
    severity: 'warning',
    en: {
      when: '`forecast.feishu_giveup` past the time it forecast (about 17 min after the link was lost) and before the give-up is judged (20 min): said as due now, not closed without a word.',
      restart: 'alert, wait (the last tries may still bring it back)',
      action: 'Nothing yet; at 20 min gatewatch restarts once.',
    },
    'zh-CN': {
      when: '`forecast.feishu_giveup` 已过预测的时间（链路断开后约 17 分钟），尚未到判定放弃的 20 分钟：说明“现在就该放弃”，而不是静默关闭。',
      restart: '告警，等待（最后几次尝试仍可能恢复）',
      action: '暂时不用做什么；到 20 分钟时 gatewatch 会重启一次。',
    },
  },
  feishu_executor_shutdown: {
    severity: 'critical',
    en: {
      when: '`[Feishu] Send error: Executor shutdown has been called` in the current run: Feishu receives but cannot reply (Hermes ≤ v0.17.x bug; fixed in v0.18.0).',
      restart: 'auto-restart',
      action: 'Upgrade Hermes to v0.18.0 or later.',
    },
    'zh-CN': {
      when: '`[Feishu] Send error: Executor shutdown has been called`：飞书能收消息但无法回复（Hermes ≤ v0.17.x；v0.18.0 已修复）。',
      restart: '自动重启',
      action: '把 Hermes 升级到 v0.18.0 或更高版本。',
    },
  },
  feishu_loop_died: {
    severity: 'critical',
    en: {
      when: "*Hermes #73779, #91310.* With several Feishu apps in one process (multiplexed profiles) the Lark SDK's receive loop dies with `RuntimeError: Task <… Client._receive_message_loop() …> got Future <Future pending> attached to a different loop` (logger `Lark`, the root's agent.log / errors.log only; the text is matched in the record or its traceback, since Hermes' reports do not pin which). Reported when that happened in the current life and no Feishu inbound message (`inbound message: platform=feishu`) came after it, while every Feishu entry of the state file still says `connected` (from v0.21.4 Hermes publishes `retrying` itself: then `platform_down` judges it). Lists the process's Feishu apps (`feishu`, `<profile>:feishu`): the line does not say which app died.",
      restart: "auto-restart (≤ v0.21.3 only a restart recovers it; it reconnects every profile's bots)",
      action: 'Upgrade Hermes to v0.21.4+ (per-profile SDK isolation, a supervised WS thread).',
    },
    'zh-CN': {
      when: '本次生命中，Lark SDK 的接收循环因 "attached to a different loop" 终止（一个进程中有多个飞书应用，见根目录的 agent.log），此后没有收到任何飞书消息，而状态显示 `connected`。',
      restart: '自动重启（Hermes ≤ v0.21.3）',
      action: '把 Hermes 升级到 v0.21.4+；在此之前先重启。',
    },
  },
  'respawn_storm.lark': {
    severity: 'warning',
    en: {
      when: '*Hermes #31367.* 4+ restarts in a row over an hour or more, still going on, each within 10 min of a Lark `receive message loop exit` logged before any stop (agent.log, read over hours): the gateway is restarted at every Feishu link drop, which the Lark SDK would have reconnected by itself. Said beside a crash loop (`respawn_storm`), not instead.',
      restart: 'alert only',
      action:
        'Stop whatever restarts the gateway on that line (a watchdog, a cron job), or update a Hermes that restarts itself for it.',
    },
    'zh-CN': {
      when: '*Hermes #31367。* 连续 4 次以上、持续一小时以上且仍在发生的重启，每次都在 Lark `receive message loop exit`（agent.log，按小时读取）之后 10 分钟内：每次飞书链路断开网关都被重启，而 Lark SDK 本会自己重连。与崩溃循环（`respawn_storm`）并列说出，而不是取代它。',
      restart: '只告警',
      action: '停掉依据这行日志重启网关的东西（看门狗、cron 任务），或更新会因此自行重启的 Hermes。',
    },
  },
};
