// Slack's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.slack': {
    severity: 'critical',
    en: {
      when: '*Hermes #85574.* agent.log: `Failed to connect (error: Session is closed); Retrying...` at least 6 times within 2 min (slack_bolt retries a closed session every ~10 s forever); state still `connected`.',
      restart: 'auto-restart',
      action: 'If it recurs, check the network path to Slack.',
    },
    'zh-CN': {
      when: '*Hermes #85574。* agent.log：2 分钟内至少 6 次 `Failed to connect (error: Session is closed); Retrying...`（slack_bolt 每约 10 秒重试已关闭的会话，永不停止）；状态仍为 `connected`。',
      restart: '自动重启',
      action: '如果反复出现，检查到 Slack 的网络。',
    },
  },
  'platform_deaf.slack_socket': {
    severity: 'critical',
    en: {
      when: '5+ `[Slack] Socket Mode reconnect failed: …` within 15 min, the last within 2 min (gateway.log; its watchdog runs every 15 s); state still `connected`.',
      restart: 'auto-restart',
      action: 'If it comes back, check the Slack app-level token (`xapp-`) and the network to Slack.',
    },
    'zh-CN': {
      when: '15 分钟内 5 次以上 `[Slack] Socket Mode reconnect failed: …`，最后一次在 2 分钟内（gateway.log；其看门狗每 15 秒运行一次）；状态仍为 `connected`。',
      restart: '自动重启',
      action: '如果再次出现，检查 Slack 应用级令牌（`xapp-`）和到 Slack 的网络。',
    },
  },
};
