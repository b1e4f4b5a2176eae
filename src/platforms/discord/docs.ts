// Discord's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.discord': {
    severity: 'critical',
    en: {
      when: '*§9.2, #79445/#118487.* `[Discord] Discord Gateway WebSocket unhealthy (<reason>, 1/2)` answered within 60 s by neither `healthy again`, `forcing reconnect`, `Reconnecting discord`, `Connected as` nor a Discord message: the liveness probe is wedged, the bot deaf.',
      restart:
        'auto-restart where this adapter logs its recoveries (`healthy again` seen in the run); on an older adapter that recovers silently: alert only',
      action: 'Update Hermes past #118487 if it recurs.',
    },
    'zh-CN': {
      when: '*§9.2，#79445/#118487。* `[Discord] Discord Gateway WebSocket unhealthy (<原因>, 1/2)` 之后 60 秒内既没有 `healthy again`、`forcing reconnect`、`Reconnecting discord`、`Connected as`，也没有 Discord 消息：存活探测卡住，机器人收不到消息。',
      restart: '若本适配器会记录恢复（本次运行中出现过 `healthy again`）则自动重启；对静默恢复的旧适配器：只告警',
      action: '如果反复出现，将 Hermes 更新到修复 #118487 之后的版本。',
    },
  },
};
