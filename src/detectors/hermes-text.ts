// Finding text for the current-Hermes checks (issue 9), merged into the catalogue of text.ts. en and zh-CN.
import type { CheckText } from './check-text.js';

const RESTART_EN = 'gatewatch restarts it by itself when auto-restart is on; by hand: `/restart {target}` or `hermes gateway restart`.';
const RESTART_ZH = '开启自动重启时 gatewatch 会自行重启；手动：`/restart {target}` 或 `hermes gateway restart`。';

const en: Record<string, CheckText> = {
  gateway_unresponsive: {
    title: 'Gateway is running but its event loop does not answer',
    explanation: 'The gateway process (pid {pid}) is alive and its control socket accepts connections, but it did not answer `identify` within {wait} (asked twice). Hermes reads control requests on its event loop, so a silent socket means the loop is wedged: no platform receives or sends anything.',
    action: `Restart the gateway. ${RESTART_EN} If it happens again, look for a blocking tool call or plugin in agent.log just before it went silent.`,
  },
  'gateway_unresponsive#heartbeat': {
    title: 'Gateway is running but has stopped its housekeeping heartbeat',
    explanation: 'Hermes {version} re-stamps gateway_state.json every 60 s; the last stamp is {ago} old while pid {pid} is alive. The event loop or housekeeping is wedged (Hermes itself reports "Gateway heartbeat stale").',
    action: `Restart the gateway. ${RESTART_EN}`,
  },
  update_stuck: {
    title: '`hermes update` did not bring the gateway back',
    explanation: 'An update claimed this Hermes home {ago} ago (updater pid {pid}, {owner}) and the gateway is not running. The update window is over: the claim is stale.',
    action: `Check \`logs/update.log\` for how the update ended, then start the gateway. ${RESTART_EN}`,
  },
  'update_stuck#incomplete': {
    title: 'An update stopped half-way and the gateway is down',
    explanation: 'Hermes left {markers} in this home: an update did not finish, and the gateway is not running. Starting the old or half-installed code may fail the same way, so gatewatch does not restart it.',
    action: 'Run `hermes update` again (it resumes), read `logs/update.log`, then `hermes gateway restart`.',
  },
  'update_stuck#sha': {
    title: 'Gateway still runs the code from before the update',
    explanation: 'After `hermes update` a restart onto {expected} is owed (fleet_restart_pending), but the running gateway reports code {running}. It keeps serving on the old code until restarted.',
    action: 'Restart the gateway when convenient: `/restart {target}` or `hermes gateway restart` (every profile it serves reconnects). If the marker is old and the code is right, the marker is stale (#111272).',
  },
  telegram_polling_conflict: {
    title: 'Telegram stopped: another poller uses the same bot token',
    explanation: 'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). Another Hermes, OpenClaw or script polls with this bot token ({others} other gateway process of this home seen by gatewatch). Conflicts that clear within the retries during a restart are normal and not reported.',
    action: 'Do not restart while the other poller runs: a restart loop only makes it worse. Find it (`ps aux | grep "gateway run"` on every host, other Hermes profiles, OpenClaw) and stop it, or give this bot its own token; then `hermes gateway restart`.',
  },
  platform_auth_failed: {
    title: '{platform} cannot log in ({code})',
    explanation: 'Hermes stopped trying {platform}: its credential, permissions or pairing were refused ({code}). Hermes never retries this, and a restart fails the same way.',
    action: 'Fix the {platform} credential in the .env / config.yaml of this Hermes home, then `hermes gateway restart`.',
  },
  'platform_auth_failed#discord': {
    title: 'Discord refused the bot ({code})',
    explanation: 'Discord rejected the connection ({code}): the bot token is invalid or revoked, or the privileged Gateway Intents Hermes needs are not enabled. Hermes never retries this, and a restart fails the same way.',
    action: 'In the Discord Developer Portal (https://discord.com/developers/applications → your bot): regenerate the token and update DISCORD_BOT_TOKEN, or enable the Message Content (and Server Members) intent → Save Changes; then `hermes gateway restart`.',
  },
  'platform_auth_failed#whatsapp': {
    title: 'WhatsApp is logged out or not paired ({code})',
    explanation: 'The WhatsApp session is gone ({code}): the bridge exits with "Logged out. Delete session and restart to re-authenticate." and Hermes respawns it forever. A restart does not help.',
    action: 'Re-pair the phone: run `hermes whatsapp` and scan the QR code, then `hermes gateway restart`.',
  },
  'platform_auth_failed#weixin': {
    title: 'Weixin is missing its login ({code})',
    explanation: 'The Weixin adapter cannot start ({code}). Hermes never retries this.',
    action: 'Log Weixin in again (QR) and set the token/account in the .env of this Hermes home, then `hermes gateway restart`.',
  },
  'platform_auth_failed#signal': {
    title: 'Signal: the phone number is locked by another client ({code})',
    explanation: 'signal-cli reports the account lock is held elsewhere ({code}). Hermes never retries this.',
    action: 'Stop the other signal-cli (or device) using this number, then restart signal-cli and `hermes gateway restart`.',
  },
  'platform_auth_failed#telegram': {
    title: 'Telegram refused the bot token ({code})',
    explanation: 'Telegram rejected the bot token ({code}). Hermes never retries this.',
    action: 'Check the token with @BotFather (revoked or mistyped?), update TELEGRAM_BOT_TOKEN, then `hermes gateway restart`.',
  },
  platform_deaf: {
    title: '{platform} says "connected" but cannot receive',
    explanation: 'gateway_state.json still says {platform} is connected, but its own log lines show it stopped receiving ({count} times this run).',
    action: 'Read the quoted lines; restart the gateway if the platform does not recover.',
  },
  'platform_deaf#weixin': {
    title: 'Weixin session expired: the bot hears nothing',
    explanation: 'Weixin logged "Session expired; pausing for 10 minutes" ({count} times since it last received a message) and keeps pausing forever, while gateway_state.json still says connected. Replies fail as rate-limited meanwhile. A restart does not renew the session.',
    action: 'Log the Weixin account in again (scan the QR code) or send the bot a message from the account to renew the session.',
  },
  'platform_deaf#matrix': {
    title: 'Matrix stopped syncing after an auth error',
    explanation: 'Matrix logged "permanent auth error" and its sync loop ended ({count} times this run); gateway_state.json still says connected but no message arrives. matrix.org (MAS) access tokens expire every few hours.',
    action: 'Get a new Matrix access token and put it in the .env of this Hermes home, then `hermes gateway restart` (a restart alone only helps when the error was a misread transient one, before Hermes v0.21.4).',
  },
  respawn_storm: {
    title: 'Gateway is crash-looping: {count} starts in {window}',
    explanation: 'gateway-starts.log shows the gateway started {count} times in the last {window}; Hermes\' own breaker backs off (10 s up to 5 min) after more than 5 starts in 2 minutes, and during that back-off the process lives without a gateway.pid. Something kills or crashes it right after each start; another restart only feeds the loop.',
    action: 'Do not restart on top of this. Read the end of gateway.log and errors.log for the crash (and `journalctl --user -u hermes-gateway`), fix it, then `hermes gateway restart`.',
  },
  'platform_deaf#wecom': {
    title: 'WeCom keeps failing to reconnect',
    explanation: 'WeCom logged {count} failed reconnects since it was last connected, while gateway_state.json still says connected: the bot neither receives nor sends.',
    action: `Restart the gateway. ${RESTART_EN}`,
  },
  'platform_deaf#dingtalk': {
    title: 'DingTalk stream error storm',
    explanation: 'DingTalk logged {count} stream client errors within 10 minutes, while gateway_state.json still says connected. Such storms fill the disk (one wrote 315 MB of logs), and rapid restarts make DingTalk stop routing messages for 40+ minutes.',
    action: 'Check the DingTalk app credentials and the network to DingTalk; restart the gateway once, by hand, if it does not settle — not repeatedly.',
  },
  'platform_down#signal_cli': {
    title: 'Signal is down: signal-cli cannot be reached',
    explanation: 'Hermes cannot reach its signal-cli daemon ("{line}") and retries forever; Signal has been down for {ago} (state {state}). Restarting Hermes does not help: signal-cli is a separate service.',
    action: 'Restart signal-cli (its container or service) and check the URL Hermes uses for it; Hermes reconnects by itself. REST images that answer 404 need the JSON-RPC mode.',
  },
  'platform_deaf#slack': {
    title: 'Slack is stuck retrying a closed session',
    explanation: 'slack_bolt logged "Failed to connect (error: Session is closed); Retrying..." {count} times in the last 5 minutes (agent.log only): it retries a closed connection forever, while gateway_state.json still says connected. Slack neither receives nor sends.',
    action: `Restart the gateway. ${RESTART_EN}`,
  },
  log_flood: {
    title: 'Gateway log grows {rate} MB/min',
    explanation: '{file} grew by {mb} MB in the last {window} ({rate} MB/min; a busy healthy gateway writes kilobytes a minute). The line that repeats most ({share}% of the lines sampled): "{line}". Such storms fill the disk (one DingTalk reconnect storm wrote 315 MB) and bury every other line. A restart does not fix the cause, so gatewatch does not restart for this.',
    action: 'Find what repeats (the line above, usually a platform reconnect loop) and fix that platform; check the free disk space. Restart by hand once if the storm does not settle, not repeatedly.',
  },
  'telegram_polling_conflict#named': {
    title: 'Telegram stopped: pid {pid} on this host polls the same bot token',
    explanation: 'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). gatewatch found the other poller on this host: pid {pid}, {poller} (and {more} more, see the evidence). While it runs, a restart only starts the same fight again.',
    action: 'Stop that process (or its service), or give one of the two bots its own token with @BotFather; then `hermes gateway restart`. gatewatch does not restart Telegram while the other poller holds the token.',
  },
  'telegram_polling_conflict#elsewhere': {
    title: 'Telegram stopped: another poller uses the same bot token (not on this host)',
    explanation: 'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). No other process on this host polls this token (gatewatch checked the other Hermes homes, environments and command lines): the other poller runs on another machine, a container, or a cloud deployment.',
    action: 'Find the other deployment using this bot token (another server, Docker, a hosted OpenClaw) and stop it, or give this bot its own token; then `hermes gateway restart`. Do not restart while the other poller runs.',
  },
  'platform_deaf#weixin_poll': {
    title: 'Weixin cannot fetch messages',
    explanation: 'Weixin\'s getUpdates failed {count} times within 15 minutes with no message received, while gateway_state.json still says connected. Hermes already backs off and recycles the poll session after every 3 failures, so a restart does the same thing again.',
    action: 'Check this host\'s network access to the iLink base URL and the errcode in the quoted lines; errcode -14 means the session expired (log in again by QR). gatewatch does not restart for this.',
  },
  'platform_deaf#slack_socket': {
    title: 'Slack Socket Mode keeps failing to reconnect',
    explanation: 'Slack logged "Socket Mode reconnect failed" {count} times within 15 minutes, while gateway_state.json still says connected: Slack neither receives nor sends.',
    action: `Restart the gateway. ${RESTART_EN} If it comes back, check the Slack app-level token (xapp-) and the network to Slack.`,
  },
  'platform_deaf#telegram': {
    title: 'Telegram is connected but deaf',
    explanation: 'Telegram\'s own deaf-socket checks fired {count} times within 15 minutes (updates queued but not consumed, updater gone, no getUpdates progress, or a CLOSE-WAIT socket) and polling did not come back, while gateway_state.json still says connected. Messages to the bot are not answered.',
    action: `Restart the gateway. ${RESTART_EN} If it keeps happening, check the network path to api.telegram.org (proxies that drop long polls).`,
  },
  'platform_deaf#whatsapp': {
    title: 'WhatsApp bridge keeps crashing',
    explanation: 'The WhatsApp bridge (Node/Baileys) exited unexpectedly {count} times within the last hour; Hermes respawns it each time, it reconnects and dies again (typically 428/503 closes or an unhandled rejection in Node). Restarting the gateway does not fix the cause.',
    action: 'Read platforms/whatsapp/bridge.log in this Hermes home for the reason before each exit; update Hermes (`hermes update` ships the bridge) and, if the session is damaged, re-pair with `hermes whatsapp`.',
  },
};

const zh: Record<string, CheckText> = {
  gateway_unresponsive: {
    title: '网关进程在运行，但事件循环没有响应',
    explanation: '网关进程（pid {pid}）存活，控制套接字也能连上，但在 {wait} 内没有回答 `identify`（已询问两次）。Hermes 在事件循环上读取控制请求，套接字无响应说明事件循环卡死：所有平台都收发不了消息。',
    action: `重启网关。${RESTART_ZH}如果再次发生，请查看 agent.log 中卡住之前的阻塞工具调用或插件。`,
  },
  'gateway_unresponsive#heartbeat': {
    title: '网关进程在运行，但内部心跳已停止',
    explanation: 'Hermes {version} 每 60 秒刷新一次 gateway_state.json；最近一次刷新已是 {ago} 前，而 pid {pid} 仍存活。事件循环或内务任务已卡死（Hermes 自己也会报告 “Gateway heartbeat stale”）。',
    action: `重启网关。${RESTART_ZH}`,
  },
  update_stuck: {
    title: '`hermes update` 之后网关没有恢复',
    explanation: '{ago} 前有一次更新占用了此 Hermes 目录（更新进程 pid {pid}，{owner}），网关现在没有运行。更新窗口已过：该占用标记已失效。',
    action: `查看 \`logs/update.log\` 了解更新结果，然后启动网关。${RESTART_ZH}`,
  },
  'update_stuck#incomplete': {
    title: '更新中途停止，网关未运行',
    explanation: 'Hermes 在此目录留下了 {markers}：一次更新没有完成，网关也没有运行。启动旧的或只装了一半的代码可能同样失败，因此 gatewatch 不会自动重启。',
    action: '再次运行 `hermes update`（会继续完成），查看 `logs/update.log`，然后 `hermes gateway restart`。',
  },
  'update_stuck#sha': {
    title: '网关仍在运行更新前的代码',
    explanation: '`hermes update` 之后需要重启到 {expected}（fleet_restart_pending），但正在运行的网关报告的代码是 {running}。重启之前它会一直用旧代码服务。',
    action: '方便时重启网关：`/restart {target}` 或 `hermes gateway restart`（它服务的所有 profile 都会重连）。如果标记很旧且代码已正确，则是残留标记（#111272）。',
  },
  telegram_polling_conflict: {
    title: 'Telegram 已停止：另一个轮询程序在使用同一个 bot token',
    explanation: 'Hermes 的所有重试中 Telegram 都回复 "Conflict: terminated by other getUpdates request"，Hermes 已放弃 Telegram（不可重试，会一直断开）。另一个 Hermes、OpenClaw 或脚本正在用这个 token 轮询（gatewatch 看到本目录有 {others} 个其他网关进程）。重启期间在重试内恢复的冲突属正常，不会报告。',
    action: '另一个轮询程序还在运行时不要重启：反复重启只会更糟。找到它（在每台主机上 `ps aux | grep "gateway run"`、其他 Hermes profile、OpenClaw）并停止，或给这个 bot 单独的 token；然后 `hermes gateway restart`。',
  },
  platform_auth_failed: {
    title: '{platform} 无法登录（{code}）',
    explanation: 'Hermes 已停止尝试 {platform}：其凭据、权限或配对被拒绝（{code}）。Hermes 不会重试，重启也会同样失败。',
    action: '修正此 Hermes 目录 .env / config.yaml 中 {platform} 的凭据，然后 `hermes gateway restart`。',
  },
  'platform_auth_failed#discord': {
    title: 'Discord 拒绝了机器人（{code}）',
    explanation: 'Discord 拒绝连接（{code}）：bot token 无效或已被撤销，或未开启 Hermes 需要的特权 Gateway Intents。Hermes 不会重试，重启也会同样失败。',
    action: '在 Discord Developer Portal（https://discord.com/developers/applications → 你的机器人）：重新生成 token 并更新 DISCORD_BOT_TOKEN，或开启 Message Content（及 Server Members）intent → Save Changes；然后 `hermes gateway restart`。',
  },
  'platform_auth_failed#whatsapp': {
    title: 'WhatsApp 已登出或未配对（{code}）',
    explanation: 'WhatsApp 会话已失效（{code}）：bridge 以 "Logged out. Delete session and restart to re-authenticate." 退出，Hermes 会无限重启它。重启网关没有用。',
    action: '重新配对手机：运行 `hermes whatsapp` 并扫描二维码，然后 `hermes gateway restart`。',
  },
  'platform_auth_failed#weixin': {
    title: '微信缺少登录信息（{code}）',
    explanation: '微信适配器无法启动（{code}）。Hermes 不会重试。',
    action: '重新登录微信（扫码），在此 Hermes 目录的 .env 中设置 token/账号，然后 `hermes gateway restart`。',
  },
  'platform_auth_failed#signal': {
    title: 'Signal：手机号被另一个客户端锁定（{code}）',
    explanation: 'signal-cli 报告账号锁被其他程序持有（{code}）。Hermes 不会重试。',
    action: '停止使用这个号码的另一个 signal-cli（或设备），然后重启 signal-cli 并 `hermes gateway restart`。',
  },
  'platform_auth_failed#telegram': {
    title: 'Telegram 拒绝了 bot token（{code}）',
    explanation: 'Telegram 拒绝了 bot token（{code}）。Hermes 不会重试。',
    action: '在 @BotFather 检查 token（是否被撤销或填错），更新 TELEGRAM_BOT_TOKEN，然后 `hermes gateway restart`。',
  },
  platform_deaf: {
    title: '{platform} 显示“已连接”但收不到消息',
    explanation: 'gateway_state.json 仍显示 {platform} 已连接，但它自己的日志表明它已无法接收（本次运行 {count} 次）。',
    action: '查看引用的日志行；如果平台没有恢复，请重启网关。',
  },
  'platform_deaf#weixin': {
    title: '微信会话已过期：机器人收不到消息',
    explanation: '微信记录了 "Session expired; pausing for 10 minutes"（自上次收到消息以来 {count} 次），并会一直暂停下去，而 gateway_state.json 仍显示已连接。期间回复会因限流失败。重启不能续期会话。',
    action: '重新登录该微信账号（扫码），或用该账号给机器人发一条消息以续期会话。',
  },
  'platform_deaf#matrix': {
    title: 'Matrix 因认证错误停止同步',
    explanation: 'Matrix 记录了 "permanent auth error"，同步循环已结束（本次运行 {count} 次）；gateway_state.json 仍显示已连接，但收不到任何消息。matrix.org（MAS）的 access token 每几个小时就会过期。',
    action: '获取新的 Matrix access token 并写入此 Hermes 目录的 .env，然后 `hermes gateway restart`（仅在 Hermes v0.21.4 之前把临时错误误判为永久错误时，单纯重启才有用）。',
  },
  respawn_storm: {
    title: '网关在反复崩溃重启：{window} 内启动了 {count} 次',
    explanation: 'gateway-starts.log 显示网关在最近 {window} 内启动了 {count} 次；2 分钟内启动超过 5 次时 Hermes 自身的断路器会退避（10 秒到 5 分钟），退避期间进程存活但没有 gateway.pid。每次启动后都有东西杀死它或让它崩溃；再重启只会加剧循环。',
    action: '不要在此基础上再重启。查看 gateway.log 和 errors.log 末尾的崩溃原因（以及 `journalctl --user -u hermes-gateway`），修复后再 `hermes gateway restart`。',
  },
  'platform_deaf#wecom': {
    title: '企业微信一直重连失败',
    explanation: '企业微信自上次连接以来已有 {count} 次重连失败，而 gateway_state.json 仍显示已连接：机器人收不到也发不出消息。',
    action: `重启网关。${RESTART_ZH}`,
  },
  'platform_deaf#dingtalk': {
    title: '钉钉 Stream 错误风暴',
    explanation: '钉钉在 10 分钟内记录了 {count} 次 stream client 错误，而 gateway_state.json 仍显示已连接。这种风暴会写满磁盘（曾有一次写出 315 MB 日志），频繁重启还会让钉钉 40 分钟以上不再投递消息。',
    action: '检查钉钉应用凭据和到钉钉的网络；如果不能平息，手动重启网关一次——不要反复重启。',
  },
  'platform_down#signal_cli': {
    title: 'Signal 断开：无法连接 signal-cli',
    explanation: 'Hermes 无法连接它的 signal-cli 守护进程（"{line}"），并会无限重试；Signal 已断开 {ago}（状态 {state}）。重启 Hermes 没有用：signal-cli 是独立的服务。',
    action: '重启 signal-cli（其容器或服务），并检查 Hermes 使用的地址；Hermes 会自行重连。返回 404 的 REST 镜像需要改用 JSON-RPC 模式。',
  },
  'platform_deaf#slack': {
    title: 'Slack 卡在重试已关闭的会话',
    explanation: 'slack_bolt 在最近 5 分钟内记录了 {count} 次 "Failed to connect (error: Session is closed); Retrying..."（仅在 agent.log 中）：它在无限重试一个已关闭的连接，而 gateway_state.json 仍显示已连接。Slack 收发都已中断。',
    action: `重启网关。${RESTART_ZH}`,
  },
  log_flood: {
    title: '网关日志每分钟增长 {rate} MB',
    explanation: '{file} 在最近 {window} 内增长了 {mb} MB（每分钟 {rate} MB；繁忙但健康的网关每分钟只写几 KB）。重复最多的一行（占抽样行数的 {share}%）："{line}"。这种风暴会写满磁盘（曾有一次钉钉重连风暴写出 315 MB 日志），并淹没其他所有日志。重启不能消除原因，因此 gatewatch 不会为此重启。',
    action: '找出重复的内容（上面这一行，通常是某个平台的重连循环）并修复该平台；检查磁盘剩余空间。如果风暴不能平息，手动重启一次，不要反复重启。',
  },
  'telegram_polling_conflict#named': {
    title: 'Telegram 已停止：本机的 pid {pid} 在轮询同一个 bot token',
    explanation: 'Hermes 的所有重试中 Telegram 都回复 "Conflict: terminated by other getUpdates request"，Hermes 已放弃 Telegram（不可重试，会一直断开）。gatewatch 在本机找到了另一个轮询程序：pid {pid}，{poller}（另有 {more} 个，见证据）。它运行期间，重启只会重新开始同样的争抢。',
    action: '停止该进程（或它的服务），或用 @BotFather 给其中一个 bot 单独的 token；然后 `hermes gateway restart`。另一个轮询程序占用 token 期间 gatewatch 不会为 Telegram 重启。',
  },
  'telegram_polling_conflict#elsewhere': {
    title: 'Telegram 已停止：另一个轮询程序在使用同一个 bot token（不在本机）',
    explanation: 'Hermes 的所有重试中 Telegram 都回复 "Conflict: terminated by other getUpdates request"，Hermes 已放弃 Telegram（不可重试，会一直断开）。本机没有其他进程在轮询这个 token（gatewatch 检查了其他 Hermes 目录、进程环境变量和命令行）：另一个轮询程序运行在别的机器、容器或云端部署上。',
    action: '找到使用这个 bot token 的另一个部署（另一台服务器、Docker、托管的 OpenClaw）并停止它，或给这个 bot 单独的 token；然后 `hermes gateway restart`。另一个轮询程序运行期间不要重启。',
  },
  'platform_deaf#weixin_poll': {
    title: '微信无法拉取消息',
    explanation: '微信的 getUpdates 在 15 分钟内失败了 {count} 次且没有收到任何消息，而 gateway_state.json 仍显示已连接。Hermes 每失败 3 次就会自行退避并重建拉取会话，重启只会再做一遍同样的事。',
    action: '检查本机到 iLink 基础地址的网络以及引用日志中的 errcode；errcode -14 表示会话已过期（重新扫码登录）。gatewatch 不会为此重启。',
  },
  'platform_deaf#slack_socket': {
    title: 'Slack Socket Mode 一直重连失败',
    explanation: 'Slack 在 15 分钟内记录了 {count} 次 "Socket Mode reconnect failed"，而 gateway_state.json 仍显示已连接：Slack 收发都已中断。',
    action: `重启网关。${RESTART_ZH}如果再次出现，请检查 Slack 应用级 token（xapp-）和到 Slack 的网络。`,
  },
  'platform_deaf#telegram': {
    title: 'Telegram 已连接但收不到消息',
    explanation: 'Telegram 自身的“聋连接”检测在 15 分钟内触发了 {count} 次（更新已排队但未被消费、updater 已停止、getUpdates 无进展或 CLOSE-WAIT 连接），轮询没有恢复，而 gateway_state.json 仍显示已连接。发给机器人的消息得不到回复。',
    action: `重启网关。${RESTART_ZH}如果反复出现，请检查到 api.telegram.org 的网络路径（会掐断长轮询的代理）。`,
  },
  'platform_deaf#whatsapp': {
    title: 'WhatsApp bridge 反复崩溃',
    explanation: 'WhatsApp bridge（Node/Baileys）在最近一小时内意外退出了 {count} 次；Hermes 每次都会重新拉起它，它重连后又会退出（通常是 428/503 断开或 Node 未处理的 rejection）。重启网关不能消除原因。',
    action: '查看此 Hermes 目录下的 platforms/whatsapp/bridge.log，找出每次退出前的原因；更新 Hermes（`hermes update` 会带上新的 bridge），如果会话已损坏，用 `hermes whatsapp` 重新配对。',
  },
};

export const HERMES_TEXT: { en: Record<string, CheckText>; 'zh-CN': Record<string, CheckText> } = { en, 'zh-CN': zh };
