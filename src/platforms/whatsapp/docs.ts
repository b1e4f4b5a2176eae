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
  whatsapp_orphan_bridge: {
    severity: 'critical',
    en: {
      when: "*Hermes, #87833.* A bridge from an earlier gateway life holds the bridge port: bridge.log's tail has Node's `Error: listen EADDRINUSE: address already in use 127.0.0.1:<port>` after its last `🌉 WhatsApp bridge listening on port <P>` line (so the newest bridge never bound; the `✅ WhatsApp connected!` before it is quoted), WhatsApp is `connected` in the state file, and no `inbound message: platform=whatsapp` arrived since the gateway started. Only then gatewatch scans /proc (Linux, capped reads, 4 s deadline) for `…/whatsapp-bridge/bridge.js --port <P> --session <dir>` processes and names the orphan: its `--session` is this home's `platforms/whatsapp/session` (a port alone is no proof of ownership, #78365), it is not a descendant of the live gateway, and it started before it — pid, parent, start time and command line. When the scan cannot name it (not Linux, or no bridge of this home), an `unnamed` variant says what holds the port is unknown and how to find it. A bridge of this home that is the gateway's own child means the race passed: nothing is reported.",
      restart: 'alert only (blocks restarts for WhatsApp only: the orphan survives a restart and the race repeats)',
      action:
        "Check the pid's command line names `whatsapp-bridge` and this home's session, `kill <pid>`, then `hermes gateway restart` once.",
    },
    'zh-CN': {
      when: '最新的 WhatsApp bridge 因 `EADDRINUSE` 退出（bridge.log），而上一次网关生命留下的、使用本目录会话的 bridge 仍占着端口；WhatsApp 显示 `connected`，却收不到任何消息。会给出孤儿进程的 pid、启动时间和命令行（或说明无法确定）。',
      restart: '只告警——阻止为 WhatsApp 重启',
      action: '检查该 pid 的命令行，`kill` 掉它，然后运行一次 `hermes gateway restart`。',
    },
  },
  whatsapp_qr_login: {
    severity: 'critical',
    en: {
      when: "*bridge.js @00561603, qrcode-terminal small mode.* With no registered login (a session deleted after `❌ Logged out. Delete session and restart to re-authenticate.`, or a pairing never completed) the bridge prints `📱 Scan this QR code with WhatsApp on your phone:`, the code as half-block rows (`▄` border; `█` `▀` `▄` and space for two module rows each), then `Waiting for scan...`, and a new code about every 20 s. gatewatch reads the last 64 KiB of bridge.log, takes the newest header and the complete code right after it (at most 177 modules: a longer border or a cut code is no code), and reads it back into its modules. Nothing when `✅ WhatsApp connected!` follows it (the incident says Recovered); when bridge.log was last written over 3 minutes ago (a waiting bridge prints a new code about every 20 s: an older one is from a bridge that is gone) a lapsed finding closes the incident quietly, not as Recovered, since WhatsApp is still unlinked. The code goes only to admins (`role: admin`) in a private chat — a PNG by Telegram `sendPhoto` to an admin's own `telegram_id` chat (the alert's words as a reply to it) — and to the console only when its stdout is a terminal; groups, viewers, notifiers, webhooks, email, Feishu, QQ and a console under systemd or a pipe get the words and a line saying the code went to the admins' private chats (or that none can take it: run `hermes whatsapp` on the host). A new code re-sends the alert at most once per 2 minutes and never after an ack; the code itself is a credential: state.json, outbox.json, the audit log and logs hold `[QR code]` in its place. Beats `platform_auth_failed` for WhatsApp.",
      restart: 'alert only (a restart cannot link a phone)',
      action:
        "On the phone with the gateway's WhatsApp account: Settings → Linked devices → Link a device, scan the code.",
    },
    'zh-CN': {
      when: 'WhatsApp 没有有效登录，bridge 在 `platforms/whatsapp/bridge.log` 中打印了登录二维码。最新的二维码只发给管理员：其 Telegram 私聊中的图片，控制台在终端上时是字符行；其他人和其他渠道只被告知二维码发到了哪里。二维码刷新后最多每 2 分钟重发一次，确认（ack）后不再发送；出现 `✅ WhatsApp connected!` 即恢复（二维码过期则静默关闭，不显示已恢复）。二维码不会写入 gatewatch 的状态或审计文件。',
      restart: '只告警——重启没有用',
      action: '在手机上：WhatsApp → 设置 → 已关联的设备 → 关联设备，扫描二维码。',
    },
  },
};
