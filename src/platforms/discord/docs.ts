// Discord's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.discord_receive_stall': {
    severity: 'critical',
    en: {
      when: '*Hermes #78881 (v0.20.0–v0.20.1).* The same unanswered `[Discord] Discord Gateway WebSocket unhealthy (<reason>, 1/2)` with no Discord message, on Hermes v0.20.0 or v0.20.1 (a build past them or a fork of them too): the receive stall that came with the v0.20.0 update, which a restart does not recover. Names the version that runs.',
      restart: '**never restarts** (a restart does not recover it on these releases)',
      action: 'Update past v0.20.1, or roll back to the release before v0.20.0; then restart once.',
    },
    'zh-CN': {
      when: '*Hermes #78881（v0.20.0–v0.20.1）。* 同样未被回应的 `[Discord] Discord Gateway WebSocket unhealthy (<原因>, 1/2)`，且没有 Discord 消息，发生在 Hermes v0.20.0 或 v0.20.1 上（含其后续构建或分支版本）：随 v0.20.0 更新而来的接收停滞，重启无法恢复。告警写明正在运行的版本。',
      restart: '**从不重启**（在这些版本上重启无法恢复）',
      action: '更新到 v0.20.1 之后的版本，或回退到 v0.20.0 之前的版本；然后重启一次。',
    },
  },
  'platform_deaf.discord': {
    severity: 'critical',
    en: {
      when: '*Hermes #79445/#118487.* `[Discord] Discord Gateway WebSocket unhealthy (<reason>, 1/2)` answered within 60 s by neither `healthy again`, `forcing reconnect`, `Reconnecting discord`, `Connected as` nor a Discord message: the liveness probe is wedged, the bot deaf.',
      restart:
        'auto-restart where this adapter logs its recoveries (`healthy again` seen in the run); on an older adapter that recovers silently: alert only',
      action: 'Update Hermes past #118487 if it recurs.',
    },
    'zh-CN': {
      when: '*Hermes #79445/#118487。* `[Discord] Discord Gateway WebSocket unhealthy (<原因>, 1/2)` 之后 60 秒内既没有 `healthy again`、`forcing reconnect`、`Reconnecting discord`、`Connected as`，也没有 Discord 消息：存活探测卡住，机器人收不到消息。',
      restart: '若本适配器会记录恢复（本次运行中出现过 `healthy again`）则自动重启；对静默恢复的旧适配器：只告警',
      action: '如果反复出现，将 Hermes 更新到修复 #118487 之后的版本。',
    },
  },
};
