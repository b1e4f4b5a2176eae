// Weixin (iLink)'s rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.weixin': {
    severity: 'critical',
    en: {
      when: '`[Weixin] Session expired; pausing for 10 minutes` with no message heard since (`inbound from=`, `Connected account=`): the session is gone; Hermes pauses and tries again, forever.',
      restart: 'never restarts (a restart does not fix it)',
      action: 'Log in again (QR), or send the bot a message from the account.',
    },
    'zh-CN': {
      when: '`[Weixin] Session expired; pausing for 10 minutes` 之后没有再收到任何消息（`inbound from=`、`Connected account=`）：会话已失效；Hermes 暂停后重试，永不停止。',
      restart: '从不重启（重启无济于事）',
      action: '重新扫码登录，或用该账号给机器人发一条消息。',
    },
  },
  'platform_deaf.weixin_poll': {
    severity: 'critical',
    en: {
      when: '9+ `[Weixin] getUpdates failed ret=…` / `poll error (n/3): …` within 15 min, the last within 5 min, with nothing heard since.',
      restart: 'alert, wait (Hermes backs off and recycles its poll session itself)',
      action: 'Check the network path to iLink.',
    },
    'zh-CN': {
      when: '15 分钟内 9 次以上 `[Weixin] getUpdates failed ret=…` / `poll error (n/3): …`，最后一次在 5 分钟内，此后没有收到任何消息。',
      restart: '告警，等待（Hermes 会自行退避并重建拉取会话）',
      action: '检查到 iLink 的网络。',
    },
  },
  'platform_deaf.weixin_stale': {
    severity: 'critical',
    en: {
      when: '*Hermes #96416.* Sends to one user refused (`[Weixin] send failed to=<user>: iLink sendmessage rate limited; cooldown active`; refusals within a minute count once) 3 times with no message from that user in between, however far apart (one cron delivery an hour is enough: agent.log is read over the last 48 h, across restarts), or `… session not ready` once (PR #115359): a stale session shown as a rate limit.',
      restart: 'never restarts',
      action: 'The user must send the bot a message.',
    },
    'zh-CN': {
      when: '*Hermes #96416。* 发给同一用户的发送被拒绝（`[Weixin] send failed to=<user>: iLink sendmessage rate limited; cooldown active`；一分钟内的多次拒绝只算一次）3 次，其间该用户没有发来消息，不论间隔多久（每小时一次定时推送就足够：会跨重启读取最近 48 小时的 agent.log），或出现一次 `… session not ready`（PR #115359）：会话过期却显示为限流。',
      restart: '从不重启',
      action: '需要用户先给机器人发一条消息。',
    },
  },
};
