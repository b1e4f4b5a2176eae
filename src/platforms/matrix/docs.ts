// Matrix's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.matrix': {
    severity: 'critical',
    en: {
      when: '`Matrix: permanent auth error`: its sync loop has ended; the bot hears nothing until it logs in again.',
      restart: 'never restarts (a restart does not fix it)',
      action: 'Put a new access token in `.env`, then restart.',
    },
    'zh-CN': {
      when: '`Matrix: permanent auth error`：同步循环已结束；重新登录之前机器人什么也收不到。',
      restart: '从不重启（重启无济于事）',
      action: '在 `.env` 中换上新的访问令牌，然后重启。',
    },
  },
  'platform_deaf.matrix_clock': {
    severity: 'critical',
    en: {
      when: "*Hermes PR #27330.* `Matrix: dropped N consecutive live events as 'too old' … (skew ≈ Ns)`: the host clock runs ahead and every message is dropped.",
      restart: 'never restarts',
      action: 'Sync the clock (`timedatectl set-ntp true`), then restart.',
    },
    'zh-CN': {
      when: "*Hermes PR #27330。* `Matrix: dropped N consecutive live events as 'too old' … (skew ≈ Ns)`：主机时钟偏快，每条消息都被丢弃。",
      restart: '从不重启',
      action: '先同步时钟（`timedatectl set-ntp true`），再重启。',
    },
  },
  'platform_deaf.matrix_introspect': {
    severity: 'critical',
    en: {
      when: '*Hermes #56532.* `Matrix: sync error: Unable to introspect the access token — retrying in 5s` 12+ times within 2 min.',
      restart: 'auto-restart (fixes it for a while)',
      action: 'If it recurs, check the token and the homeserver.',
    },
    'zh-CN': {
      when: '*Hermes #56532。* 2 分钟内 12 次以上 `Matrix: sync error: Unable to introspect the access token — retrying in 5s`。',
      restart: '自动重启（可暂时修复）',
      action: '如果复发，检查令牌和主服务器。',
    },
  },
};
