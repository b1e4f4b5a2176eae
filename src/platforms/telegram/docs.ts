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
  telegram_polling_conflict: {
    severity: 'critical',
    en: {
      when: "Telegram answered every retry with `Conflict: terminated by other getUpdates request` and Hermes gave up (`Telegram polling could not recover after 5 retries`, error code `telegram_polling_conflict`, non-retryable): another poller holds the bot token. A conflict that clears within the retries — what every normal restart shows for ~30 s — is not reported. *Recurring*: a second poller that runs all the time never lets Hermes give up (each successful getUpdates resets its counter, so conflicts start again at `(1/5)` every few minutes, the state stays `connected`, and every update the other poller takes is lost): gatewatch counts conflict episodes per window instead — 3 or more `[Telegram] Telegram polling conflict (1/5) — …` lines within 30 min, none within 90 s of the gateway's start or a Telegram reconnect (the old session's long-poll) — as its own incident (cause `recurring`). Only then (or when conflict episodes recur) gatewatch looks for the other poller on this host (Linux, /proc, capped reads under a 4 s deadline) and **names it**: a `gateway run` of another Hermes home whose `.env` has the same `TELEGRAM_BOT_TOKEN` (or a multiplexer serving a profile with it), a second gateway of the same home, or any process with the token in its environment or command line. Our own gateway, its wrapper and its tool subprocesses are not counted; the token is compared, never printed. When nothing on this host has it, the finding says to look on other hosts.",
      restart: 'alert only (no restart while the other poller runs; blocks restarts for Telegram only)',
      action: 'Stop the named process (or its service), or give one bot its own token; then `hermes gateway restart`.',
    },
    'zh-CN': {
      when: '另一个轮询者占用了 Telegram bot token：Hermes 在 5 次冲突后放弃了；或者在启动很久之后，冲突在 30 分钟内 3 次以上从 (1/5) 重新开始计数（这种第二轮询者 Hermes 自己的计数器永远发现不了；它取走的更新都会丢失）。如果另一个轮询者运行在本机，gatewatch 会指出它（另一个使用相同 token 的 Hermes 目录，或环境变量、命令行中带有该 token 的进程；token 本身从不显示）。重启期间自行恢复的冲突不会报告。',
      restart: '只告警——**不要为 Telegram 重启**',
      action: '停掉指出的轮询者（或另一台主机上的那个），然后重启。',
    },
  },
};
