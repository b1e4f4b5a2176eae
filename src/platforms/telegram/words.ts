// Telegram's words: its findings' texts in both locales (registered for the renderers by src/platforms/index.ts). The
// compiler holds zh-CN to the same keys as English; test/platforms/words.test.ts checks their placeholders match.

export const en = {
  'finding.platform_deaf.telegram.title': 'Telegram is connected but deaf',
  'finding.platform_deaf.telegram.explanation':
    "Telegram's own deaf-socket checks fired {count|# time|# times} within 15 minutes (updates queued but not consumed, updater gone, no getUpdates progress, or a CLOSE-WAIT socket) and polling did not come back, while gateway_state.json still says connected. Messages to the bot are not answered.",
  'finding.platform_deaf.telegram.action': `Restart the gateway. {restart_how} If it keeps happening, check the network path to api.telegram.org (proxies that drop long polls).`,
  'finding.platform_deaf.telegram_stall_regression.title':
    'Telegram polling stalls on Hermes {version}: a restart will not help',
  'finding.platform_deaf.telegram_stall_regression.explanation':
    'Telegram logged "getUpdates stalled" on {count|# polling attempt|# polling attempts} while getMe stays healthy, and polling never confirmed healthy again. This is the Hermes v0.21.3 regression (#113618): every fresh process goes deaf the same way, so restarting (even Restart=always) does not bring messages back.',
  'finding.platform_deaf.telegram_stall_regression.action':
    'The way out: {way_out}. Then restart the gateway once. gatewatch does not restart for this.',
  'finding.platform_deaf.telegram_pending.title': 'Telegram polling restarted but never received again',
  'finding.platform_deaf.telegram_pending.explanation':
    'Telegram restarted its polling and waits for its first getUpdates round trip ("health pending getUpdates progress"), but "polling confirmed healthy" has not followed, past Hermes\' own 150-second stall check. The reconnect hung (#90504); gateway_state.json still says connected.',
  'finding.platform_deaf.telegram_pending.action': 'Restart the gateway. {restart_how}',
  'demo.fault.telegram-stall':
    'Telegram polling stalls the v0.21.3 way (#113618): "getUpdates stalled" on every ladder attempt; gatewatch says update or roll back, and does not restart',
  'finding.telegram_polling_conflict.title': 'Telegram stopped: another poller uses the same bot token',
  'finding.telegram_polling_conflict.explanation':
    'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). Another Hermes, OpenClaw or script polls with this bot token ({others} other gateway process of this home seen by gatewatch). Conflicts that clear within the retries during a restart are normal and not reported.',
  'finding.telegram_polling_conflict.action':
    'Do not restart while the other poller runs: a restart loop only makes it worse. Find it (`ps aux | grep "gateway run"` on every host, other Hermes profiles, OpenClaw) and stop it, or give this bot its own token; then {restart}.',
  'finding.telegram_polling_conflict.named.title': 'Telegram stopped: pid {pid} on this host polls the same bot token',
  'finding.telegram_polling_conflict.named.explanation':
    'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). gatewatch found the other poller on this host: pid {pid}, {poller} (and {more} more, see the evidence). While it runs, a restart only starts the same fight again.',
  'finding.telegram_polling_conflict.named.action':
    'Stop that process (or its service), or give one of the two bots its own token with @BotFather; then {restart}. gatewatch does not restart Telegram while the other poller holds the token.',
  'finding.telegram_polling_conflict.elsewhere.title':
    'Telegram stopped: another poller uses the same bot token (not on this host)',
  'finding.telegram_polling_conflict.elsewhere.explanation':
    'Telegram answered every getUpdates with "Conflict: terminated by other getUpdates request" through all of Hermes\' retries, and Hermes gave up on Telegram (non-retryable; it stays down). No other process on this host polls this token (gatewatch checked the other Hermes homes, environments and command lines): the other poller runs on another machine, a container, or a cloud deployment.',
  'finding.telegram_polling_conflict.elsewhere.action':
    'Find the other deployment using this bot token (another server, Docker, a hosted OpenClaw) and stop it, or give this bot its own token; then {restart}. Do not restart while the other poller runs.',

  'finding.telegram_polling_conflict.recurring.title':
    'Telegram loses messages to a second poller: {count|# conflict|# conflicts} in {window}',
  'finding.telegram_polling_conflict.recurring.explanation':
    'Telegram answered "Conflict: terminated by other getUpdates request" {count|# time|# times} in the last {window}, well after the gateway started, each time starting again at (1/5): another process polls with this bot token, and every update it fetches is lost to this gateway. Hermes resets its own conflict counter after each successful poll, so it never reaches its give-up and the state stays "connected".',
  'finding.telegram_polling_conflict.recurring.action':
    'Stop the other poller (another Hermes home or profile with the same TELEGRAM_BOT_TOKEN, an OpenClaw instance, a stale service, another host), or give one of the bots its own token with @BotFather. A restart does not help (it only adds a cold-start conflict), so gatewatch does not restart for this.',
  'finding.telegram_polling_conflict.recurring.named.title':
    'Telegram loses messages to pid {pid}, which polls the same bot token',
  'finding.telegram_polling_conflict.recurring.named.explanation':
    'Telegram answered "Conflict: terminated by other getUpdates request" {count|# time|# times} in the last {window}, well after the gateway started, each time starting again at (1/5). gatewatch found the other poller on this host: pid {pid}, {poller} (and {more} more, see the evidence). Every update it fetches is lost to this gateway; Hermes resets its own conflict counter after each successful poll, so it never gives up and the state stays "connected".',
  'finding.telegram_polling_conflict.recurring.named.action':
    'Stop that process (or its service), or give one of the two bots its own token with @BotFather. A restart does not help (it only adds a cold-start conflict), so gatewatch does not restart for this.',
  'finding.telegram_polling_conflict.recurring.elsewhere.title':
    'Telegram loses messages to a second poller on another machine: {count|# conflict|# conflicts} in {window}',
  'finding.telegram_polling_conflict.recurring.elsewhere.explanation':
    'Telegram answered "Conflict: terminated by other getUpdates request" {count|# time|# times} in the last {window}, well after the gateway started, each time starting again at (1/5). No other process on this host polls this token (gatewatch checked the other Hermes homes, environments and command lines): the other poller runs on another machine, a container or a cloud deployment, and every update it fetches is lost to this gateway.',
  'finding.telegram_polling_conflict.recurring.elsewhere.action':
    'Find the other deployment using this bot token and stop it, or give this bot its own token with @BotFather. A restart does not help, so gatewatch does not restart for this.',
  'finding.telegram_polling_conflict.others.none': 'no',
  'finding.telegram_polling_conflict.poller.environ': 'TELEGRAM_BOT_TOKEN in its environment',
  'finding.telegram_polling_conflict.poller.cmdline': 'the token on its command line',
  'finding.telegram_polling_conflict.poller.same_home': 'a second gateway of this Hermes home {home}',
  'finding.telegram_polling_conflict.poller.home':
    'the gateway of Hermes home {home} with the same TELEGRAM_BOT_TOKEN in its .env',
  'finding.telegram_polling_conflict.poller.profile':
    'the gateway of Hermes home {home}, serving profile {profile} with the same TELEGRAM_BOT_TOKEN in its .env',
  'check.telegram_polling_conflict': 'another process polls the Telegram bot',
  'code.telegram_polling_conflict': 'another poller uses the bot token',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'finding.platform_deaf.telegram.title': 'Telegram 已连接但收不到消息',
  'finding.platform_deaf.telegram.explanation':
    'Telegram 自身的“聋连接”检测在 15 分钟内触发了 {count} 次（更新已排队但未被消费、updater 已停止、getUpdates 无进展或 CLOSE-WAIT 连接），轮询没有恢复，而 gateway_state.json 仍显示已连接。发给机器人的消息得不到回复。',
  'finding.platform_deaf.telegram.action': `重启网关。{restart_how}如果反复出现，请检查到 api.telegram.org 的网络路径（会掐断长轮询的代理）。`,
  'finding.platform_deaf.telegram_stall_regression.title': 'Telegram 轮询在 Hermes {version} 上停滞：重启无济于事',
  'finding.platform_deaf.telegram_stall_regression.explanation':
    'Telegram 在 {count} 次轮询尝试中记录了“getUpdates stalled”，而 getMe 一直正常，轮询再未确认恢复。这是 Hermes v0.21.3 的回归问题（#113618）：每个新进程都会以同样方式失聪，所以重启（包括 Restart=always）收不回消息。',
  'finding.platform_deaf.telegram_stall_regression.action':
    '出路：{way_out}。然后重启网关一次。gatewatch 不会为此重启。',
  'finding.platform_deaf.telegram_pending.title': 'Telegram 轮询已重启，但之后再未收到任何消息',
  'finding.platform_deaf.telegram_pending.explanation':
    'Telegram 重启了轮询并在等待第一次 getUpdates 往返（“health pending getUpdates progress”），但已超过 Hermes 自己 150 秒的停滞检查，仍未出现“polling confirmed healthy”。重连卡住了（#90504）；gateway_state.json 仍显示已连接。',
  'finding.platform_deaf.telegram_pending.action': '重启网关。{restart_how}',
  'demo.fault.telegram-stall':
    'Telegram 轮询以 v0.21.3 的方式停滞（#113618）：每次重连都报“getUpdates stalled”；gatewatch 建议更新或回退，并且不会重启',
  'finding.telegram_polling_conflict.title': 'Telegram 已停止：另一个轮询程序在使用同一个 bot token',
  'finding.telegram_polling_conflict.explanation':
    'Hermes 的所有重试中 Telegram 都回复“Conflict: terminated by other getUpdates request”，Hermes 已放弃 Telegram（不可重试，会一直断开）。另一个 Hermes、OpenClaw 或脚本正在用这个 token 轮询（gatewatch 看到本目录有 {others} 个其他网关进程）。重启期间在重试内恢复的冲突属正常，不会报告。',
  'finding.telegram_polling_conflict.action':
    '另一个轮询程序还在运行时不要重启：反复重启只会更糟。找到它（在每台主机上 `ps aux | grep "gateway run"`、其他 Hermes profile、OpenClaw）并停止，或给这个 bot 单独的 token；然后 {restart}。',
  'finding.telegram_polling_conflict.named.title': 'Telegram 已停止：本机的 pid {pid} 在轮询同一个 bot token',
  'finding.telegram_polling_conflict.named.explanation':
    'Hermes 的所有重试中 Telegram 都回复“Conflict: terminated by other getUpdates request”，Hermes 已放弃 Telegram（不可重试，会一直断开）。gatewatch 在本机找到了另一个轮询程序：pid {pid}，{poller}（另有 {more} 个，见证据）。它运行期间，重启只会重新开始同样的争抢。',
  'finding.telegram_polling_conflict.named.action':
    '停止该进程（或它的服务），或用 @BotFather 给其中一个 bot 单独的 token；然后 {restart}。另一个轮询程序占用 token 期间 gatewatch 不会为 Telegram 重启。',
  'finding.telegram_polling_conflict.elsewhere.title':
    'Telegram 已停止：另一个轮询程序在使用同一个 bot token（不在本机）',
  'finding.telegram_polling_conflict.elsewhere.explanation':
    'Hermes 的所有重试中 Telegram 都回复“Conflict: terminated by other getUpdates request”，Hermes 已放弃 Telegram（不可重试，会一直断开）。本机没有其他进程在轮询这个 token（gatewatch 检查了其他 Hermes 目录、进程环境变量和命令行）：另一个轮询程序运行在别的机器、容器或云端部署上。',
  'finding.telegram_polling_conflict.elsewhere.action':
    '找到使用这个 bot token 的另一个部署（另一台服务器、Docker、托管的 OpenClaw）并停止它，或给这个 bot 单独的 token；然后 {restart}。另一个轮询程序运行期间不要重启。',

  'finding.telegram_polling_conflict.recurring.title': 'Telegram 的消息被另一个轮询者抢走：{window} 内冲突 {count} 次',
  'finding.telegram_polling_conflict.recurring.explanation':
    '在最近 {window} 内 Telegram {count} 次返回“Conflict: terminated by other getUpdates request”，都发生在网关启动很久之后，每次都从 (1/5) 重新计数：另一个进程在用同一个机器人 token 轮询，它取走的每条更新本网关都收不到。Hermes 每次轮询成功后都会把自己的冲突计数清零，所以永远不会放弃，状态一直显示已连接。',
  'finding.telegram_polling_conflict.recurring.action':
    '停掉另一个轮询者（使用相同 TELEGRAM_BOT_TOKEN 的其他 Hermes 目录或 profile、OpenClaw 实例、残留的服务、其他主机），或用 @BotFather 给其中一个机器人换一个 token。重启没有用（只会多一次冷启动冲突），gatewatch 不会为此重启。',
  'finding.telegram_polling_conflict.recurring.named.title':
    'Telegram 的消息被 pid {pid} 抢走：它用同一个机器人 token 轮询',
  'finding.telegram_polling_conflict.recurring.named.explanation':
    '在最近 {window} 内 Telegram {count} 次返回“Conflict: terminated by other getUpdates request”，都发生在网关启动很久之后，每次都从 (1/5) 重新计数。gatewatch 在本机找到了另一个轮询者：pid {pid}，{poller}（另有 {more} 个，见证据）。它取走的每条更新本网关都收不到；Hermes 每次轮询成功后都会把冲突计数清零，所以永远不会放弃，状态一直显示已连接。',
  'finding.telegram_polling_conflict.recurring.named.action':
    '停掉该进程（或它的服务），或用 @BotFather 给两个机器人中的一个换一个 token。重启没有用（只会多一次冷启动冲突），gatewatch 不会为此重启。',
  'finding.telegram_polling_conflict.recurring.elsewhere.title':
    'Telegram 的消息被其他机器上的轮询者抢走：{window} 内冲突 {count} 次',
  'finding.telegram_polling_conflict.recurring.elsewhere.explanation':
    '在最近 {window} 内 Telegram {count} 次返回“Conflict: terminated by other getUpdates request”，都发生在网关启动很久之后，每次都从 (1/5) 重新计数。本机没有其他进程使用这个 token 轮询（gatewatch 检查了其他 Hermes 目录、环境变量和命令行）：另一个轮询者运行在其他机器、容器或云端部署中，它取走的每条更新本网关都收不到。',
  'finding.telegram_polling_conflict.recurring.elsewhere.action':
    '找到使用这个机器人 token 的其他部署并停掉它，或用 @BotFather 给这个机器人换一个 token。重启没有用，gatewatch 不会为此重启。',
  'finding.telegram_polling_conflict.others.none': '0',
  'finding.telegram_polling_conflict.poller.environ': '其环境变量中有 TELEGRAM_BOT_TOKEN',
  'finding.telegram_polling_conflict.poller.cmdline': '其命令行中带有该 token',
  'finding.telegram_polling_conflict.poller.same_home': '本 Hermes 目录 {home} 的第二个网关',
  'finding.telegram_polling_conflict.poller.home': 'Hermes 目录 {home} 的网关，其 .env 中有相同的 TELEGRAM_BOT_TOKEN',
  'finding.telegram_polling_conflict.poller.profile':
    'Hermes 目录 {home} 的网关，为 profile {profile} 服务，其 .env 中有相同的 TELEGRAM_BOT_TOKEN',
  'check.telegram_polling_conflict': '另有进程在轮询 Telegram 机器人',
  'code.telegram_polling_conflict': '另一个轮询进程在用这个机器人令牌',
};
