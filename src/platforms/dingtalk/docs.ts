// DingTalk's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.dingtalk_routing': {
    severity: 'warning',
    en: {
      when: '*Hermes #7562.* 5+ gateway starts within 30 min (`gateway-starts.log`), DingTalk `connected`, no DingTalk message for 2 min since the last start (and less than 90 min since): DingTalk may route nothing for 40+ min, and **each restart makes it worse**.',
      restart: "**holds every restart** of the gateway (not only DingTalk's)",
      action: 'Wait; space restarts ≥ 10 min apart.',
    },
    'zh-CN': {
      when: '*Hermes #7562。* 30 分钟内网关启动 5 次以上（`gateway-starts.log`），钉钉 `connected`，上次启动后 2 分钟内（且不超过 90 分钟）没有钉钉消息：钉钉可能 40 多分钟不投递消息，**每次重启都会更糟**。',
      restart: '**暂停网关的所有重启**（不只是钉钉的）',
      action: '等待；重启至少间隔 10 分钟。',
    },
  },
  'platform_deaf.dingtalk_sdk': {
    severity: 'critical',
    en: {
      when: "*Hermes #24851/#9752.* `Stream client error` with `'coroutine' object does not support the asynchronous context manager protocol` 3+ times within 10 min (every reconnect fails), or agent.log's `dingtalk_stream.client: error processing message: object tuple can't be used in 'await' expression` once (every message fails; no DingTalk message heard since): the dingtalk-stream SDK does not match.",
      restart: 'never restarts',
      action: 'Pin dingtalk-stream to the version your Hermes expects.',
    },
    'zh-CN': {
      when: "*Hermes #24851/#9752。* 10 分钟内 3 次以上带有 `'coroutine' object does not support the asynchronous context manager protocol` 的 `Stream client error`（每次重连都失败），或 agent.log 中出现一次 `dingtalk_stream.client: error processing message: object tuple can't be used in 'await' expression`（每条消息都失败；此后没有收到钉钉消息）：dingtalk-stream SDK 版本不匹配。",
      restart: '从不重启',
      action: '将 dingtalk-stream 固定为你的 Hermes 所需版本。',
    },
  },
  'platform_deaf.dingtalk': {
    severity: 'critical',
    en: {
      when: '10+ `[Dingtalk] Stream client error: …` within 10 min with no `[Dingtalk] Connected via Stream Mode` since.',
      restart: 'alert, wait',
      action: 'Check the credentials and the network to DingTalk; restart once by hand if it does not settle.',
    },
    'zh-CN': {
      when: '10 分钟内 10 次以上 `[Dingtalk] Stream client error: …`，此后没有 `[Dingtalk] Connected via Stream Mode`。',
      restart: '告警，等待',
      action: '检查凭据和到钉钉的网络；若一直不恢复，手动重启一次。',
    },
  },
};
