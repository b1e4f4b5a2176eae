// Google Chat's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing at run
// time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.google_chat': {
    severity: 'warning',
    en: {
      when: "*Hermes #68387.* A gateway.log line with `bot_user_id=<unresolved>` 10 min ago or more and no Google Chat message since: connected, and the Pub/Sub pull delivers nothing (no ADDED_TO_SPACE, no envelope). Hermes #68387 quotes only that token, not the whole line; the platform's key is read from the state file.",
      restart: '**never restarts** (Google-side configuration)',
      action: "Check the Chat app's configuration and its Pub/Sub subscription in Google Cloud; then restart once.",
    },
    'zh-CN': {
      when: '*Hermes #68387。* gateway.log 中出现 `bot_user_id=<unresolved>` 已 10 分钟以上，且此后没有 Google Chat 消息：已连接，但 Pub/Sub 拉取什么也没投递（没有 ADDED_TO_SPACE，没有任何事件）。Hermes #68387 只引用了这一段，没有整行；平台键从状态文件读取。',
      restart: '**从不重启**（Google 一侧的配置问题）',
      action: '在 Google Cloud 检查 Chat 应用的配置及其 Pub/Sub 订阅；然后重启一次。',
    },
  },
  'platform_deaf.google_chat_silent': {
    severity: 'warning',
    en: {
      when: "*Hermes #68387.* Google Chat's entry `connected` for 3 h or more (since its entry was written or the run began), not one inbound Google Chat message since, while the gateway's other platforms carried 3 or more: the same silence as #68387, in any words (no `bot_user_id=<unresolved>` needed). An idle gateway (no messages anywhere) says nothing.",
      restart: '**never restarts** (Google-side configuration)',
      action:
        "If people write to the bot in Google Chat: check the Chat app's configuration and its Pub/Sub subscription in Google Cloud; then restart once.",
    },
    'zh-CN': {
      when: '*Hermes #68387。* Google Chat 的条目为 `connected` 已 3 小时以上（自条目写入或本次运行开始起），此后没有一条 Google Chat 入站消息，而网关的其他平台收到了 3 条或更多：与 #68387 相同的沉默，不论措辞（不需要 `bot_user_id=<unresolved>`）。一个空闲的网关（哪里都没有消息）不会报告。',
      restart: '**从不重启**（Google 一侧的配置问题）',
      action:
        '如果确实有人在 Google Chat 里给机器人写消息：在 Google Cloud 检查 Chat 应用的配置及其 Pub/Sub 订阅；然后重启一次。',
    },
  },
};
