// Finding text in every locale, keyed by check id (variants as `check#variant`), with `{param}` interpolation.
import type { Locale } from '../types.js';
import { HERMES_TEXT } from './hermes-text.js';
import type { CheckText, Params } from './check-text.js';

export type { CheckText, Params };

const RESTART_EN = 'gatewatch restarts it by itself when auto-restart is on; by hand: `/restart {target}` or `hermes gateway restart`.';
const RESTART_ZH = '开启自动重启时 gatewatch 会自行重启；手动：`/restart {target}` 或 `hermes gateway restart`。';

const en: Record<string, CheckText> = {
  process_down: {
    title: 'Hermes gateway is not running',
    explanation: 'No live `gateway run` process was found for this Hermes home, and the log does not show it stopping (state file: {state}). No platform is served and no cron job runs.',
    action: `Start the gateway. ${RESTART_EN} If it keeps dying, read the end of gateway.log and \`journalctl --user -u hermes-gateway\`.`,
  },
  'state_stale_running#signal': {
    title: 'Gateway was stopped by {signal} but the state file still says "{state}"',
    explanation: 'gateway_state.json says "{state}" (pid {pid}), but that process is gone or the pid now belongs to another program. The log shows it received {signal} and shut down {last} ago; Hermes keeps "running" in the file after an unexpected signal on purpose, so the file alone cannot be trusted.',
    action: `Start the gateway again. ${RESTART_EN} Find who sent {signal} in the "Shutdown context" line (parent process, systemd, a container restart, OOM).`,
  },
  'state_stale_running#killed': {
    title: 'Gateway died without a shutdown: the state file still says "{state}"',
    explanation: 'gateway_state.json says "{state}" (pid {pid}), but that process is gone or the pid was reused, and the log shows no shutdown: it was killed (SIGKILL, OOM killer) or crashed. Its last log line is {last} old.',
    action: `Start the gateway again. ${RESTART_EN} Check \`dmesg\` / \`journalctl -k\` for the OOM killer and the end of gateway.log for a crash.`,
  },
  'state_stale_running#oom': {
    title: 'Gateway died, most likely killed for memory: the state file still says "{state}"',
    explanation: 'gateway_state.json says "{state}" (pid {pid}) and Hermes\' lifecycle sentinel was never closed: no exit path ran (SIGKILL, the OOM killer, VM death), and its last heartbeat showed critical memory. Its last log line is {last} old.',
    action: `Start the gateway again. ${RESTART_EN} The OOM killer will strike again: check \`journalctl -k\` / \`dmesg\`, then reduce memory use or raise the limit.`,
  },
  gateway_stopped: {
    title: 'Gateway stopped and did not start again',
    explanation: 'The current run ended with a logged shutdown {ago} ago (exit code {code}) and no new `Starting Hermes Gateway...` followed. No gateway process is running.',
    action: `Start the gateway. ${RESTART_EN} If the service manager should have restarted it, check its state (\`systemctl --user status hermes-gateway\`).`,
  },
  'gateway_stopped#planned': {
    title: 'Gateway was stopped on purpose and is not running',
    explanation: 'The log shows a planned stop (`hermes gateway stop` or the service manager) {ago} ago, and nothing started it again. No platform is served.',
    action: `If the stop was intended, mute this alert; otherwise start the gateway. ${RESTART_EN}`,
  },
  'gateway_stopped#operator': {
    title: 'Gateway still stopped: the operator stopped it {ago} ago',
    explanation: 'The gateway was stopped on purpose (`hermes gateway stop`, a planned stop at {at}) and has not been started since. gatewatch leaves a stop by the operator alone: no restart, and this one reminder.',
    action: 'If it should run again: `/restart {target}` or `hermes gateway start`. If the stop is meant to last, nothing to do.',
  },
  'gateway_stopped#update': {
    title: '`hermes update` left the gateway stopped',
    explanation: 'The gateway was running before `hermes update` and the update stopped it ({ago} ago) without starting it again (the desktop updater, or a gateway with no supervisor to respawn it). No platform is served.',
    action: `Start it: \`hermes gateway start\` (or \`hermes gateway run\` for a gateway started by hand). ${RESTART_EN}`,
  },
  'gateway_stopped#loop_watchdog': {
    title: "Hermes' loop watchdog killed a wedged gateway (exit {code})",
    explanation: "The gateway's event loop stopped answering its liveness probes, so Hermes dumped its thread stacks and exited {ago} ago for its supervisor to restart it, and nothing has started it since (a gateway started by hand stays down).",
    action: `Start it again. ${RESTART_EN} If it recurs, the stack dump (the journal or gateway.error.log) names the call that blocked the loop.`,
  },
  'gateway_stopped#shutdown_watchdog': {
    title: "Hermes' shutdown watchdog forced the gateway out, and it did not come back",
    explanation: 'The gateway was going down (a restart or an update) and a drain step hung, so the shutdown watchdog forced the exit {ago} ago (logs/gateway-shutdown-watchdog.log has the stacks). Nothing started it again.',
    action: `Start it. ${RESTART_EN}`,
  },
  gateway_died_before: {
    title: 'Gateway died {ago} ago and was restarted: no exit path ran',
    explanation: "The previous life of this gateway (pid {prior}) ended without any exit path (SIGKILL, the OOM killer, power or VM loss); its supervisor started it again, so it looks healthy now. Hermes' lifecycle sentinel says so.",
    action: 'Check `journalctl -k` / `dmesg` for the OOM killer and the journal for who killed it. Nothing to restart: it runs.',
  },
  'gateway_died_before#oom': {
    title: 'Gateway was killed for memory {ago} ago and restarted',
    explanation: 'The previous life of this gateway (pid {prior}) ended without any exit path and its last heartbeat showed critical memory: most likely the OOM killer. Its supervisor started it again; the same load will bring it back to the limit.',
    action: 'Reduce memory use (fewer concurrent agents, smaller models in-process) or raise the memory limit; `journalctl -k` / `dmesg` confirm the OOM kill.',
  },
  state_db_corrupt: {
    title: "Hermes' state database failed its integrity check",
    explanation: 'After an unclean exit Hermes checked state.db and it failed ({complaint}): sessions may read as missing until it is repaired. A restart does not repair it.',
    action: 'Run `hermes doctor` to repair the store (back up state.db first).',
  },
  memory_pressure: {
    title: 'Memory is critical on the gateway host: {available} MB available of {total} MB',
    explanation: "Hermes' own heartbeat reports less than 64 MB or 5 % of memory available. The OOM killer comes next, and it kills without an exit path.",
    action: 'Free memory or raise the limit now (stop other processes, fewer concurrent agents). A restart only postpones it.',
  },
  'memory_pressure#elevated': {
    title: 'Memory is getting low on the gateway host: {available} MB available of {total} MB',
    explanation: "Hermes' own heartbeat reports less than 128 MB or 15 % of memory available.",
    action: 'Watch it; free memory or raise the limit before it becomes critical.',
  },
  duplicate_processes: {
    title: '{count} gateway processes run for the same Hermes home',
    explanation: 'Several `gateway run` processes (pids {pids}) share one Hermes home. They fight over the PID file, the lock and the bot sessions: messages get answered twice or not at all, and each restart makes one kill the other.',
    action: 'Do not restart on top of this. Stop all of them (`hermes gateway stop --all`), keep exactly one supervisor (launchd *or* systemd *or* a manual run — a launchd plist with `--replace` plus a second service is the usual cause), then start once.',
  },
  'duplicate_processes#log': {
    title: 'Gateway instances keep replacing each other',
    explanation: 'The log shows {count} takeover or lock-race lines ("Replacing existing gateway instance", "PID file race lost", "runtime lock is already held") within the last hour: two supervisors, or a supervisor and a manual run, keep starting the gateway.',
    action: 'Do not restart on top of this. Find the second starter (a launchd plist with `--replace`, a second systemd unit, a cron or shell script), remove it, and keep one supervisor.',
  },
  config_fatal: {
    title: 'Gateway refuses to start: fatal configuration error',
    explanation: 'Hermes gave up on its configuration and exited (fatal-config exit code 78); its supervisor will not restart it, and a restart would fail the same way. Reason: {reason}',
    action: 'Fix the configuration by hand (config.yaml / .env of this Hermes home, or stop the other gateway that holds the same bot credential), then start it: `hermes gateway start`.',
  },
  'config_fatal#platform': {
    title: '{platform} cannot start: configuration error',
    explanation: 'The {platform} adapter refused to start on its configuration (missing credentials or SDK, unsupported mode, or its bot credential is held by another gateway). The other platforms still run; a restart will not fix this one.',
    action: 'Fix the {platform} settings in .env / config.yaml of this Hermes home (or stop the other gateway using the same app id), then restart the gateway by hand.',
  },
  startup_incomplete: {
    title: '{platform} failed to connect at startup',
    explanation: 'During the last startup {platform} failed to connect ({count} of {expected} platforms connected) and has not connected since. Hermes keeps retrying it in the background.',
    action: `Restart the gateway once the cause is gone (network, credentials). ${RESTART_EN} The quoted error says why it failed.`,
  },
  'startup_incomplete#count': {
    title: 'Gateway started with {count} of {expected} platforms',
    explanation: 'The last startup reported "Gateway running with {count} platform(s)" but {expected} are expected; not connected: {missing}.',
    action: `Check that the missing platforms are enabled and configured, then restart the gateway. ${RESTART_EN}`,
  },
  'startup_incomplete#stuck': {
    title: 'Gateway startup has not finished',
    explanation: 'The gateway started {ago} ago but never logged "Gateway running with N platform(s)": it hangs while connecting a platform.',
    action: `Restart the gateway. ${RESTART_EN} If it hangs again, the last quoted line shows which platform it waits for.`,
  },
  disconnect_storm: {
    title: 'Disconnect storm: {count} drops in {window}',
    explanation: 'Connections ({platforms}) dropped {count} times within {window} and did not come back within seconds (drops resumed at once, like QQ\'s routine 4009, are not counted). Connections dropping over and over usually means the gateway event loop is blocked (a long tool call, a busy CPU) so heartbeats are missed. A restart does not unblock that.',
    action: 'Wait for the loop to free up, and find what blocks it: long tool calls in agent.log, CPU load on the host. Restart only if it does not settle.',
  },
  'disconnect_storm#tools': {
    title: 'Disconnect storm: {count} drops in {window}',
    explanation: 'Connections ({platforms}) dropped {count} times within {window} and did not come back within seconds, while long tool calls ran: {tools}. The event loop is likely blocked by them, so heartbeats are missed. A restart does not unblock that.',
    action: 'Wait for the tool calls to finish; shorten or time-limit them (terminal commands, long scripts). Restart only if it does not settle.',
  },
  platform_down: {
    title: '{platform} is {state} for {ago}',
    explanation: 'gateway_state.json reports {platform} as "{state}" for {ago}, longer than the grace, while the gateway process runs. Messages on {platform} are not received.',
    action: `Restart the gateway if it does not come back by itself. ${RESTART_EN} The quoted lines show the last error.`,
  },
  // Shared by platform_down, startup_incomplete and qq_session_timeout while Hermes retries servers it cannot reach.
  platform_unreachable: {
    title: '{name} cannot be reached from this host; Hermes keeps retrying',
    explanation: '{platform} has been down for {ago}, and Hermes\' own errors say its servers cannot be reached from this host (DNS, refused or timed-out connections): "{error}". Hermes keeps retrying by itself and reconnects as soon as they answer; a restart would not bring them back and would only replace that retry loop with a slower one.',
    action: 'Automatic restarts are held while Hermes retries. Check this host\'s network, DNS, firewall or proxy, and the platform\'s status page. gatewatch restarts the gateway if Hermes stops retrying; by hand: `/restart {target}`.',
  },
  qq_reconnect_exhausted: {
    title: 'QQ gave up reconnecting: QQ is dead until a restart',
    explanation: 'The QQ adapter logged "Max reconnect attempts reached" {ago} ago and stopped trying. Hermes never retries it and the process stays up, so systemd does not restart it either (the state file says "{state}", which cannot be trusted here).',
    action: `Restart the gateway. ${RESTART_EN} The quoted reconnect error shows why it could not reconnect (DNS, network, token).`,
  },
  'qq_reconnect_exhausted#quick': {
    title: 'QQ stopped after too many quick disconnects',
    explanation: 'QQ closed the connection within seconds three times in a row and the adapter gave up ("Too many quick disconnects"). It stays dead until the gateway restarts; the state file says "{state}".',
    action: `Check the QQ AppID/secret and the bot permissions on the QQ Open Platform, then restart the gateway. ${RESTART_EN}`,
  },
  qq_session_timeout: {
    title: 'QQ did not resume after a session timeout (4009)',
    explanation: 'QQ closed the session with code 4009 {ago} ago and no "Reconnected", "Session resumed" or "Ready" followed within the grace. QQ does this about every 30 minutes; normally the adapter resumes within seconds.',
    action: `Restart the gateway. ${RESTART_EN}`,
  },
  qq_zombie: {
    title: 'QQ looks connected but has been silent for {ago}',
    explanation: 'The state file says QQ is connected, yet for {ago} there was no session cycle (4009, resume, ready, reconnect) and no inbound message. QQ forces a 4009 about every 30 minutes, so silence longer than {expected} means the socket is most likely deaf.',
    action: `Send the bot a QQ message to confirm; restart the gateway if it does not answer. ${RESTART_EN}`,
  },
  qq_banned: {
    title: 'QQ bot is {desc} (close code {code})',
    explanation: 'QQ closed the connection with code {code}: the bot is {desc}. Hermes stops connecting and a restart would be refused the same way.',
    action: 'Do not restart. Check the bot on the QQ Open Platform (q.qq.com): publish it or appeal the ban; restart the gateway by hand once it is cleared.',
  },
  'qq_banned#protocol': {
    title: 'QQ rejected the bot: {desc} (close code {code})',
    explanation: 'QQ closed the connection with fatal code {code} ({desc}). Hermes stops connecting; a restart would hit the same error.',
    action: 'Do not restart. Check the bot\'s intents and permissions on the QQ Open Platform and the Hermes QQ settings, then restart the gateway by hand.',
  },
  qq_is_reconnect_regression: {
    title: 'QQ cannot connect: Hermes v0.18.0–0.18.2 bug',
    explanation: 'Hermes calls `QQAdapter.connect(is_reconnect=...)` but the QQ adapter does not accept it ("unexpected keyword argument \'is_reconnect\'"), so QQ never connects. This is a known bug in Hermes v0.18.0–0.18.2; restarting will not help.',
    action: 'Upgrade Hermes to a release after v0.18.2 (`hermes update`), or pin v0.17.x, then restart the gateway.',
  },
  feishu_executor_shutdown: {
    title: 'Feishu receives but cannot reply (executor shut down)',
    explanation: 'Every Feishu send fails with "Executor shutdown has been called" ({count} failures in this run): the adapter\'s thread pool is gone, so messages arrive but no reply goes out until the gateway restarts. Known Hermes bug up to v0.17.x.',
    action: `Restart the gateway. ${RESTART_EN} Upgrade Hermes to v0.18 or later to stop it recurring.`,
  },
  launchd_replace: {
    title: 'launchd starts the gateway with --replace',
    explanation: 'The launchd plist ({path}) runs `gateway run --replace` with KeepAlive: any second start (another service, a manual run) kills the running gateway instead of failing, and the two keep replacing each other.',
    action: 'Keep a single supervisor for this home. Remove `--replace` from ProgramArguments, or make sure nothing else starts the gateway; then `launchctl bootout` / `bootstrap` the plist.',
  },
  systemd_no_restart: {
    title: 'systemd unit does not restart the gateway',
    explanation: 'The unit {path} has no `Restart=` (or `Restart=no`) in [Service]: when the gateway exits, systemd leaves it down.',
    action: 'Add `Restart=always` and `RestartSec=5` to [Service] (or reinstall with `hermes gateway install --force`), then `systemctl --user daemon-reload`.',
  },
  feishu_proxy: {
    title: 'An HTTP proxy sits on the Feishu path',
    explanation: 'Proxy settings were found in: {sources}. The Lark WebSocket breaks behind many HTTP proxies, so Feishu can go deaf while showing "connected".',
    action: 'Exempt Feishu from the proxy (add `open.feishu.cn,.feishu.cn,.larksuite.com` to NO_PROXY for the gateway) or remove the proxy variables, then restart the gateway.',
  },
  hermes_home_missing: {
    title: 'hermes_home {path} does not exist',
    explanation: 'There is no directory {path}: no gateway.pid, log or state file can ever be found there, so the gateway would look "not running" forever. A typo (~/.hermse) or a profile that was never created?',
    action: 'Set targets[].hermes_home in the gatewatch config to the Hermes home the gateway runs with (its HERMES_HOME, e.g. ~/.hermes or ~/.hermes/profiles/<name>).',
  },
  evidence_unreadable: {
    title: 'gatewatch cannot read {files} of {target}',
    explanation: 'Some of what gatewatch judges the gateway by cannot be read, so the checks that need it cannot see a failure there: a healthy verdict would be a guess. The evidence says which file and why (not a regular file, too large, no permission, not valid JSON).',
    action: 'Make the file a readable regular file again (Hermes recreates gateway_state.json and gateway.pid on its next start; a FIFO, a device or a symlink at a log path must be removed), or point the target at the right path in the gatewatch config.',
  },
};

const zh: Record<string, CheckText> = {
  process_down: {
    title: 'Hermes 网关未在运行',
    explanation: '没有找到这个 Hermes 目录的 `gateway run` 进程，日志里也没有停止记录（状态文件：{state}）。所有平台都无人服务，定时任务也不会执行。',
    action: `启动网关。${RESTART_ZH}如果反复退出，请查看 gateway.log 结尾和 \`journalctl --user -u hermes-gateway\`。`,
  },
  'state_stale_running#signal': {
    title: '网关被 {signal} 停止，但状态文件仍为“{state}”',
    explanation: 'gateway_state.json 显示“{state}”（pid {pid}），但该进程已不存在或 pid 已被其他程序占用。日志显示它 {last} 前收到 {signal} 并关闭；Hermes 在意外信号后会故意保留“running”，所以不能只看状态文件。',
    action: `重新启动网关。${RESTART_ZH}在“Shutdown context”行里查看是谁发送了 {signal}（父进程、systemd、容器重启、OOM）。`,
  },
  'state_stale_running#killed': {
    title: '网关未经关闭流程就退出了，状态文件仍为“{state}”',
    explanation: 'gateway_state.json 显示“{state}”（pid {pid}），但该进程已不存在或 pid 被复用，日志中没有任何关闭记录：进程被强杀（SIGKILL、OOM）或崩溃。最后一行日志是 {last} 前。',
    action: `重新启动网关。${RESTART_ZH}用 \`dmesg\` / \`journalctl -k\` 检查 OOM，并查看 gateway.log 结尾是否有崩溃信息。`,
  },
  'state_stale_running#oom': {
    title: '网关已死亡，很可能因内存被杀：状态文件仍显示「{state}」',
    explanation: 'gateway_state.json 显示「{state}」（pid {pid}），但 Hermes 的生命周期哨兵文件没有被关闭：没有走任何退出路径（SIGKILL、OOM killer、虚拟机宕机），且最后一次心跳显示内存已到临界。最后一行日志是 {last} 前。',
    action: `重新启动网关。${RESTART_ZH} OOM killer 还会再来：查看 \`journalctl -k\` / \`dmesg\`，然后降低内存占用或提高上限。`,
  },
  gateway_stopped: {
    title: '网关已停止且没有重新启动',
    explanation: '本次运行在 {ago} 前以关闭日志结束（退出码 {code}），之后没有新的 `Starting Hermes Gateway...`，当前没有网关进程。',
    action: `启动网关。${RESTART_ZH}如果本应由服务管理器自动拉起，请检查其状态（\`systemctl --user status hermes-gateway\`）。`,
  },
  'gateway_stopped#planned': {
    title: '网关被有意停止，目前未运行',
    explanation: '日志显示 {ago} 前的一次计划内停止（`hermes gateway stop` 或服务管理器），之后没有再启动，所有平台都无人服务。',
    action: `如果是有意停止，请静音此告警；否则启动网关。${RESTART_ZH}`,
  },
  'gateway_stopped#operator': {
    title: '网关仍处于停止状态：操作者在 {ago} 前停止了它',
    explanation: '网关是被有意停止的（`hermes gateway stop`，计划内停止于 {at}），此后没有再启动。gatewatch 不干预操作者的停止：不重启，只提醒这一次。',
    action: '如需恢复运行：`/restart {target}` 或 `hermes gateway start`。如果是长期停止，无需处理。',
  },
  'gateway_stopped#update': {
    title: '`hermes update` 让网关停在了停止状态',
    explanation: '网关在 `hermes update` 之前在运行，更新在 {ago} 前停止了它且没有再启动（桌面版更新器，或没有守护进程拉起的手动网关）。所有平台都无人服务。',
    action: `启动它：\`hermes gateway start\`（手动启动的网关用 \`hermes gateway run\`）。${RESTART_ZH}`,
  },
  'gateway_stopped#loop_watchdog': {
    title: 'Hermes 的事件循环看门狗杀掉了卡死的网关（退出码 {code}）',
    explanation: '网关的事件循环不再响应存活探测，Hermes 在 {ago} 前转储线程栈并退出，等待守护进程重启它，但此后没有任何东西启动它（手动启动的网关会一直停着）。',
    action: `重新启动它。${RESTART_ZH} 如果反复出现，线程栈转储（journal 或 gateway.error.log）会指出阻塞事件循环的调用。`,
  },
  'gateway_stopped#shutdown_watchdog': {
    title: 'Hermes 的关闭看门狗强制网关退出，之后没有恢复',
    explanation: '网关正在关闭（重启或更新），某个排空步骤卡住，关闭看门狗在 {ago} 前强制退出（线程栈见 logs/gateway-shutdown-watchdog.log）。此后没有再启动。',
    action: `启动它。${RESTART_ZH}`,
  },
  gateway_died_before: {
    title: '网关在 {ago} 前死亡后被重启：没有走任何退出路径',
    explanation: '这个网关的上一次生命（pid {prior}）没有经过任何退出路径就结束了（SIGKILL、OOM killer、断电或虚拟机宕机）；守护进程又把它拉了起来，所以现在看起来正常。Hermes 的生命周期哨兵文件记录了这一点。',
    action: '用 `journalctl -k` / `dmesg` 查看 OOM killer，在 journal 里查是谁杀了它。无需重启：它正在运行。',
  },
  'gateway_died_before#oom': {
    title: '网关在 {ago} 前因内存被杀并已重启',
    explanation: '这个网关的上一次生命（pid {prior}）没有经过任何退出路径就结束了，且最后一次心跳显示内存已到临界：很可能是 OOM killer。守护进程已把它重新拉起；同样的负载会再次触及上限。',
    action: '降低内存占用（减少并发 agent、进程内的模型）或提高内存上限；`journalctl -k` / `dmesg` 可以确认 OOM。',
  },
  state_db_corrupt: {
    title: 'Hermes 的状态数据库未通过完整性检查',
    explanation: '非正常退出后 Hermes 检查了 state.db，结果未通过（{complaint}）：修复前会话可能显示为丢失。重启不能修复它。',
    action: '运行 `hermes doctor` 修复（先备份 state.db）。',
  },
  memory_pressure: {
    title: '网关主机内存已到临界：可用 {available} MB / 共 {total} MB',
    explanation: 'Hermes 自己的心跳报告可用内存低于 64 MB 或 5%。接下来就是 OOM killer，它杀进程时不走任何退出路径。',
    action: '立即释放内存或提高上限（停掉其他进程、减少并发 agent）。重启只能推迟问题。',
  },
  'memory_pressure#elevated': {
    title: '网关主机内存偏低：可用 {available} MB / 共 {total} MB',
    explanation: 'Hermes 自己的心跳报告可用内存低于 128 MB 或 15%。',
    action: '持续关注；在到达临界前释放内存或提高上限。',
  },
  duplicate_processes: {
    title: '同一个 Hermes 目录运行着 {count} 个网关进程',
    explanation: '多个 `gateway run` 进程（pid {pids}）共用一个 Hermes 目录，会争抢 PID 文件、锁和机器人会话：消息被重复回复或无人回复，每次重启都会让一个杀掉另一个。',
    action: '不要在此基础上重启。先全部停止（`hermes gateway stop --all`），只保留一个守护方式（launchd、systemd 或手动运行三选一——launchd plist 带 `--replace` 再加另一个服务是常见原因），然后只启动一次。',
  },
  'duplicate_processes#log': {
    title: '网关实例在互相替换',
    explanation: '最近一小时内日志出现 {count} 次接管或抢锁记录（“Replacing existing gateway instance”“PID file race lost”“runtime lock is already held”）：有两个守护程序，或守护程序与手动运行在反复启动网关。',
    action: '不要在此基础上重启。找出第二个启动者（带 `--replace` 的 launchd plist、第二个 systemd 单元、cron 或脚本），移除它，只保留一个守护方式。',
  },
  config_fatal: {
    title: '网关拒绝启动：致命配置错误',
    explanation: 'Hermes 因配置错误放弃启动并退出（致命配置退出码 78）；守护程序不会再重启它，重启也只会以同样方式失败。原因：{reason}',
    action: '手动修复配置（该 Hermes 目录下的 config.yaml / .env，或停止占用同一机器人凭据的另一个网关），然后启动：`hermes gateway start`。',
  },
  'config_fatal#platform': {
    title: '{platform} 无法启动：配置错误',
    explanation: '{platform} 适配器因配置拒绝启动（缺少凭据或 SDK、不支持的模式，或机器人凭据被另一个网关占用）。其他平台仍在运行；重启无法修复它。',
    action: '修复该 Hermes 目录 .env / config.yaml 中 {platform} 的设置（或停止使用同一 app id 的另一个网关），然后手动重启网关。',
  },
  startup_incomplete: {
    title: '{platform} 启动时连接失败',
    explanation: '上次启动时 {platform} 连接失败（{expected} 个平台中连上 {count} 个），之后一直没有连上。Hermes 会在后台继续重试。',
    action: `排除原因（网络、凭据）后重启网关。${RESTART_ZH}引用的错误说明了失败原因。`,
  },
  'startup_incomplete#count': {
    title: '网关启动时只连上 {count}/{expected} 个平台',
    explanation: '上次启动报告“Gateway running with {count} platform(s)”，但预期 {expected} 个；未连接：{missing}。',
    action: `确认缺失的平台已启用并配置正确，然后重启网关。${RESTART_ZH}`,
  },
  'startup_incomplete#stuck': {
    title: '网关启动一直没有完成',
    explanation: '网关在 {ago} 前开始启动，但始终没有输出“Gateway running with N platform(s)”：卡在连接某个平台。',
    action: `重启网关。${RESTART_ZH}如果再次卡住，引用的最后一行显示它在等哪个平台。`,
  },
  disconnect_storm: {
    title: '断线风暴：{window} 内断开 {count} 次',
    explanation: '连接（{platforms}）在 {window} 内断开了 {count} 次，且都没有在几秒内恢复（像 QQ 例行的 4009 那样立即恢复的断开不计）。反复断线通常说明网关事件循环被阻塞（长时间的工具调用、CPU 繁忙），心跳发不出去。重启并不能解除阻塞。',
    action: '等待事件循环恢复，并找出阻塞原因：agent.log 中的长工具调用、主机 CPU 负载。若持续不恢复再重启。',
  },
  'disconnect_storm#tools': {
    title: '断线风暴：{window} 内断开 {count} 次',
    explanation: '连接（{platforms}）在 {window} 内断开了 {count} 次且没有在几秒内恢复，同时有长时间的工具调用：{tools}。事件循环很可能被它们阻塞，心跳发不出去。重启并不能解除阻塞。',
    action: '等待这些工具调用结束；缩短它们或加超时（终端命令、长脚本）。若持续不恢复再重启。',
  },
  platform_down: {
    title: '{platform} 处于 {state} 状态已 {ago}',
    explanation: 'gateway_state.json 显示 {platform} 为“{state}”已 {ago}，超过宽限时间，而网关进程仍在运行。{platform} 上的消息收不到。',
    action: `如果没有自行恢复，请重启网关。${RESTART_ZH}引用的日志是最后的错误。`,
  },
  platform_unreachable: {
    title: '本机无法连接 {name}，Hermes 正在自动重试',
    explanation: '{platform} 已断开 {ago}，Hermes 自己的错误日志表明本机连不上它的服务器（DNS 失败、连接被拒绝或超时）：“{error}”。Hermes 会自行重试，服务器一恢复就会重连；重启既不能让服务器恢复，反而会用更慢的重试替换掉它自己的重试。',
    action: 'Hermes 重试期间暂停自动重启。请检查本机的网络、DNS、防火墙或代理，以及该平台的服务状态。若 Hermes 停止重试，gatewatch 会重启网关；手动：`/restart {target}`。',
  },
  qq_reconnect_exhausted: {
    title: 'QQ 已放弃重连：重启前 QQ 一直不可用',
    explanation: 'QQ 适配器在 {ago} 前记录了“Max reconnect attempts reached”并停止重试。Hermes 不会再尝试，进程也不退出，所以 systemd 也不会重启它（状态文件显示“{state}”，此时不可信）。',
    action: `重启网关。${RESTART_ZH}引用的重连错误说明了无法重连的原因（DNS、网络、令牌）。`,
  },
  'qq_reconnect_exhausted#quick': {
    title: 'QQ 因多次快速断开而停止',
    explanation: 'QQ 连续三次在几秒内关闭连接，适配器已放弃（“Too many quick disconnects”）。在网关重启前它一直不可用；状态文件显示“{state}”。',
    action: `检查 QQ AppID/密钥以及 QQ 开放平台上的机器人权限，然后重启网关。${RESTART_ZH}`,
  },
  qq_session_timeout: {
    title: 'QQ 会话超时（4009）后未恢复',
    explanation: 'QQ 在 {ago} 前以 4009 关闭会话，宽限时间内没有出现“Reconnected”“Session resumed”或“Ready”。QQ 大约每 30 分钟这样做一次，正常情况下适配器几秒内就会恢复。',
    action: `重启网关。${RESTART_ZH}`,
  },
  qq_zombie: {
    title: 'QQ 显示已连接，但已静默 {ago}',
    explanation: '状态文件显示 QQ 已连接，但 {ago} 内没有任何会话周期（4009、resume、ready、重连），也没有收到消息。QQ 大约每 30 分钟强制一次 4009，静默超过 {expected} 说明连接很可能已“失聪”。',
    action: `给机器人发一条 QQ 消息确认；若无回应请重启网关。${RESTART_ZH}`,
  },
  qq_banned: {
    title: 'QQ 机器人{desc}（关闭码 {code}）',
    explanation: 'QQ 以关闭码 {code} 断开连接：机器人{desc}。Hermes 已停止连接，重启也会被同样拒绝。',
    action: '不要重启。到 QQ 开放平台（q.qq.com）检查机器人：上架或申诉解封；解除后手动重启网关。',
  },
  'qq_banned#protocol': {
    title: 'QQ 拒绝了机器人：{desc}（关闭码 {code}）',
    explanation: 'QQ 以致命关闭码 {code}（{desc}）断开连接。Hermes 已停止连接，重启会遇到同样的错误。',
    action: '不要重启。检查 QQ 开放平台上机器人的 intents 和权限以及 Hermes 的 QQ 配置，然后手动重启网关。',
  },
  qq_is_reconnect_regression: {
    title: 'QQ 无法连接：Hermes v0.18.0–0.18.2 的缺陷',
    explanation: 'Hermes 调用 `QQAdapter.connect(is_reconnect=...)`，但 QQ 适配器不接受该参数（“unexpected keyword argument \'is_reconnect\'”），因此 QQ 永远连不上。这是 Hermes v0.18.0–0.18.2 的已知缺陷，重启没有用。',
    action: '把 Hermes 升级到 v0.18.2 之后的版本（`hermes update`），或固定在 v0.17.x，然后重启网关。',
  },
  feishu_executor_shutdown: {
    title: '飞书能收消息但无法回复（executor 已关闭）',
    explanation: '每次飞书发送都失败并报“Executor shutdown has been called”（本次运行 {count} 次）：适配器的线程池已关闭，消息能收到但回复发不出去，直到网关重启。这是 Hermes v0.17.x 及更早版本的已知缺陷。',
    action: `重启网关。${RESTART_ZH}升级 Hermes 到 v0.18 或更高版本可避免再次发生。`,
  },
  launchd_replace: {
    title: 'launchd 以 --replace 启动网关',
    explanation: 'launchd plist（{path}）以 KeepAlive 运行 `gateway run --replace`：任何第二次启动（另一个服务、手动运行）都会杀掉正在运行的网关而不是失败退出，两者会不断互相替换。',
    action: '每个 Hermes 目录只保留一个守护方式。从 ProgramArguments 中去掉 `--replace`，或确保没有其他方式启动网关；然后 `launchctl bootout` / `bootstrap` 该 plist。',
  },
  systemd_no_restart: {
    title: 'systemd 单元不会重启网关',
    explanation: '单元 {path} 的 [Service] 中没有 `Restart=`（或为 `Restart=no`）：网关退出后 systemd 不会再拉起它。',
    action: '在 [Service] 中加入 `Restart=always` 和 `RestartSec=5`（或用 `hermes gateway install --force` 重新安装），然后 `systemctl --user daemon-reload`。',
  },
  feishu_proxy: {
    title: '飞书连接经过 HTTP 代理',
    explanation: '在以下位置发现代理设置：{sources}。飞书（Lark）WebSocket 在很多 HTTP 代理后会断开，飞书可能显示“已连接”却收不到消息。',
    action: '让飞书绕过代理（在网关的 NO_PROXY 中加入 `open.feishu.cn,.feishu.cn,.larksuite.com`）或移除代理变量，然后重启网关。',
  },
  hermes_home_missing: {
    title: 'hermes_home {path} 不存在',
    explanation: '目录 {path} 不存在：那里永远找不到 gateway.pid、日志或状态文件，网关会一直显示为“未运行”。是拼写错误（~/.hermse）还是从未创建的 profile？',
    action: '把 gatewatch 配置中的 targets[].hermes_home 改为网关实际使用的 Hermes 目录（它的 HERMES_HOME，例如 ~/.hermes 或 ~/.hermes/profiles/<名称>）。',
  },
  evidence_unreadable: {
    title: 'gatewatch 无法读取 {target} 的 {files}',
    explanation: 'gatewatch 判断网关所依据的部分文件无法读取，依赖这些文件的检查看不到那里的故障：此时的“健康”结论只是猜测。证据中写明了是哪个文件以及原因（不是普通文件、过大、无权限、不是有效的 JSON）。',
    action: '让该文件重新成为可读的普通文件（Hermes 下次启动时会重建 gateway_state.json 和 gateway.pid；日志路径上的 FIFO、设备文件或符号链接必须删除），或在 gatewatch 配置中把该目标指向正确的路径。',
  },
};

Object.assign(en, HERMES_TEXT.en);
Object.assign(zh, HERMES_TEXT['zh-CN']);

export const TEXT: Record<Locale, Record<string, CheckText>> = { en, 'zh-CN': zh };

/** Replace `{name}` with params[name]; unknown names are left as they are. */
function interpolate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? params[k]! : m));
}

/** Text for a check (or `check#variant`), in the locale, falling back to the plain check id and then to English. */
export function checkText(locale: Locale, key: string, params: Params = {}): CheckText {
  const base = key.split('#')[0]!;
  const t = TEXT[locale]?.[key] ?? TEXT[locale]?.[base] ?? en[key] ?? en[base];
  if (!t) return { title: key, explanation: key, action: '-' };
  return { title: interpolate(t.title, params), explanation: interpolate(t.explanation, params), action: interpolate(t.action, params) };
}
