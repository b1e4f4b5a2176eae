// Telegram's rows in the finding tables of README.md, README.zh-CN.md and docs/findings.md, one per finding it
// raises, in both locales: `npm run docs:tables` writes them there (scripts/docs-tables.ts). Docs only: nothing
// at run time loads this file.
import type { PlatformDocs } from '../platform.js';

export const docs: PlatformDocs = {
  'platform_deaf.telegram_stall_regression': {
    severity: 'critical',
    en: {
      when: "*Hermes #113618 (v0.21.3 only).* `Telegram polling degraded (polling progress verifier: general path healthy but getUpdates stalled)` twice within 15 min with no `polling confirmed healthy`, on Hermes v0.21.3, a build past it (`0.21.3+N.g<sha>`) or a fork of it (`0.21.3-cn.N`), or where no source says the version: every fresh process goes deaf the same way. The alert names the version that runs (identify, the state file, the checkout, `hermes --version`); a build past the tag (which may already hold PR #114221's fix) or a version named by its date is named as it runs, never called v0.21.3.",
      restart: '**never restarts** (a restart does not help)',
      action: 'Update to v0.21.4+ (or roll back), then restart once.',
    },
    'zh-CN': {
      when: '*Hermes #113618（仅 v0.21.3）。* 在 Hermes v0.21.3、其后续构建（`0.21.3+N.g<sha>`）或其分支版本（`0.21.3-cn.N`）上（或无从得知版本时），15 分钟内两次 `Telegram polling degraded (polling progress verifier: general path healthy but getUpdates stalled)` 且没有 `polling confirmed healthy`：每个新进程都会同样失聪。告警写明正在运行的版本（identify、状态文件、代码目录、`hermes --version`）；标签之后的构建（可能已含 PR #114221 的修复）或以日期命名的版本按其本名写出，不称作 v0.21.3。',
      restart: '**从不重启**（重启无济于事）',
      action: '更新到 v0.21.4+（或回退），然后重启一次。',
    },
  },
  'platform_deaf.telegram': {
    severity: 'critical',
    en: {
      when: "3+ deaf-socket lines within 15 min, the last within 5 min (`… update(s) queued but not consumed`, `getUpdates consumer appears wedged`, `updater stopped while in polling mode`, `Telegram updater is not running`, `Telegram polling stalled`, `Telegram reconnect task wedged`, `Telegram ingress is healthy but deaf`, `(likely CLOSE-WAIT socket)`) with no `Telegram polling restarted after …` / `Connected to Telegram` since; not judged while Telegram's own network ladder runs.",
      restart: 'auto-restart',
      action: '—',
    },
    'zh-CN': {
      when: '15 分钟内 3 次以上聋连接日志，最后一次在 5 分钟内（`… update(s) queued but not consumed`、`getUpdates consumer appears wedged`、`updater stopped while in polling mode`、`Telegram updater is not running`、`Telegram polling stalled`、`Telegram reconnect task wedged`、`Telegram ingress is healthy but deaf`、`(likely CLOSE-WAIT socket)`），此后没有 `Telegram polling restarted after …` / `Connected to Telegram`；Telegram 自己的网络重连阶梯进行期间不判断。',
      restart: '自动重启',
      action: '—',
    },
  },
  'platform_deaf.telegram_pending': {
    severity: 'critical',
    en: {
      when: '*Hermes #90504.* `Telegram polling restarted after …; health pending getUpdates progress` with no `polling confirmed healthy` for 5 min (only where this Hermes logs that line): the reconnect hung.',
      restart: 'auto-restart',
      action: '—',
    },
    'zh-CN': {
      when: '*Hermes #90504。* `Telegram polling restarted after …; health pending getUpdates progress` 之后 5 分钟仍无 `polling confirmed healthy`（仅限会记录该行的 Hermes 版本）：重连卡住了。',
      restart: '自动重启',
      action: '—',
    },
  },
};
