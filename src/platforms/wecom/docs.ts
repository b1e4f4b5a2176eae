// WeCom's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.wecom': {
    severity: 'critical',
    en: {
      when: '5+ `[Wecom] Reconnect failed: …` / `Reconnect timed out after …` / `errcode 846609: aibot websocket not subscribed` (half-alive: sends refused while the socket stays open) within 15 min since its last `[Wecom] Reconnected`, over 3 min or more, the last within 5 min.',
      restart: 'auto-restart',
      action: "If it recurs, check the bot's credentials and the network to WeCom.",
    },
    'zh-CN': {
      when: '自上次 `[Wecom] Reconnected` 以来，15 分钟内 5 次以上 `[Wecom] Reconnect failed: …` / `Reconnect timed out after …` / `errcode 846609: aibot websocket not subscribed`（半死状态：连接仍在但发送被拒），跨度至少 3 分钟，最后一次在 5 分钟内。',
      restart: '自动重启',
      action: '如果反复出现，检查机器人的凭据和到企业微信的网络。',
    },
  },
  'platform_deaf.wecom_hung': {
    severity: 'critical',
    en: {
      when: '*Hermes #47572.* `[Wecom] WebSocket error: …` answered for 10 min by neither `Reconnected` nor `Reconnect failed`: the reconnect hangs.',
      restart: 'auto-restart',
      action: '—',
    },
    'zh-CN': {
      when: '*Hermes #47572。* `[Wecom] WebSocket error: …` 之后 10 分钟既无 `Reconnected` 也无 `Reconnect failed`：重连卡住了。',
      restart: '自动重启',
      action: '—',
    },
  },
  'platform_deaf.wecom_300s': {
    severity: 'warning',
    en: {
      when: '*Hermes #71337.* `[Wecom] WebSocket error: WeCom websocket closed` 4+ times within 30 min, each reconnected: the server closes every ~300 s; messages in the gaps are late or lost.',
      restart: 'never restarts (a restart does not help)',
      action: 'Update Hermes when #71337 is fixed.',
    },
    'zh-CN': {
      when: '*Hermes #71337。* 30 分钟内 4 次以上 `[Wecom] WebSocket error: WeCom websocket closed`，每次都重连了：服务器每约 300 秒关闭一次；间隙中的消息会延迟或丢失。',
      restart: '从不重启（重启无济于事）',
      action: '等 #71337 修复后更新 Hermes。',
    },
  },
};
