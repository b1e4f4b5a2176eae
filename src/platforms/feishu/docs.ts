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
};
