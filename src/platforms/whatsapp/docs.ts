// WhatsApp's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.whatsapp': {
    severity: 'critical',
    en: {
      when: '3+ `[Whatsapp] WhatsApp bridge process exited unexpectedly (code n).` within an hour: the bridge crash loop (a logged-out bridge is `platform_auth_failed` instead).',
      restart: 'never restarts (a restart does not fix it)',
      action:
        'Read `platforms/whatsapp/bridge.log`, run `hermes update`, and re-pair with `hermes whatsapp` if the session is damaged.',
    },
    'zh-CN': {
      when: '一小时内 3 次以上 `[Whatsapp] WhatsApp bridge process exited unexpectedly (code n).`：bridge 崩溃循环（已登出的 bridge 报 `platform_auth_failed`）。',
      restart: '从不重启（重启无济于事）',
      action:
        '查看 `platforms/whatsapp/bridge.log`，执行 `hermes update`；若会话已损坏，用 `hermes whatsapp` 重新配对。',
    },
  },
};
