// The English texts of findings, part of the English catalogue (spread into src/text/en.ts, so their keys are
// TextKeys). A finding's text key is `finding.<check>`, or `finding.<check>.<variant>` where one check words several
// causes its own way; each key has a `.title`, an `.explanation` and an `.action`. A finding carries its key and
// parameters and is worded in the reader's locale when it is rendered (wordFinding in src/i18n.ts). A Hermes platform's
// findings are not here: their texts are the platform's (src/platforms/<name>/words.ts), registered as it loads.
// `{restart_how}`, `{restart}`, `{start}`, `{journal}` and `{supervisor}` name what this gateway's service manager and
// profile take (the finding.service.* words below; filled in for every finding by serviceParams, src/detectors/service-words.ts).
const RESTART_EN = '{restart_how}';

export const findingsEn = {
  'finding.process_down.title': 'Hermes gateway is not running',
  'finding.process_down.explanation':
    'No live `gateway run` process was found for this Hermes home, and the log does not show it stopping (state file: {state}). No platform is served and no cron job runs.',
  'finding.process_down.action': `Start the gateway. ${RESTART_EN} If it keeps dying, read the end of gateway.log, {journal}.`,
  'finding.process_down.respawned.title':
    'Gateway (pid {pid}) died without an exit path; {supervisor} started it again',
  'finding.process_down.respawned.explanation':
    'gatewatch saw the gateway it watched gone, with no stop in its log or its files (SIGKILL, the OOM killer), and {supervisor} already running its next life, which is starting now. Nothing for gatewatch to restart; if the next life dies too, the crash loop is said.',
  'finding.process_down.respawned.action':
    'Check `journalctl -k` / `dmesg` for the OOM killer and the journal for who killed it. Nothing to restart: {supervisor} brings it back.',
  'finding.state_stale_running.signal.title': 'Gateway was stopped by {signal} but the state file still says "{state}"',
  'finding.state_stale_running.signal.explanation':
    'gateway_state.json says "{state}" (pid {pid}), but that process is gone or the pid now belongs to another program. The log shows it received {signal} and shut down {last} ago; Hermes keeps "running" in the file after an unexpected signal on purpose, so the file alone cannot be trusted.',
  'finding.state_stale_running.signal.action': `Start the gateway again. ${RESTART_EN} Find who sent {signal} in the "Shutdown context" line (parent process, systemd, a container restart, OOM).`,
  'finding.state_stale_running.killed.title': 'Gateway died without a shutdown: the state file still says "{state}"',
  'finding.state_stale_running.killed.explanation':
    'gateway_state.json says "{state}" (pid {pid}), but that process is gone or the pid was reused, and the log shows no shutdown: it was killed (SIGKILL, OOM killer) or crashed.{last_line}',
  'finding.state_stale_running.killed.last_line': ' Its last log line is {last} old.',
  'finding.state_stale_running.killed.action': `Start the gateway again. ${RESTART_EN} Check \`dmesg\` / \`journalctl -k\` for the OOM killer and the end of gateway.log for a crash.`,
  'finding.state_stale_running.start.title':
    'Gateway dies as it starts: {life} after its start, the state file still says "{state}"',
  'finding.state_stale_running.start.explanation':
    'gateway_state.json says "{state}" (pid {pid}), but the process is gone: it died {life} after "Starting Hermes Gateway...", before it had finished starting (no "Gateway running with N platform(s)"), and no exit path ran.{again}{error} A fork of Hermes died like this in 0.6 s, on a name its own code never defined (Eynzof/Hermes-CN-Core#154): a restart runs the same code.',
  'finding.state_stale_running.start.again':
    ' The start before it died the same way, on the same error, so gatewatch does not restart it again.',
  'finding.state_stale_running.start.error': ' The last error in its log: "{error}".',
  'finding.state_stale_running.start.action':
    'Run `hermes gateway run` in a terminal to see the error it dies with ({journal} has its traceback); fix the install, or run a build that starts (update, or roll back the one you run), then start it once. If it dies again the same way, a restart will not help.',
  'finding.gateway_stopped.title': 'Gateway stopped and did not start again',
  'finding.gateway_stopped.explanation':
    'The current run ended with a logged shutdown {ago} ago (exit code {code}) and no new `Starting Hermes Gateway...` followed. No gateway process is running.',
  'finding.gateway_stopped.action': `Start the gateway. ${RESTART_EN} {supervisor}`,
  'finding.gateway_stopped.planned.title': 'Gateway was stopped on purpose and is not running',
  'finding.gateway_stopped.planned.explanation':
    'The log shows a planned stop (`hermes gateway stop` or the service manager) {ago} ago, and nothing started it again. No platform is served.',
  'finding.gateway_stopped.planned.action': `If the stop was intended, mute this alert; otherwise start the gateway. ${RESTART_EN}`,
  'finding.state_stale_running.oom.title':
    'Gateway died, most likely killed for memory: the state file still says "{state}"',
  'finding.state_stale_running.oom.explanation':
    'gateway_state.json says "{state}" (pid {pid}) and Hermes\' lifecycle sentinel was never closed: no exit path ran (SIGKILL, the OOM killer, VM death), and its last heartbeat showed critical memory. Its last log line is {last} old.',
  'finding.state_stale_running.oom.action': `Start the gateway again. ${RESTART_EN} The OOM killer will strike again: check \`journalctl -k\` / \`dmesg\`, then reduce memory use or raise the limit.`,
  'finding.gateway_stopped.operator.title': 'Gateway still stopped: the operator stopped it {ago} ago',
  'finding.gateway_stopped.operator.explanation':
    'The gateway was stopped on purpose (`hermes gateway stop`, a planned stop at {at}) and has not been started since. gatewatch leaves a stop by the operator alone: no restart, and this one reminder.',
  'finding.gateway_stopped.operator.action':
    'If it should run again: {again}. If the stop is meant to last, nothing to do.',
  'finding.gateway_stopped.operator.again': '`{restart_cmd}` or {start}',
  'finding.gateway_stopped.operator.again.by_hand':
    '{start} on its host (gatewatch only watches this gateway and cannot start it)',
  'finding.gateway_stopped.update.title': '`hermes update` left the gateway stopped',
  'finding.gateway_stopped.update.explanation':
    'The gateway was running before `hermes update` and the update stopped it ({ago} ago) without starting it again (the desktop updater, or a gateway with no supervisor to respawn it). No platform is served.',
  'finding.gateway_stopped.update.action': `Start it: {start}. ${RESTART_EN}`,
  'finding.gateway_stopped.logout.title': 'The gateway stopped when {user} logged out',
  'finding.gateway_stopped.logout.explanation':
    "systemd ran it as {user}'s user unit, and {user}'s service manager is gone: their last session ended {ago} ago and lingering is off, so systemd stopped the manager and the gateway with it (a planned stop in Hermes' own files, which nobody asked for). Nothing starts it until {user} logs in again.",
  'finding.gateway_stopped.logout.action':
    "Turn lingering on: `sudo loginctl enable-linger {user}`; {user}'s manager starts at once and brings the gateway back with it (or log in as {user} and {start}). gatewatch cannot start a user unit with no manager to ask.",
  'finding.gateway_stopped.loop_watchdog.title': "Hermes' loop watchdog killed a wedged gateway (exit {code})",
  'finding.gateway_stopped.loop_watchdog.explanation':
    "The gateway's event loop stopped answering its liveness probes, so Hermes dumped its thread stacks and exited {ago} ago for its supervisor to restart it, and nothing has started it since (a gateway started by hand stays down).",
  'finding.gateway_stopped.loop_watchdog.action': `Start it again. ${RESTART_EN} If it recurs, the stack dump (in {journal}) names the call that blocked the loop.`,
  'finding.gateway_stopped.shutdown_watchdog.title':
    "Hermes' shutdown watchdog forced the gateway out, and it did not come back",
  'finding.gateway_stopped.shutdown_watchdog.explanation':
    'The gateway was going down (a restart or an update) and a drain step hung, so the shutdown watchdog forced the exit {ago} ago (logs/gateway-shutdown-watchdog.log has the stacks). Nothing started it again.',
  'finding.gateway_stopped.shutdown_watchdog.action': `Start it. ${RESTART_EN}`,
  'finding.gateway_died_before.title': 'Gateway died {ago} ago and was restarted: no exit path ran',
  'finding.gateway_died_before.explanation':
    "The previous life of this gateway (pid {prior}) ended without any exit path (SIGKILL, the OOM killer, power or VM loss); {by}, so it looks healthy now. Hermes' lifecycle sentinel says so.",
  'finding.gateway_died_before.by': '{supervisor} started it again',
  'finding.gateway_died_before.by_unknown': 'it was started again',
  'finding.gateway_died_before.action':
    'Check `journalctl -k` / `dmesg` for the OOM killer and the journal for who killed it. Nothing to restart: it runs.',
  'finding.gateway_died_before.container_oom.title':
    "Gateway was killed by the OOM killer inside the container {container}'s memory limit {ago} ago, and s6 restarted it",
  'finding.gateway_died_before.container_oom.explanation':
    "The previous life of this gateway (pid {prior}) ended without any exit path, and the container's memory cgroup counted an OOM kill: the gateway reached the container's limit ({limit}). The container stayed up and s6 started the gateway again; the same load will bring it back to the limit.",
  'finding.gateway_died_before.container_oom.action':
    "Raise the container's memory limit (`docker update --memory` on {container}, or `mem_limit` in Compose) or reduce memory use (fewer concurrent agents); a restart does not fix it.",
  'finding.gateway_died_before.oom.title': 'Gateway was killed for memory {ago} ago and restarted',
  'finding.gateway_died_before.oom.explanation':
    'The previous life of this gateway (pid {prior}) ended without any exit path and its last heartbeat showed critical memory: most likely the OOM killer. Then {by}; the same load will bring it back to the limit.',
  'finding.gateway_died_before.oom.action':
    'Reduce memory use (fewer concurrent agents, smaller models in-process) or raise the memory limit; `journalctl -k` / `dmesg` confirm the OOM kill.',
  'finding.state_db_corrupt.title': "Hermes' state database failed its integrity check",
  'finding.state_db_corrupt.explanation':
    'After an unclean exit Hermes checked state.db and it failed ({complaint}): sessions may read as missing until it is repaired. A restart does not repair it.',
  'finding.state_db_corrupt.action': 'Run `hermes doctor` to repair the store (back up state.db first).',
  'finding.memory_pressure.title': 'Memory is critical on the gateway host: {available} MB available of {total} MB',
  'finding.memory_pressure.explanation':
    "Hermes' own heartbeat reports less than 64 MB or 5 % of memory available. The OOM killer comes next, and it kills without an exit path.",
  'finding.memory_pressure.action':
    'Free memory or raise the limit now (stop other processes, fewer concurrent agents). A restart only postpones it.',
  'finding.memory_pressure.elevated.title':
    'Memory is getting low on the gateway host: {available} MB available of {total} MB',
  'finding.memory_pressure.elevated.explanation':
    "Hermes' own heartbeat reports less than 128 MB or 15 % of memory available.",
  'finding.memory_pressure.elevated.action': 'Watch it; free memory or raise the limit before it becomes critical.',
  'finding.duplicate_processes.title': '{count} gateway processes run for the same Hermes home',
  'finding.duplicate_processes.explanation':
    'Several `gateway run` processes (pids {pids}) share one Hermes home. They fight over the PID file, the lock and the bot sessions: messages get answered twice or not at all, and each restart makes one kill the other.',
  'finding.duplicate_processes.action':
    'Do not restart on top of this. Stop all of them (`hermes gateway stop --all`), keep exactly one supervisor (launchd *or* systemd *or* a manual run — a launchd plist with `--replace` plus a second service is the usual cause), then start once.',
  'finding.duplicate_processes.container.title':
    "A second gateway runs on this host against the container {container}'s home",
  'finding.duplicate_processes.container.explanation':
    "Besides the gateway in the container, {pids} runs `gateway run` on this host against the same folder (the container's /opt/data). The two fight over the PID file, the lock and the bot sessions: messages get answered twice or not at all.",
  'finding.duplicate_processes.container.action':
    "Stop the one outside the container (pid {pids}) and whatever started it; keep the container's s6 slot as the only gateway. Never run `hermes gateway …` on this host against the mounted home. gatewatch does not restart on top of this.",
  'finding.duplicate_processes.log.title': 'Gateway instances keep replacing each other',
  'finding.duplicate_processes.log.explanation':
    'The log shows {count} takeover or lock-race lines ("Replacing existing gateway instance", "PID file race lost", "runtime lock is already held") within the last hour: two supervisors, or a supervisor and a manual run, keep starting the gateway.',
  'finding.duplicate_processes.log.action':
    'Do not restart on top of this. Find the second starter (a launchd plist with `--replace`, a second systemd unit, a cron or shell script), remove it, and keep one supervisor.',
  'finding.config_fatal.title': 'Gateway refuses to start: fatal configuration error',
  'finding.config_fatal.explanation':
    'Hermes gave up on its configuration and exited (fatal-config exit code 78); its supervisor will not restart it, and a restart would fail the same way. Reason: {reason}',
  'finding.config_fatal.action':
    'Fix the configuration by hand (config.yaml / .env of this Hermes home, or stop the other gateway that holds the same bot credential), then start it: {start}.',
  'finding.config_fatal.platform.title': '{platform} cannot start: configuration error',
  'finding.config_fatal.platform.explanation':
    'The {platform} adapter refused to start on its configuration (missing credentials or SDK, unsupported mode, or its bot credential is held by another gateway). The other platforms still run; a restart will not fix this one.',
  'finding.config_fatal.platform.action':
    'Fix the {platform} settings in .env / config.yaml of this Hermes home (or stop the other gateway using the same app id), then restart the gateway by hand.',
  'finding.startup_incomplete.title': '{platform} failed to connect at startup',
  'finding.startup_incomplete.explanation':
    'During the last startup {platform} failed to connect ({count} of {expected} platforms connected) and has not connected since. Hermes keeps retrying it in the background.',
  'finding.startup_incomplete.action': `Restart the gateway once the cause is gone (network, credentials). ${RESTART_EN} The quoted error says why it failed.`,
  'finding.startup_incomplete.count.title':
    'Gateway started with {count} of {expected} platforms: {missing} not connected',
  'finding.startup_incomplete.count.explanation':
    'The last startup reported "Gateway running with {count} platform(s)" but {expected} are expected; not connected: {missing}.',
  'finding.startup_incomplete.count.action': `Check that the missing platforms are enabled and configured, then restart the gateway. ${RESTART_EN}`,
  'finding.startup_incomplete.stuck.title': 'Gateway startup has not finished',
  'finding.startup_incomplete.stuck.explanation':
    'The gateway started {ago} ago but never logged "Gateway running with N platform(s)": it hangs while connecting a platform.',
  'finding.startup_incomplete.stuck.action': `Restart the gateway. ${RESTART_EN} If it hangs again, the last quoted line shows which platform it waits for.`,
  'finding.disconnect_storm.title': 'Disconnect storm: {count|# drop|# drops} in {window} ({platforms})',
  'finding.disconnect_storm.explanation':
    "Connections ({platforms}) dropped {count|# time|# times} within {window} and did not come back within seconds (drops resumed at once, like QQ's routine 4009, are not counted). Connections dropping over and over usually means the gateway event loop is blocked (a long tool call, a busy CPU) so heartbeats are missed. It usually settles by itself once the loop is free again.",
  'finding.disconnect_storm.action':
    'Wait for the loop to free up, and find what blocks it: long tool calls in agent.log, CPU load on the host. Restart only if it does not settle.',
  'finding.disconnect_storm.tools.title': 'Disconnect storm: {count|# drop|# drops} in {window} ({platforms})',
  'finding.disconnect_storm.tools.explanation':
    'Connections ({platforms}) dropped {count|# time|# times} within {window} while long tool calls ran: {tools}. The event loop is likely blocked by them, so heartbeats go out late and the server closes the connection; drops resumed at once count too while that lasts. It settles once they finish.',
  'finding.disconnect_storm.tools.action':
    'Wait for the tool calls to finish; shorten or time-limit them (terminal commands, long scripts). Restart only if it does not settle.',
  'finding.platform_down.title': '{platform} is {state} for {ago}',
  'finding.platform_down.explanation':
    'gateway_state.json reports {platform} as "{state}" for {ago}, longer than the grace, while the gateway process runs. Messages on {platform} are not received.',
  'finding.platform_down.action': `Restart the gateway if it does not come back by itself. ${RESTART_EN} The quoted lines show the last error.`,
  // Shared by platform_down, startup_incomplete and qq_session_timeout while Hermes retries servers it cannot reach.
  'finding.platform_unreachable.title': '{name} cannot be reached from this host; Hermes keeps retrying',
  'finding.platform_unreachable.explanation':
    '{platform} has been down for {ago}, and Hermes\' own errors say its servers cannot be reached from this host (DNS, refused or timed-out connections): "{error}". Hermes keeps retrying by itself and reconnects as soon as they answer; a restart would not bring them back and would only replace that retry loop with a slower one.',
  'finding.platform_unreachable.action':
    "Do not restart the gateway for this: Hermes keeps retrying by itself, and a restart would meet the same unreachable servers. Check this host's network, DNS, firewall or proxy, and the platform's status page. gatewatch restarts the gateway only if Hermes stops retrying.",
  // Whose failure a platform's is (src/detectors/scope.ts, §10.5): the cause that holds its restart.
  'finding.platform_scope.host_network.title': "{name} cannot be reached over this host's network",
  'finding.platform_scope.host_network.explanation':
    "gatewatch's own checks from this host fail as the gateway does: the network here (DNS, route, proxy, firewall) is what fails, not Hermes.",
  'finding.platform_scope.host_network.action':
    "Do not restart the gateway for this: it would meet the same network. Fix this host's network (DNS, default route, proxy, firewall); Hermes reconnects {name} by itself once it works.",
  'finding.platform_scope.gave_up.title':
    "{name} cannot be reached over this host's network, and Hermes has stopped retrying it",
  'finding.platform_scope.gave_up.explanation':
    "gatewatch's own checks from this host fail as the gateway does: the network here is what fails. Hermes gave up on {name}, so it stays down until the gateway restarts, and a restart now would meet the same network.",
  'finding.platform_scope.gave_up.action':
    "Fix this host's network (DNS, default route, proxy, firewall). Hermes has stopped retrying {name}: once this host reaches it again, the gateway needs a restart (by hand: `{restart_cmd}`).",
  'finding.platform_scope.platform.title': '{name} is failing for everyone, not only this gateway',
  'finding.platform_scope.platform.explanation':
    "{name} fails gatewatch's own checks too (its own bot there, or most other gatewatch instances): the platform is down, not Hermes and not this host.",
  'finding.platform_scope.platform.action':
    'Do not restart the gateway for this: nothing here is broken. Wait for {name} to recover; Hermes reconnects by itself, and gatewatch says when it is back.',
  'finding.platform_answering.title': '{name} answers again from this host; Hermes reconnects it at its next retry',
  'finding.platform_answering.explanation':
    '{platform} has been down for {ago}. Hermes\' last error said its servers could not be reached ("{error}"), but gatewatch\'s own probe reaches them from this host now. Hermes retries by itself in {next} and should reconnect then; a restart now would only replace that retry with a slower one.',
  'finding.platform_answering.action':
    'Do not restart the gateway now: Hermes retries in a moment. If that retry fails although the servers answer, gatewatch restarts the gateway.',
  'finding.platform_retry_failed.title': "{name} answers from this host, but Hermes' retry failed: a restart helps",
  'finding.platform_retry_failed.explanation':
    "{platform} has been down for {ago}. gatewatch's own probe reaches its servers from this host, yet Hermes' retry at {at}, which began after they answered, failed with \"{error}\". It is not the network: Hermes' own connection is stuck, and a restart gives it a fresh one.",
  'finding.platform_retry_failed.action':
    "Restart the gateway: gatewatch does by itself when its auto-restart allows (the line above says whether it does now); by hand: `{restart_cmd}`. If it happens again, check Hermes' proxy settings for this platform.",
  'finding.platform_server_error.title': "{name}'s servers answer with errors (HTTP {status}); Hermes keeps retrying",
  'finding.platform_server_error.explanation':
    '{platform} has been down for {ago}. Its servers are reached from this host but answer Hermes with an HTTP {status}, a failure on their side: "{error}". Hermes keeps retrying by itself and reconnects once they serve again; a restart of the gateway cannot mend their servers.',
  'finding.platform_server_error.action':
    "Do not restart the gateway for this: nothing on this host needs fixing. Check the platform's status page. gatewatch restarts the gateway if Hermes stops retrying.",
  'finding.platform_rate_limited.title': '{name} is rate-limiting the bot; Hermes keeps retrying',
  'finding.platform_rate_limited.explanation':
    '{platform} has been down for {ago}: its servers ask Hermes to slow down ("{error}"). Hermes retries by itself once the limit lifts; a restart would only add attempts and keep the limit on.',
  'finding.platform_rate_limited.action':
    'Do not restart the gateway for this: it would only add attempts. Wait for the limit to lift; if it comes back, look for another process using the same bot (a second gateway, a script).',
  // A platform whose own lines (whoever logged them) have been only failures and retries while its entry says connected.
  'finding.platform_refused.title': "{name} refuses the bot's credentials; Hermes keeps retrying",
  'finding.platform_refused.explanation':
    '{platform} has not connected for {ago}: every attempt since was refused ("{error}"). Hermes keeps retrying with the same credentials, and a restart would send them again.',
  'finding.platform_refused.action':
    "Renew the credential Hermes uses for {name} (its token or app secret in Hermes' .env or config.yaml), then restart the gateway once: `{restart_cmd}`. gatewatch does not restart for this.",
  'finding.platform_conflict.title':
    '{name} answers every request with 409 Conflict: another process uses the same bot',
  'finding.platform_conflict.explanation':
    '{platform} has not been served for {ago}: every request since was answered 409 Conflict ("{error}"). The platform serves one session per bot, and another holds it: a second gateway, OpenClaw or a script polling with the same token (for Telegram, every update it fetches is lost to this gateway). A restart only starts the same fight again.',
  'finding.platform_conflict.action':
    "Find and stop the other process using this bot's token (another Hermes home, a container, a script, a deployment on another machine); Hermes recovers by itself once it is gone, or restart the gateway once: `{restart_cmd}`. gatewatch does not restart for this.",
  'finding.platform_failing.title': '{name} keeps failing to connect: {count|# failure|# failures} in {ago}',
  'finding.platform_failing.explanation':
    '{platform} has not connected for {ago}: its lines since are only failures and retries, the last "{error}". Its entry in gateway_state.json still says connected, so nothing else shows it; messages on it are not received.',
  'finding.platform_failing.action': `Restart the gateway if it does not come back by itself. ${RESTART_EN} The quoted lines show the errors.`,
  'finding.launchd_replace.title': 'launchd starts the gateway with --replace',
  'finding.launchd_replace.explanation':
    'The launchd plist ({path}) runs `gateway run --replace` with KeepAlive: any second start (another service, a manual run) kills the running gateway instead of failing, and the two keep replacing each other.',
  'finding.launchd_replace.action':
    'Keep a single supervisor for this home. Remove `--replace` from ProgramArguments, or make sure nothing else starts the gateway; then `launchctl bootout` / `bootstrap` the plist.',
  'finding.systemd_no_restart.title': 'systemd unit does not restart the gateway',
  'finding.systemd_no_restart.explanation':
    'The unit {path} has no `Restart=` (or `Restart=no`) in [Service]: when the gateway exits, systemd leaves it down.',
  'finding.systemd_no_restart.action':
    'Add `Restart=always` and `RestartSec=5` to [Service] (or reinstall with `hermes gateway install --force`), then `systemctl --user daemon-reload`.',
  'finding.feishu_proxy.title': 'An HTTP proxy sits on the Feishu path',
  'finding.feishu_proxy.explanation':
    'Proxy settings were found in: {sources}. The Lark WebSocket breaks behind many HTTP proxies, so Feishu can go deaf while showing "connected".',
  'finding.feishu_proxy.action':
    'Exempt Feishu from the proxy (add `open.feishu.cn,.feishu.cn,.larksuite.com` to NO_PROXY for the gateway) or remove the proxy variables, then restart the gateway.',
  'finding.hermes_home_missing.title': 'The Hermes home {path} does not exist',
  'finding.hermes_home_missing.explanation':
    'There is no directory {path}: no gateway.pid, log or state file can ever be found there, so the gateway would look "not running" forever. A typo (~/.hermse) or a profile that was never created?',
  'finding.hermes_home_missing.action':
    "Set this target's Hermes home in gatewatch's config to the one the gateway runs with (its HERMES_HOME, e.g. ~/.hermes or ~/.hermes/profiles/<name>).",
  'finding.evidence_unreadable.title': 'gatewatch cannot read {files} of {target}',
  'finding.evidence_unreadable.explanation':
    'Some of what gatewatch judges the gateway by cannot be read, so the checks that need it cannot see a failure there: a healthy verdict would be a guess. The evidence says which file and why (not a regular file, too large, no permission, not valid JSON).',
  'finding.evidence_unreadable.action':
    'Make the file a readable regular file again (Hermes recreates gateway_state.json and gateway.pid on its next start; a FIFO, a device or a symlink at a log path must be removed), or point the target at the right path in the gatewatch config.',
  'finding.session_unreadable.title':
    "{platform}'s session files belong to {owner}: the gateway's user cannot use them",
  'finding.session_unreadable.explanation':
    "{count|# file or folder|# files and folders} in {path} belong to {owner}, and the gateway runs as {user}, who cannot read and write them: a command run as root in the Hermes home (pairing again with `sudo hermes …`, a `docker exec` as root) leaves its own files behind. {platform} fails on them until they are the gateway's again, whoever starts it and however often.",
  'finding.session_unreadable.action':
    'Fix the ownership: {chown}. Hermes reads them again at its next retry. gatewatch leaves the gateway as it is for this: a new gateway process would meet the same files.',
  'finding.session_unreadable.store.title':
    "Hermes' session files belong to {owner}: the gateway's user cannot use them",
  'finding.session_unreadable.store.explanation':
    "{count|# file or folder|# files and folders} in {path} belong to {owner}, and the gateway runs as {user}, who cannot read and write them: a command run as root in the Hermes home (`sudo hermes chat`, a `docker exec` as root) leaves its own files behind. The chats whose sessions are there fail until they are the gateway's again, whoever starts it and however often.",
  'finding.session_unreadable.store.action':
    'Fix the ownership: {chown}. gatewatch leaves the gateway as it is for this: a new gateway process would meet the same files.',
  // The command as it runs on this host: its path the host's own, not the `~` a quoted line says for the Hermes home.
  'finding.session_unreadable.chown': '`sudo chown -R {ids} {path}`',

  // Current Hermes (v0.19 and later)
  'finding.gateway_unresponsive.title': 'Gateway is running but its event loop does not answer',
  'finding.gateway_unresponsive.explanation':
    'The gateway process (pid {pid}) is alive and its control socket accepts connections, but it did not answer `identify` within {wait} (asked twice). Hermes reads control requests on its event loop, so a silent socket means the loop is wedged: no platform receives or sends anything.',
  'finding.gateway_unresponsive.action': `Restart the gateway. ${RESTART_EN} If it happens again, look for a blocking tool call or plugin in agent.log just before it went silent.`,
  'finding.gateway_unresponsive.heartbeat.title': 'Gateway is running but has stopped its housekeeping heartbeat',
  'finding.gateway_unresponsive.heartbeat.explanation':
    'Hermes {version} re-stamps gateway_state.json every 60 s; the last stamp is {ago} old while pid {pid} is alive. The event loop or housekeeping is wedged (Hermes itself reports "Gateway heartbeat stale").',
  'finding.gateway_unresponsive.heartbeat.action': `Restart the gateway. ${RESTART_EN}`,
  'finding.update_stuck.title': '`hermes update` did not bring the gateway back',
  'finding.update_stuck.explanation':
    'An update claimed this Hermes home {ago} ago (updater pid {pid}, {owner}) and the gateway is not running. The update window is over: the claim is stale.',
  'finding.update_stuck.action': `Check \`logs/update.log\` for how the update ended, then start the gateway. ${RESTART_EN}`,
  'finding.update_stuck.incomplete.title': 'An update stopped half-way and the gateway is down',
  'finding.update_stuck.incomplete.explanation':
    'Hermes left {markers} in this home: an update did not finish, and the gateway is not running. Starting the old or half-installed code may fail the same way, so gatewatch does not restart it.',
  'finding.update_stuck.incomplete.action':
    'Run `hermes update` again (it resumes), read `logs/update.log`, then {restart}.',
  'finding.update_stuck.sha.title': 'Gateway still runs the code from before the update',
  'finding.update_stuck.sha.explanation':
    'After `hermes update` a restart onto {expected} is owed (`fleet_restart_pending`), but the running gateway reports code {running}. It keeps serving on the old code until restarted.',
  'finding.update_stuck.sha.action':
    'Restart the gateway when convenient: `{restart_cmd}` or {restart} (every profile it serves reconnects). If the marker is old and the code is right, the marker is stale (Hermes #111272).',
  'finding.install_broken.title': '{platform} cannot start: {module} is missing from its install',
  'finding.install_broken.explanation':
    '{where} says "{error}" each time {platform} starts. Hermes keeps retrying it and a restart of the gateway starts the same broken install: a package is missing, usually after an update that did not finish installing.',
  'finding.install_broken.action':
    '{install} Hermes retries {platform} by itself and picks it up once it is installed; no restart is needed.',
  'finding.install_broken.install.node': 'Install its packages again: run `npm install` in {dir}.',
  'finding.install_broken.install.any':
    'Install the missing package again into the environment Hermes runs from (run `hermes update` again).',
  'finding.platform_auth_failed.title': '{platform} cannot log in ({code})',
  'finding.platform_auth_failed.explanation':
    'Hermes stopped trying {platform}: its credential, permissions or pairing were refused ({code}). Hermes never retries this, and a restart fails the same way.',
  'finding.platform_auth_failed.action':
    'Fix the {platform} credential in the .env / config.yaml of this Hermes home, then {restart}.',
  'finding.platform_auth_failed.discord.title': 'Discord refused the bot ({code})',
  'finding.platform_auth_failed.discord.explanation':
    'Discord rejected the connection ({code}): the bot token is invalid or revoked, or the privileged Gateway Intents Hermes needs are not enabled. Hermes never retries this, and a restart fails the same way.',
  'finding.platform_auth_failed.discord.action':
    'In the Discord Developer Portal (https://discord.com/developers/applications → your bot): regenerate the token and update DISCORD_BOT_TOKEN, or enable the Message Content (and Server Members) intent → Save Changes; then {restart}.',
  'finding.platform_auth_failed.whatsapp.title': 'WhatsApp is logged out or not paired ({code})',
  'finding.platform_auth_failed.whatsapp.explanation':
    'The WhatsApp session is gone ({code}): the bridge exits with "Logged out. Delete session and restart to re-authenticate." and Hermes respawns it forever. A restart does not help.',
  'finding.platform_auth_failed.whatsapp.action':
    'Re-pair the phone: run `hermes whatsapp` and scan the QR code, then {restart}.',
  'finding.platform_auth_failed.weixin.title': 'Weixin is missing its login ({code})',
  'finding.platform_auth_failed.weixin.explanation':
    'The Weixin adapter cannot start ({code}). Hermes never retries this.',
  'finding.platform_auth_failed.weixin.action':
    'Log Weixin in again (QR) and set the token/account in the .env of this Hermes home, then {restart}.',
  'finding.platform_auth_failed.signal.title': 'Signal: the phone number is locked by another client ({code})',
  'finding.platform_auth_failed.signal.explanation':
    'signal-cli reports the account lock is held elsewhere ({code}). Hermes never retries this.',
  'finding.platform_auth_failed.signal.action':
    'Stop the other signal-cli (or device) using this number, then restart signal-cli and {restart}.',
  'finding.platform_auth_failed.telegram.title': 'Telegram refused the bot token ({code})',
  'finding.platform_auth_failed.telegram.explanation':
    'Telegram rejected the bot token ({code}). Hermes never retries this.',
  'finding.platform_auth_failed.telegram.action':
    'Check the token with @BotFather (revoked or mistyped?), update TELEGRAM_BOT_TOKEN, then {restart}.',
  'finding.platform_deaf.title': '{platform} says "connected" but cannot receive',
  'finding.platform_deaf.explanation':
    'gateway_state.json still says {platform} is connected, but its own log lines show it stopped receiving ({count|# time|# times} this run).',
  'finding.platform_deaf.action': 'Read the quoted lines; restart the gateway if the platform does not recover.',
  'finding.respawn_storm.title': 'Gateway is crash-looping: {count|# start|# starts} in {window}',
  'finding.respawn_storm.explanation':
    "gateway-starts.log shows the gateway started {count|# time|# times} in the last {window}; Hermes' own breaker backs off (10 s up to 5 min) after more than 5 starts in 2 minutes, and during that back-off the process lives without a gateway.pid. Something kills or crashes it right after each start; another restart only feeds the loop.",
  'finding.respawn_storm.action':
    'Do not restart on top of this. Read the end of gateway.log, {journal} for the crash, fix it, then {restart}.',
  'finding.respawn_storm.slow.title': 'The gateway restarts every {cadence}: {count|# start|# starts} in {window}',
  'finding.respawn_storm.slow.explanation':
    'gateway-starts.log shows {count|# start|# starts} in the last {window}, about one every {cadence}, the last {last} ago: each life ends within a minute and its supervisor starts it again. That is too slow for Hermes\' own breaker (more than 5 starts in 2 minutes), so nothing stops it, and each start sends its "online" notice to the chats again. After the v0.20.0 upgrade a launchd profile looped like this for hours (Hermes #79519). A restart from gatewatch would be one more start of the loop.',
  'finding.respawn_storm.slow.action':
    'Do not restart on top of this. Read the end of gateway.log, {journal} for why each life ends, and stop the job that restarts it (for a profile, its own launchd job or unit) until it is fixed; then {restart}.',
  'finding.respawn_storm.supervisor.title':
    'Gateway is crash-looping: {supervisor} restarted it {count|# time|# times} in {window}',
  'finding.respawn_storm.supervisor.explanation':
    '{supervisor} saw the gateway die {count|# time|# times} in the last {window} and starts it again after each death; each life ends too soon to serve. {cause} Another restart only feeds the loop.',
  'finding.respawn_storm.supervisor.action':
    'Do not restart on top of this. Fix what the error says; {supervisor} brings it up by itself once it stays up. If it has stopped trying by then: {start}.',
  'finding.supervisor_gave_up.title': '{supervisor} gave up on the gateway: it is down and nothing starts it',
  'finding.supervisor_gave_up.explanation':
    '{supervisor} restarted the gateway{lives}, each life ending too soon, and stopped trying {ago} ago. {cause}',
  'finding.supervisor_gave_up.action':
    'Fix what that error says, then start it: {start}. gatewatch does not start it by itself, since before the fix it dies the same way; `/fix` runs that start once you have fixed it.',
  'finding.supervisor_gave_up.lives': ' {count|# time|# times}',
  'finding.supervisor_gave_up.cause': 'The gateway\'s last error, from `{source}`: "{line}".',
  'finding.supervisor_gave_up.no_cause': 'Why it dies is in `{source}`.',
  'finding.supervisor_risk.title': 'Nothing brings the gateway back if it stops',
  'finding.supervisor_risk.explanation': 'What runs the gateway would not start it again if it stopped.',
  'finding.supervisor_risk.action': 'Set up a service for it: `hermes gateway install`.',
  'finding.supervisor_risk.no_linger.title': 'The gateway stops when {user} logs out',
  'finding.supervisor_risk.no_linger.explanation':
    "systemd runs {unit} in {user}'s own service manager, and lingering is off for {user}: when their last session ends (an SSH logout, a reboot with nobody logged in), that manager stops and the gateway with it, and nothing starts it until {user} logs in again. Hermes' own `hermes doctor` says the same.",
  'finding.supervisor_risk.no_linger.action':
    "Turn lingering on, so that {user}'s manager runs without a session: `sudo loginctl enable-linger {user}`. Said once; nothing else to do while the gateway runs.",
  'finding.supervisor_risk.no_autorestart.title': '{supervisor} would not restart the gateway if it died',
  'finding.supervisor_risk.no_autorestart.explanation':
    '{supervisor} runs the gateway with {setting}: when it dies, it stays down until someone starts it. gatewatch says so when it happens, and restarts it through {supervisor} when auto-restart is on.',
  'finding.supervisor_risk.no_autorestart.action': 'Let {supervisor} restart it by itself: {how}. Said once.',
  'finding.supervisor_risk.down_at_boot.title': '{supervisor} would not start the gateway at boot',
  'finding.supervisor_risk.down_at_boot.explanation':
    'Its service folder {unit} has a `down` file: at boot {supervisor} leaves the gateway down until someone starts it.',
  'finding.supervisor_risk.down_at_boot.action': 'Remove the `down` file: `rm {unit}/down`. Said once.',
  'finding.supervisor_risk.no_autostart.title': '{supervisor} would not start the gateway at boot',
  'finding.supervisor_risk.no_autostart.explanation':
    'Its `[program:{unit}]` has `autostart=false`: when supervisord starts (at boot, or after its own restart) it leaves the gateway down until someone starts it.',
  'finding.supervisor_risk.no_autostart.action':
    'Set `autostart=true` in `[program:{unit}]`, then `supervisorctl update`. Said once.',
  'finding.supervisor_risk.podman_no_boot.title': 'Podman would not start the container {unit} at boot',
  'finding.supervisor_risk.podman_no_boot.explanation':
    "Podman has no daemon: the container's restart policy lives in its conmon, and after a reboot only two things start {unit}: podman-restart.service where it is enabled, which starts only containers whose policy is `always`, or a unit of its own (Quadlet). Neither does here: after a reboot the gateway stays down until someone starts it.",
  'finding.supervisor_risk.podman_no_boot.action':
    'Have it started at boot: give it `--restart always` (`podman update --restart always {unit}` on Podman 5.1 and later; before it, create it again with that) and enable `sudo systemctl enable podman-restart.service` (rootless: `systemctl --user enable podman-restart.service`, and `loginctl enable-linger`), or run the container from a Quadlet unit (`hermes.container`). Said once.',
  'finding.supervisor_risk.pm2_unsaved.title':
    "pm2's list is not saved: after a reboot nothing brings the gateway back",
  'finding.supervisor_risk.pm2_unsaved.explanation':
    'At boot pm2 restores only what `pm2 save` wrote (dump.pm2), and nothing was saved: after a reboot, or `pm2 kill`, the gateway stays down until someone starts it.',
  'finding.supervisor_risk.pm2_unsaved.action':
    'Save the running list: `pm2 save` (and `pm2 startup` once, if pm2 does not start at boot yet). Said once.',
  'finding.supervisor_risk.pm2_no_startup.title':
    'pm2 does not start at boot: after a reboot nothing brings the gateway back',
  'finding.supervisor_risk.pm2_no_startup.explanation':
    'No unit that `pm2 startup` writes starts pm2 at boot for this pm2 home: after a reboot pm2 is not running, and neither is the gateway.',
  'finding.supervisor_risk.pm2_no_startup.action':
    'Run `pm2 startup`, then the command it prints, then `pm2 save`. Said once.',
  'finding.supervisor_risk.terminal_reboot.title': 'The gateway runs {via}: nothing starts it after a reboot',
  'finding.supervisor_risk.terminal_reboot.explanation':
    'It was started by hand {via}. Nothing starts it again when the host reboots or that session ends; gatewatch would only be able to start the same command again once it is gone.',
  'finding.supervisor_risk.terminal_reboot.action':
    'Install a service for it (`hermes gateway install`), or run it under pm2, supervisord or runit. Said once.',
  'finding.platform_down.signal_cli.title': 'Signal is down: signal-cli cannot be reached',
  'finding.platform_down.signal_cli.explanation':
    'Hermes cannot reach its signal-cli daemon ("{line}") and retries forever; Signal has been down for {ago} (state {state}). Restarting Hermes does not help: signal-cli is a separate service.',
  'finding.platform_down.signal_cli.action':
    'Restart signal-cli (its container or service) and check the URL Hermes uses for it; Hermes reconnects by itself. REST images that answer 404 need the JSON-RPC mode.',
  'finding.log_flood.title': 'Gateway log grows {rate} MB/min',
  'finding.log_flood.explanation':
    '{file} grew by {mb} MB in the last {window} ({rate} MB/min; a busy healthy gateway writes kilobytes a minute). {disk}. The line that repeats most ({share}% of the lines sampled): "{line}". Such storms fill the disk (one DingTalk reconnect storm wrote 315 MB) and bury every other line. A restart does not fix the cause, so gatewatch does not restart for this.',
  'finding.log_flood.action':
    'Find what repeats (the line above, usually a platform reconnect loop) and fix that platform; check the free disk space. Restart by hand once if the storm does not settle, not repeatedly.',
  'finding.log_flood.file.title': 'A log under the Hermes home grows {rate} MB/min: {name}',
  'finding.log_flood.file.explanation':
    "{file} grew by {mb} MB in the last {window} ({rate} MB/min, {hourly} an hour{lines}; a busy healthy gateway writes kilobytes a minute). {writer}{disk}. Writing this much is a fault in itself, whatever the disk has left: it takes the host CPU and disk I/O all the time and buries every other line. Storms like this fill the disk: a third-party plugin wrote a gateway log to 63 GiB in about 4 days, and the dashboard's usage loop on a malformed state.db wrote 520,772 lines a day (Hermes #96591). A restart does not stop what writes it, so gatewatch does not restart for this.",
  'finding.log_flood.file.action':
    'Look at the end of {file} for what repeats and stop that writer (a plugin, a loop on a broken database); then truncate or rotate the file, and check the free disk space.',
  'finding.log_flood.file.runaway.title': 'A log under the Hermes home runs away: {name} is {size}, {rate} MB/min',
  'finding.log_flood.file.runaway.explanation':
    '{file} holds {size} written over {over} {since}, {rate} MB a minute on average ({hourly} an hour{lines}), and it is being written now (a busy healthy gateway writes kilobytes a minute). {writer}{disk}. Writing this much is a fault in itself, whatever the disk has left: it takes the host CPU and disk I/O all the time and buries every other line. Storms like this fill the disk: a third-party plugin wrote a gateway log to 63 GiB in about 4 days, and runaway logs at 16 GiB a day were seen. A restart does not stop what writes it, so gatewatch does not restart for this.',
  'finding.log_flood.file.runaway.action':
    'Look at the end of {file} for what repeats and stop that writer (a plugin, a loop on a broken database); then truncate or rotate the file before the disk fills.',
  'finding.log_flood.file.pace.title': 'A log under the Hermes home grows {rate} MB/min: {name} is {size}',
  'finding.log_flood.file.pace.explanation':
    '{file} ({size}) was written at {rate} MB a minute ({hourly} an hour{lines}) over its last {over}, by the stamps on its own lines, and it is being written now (a busy healthy gateway writes kilobytes a minute). {writer}{disk}. Writing this much is a fault in itself, whatever the disk has left: it takes the host CPU and disk I/O all the time and buries every other line. Storms like this fill the disk: a third-party plugin wrote a gateway log to 63 GiB in about 4 days, and runaway logs at 16 GiB a day were seen. A restart does not stop what writes it, so gatewatch does not restart for this.',
  'finding.log_flood.file.pace.action':
    'Look at the end of {file} for what repeats and stop that writer (a plugin, a loop on a broken database); then truncate or rotate the file before the disk fills.',
  'finding.log_flood.file.pace.rotated.title':
    'A log under the Hermes home grows {rate} MB/min: {name}, rotated about every {rotates}',
  'finding.log_flood.file.pace.rotated.explanation':
    '{file} and its rotated copies were written at {rate} MB a minute ({hourly} an hour{lines}) over their last {over}, by the stamps on their own lines, and it is being written now (a busy healthy gateway writes kilobytes a minute). {writer}It is rotated about every {rotates}, so its {files} files stay at about {kept} and do not fill the disk by themselves; but writing this much is a fault in itself: it takes the host CPU and disk I/O all the time, and every other line in it is gone within minutes. A restart does not stop what writes it, so gatewatch does not restart for this.',
  'finding.log_flood.file.pace.rotated.action':
    "Look at the end of {file} for what repeats and stop that writer (a platform's reconnect loop, a plugin, a loop on a broken database).",
  // A gateway in a container: its container's state and its s6 slot's (src/detectors/container.ts)
  'finding.container_slot.container_down.title': 'The container {container} is not running{oom}',
  'finding.container_slot.container_down.explanation':
    'Hermes runs in the {runtime_name} container {container}, and the container is {status} (exit {code}): every gateway in it is down, and s6 inside it can start nothing. Its restart policy did not bring it back.',
  'finding.container_slot.container_down.action':
    'Start the container: {start}; its boot starts each gateway whose last state was running. gatewatch does so by itself when auto-restart is on.{oom_action}',
  'finding.container_slot.container_down.program.title': 'The container {container} is not running{oom}',
  'finding.container_slot.container_down.program.explanation':
    'The gateway is the program of the {runtime_name} container {container}, and the container is {status} (exit {code}): the gateway is down with it. Its restart policy did not bring it back.',
  'finding.container_slot.container_down.program.action':
    'Start the container: {start}. gatewatch does so by itself when auto-restart is on.{oom_action}',
  'finding.container_slot.title':
    'Gateway {profile} is parked in the container {container}: it exited {code} and s6 will not start it again',
  'finding.container_slot.explanation':
    "The gateway in the slot {slot} ended with exit {code}, and the image's finish script parks such an exit instead of restarting it: the container stays up, the gateway stays down, and nothing says so.",
  'finding.container_slot.action':
    'Start it: {start}. gatewatch does so by itself when auto-restart is on. `gateway restart` does not bring back a parked slot. Why it exited is in {journal}.',
  'finding.container_slot.permissions.title':
    'Gateway {profile} in the container {container} cannot write its home, and dies at every start',
  'finding.container_slot.permissions.explanation':
    's6 counts {deaths} deaths of the slot {slot} in the last two minutes, and the container\'s output says why: "{line}". Files or folders under /opt/data belong to another user than the container\'s hermes user (root, after a `docker exec` as root), so every start fails the same way.',
  'finding.container_slot.permissions.action':
    'Restart the container, whose boot hands the volume back to its user: `{runtime} restart {container}` (gatewatch does so by itself when auto-restart is on). Run Hermes commands in it as its user from now on (`docker exec -u hermes …`).',
  'finding.container_slot.crash_loop.title':
    'Gateway {profile} in the container {container} keeps dying: {deaths} exits in 2 minutes, and s6 starts it again each time',
  'finding.container_slot.crash_loop.explanation':
    "s6's tally of the slot {slot} counts {deaths} deaths in the last two minutes (the last: {last}); s6 starts the gateway again about a second after each, so it is up for moments and serves nobody. Hermes' own breaker backs off after more than 5 starts in 2 minutes.",
  'finding.container_slot.crash_loop.action':
    '{cause} s6 brings it up by itself once it stays up. A restart only adds a start to the loop, so gatewatch does not restart it.',
  'finding.container_slot.cause': 'Fix what makes it exit, as its output says at each start: "{line}" (`{source}`).',
  'finding.container_slot.cause_unknown': 'Read why it exits in {journal}, and fix that.',
  'finding.container_slot.config_exit.title':
    'Gateway {profile} in the container {container} exited 78 (a configuration error), and s6 parked it',
  'finding.container_slot.config_exit.explanation':
    "Exit 78 is Hermes' way of saying its configuration cannot work: no messaging platform set up, or a token another gateway holds. s6 parks the slot, and a start only parks it again.",
  'finding.container_slot.config_exit.action': 'Read why in {journal}, fix the configuration, then start it: {start}.',
  'finding.container_slot.left_down.title': 'Gateway {profile} was left down when the container {container} started',
  'finding.container_slot.left_down.explanation':
    "At the container's start the boot reconciler read its last state, {prior}, and registered the slot down instead of starting it (by design, so that a crash does not loop across restarts). The container runs; this gateway does not.",
  'finding.container_slot.left_down.action':
    'Start it: {start} (that also records that it should run at the next container start). gatewatch does so by itself when auto-restart is on.',
  'finding.container_slot.no_slot.title': 'Profile {profile} has no gateway slot in the container {container}',
  'finding.container_slot.no_slot.explanation':
    'The container supervises one slot for each profile it knew at its start; a profile made from the host since then has none, so no gateway runs for it.',
  'finding.container_slot.no_slot.action':
    'Register and start it from inside the container: {start}. Not `hermes -p {profile} gateway run` on this host: against the mounted home it starts a second gateway that nothing supervises.',
  'finding.container_slot.health_ended.title':
    'The container {container} is down: its own health check failed, and {who} {ended} it',
  'finding.container_slot.health_ended.explanation':
    'Its health check (`{test}`) failed {streak|# time|# times} in a row, the last answering "{output}", and its `--health-on-failure={action}` had {who} end the container. Not a stop of the operator\'s, nor a death of the gateway\'s own: nothing has started it since.',
  'finding.container_slot.health_ended.action':
    'Start it: {start}. If the check fails again it ends the container again: find why `{test}` answered "{output}" (the gateway not reachable where the check looks, or the check itself) and fix that. gatewatch does not start it by itself; `/fix` runs that start.',
  'finding.container_slot.health_ended.stop': 'stopped',
  'finding.container_slot.health_ended.kill': 'killed',
  'finding.container_slot.oom': ': the kernel ended it for lack of memory',
  'finding.container_slot.oom_action':
    ' The kernel ended it for lack of memory: raise its memory limit, since a restart does not fix a leak.',

  // A container that cannot start as it is set up (src/detectors/deployment-setting.ts): the setting, never a start
  'finding.deployment_setting.user_pinned.title':
    "The container {container} is started as user {uid}, which Hermes' image refuses: no gateway starts in it",
  'finding.deployment_setting.user_pinned.explanation':
    "Its output says so at every start: \"{line}\" (`{source}`). The image's boot must run as root to hand /opt/data to its hermes user, so a container pinned to another user (`--user`, Compose's `user:`, a pod's `runAsUser`) stops before any gateway starts. {tries}",
  'finding.deployment_setting.user_pinned.action':
    'Remove that user setting and give the ids instead: HERMES_UID={uid} and HERMES_GID in its environment (or PUID and PGID); the image then runs the gateway as that user and hands it the volume. {recreate} A start or restart keeps the same settings and fails the same way, so gatewatch restarts nothing for it.',
  'finding.deployment_setting.read_only_root.title':
    "The container {container}'s root filesystem is read-only, and the image's s6 cannot run on it",
  'finding.deployment_setting.read_only_root.explanation':
    'Its output says so at every start: "{line}" (`{source}`). s6-overlay writes its state under / unless told that / is read-only (a pod\'s `readOnlyRootFilesystem: true`, Compose\'s `read_only: true`, `--read-only`). {tries}',
  'finding.deployment_setting.read_only_root.action':
    'Set S6_READ_ONLY_ROOT=1 in its environment, or let its root be writable. {recreate} A start or restart keeps the same settings and fails the same way, so gatewatch restarts nothing for it.',
  'finding.deployment_setting.not_pid1.title':
    "Another program is PID 1 in the container {container}, and the image's s6 cannot start",
  'finding.deployment_setting.not_pid1.explanation':
    "Its output says so at every start: \"{line}\" (`{source}`). s6-overlay must be the container's PID 1, and the runtime's own init (`--init`, Compose's `init: true`) takes its place. {tries}",
  'finding.deployment_setting.not_pid1.action':
    'Drop `--init` (`init: true`), or update the image: newer images run the gateway unsupervised behind another PID 1. {recreate} A start or restart keeps the same settings and fails the same way, so gatewatch restarts nothing for it.',
  'finding.deployment_setting.tries.loop':
    '{runtime} has started it {count|# time|# times} in {window}, each time to the same end.',
  'finding.deployment_setting.tries.gave_up':
    '{runtime} started it again {count|# time|# times} and gave up {ago} ago.',
  'finding.deployment_setting.tries.down': 'It exited {code}, and nothing starts it again.',
  // How this gateway is started, restarted and read, by its service manager (serviceParams)
  'finding.service.restart.managed':
    'gatewatch restarts it by itself when auto-restart is on; by hand: `{restart_cmd}` or {cmd}.',
  'finding.service.restart.command':
    'gatewatch restarts it by itself when auto-restart is on, with the restart command its config gives this gateway; by hand: `{restart_cmd}`.',
  // The same, when the alert's auto-restart line says gatewatch will not (paused, the budget spent, turned off).
  'finding.service.restart.managed.by_hand':
    'gatewatch does not restart it by itself now (the auto-restart line says why); by hand: `{restart_cmd}` or {cmd}.',
  'finding.service.restart.command.by_hand':
    'gatewatch does not restart it by itself now (the auto-restart line says why); by hand: `{restart_cmd}`.',
  'finding.service.restart.none':
    "No service manager runs it, so gatewatch cannot restart it: start it by hand ({cmd}), or install a service ({install}) for gatewatch to restart it through, or give it a start command in gatewatch's config for gatewatch to start it as you do{start_config}.",
  'finding.service.restart.container':
    "gatewatch restarts it by itself when auto-restart is on, through the container ({cmd}; a slot that is down is started: {start}); by hand: the same commands on this host. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  'finding.service.restart.container.by_hand':
    "gatewatch does not restart it by itself now (the auto-restart line says why); by hand on this host: {cmd}, or {start} for a slot that is down. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  // A target whose config says `restart: false` (another user's gateway, one kept by hand): watched only.
  'finding.service.restart.watch_only':
    'gatewatch only watches it (`restart: false` in its target): it restarts it neither by itself nor when asked; by hand: {cmd}, or {start} when it is down.',
  // A container gatewatch cannot reach (its runtime does not answer): watched only (src/detectors/lever.ts).
  'finding.service.restart.rootless':
    "gatewatch only watches it: it is {user}'s rootless Podman container, which only {user}'s own podman knows, so it cannot restart it; by hand as {user}: {cmd}. Run gatewatch as {user} to let it restart it.",
  'finding.service.restart.removed':
    'gatewatch cannot start it: its container {container} is gone, and only creating it again brings the gateway back: {start}.',
  'finding.service.restart.taken_out':
    'gatewatch cannot start it: its service was taken out of what its supervisor reads, and only putting it back brings the gateway back: {start}.',
  'finding.service.restart.read_only':
    "gatewatch only watches it: {runtime} does not answer it (its socket is root's on this host), so it cannot restart it; by hand on this host: {cmd}, or {start} for a slot that is down. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  'finding.service.restart.unmanaged':
    'Nothing supervises it: it was started {via} ({cmd}), and nothing starts it again. `/restart` has gatewatch start that command again (in a session of its own, so no terminal takes it down, its output to logs/gateway.stdout.log); to keep it up by itself and across reboots, install a service ({install}).',
  'finding.service.restart.container_program':
    "The gateway is the container's own program (no s6 inside): gatewatch restarts the container by itself when auto-restart is on ({cmd}); by hand: the same on this host.",
  'finding.service.restart.container_program.by_hand':
    'gatewatch does not restart it by itself now (the auto-restart line says why); by hand on this host: {cmd}.',
  'finding.service.restart.container_itself':
    "gatewatch restarts the container by itself when auto-restart is on ({cmd}): its boot starts each gateway whose last state was running; by hand: the same on this host. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  'finding.service.restart.container_itself.by_hand':
    "gatewatch does not restart it by itself now (the auto-restart line says why); by hand on this host: {cmd}, whose boot starts each gateway whose last state was running. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  // Podman's `update --restart` came in 5.1, and its podman-restart.service starts at boot only containers whose policy is
  // `always` (containers/podman#20418).
  'finding.service.journal.none': 'errors.log and the output of whatever started it',
  'finding.service.status.command':
    "If your service should have restarted it, check it with the status command gatewatch's config gives this gateway.",
  'finding.service.restart.config_command': "the restart command gatewatch's config gives this gateway",
  // pm2, supervisord, runit: the supervisor's own command is the lever ({supervisor} names it).
  'finding.service.restart.supervisor':
    '{supervisor} runs it: gatewatch restarts it through {supervisor} by itself when auto-restart is on ({cmd}); by hand: the same command.',
  'finding.service.restart.supervisor.by_hand':
    'gatewatch does not restart it by itself now (the auto-restart line says why); by hand, through {supervisor}: {cmd}.',
  // A pod's gateway, watched from its node: the kubelet is what starts it again (src/probes/supervisors/kubernetes.ts).
  'finding.service.restart.pod':
    "It runs in the Kubernetes pod {pod}, whose kubelet starts it again after it exits. gatewatch restarts it by itself when auto-restart is on, on this node ({cmd}); by hand: the same, or {kubectl} for a new pod. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  'finding.service.restart.pod.by_hand':
    "gatewatch does not restart it by itself now (the auto-restart line says why); by hand on this node: {cmd}, or {kubectl} for a new pod. Not the host's `hermes gateway …`: against the mounted home it starts a second gateway.",
  // Deaf while alive (hermes-gateway-current.md §8.7–§8.10)
  'finding.agent_turns_failing.title': 'Every agent turn fails: {provider} answers HTTP 400',
  'finding.agent_turns_failing.explanation':
    'In the last {window} the agent loop gave up on {count|# turn|# turns} with a non-retryable HTTP 400 from {provider} (model {model}): "{error}". {inbound|# inbound message is|# inbound messages are} waiting for a reply. The platforms, the process and its heartbeat all look healthy, and a restart changes nothing (the same configuration is loaded again).',
  'finding.agent_turns_failing.action':
    'Switch the model or provider (`hermes config set model …`, or `/model` in a chat), or fix the option the provider rejects; then send the bot a message to confirm. gatewatch does not restart for this.',
  'finding.agent_turns_failing.update.title':
    'Every agent turn fails since `hermes update`: {provider} answers HTTP 400',
  'finding.agent_turns_failing.update.explanation':
    '`hermes update` finished {updated} ago (Hermes {version} runs now), and since then the agent loop gave up on {count|# turn|# turns} with a non-retryable HTTP 400 from {provider} (model {model}): "{error}". {inbound|# inbound message is|# inbound messages are} waiting for a reply. The platforms, the process and its heartbeat all look healthy, and a restart changes nothing (the same configuration is loaded again).',
  'finding.agent_turns_failing.update.action':
    'Switch the model or provider (`hermes config set model …`, or `/model` in a chat), or roll the update back; then send the bot a message to confirm. gatewatch does not restart for this.',
  'finding.platform_paused.title': '{platform} is paused by the operator',
  'finding.platform_paused.explanation':
    'gateway_state.json says {platform} is paused ("{reason}"). Only `/platform pause` does that: Hermes never pauses a platform by itself. It receives nothing until it is resumed; gatewatch treats this as intent, not an outage, and does not restart to undo it (any gateway restart would resume it, since the pause lives in memory).',
  'finding.platform_paused.action':
    'When the maintenance is over, send `/platform resume {name}` to the bot (or restart the gateway). Nothing to do if the pause is meant to last.',
  'finding.agent_unanswered.title':
    'Messages are not being answered: {messages|# message|# messages} in {chats|# chat|# chats} waiting for {ago}',
  'finding.agent_unanswered.explanation':
    'The gateway received {messages|# message|# messages} in {chats|# chat|# chats} with no reply: the oldest came in {ago} ago, and this gateway normally answers well within {limit} (learned from its own "response ready … time=" lines). The platforms, the process and the state file look fine: the agent is stuck, most likely on a model call that never returns, and while it holds a chat every new message there (/status and /stop included) is dropped without a reply (Hermes #10274, #71720).',
  'finding.agent_unanswered.action':
    'Restart the gateway to free the stuck turn. {restart_how} If the same chat gets stuck again right after the restart, that session is being resumed: delete it (see /fix).',
  'finding.agent_unanswered.stream.title': "Messages wait {ago} for a reply: the model's stream keeps going quiet",
  'finding.agent_unanswered.stream.explanation':
    'The gateway received {messages|# message|# messages} in {chats|# chat|# chats} with no reply for {ago} (normally well within {limit}), and agent.log shows the model\'s stream going quiet ("Stream produced no non-ping SSE event" / "Stream stale"). Each retry waits again with no overall deadline (Hermes #72016: 22 minutes for one reply). The provider or proxy is the problem; a restart does not make it answer.',
  'finding.agent_unanswered.stream.action':
    'Check the model provider and any proxy in between (its status page, its timeouts), or configure a fallback model. gatewatch does not restart for this.',
  'finding.agent_stream_stalled.title': "The model's stream went quiet {count|# time|# times} in {window}",
  'finding.agent_stream_stalled.explanation':
    'agent.log shows the model\'s streamed replies stalling ("Stream produced no non-ping SSE event within …" or Hermes\' own "Stream stale … Killing connection") {count|# time|# times} within {window}. Replies still arrive, late: every stall waits out a timeout before the retry (Hermes #72016). The process, sockets and state all look healthy.',
  'finding.agent_stream_stalled.action':
    'Check the provider and any proxy between this host and it; configure a fallback model if it goes on. A restart does not help.',
  'finding.container_paused.title': 'The container {container} is paused: its gateway is frozen and serves nobody',
  'finding.container_paused.explanation':
    'Its runtime froze every process in it (`{runtime} pause`, or a tool that freezes containers), the gateway too: it answers nothing and its platforms time out, while its process and its container still read "running". gatewatch restarts nothing for it: a restart would undo the pause.',
  'finding.container_paused.action': 'Unpause it when it should serve again: `{runtime} unpause {container}`.',
  'finding.container_unhealthy.title':
    '{runtime} marks the container {container} unhealthy: its own health check fails',
  'finding.container_unhealthy.explanation':
    'The health check the container was given (`{test}`) failed {streak} times in a row, the last with exit {code}: "{output}". `{runtime} ps` says "unhealthy"; {acts}: the gateway process runs, and what gatewatch finds wrong with it, if anything, is in its own alerts.',
  'finding.container_unhealthy.marks': '{runtime} restarts nothing for it, and neither does gatewatch',
  'finding.container_unhealthy.acts':
    '{runtime} {action}s the container each time it does (`--health-on-failure={action}`), and gatewatch restarts nothing for it',
  'finding.container_unhealthy.action':
    'Run the check by hand (`{runtime} exec {container} {test}`) and see why it fails. Where nothing else is wrong the check itself is: Hermes answers `GET /health` only with API_SERVER_ENABLED=true, on port 8642, and on 127.0.0.1 inside the container unless API_SERVER_HOST says otherwise.',
  'finding.loop_stalled.title': "Hermes' dashboard/TUI backend froze for {stalled}",
  'finding.loop_stalled.explanation':
    '{component} logged "event loop stalled … (GIL pressure suspected)": its event loop did not run for {stalled} (the line comes after it woke up). Sessions in the dashboard, desktop app or TUI looked lost meanwhile. The messaging gateway has its own loop watchdog; gatewatch checks that one through the control socket.',
  'finding.loop_stalled.action':
    'If it recurs, look for a long-running tool call or a blocked proxy on this host (Hermes #106359), and update Hermes. Nothing to restart while the gateway itself answers.',
  'finding.state_db_failing.wal_deleted.title':
    'state.db refuses every write: its WAL file was deleted under the gateway',
  'finding.state_db_failing.wal_deleted.explanation':
    'Hermes logged "deleted state.db-wal or state.db-shm" ({count|# time|# times}, first {ago} ago): a second Hermes process (even `hermes sessions list`) unlinked the live write-ahead log, and the gateway now refuses every write to session storage so that a second WAL cannot be made (Hermes #109687). Messages may still be answered, but nothing is saved. Restarting only the gateway is not enough.',
  'finding.state_db_failing.wal_deleted.action':
    'Stop every Hermes process of this profile (gateway, dashboard, `hermes serve`, cron), run `hermes doctor`, then start the gateway. Update Hermes (fixed by Hermes PR #109841).',
  'finding.state_db_failing.replaced.title': 'state.db is damaged or was replaced under the gateway',
  'finding.state_db_failing.replaced.explanation':
    'Hermes logged that state.db is "not a database" or "was replaced underneath the gateway" ({count|# time|# times}, first {ago} ago): session storage refuses further writes (Hermes #102198, #100896). A restart opens the same broken file.',
  'finding.state_db_failing.replaced.action':
    'Stop the gateway and every other writer (dashboard, `hermes serve`), run `hermes doctor`, then recover with `sqlite3 state.db .recover` or restore a backup before starting again. Never run `hermes doctor --fix` while writers run.',
  'finding.state_db_failing.fts.title': 'state.db search index is corrupt: searches miss new messages',
  'finding.state_db_failing.fts.explanation':
    'Hermes logged an FTS corruption on state.db ("database disk image is malformed", {count|# time|# times}, first {ago} ago). It keeps the canonical message rows but rebuilt or disabled the search index, so searches silently miss new rows (Hermes #89293).',
  'finding.state_db_failing.fts.action':
    'Run `hermes doctor` with the gateway stopped, or `sqlite3 state.db .recover`; consider `database.journal_mode: delete` if it recurs (Hermes #101064). gatewatch does not restart for this.',
  'finding.state_db_failing.malformed.title':
    'state.db is damaged: "database disk image is malformed", again and again',
  'finding.state_db_failing.malformed.explanation':
    'A reader of state.db met SQLite\'s "database disk image is malformed" {count|# time|# times} in the last 30 minutes (first {ago} ago), in whatever log it wrote (the dashboard\'s usage loop filled a journal with 520,772 such lines a day, Hermes #96591). The file itself is damaged: sessions may read as missing, writes may fail, and the loop fills the disk. A restart opens the same file.',
  'finding.state_db_failing.malformed.action':
    'Stop the gateway and every other reader and writer (dashboard, `hermes serve`), run `hermes doctor`, then recover with `sqlite3 state.db .recover` or restore a backup before starting again. Never run `hermes doctor --fix` while writers run. gatewatch does not restart for this.',
  'finding.state_db_failing.locked.title': 'state.db is locked again and again by another Hermes process',
  'finding.state_db_failing.locked.explanation':
    'Hermes could not write state.db {count|# time|# times} in the last 30 minutes because another Hermes process held its write lock for over 20 seconds (a VACUUM, a large WAL checkpoint, or an older process left over after an update). The database itself is healthy.',
  'finding.state_db_failing.locked.action':
    'Find the long-running writer (`ps` for hermes processes of this profile: dashboard, `hermes serve`, an old gateway) and stop it.',
  'finding.provider_auth.dead.title': "The model provider rejects Hermes' credential: every message gets an error",
  'finding.provider_auth.dead.explanation':
    'The provider refused the stored credential ({ago} ago): the token was invalidated or its refresh token already used (Codex "Your authentication token has been invalidated", `invalid_grant`, `refresh_token_reused`). Every message is answered with a canned error until someone logs in again; restarts change nothing.',
  'finding.provider_auth.dead.action':
    'Run `hermes auth` (or `hermes login`) on this host for this profile, then restart the gateway. gatewatch does not restart for this.',
  'finding.provider_auth.quota.title':
    "The model provider's quota is used up (shown to users as an authentication failure)",
  'finding.provider_auth.quota.explanation':
    'Hermes logged "Primary provider rate-limited (429): {why}. Credentials are still valid.": the quota is exhausted and resets in about {reset}. Users see "Provider authentication failed", but the credential is fine: logging in again and restarting do nothing.',
  'finding.provider_auth.quota.action':
    'Wait for the quota to reset, or configure a fallback provider (`hermes auth list` shows the time left). Do not re-authenticate.',
  'finding.startup_held.lease.title': 'Gateway start-up is held by a migration ({phase}) for {ago}',
  'finding.startup_held.lease.explanation':
    'Hermes\' start-up watchdog honours a progress lease held by phase "{phase}": a state.db migration or sweep is still working (Hermes #100968, #115542). Platforms connect only after it. Restarting now would start that work again.',
  'finding.startup_held.lease.action':
    'Let it finish. If it happens at every start, check that the SQLite behind Hermes has FTS5 and update Hermes. gatewatch holds its own restarts meanwhile.',
  'finding.startup_held.mcp.title': 'Gateway start-up waits for MCP server {servers}',
  'finding.startup_held.mcp.explanation':
    'The gateway started {ago} ago and has not finished starting: it waits for MCP discovery, and MCP server {servers} keeps failing to connect (60 s per try, 3 tries). A restart waits for the same server again (Hermes #29726, #70591).',
  'finding.startup_held.mcp.action':
    'Fix or disable that MCP server entry in the Hermes config (its stderr is in logs/mcp-stderr.log), then restart once.',
  'finding.config_ignored.title': '{lost}Hermes runs without its config.yaml: {file}, line {line}, column {column}',
  'finding.config_ignored.explanation':
    'Hermes could not parse {file} and started without it, on .env and gateway.json alone (Hermes #89157): every setting only that file holds is gone, quietly.{missing} The YAML error it logged: {error}',
  'finding.config_ignored.action':
    'Fix the YAML at line {line}, column {column} of {file} (often the indentation just before it), then restart the gateway once. A restart without the fix loads the same file; gatewatch does not restart for this.',
  'finding.config_ignored.unmarked.title': '{lost}Hermes runs without its config.yaml: {file} could not be parsed',
  'finding.config_ignored.unmarked.explanation':
    'Hermes could not parse {file} and started without it, on .env and gateway.json alone (Hermes #89157): every setting only that file holds is gone, quietly.{missing} The error it logged: {error}',
  'finding.config_ignored.unmarked.action':
    'Fix the YAML error of {file} it names, then restart the gateway once. A restart without the fix loads the same file; gatewatch does not restart for this.',
  'finding.config_ignored.missing':
    ' This start connected {count} of {expected} platforms: {platforms} did not start. The fallback dropped them: only the fixed file, then a restart, brings them back.',
  'finding.config_ignored.lost': '{name} is off: ',
  'finding.restart_loop.pid_race.title':
    'Every start exits at once: a stale PID file or lock ({count|# start|# starts} in {window})',
  'finding.restart_loop.pid_race.explanation':
    'Each start logs "PID file race lost to another gateway instance" (or "runtime lock is already held") and exits, but no gateway of this home is running: the PID file or lock left by a killed gateway is stale (Hermes #13655). Restarting only repeats the loop.',
  'finding.restart_loop.pid_race.action':
    'Make sure no gateway of this home runs, remove the stale gateway.pid, gateway.lock and gateway.sock in the Hermes home, then start the gateway once. gatewatch does not restart into this loop.',
  'finding.restart_loop.supervised_conflict.title':
    'Every start refuses: "a gateway is already running under {manager}" ({count|# start|# starts}, the last {ago} ago)',
  'finding.restart_loop.supervised_conflict.explanation':
    'The supervisor relaunches the gateway and each start prints "✗ A gateway is already running under {manager} for this profile." and exits at once, yet no gateway of this home runs: the start does not see itself supervised, because the supervisor\'s marker does not reach it (Hermes #82538, often after an update). A restart is what the supervisor already does every few seconds; it cannot end this.',
  'finding.restart_loop.supervised_conflict.action':
    "Make the supervisor's marker reach the gateway: add `--external-supervisor` to its `gateway run` command in the service (or set HERMES_GATEWAY_EXTERNAL_SUPERVISOR=1 in its environment), or start it with `--force`; then restart the service once. gatewatch does not restart into this loop.",
  'finding.restart_loop.stale_unit.title': 'The systemd unit ({unit}) stops faster than the gateway drains',
  'finding.restart_loop.stale_unit.explanation':
    'Hermes warned at start that {unit} has a TimeoutStopSec shorter than its drain: systemd will SIGKILL the gateway mid-drain at the next stop, and the stale lock then makes starts fail (Hermes #31981).',
  'finding.restart_loop.stale_unit.action':
    'Run `hermes gateway install --force`, then `systemctl --user daemon-reload` (system units: without --user).',
  'finding.state_db_failing.title': 'state.db is failing under the gateway',
  'finding.state_db_failing.explanation':
    'Hermes logged trouble with its session database state.db ({count|# time|# times}, first {ago} ago).',
  'finding.state_db_failing.action': 'Run `hermes doctor` with the gateway stopped.',
  'finding.provider_auth.title': 'The model provider refuses Hermes',
  'finding.provider_auth.explanation': "The model provider refused Hermes' requests ({ago} ago).",
  'finding.provider_auth.action': 'Run `hermes auth list` to see the state of each credential.',
  'finding.startup_held.title': 'Gateway start-up is held by Hermes for {ago}',
  'finding.startup_held.explanation': 'Hermes is still starting after {ago}, waiting on work of its own.',
  'finding.startup_held.action': 'Let it finish; read the end of agent.log.',
  'finding.restart_loop.title': 'The gateway is in a restart loop a restart cannot end',
  'finding.restart_loop.explanation': 'Hermes keeps starting and stopping for a reason a restart does not change.',
  'finding.restart_loop.action': 'Read the quoted lines; fix the cause before starting the gateway again.',
  'finding.memory_growth.title': 'Gateway memory keeps climbing: {to} now, the host runs out in about {eta}',
  'finding.memory_growth.explanation':
    "The gateway's resident memory grew from {from} to {to} over {over} (about {rate} an hour, steadily). At this rate it reaches what the host still has ({limit}) in about {eta}, and then the OOM killer strikes (Hermes #81625 froze its host). Hermes' own \"[MEMORY] rss=\" line is a peak that never falls; gatewatch trends the process's current RSS.",
  'finding.memory_growth.action':
    "Plan a restart before then ({restart_how}); it only buys time. What helps: {helps}; and cap the gateway's memory (systemd MemoryMax=) so a leak cannot take the host down.",
  'finding.memory_growth.cgroup.title': 'Gateway memory keeps climbing: {to} now, its limit ({limit}) in about {eta}',
  'finding.memory_growth.cgroup.explanation':
    "The gateway's resident memory grew from {from} to {to} over {over} (about {rate} an hour, steadily). At this rate it reaches its cgroup memory limit ({limit}) in about {eta}, and then the kernel kills it. Hermes' own \"[MEMORY] rss=\" line is a peak that never falls; gatewatch trends the process's current RSS.",
  'finding.memory_growth.cgroup.action':
    'Plan a restart before then ({restart_how}); it only buys time. What helps: {helps}.',
  'finding.memory_growth.tier.title':
    "Gateway memory keeps climbing: {to} now, Hermes' memory turns critical in about {tier_eta}",
  'finding.memory_growth.tier.explanation':
    "The gateway's resident memory grew from {from} to {to} over {over} (about {rate} an hour, steadily). At this rate what the host has left falls under Hermes' critical line ({floor} available) in about {tier_eta}, and runs out ({limit}) in about {eta}: then the OOM killer strikes (Hermes #81625 froze its host). Hermes' own \"[MEMORY] rss=\" line is a peak that never falls; gatewatch trends the process's current RSS.",
  'finding.memory_growth.tier.action':
    "A restart only buys time: plan one before then ({restart_how}). What helps: {helps}; and cap the gateway's memory (systemd MemoryMax=) so a leak cannot take the host down.",
  'finding.memory_growth.cgroup.tier.title':
    "Gateway memory keeps climbing: {to} now, Hermes' memory turns critical in about {tier_eta} (limit {limit})",
  'finding.memory_growth.cgroup.tier.explanation':
    "The gateway's resident memory grew from {from} to {to} over {over} (about {rate} an hour, steadily). At this rate what its cgroup has left falls under Hermes' critical line ({floor}) in about {tier_eta}, and it reaches its cgroup memory limit ({limit}) in about {eta}: then the kernel kills it. Hermes' own \"[MEMORY] rss=\" line is a peak that never falls; gatewatch trends the process's current RSS.",
  'finding.memory_growth.cgroup.tier.action':
    'A restart only buys time: plan one before then ({restart_how}). What helps: {helps}.',
  // Forecasts (src/detectors/forecast.ts): the time left, in words, and the trend it rests on.
  'finding.forecast.title': 'A trend reaches a limit soon',
  'finding.forecast.explanation':
    'A trend gatewatch follows reaches a limit soon if it holds: the evidence shows the trend.',
  'finding.forecast.action': 'Act before the time left runs out.',
  'finding.forecast.disk.title':
    "The disk under HERMES_HOME is filling: {free} free, Hermes' critical disk tier in about {eta}",
  'finding.forecast.disk.explanation':
    'Free space on the disk that holds {home} fell from {from} to {free} over {over} (about {rate} an hour, steadily). At this rate it falls under Hermes\' critical line ({floor} free) in about {eta}, and the disk is full in about {full_eta}: then every reply is "[Errno 28] No space left on device" and state.db says "database or disk is full" (Hermes #52383). {dirs}',
  'finding.forecast.disk.action':
    'Free space before then; a restart frees nothing. Hermes prunes neither state-snapshots/ nor cron/output/<job>/ (Hermes #52383): remove the snapshots and job outputs you no longer need; a log that grows by gigabytes a day is a storm (find its repeating line). `du -sh {home}/*` shows the rest.',
  'finding.forecast.disk.full.title':
    'The disk under HERMES_HOME is nearly full: {free} free, full in about {full_eta}',
  'finding.forecast.disk.full.explanation':
    'Free space on the disk that holds {home} fell from {from} to {free} over {over} (about {rate} an hour, steadily), under Hermes\' critical line ({floor}) already. At this rate the disk is full in about {full_eta}: then every reply is "[Errno 28] No space left on device" and state.db says "database or disk is full" (Hermes #52383). {dirs}',
  'finding.forecast.disk.full.action':
    'Free space now; a restart frees nothing. Hermes prunes neither state-snapshots/ nor cron/output/<job>/ (Hermes #52383): remove the snapshots and job outputs you no longer need; a log that grows by gigabytes a day is a storm (find its repeating line). `du -sh {home}/*` shows the rest.',
  'finding.cron_stalled.title': 'Cron jobs stopped: the ticker has not run for {ago}',
  'finding.cron_stalled.explanation':
    'The gateway is running, but its cron ticker has not written its heartbeat (cron/ticker_heartbeat, due every 60 s) for {ago}: the ticker is wedged (a blocked tick, a held tick lock) and no scheduled job fires. Nothing is logged when this happens (Hermes #60703).',
  'finding.cron_stalled.action':
    "Restart the gateway. {restart_how} `hermes cron status` shows the same from Hermes' side.",
  'finding.cron_stalled.failing.title': 'Every cron tick fails: no successful tick for {ago}',
  'finding.cron_stalled.failing.explanation':
    'The cron ticker still runs (its heartbeat is fresh), but none of its ticks has succeeded for {ago} (cron/ticker_last_success): every tick raises, and scheduled jobs do not run. The error is logged as "Cron tick error" in agent.log.',
  'finding.cron_stalled.failing.action':
    'Read "Cron tick error" in agent.log (and `hermes cron status`), fix the job or jobs.json it names. A restart does not fix a failing job.',
  'finding.stuck_session.title':
    'A stuck {platform} session kills the gateway after every restart ({deaths} deaths in a row)',
  'finding.stuck_session.explanation':
    'For {ago}, each life of the gateway ended uncleanly with the same {platform} chat ({chat}) unanswered, and each next start resumed it (session {session}): the turn that hangs or loops is re-entered after every restart (Hermes #7536). Restarting only repeats it.',
  'finding.stuck_session.action':
    'Delete that one session: stop the gateway, run `hermes sessions delete {session} --yes`, start it (`/fix` does exactly this, after you confirm). Or send /stop in that chat while the gateway still answers. The chat starts a fresh session; nothing else is lost.',
  'finding.stuck_session.unnamed.title':
    'A stuck {platform} session kills the gateway after every restart ({deaths} deaths in a row)',
  'finding.stuck_session.unnamed.explanation':
    "For {ago}, each life of the gateway ended uncleanly with the same {platform} chat ({chat}) unanswered, and each next start resumed it: the turn that hangs or loops is re-entered after every restart (Hermes #7536). Restarting only repeats it. The home keeps no sessions/sessions.json naming that chat's session, so gatewatch cannot delete it for you.",
  'finding.stuck_session.unnamed.action':
    'Stop the gateway, find the session of {platform} chat {chat} with `hermes sessions list`, run `hermes sessions delete <session_id> --yes`, then start it. Or send /stop in that chat while the gateway still answers.',
  'finding.hermes_health.title': 'Hermes reports itself {status}: {checks}',
  'finding.hermes_health.explanation':
    "Hermes' own API server (/health/detailed) says the gateway is {status}, because of its readiness checks {checks}. These are checks only Hermes can make (the model it is configured with, its disk, state.db, its config, its background queues); a restart does not change them.",
  'finding.hermes_health.action':
    'Fix what the failing check names: free disk space (disk), configure a model (model), run `hermes doctor` (`state_db`, `config`). `hermes status` shows the same.',
  'finding.platform_silent.title': '{platform}: no inbound message for {ago} (possibly deaf)',
  'finding.platform_silent.explanation':
    "The gateway has been up for {up} and says {platform} is connected, but no inbound {platform} message has arrived for {ago}, longer than the {expected} within which gatewatch's config expects one ({last}). Quiet is not always deaf: this is reported because the configuration expects traffic on this platform.",
  'finding.platform_silent.action':
    "Send the bot a {platform} message: if it answers, the silence was only quiet (raise the time gatewatch's config expects a message within, for this platform); if not, read that platform's lines in gateway.log and restart the gateway by hand (`{restart_cmd}` or {restart}).",
  'finding.platform_silent.last.never': 'none since the gateway started',
  'finding.platform_silent.last.at': 'the last one at {at}',
  // Words inside findings (parameters worded with them; `textParam` in src/i18n.ts)
  'finding.update_stuck.owner.alive': 'still alive',
  'finding.update_stuck.owner.gone': 'gone',
  // A full disk under a live gateway (src/detectors/disk-full.ts)
  'finding.disk_full.title': 'The disk is full: every reply is "[Errno 28] No space left on device"',
  'finding.disk_full.explanation':
    'Hermes logged "{error}" {count|# time|# times} since {ago} ago{free}. On a full disk every reply a user gets is "Sorry, I encountered an error (OSError). [Errno 28] No space left on device", and state.db then fails with "database or disk is full" (Hermes #52383, PR #88295). A restart frees no space, and a gateway started on a full disk fails in its turn.',
  'finding.disk_full.free': ' ({free} free now on the disk of {home})',
  'finding.disk_full.action':
    'Free space on the disk of {home}: Hermes prunes neither state-snapshots/ (about 750 MB of them in Hermes #52383) nor cron/output/, and its logs grow; delete old snapshots and cron output, then restart the gateway once. gatewatch does not restart for this.',

  // A Hermes listener that cannot bind its port (src/detectors/port-in-use.ts)
  'finding.port_in_use.title': 'A Hermes listener cannot bind port {port}: {holder}',
  'finding.port_in_use.explanation':
    'Hermes logged {count|# failure|# failures} in the last {ago} to bind {host}:{port} ("address already in use"): whatever listens there (the dashboard on 9119, the API server on 8642) is down and keeps retrying into its log (Hermes #98126: 1,509 such lines). {holder}. A restart of the gateway frees no port.',
  'finding.port_in_use.holder': 'pid {pid} holds it: {cmd}',
  'finding.port_in_use.holder.unknown': 'another process holds it (not one gatewatch may read)',
  'finding.port_in_use.action':
    "Stop the process that holds port {port} (or give Hermes' listener another port), then start the listener again. gatewatch does not restart for this.",

  // The disk itself (statfs), whatever any log says: under Hermes' own critical tier.
  'finding.disk_full.tier.title': 'The disk under the Hermes home is full: {free} free',
  'finding.disk_full.tier.explanation':
    'A look at the disk itself finds {free} free of {total} on the disk that holds {home}: under the critical line Hermes itself draws ({floor}; under 256 MB free, or 95 % used with under 1 GB free). Writes there fail with "[Errno 28] No space left on device": users\' replies, state.db, the logs (which is why no log may say it). A restart frees no space, and a gateway started on a full disk fails in its turn.{pace}',
  'finding.disk_full.tier.pace':
    ' It is still falling, about {rate} an hour over {over}): nothing left in about {full_eta}. {dirs}',
  'finding.disk_full.tier.action':
    'Free space on the disk of {home}: Hermes prunes neither state-snapshots/ (about 750 MB of them in Hermes #52383) nor cron/output/, and its logs grow; delete old snapshots and cron output, then restart the gateway once. gatewatch does not restart for this.',

  // No inode left on a filesystem Hermes writes to, with bytes to spare (issue 60)
  'finding.disk_full.inodes.title':
    'No inode left on the filesystem of {place}: no new file can be made there, {free} free',
  'finding.disk_full.inodes.explanation':
    'The filesystem mounted at {mount} ({fs}) has {left} of its {total} inodes left, and Hermes writes there ({place}). Every new file there fails with "[Errno 28] No space left on device" just as on a full disk, though {free} of its space is free: a session, a rotated log, SQLite\'s journal.{said} A restart frees nothing, and a gateway started there fails in its turn.',
  'finding.disk_full.inodes.said': ' Hermes logged "{error}" {count|# time|# times} since {ago} ago.',
  'finding.disk_full.inodes.most': ' ({dir} holds {files} files)',
  'finding.disk_full.inodes.most.partial': ' ({dir} holds {files} files at least)',
  'finding.disk_full.inodes.action':
    'Delete files on {mount}, the many small ones first{most}: Hermes prunes neither state-snapshots/ nor cron/output/. Then restart the gateway once. gatewatch does not restart for this.',

  // A filesystem Hermes writes to, read-only (src/detectors/disk-readonly.ts, issue 60)
  'finding.disk_readonly.title': 'Hermes cannot write to {places}: its filesystem is read-only',
  'finding.disk_readonly.explanation':
    'The host mounts {mount} ({fs}, from {source}) read-only, and Hermes writes there ({places}). Every write there fails with "[Errno 30] Read-only file system" (SQLite: "attempt to write a readonly database"): the gateway chats on and saves nothing there, neither sessions nor state.db nor its logs. A NAS that went away, or a filesystem the kernel remounted read-only after an I/O error, does this.{said} A restart does nothing: the gateway starts on the same mount.',
  'finding.disk_readonly.said': ' Hermes logged "{error}" {count|# time|# times} since {ago} ago.',
  'finding.disk_readonly.action':
    'Fix the mount: find why {mount} went read-only (`dmesg` for I/O errors; the NAS and the network to it), repair it and remount it read-write (`mount -o remount,rw {mount}`); then restart the gateway once. gatewatch does not restart for this.',
  'finding.disk_readonly.lines.title': 'Hermes cannot write: "{error}"',
  'finding.disk_readonly.lines.explanation':
    'Hermes logged "{error}" {count|# time|# times} since {ago} ago: a filesystem it writes to under {home} refuses writes, read-only. gatewatch could not read the host\'s mount table to say which. The gateway chats on and saves nothing there. A restart does nothing: the gateway starts on the same mount.',
  'finding.disk_readonly.lines.action':
    'Find which filesystem under {home} is read-only (`mount` lists each one and its flags), repair it and remount it read-write; then restart the gateway once. gatewatch does not restart for this.',

  // The update's snapshot left state.db out (src/detectors/update-snapshot.ts)
  'finding.state_db_snapshot_skipped.title':
    'The last update left state.db out of its snapshot: {size}, over its {limit} limit',
  'finding.state_db_snapshot_skipped.explanation':
    'hermes update, {ago} ago, took its snapshot without state.db ({size} exceeds its {limit} limit, Hermes #75411): rolling that update back brings no state.db back, and nothing keeps a copy unless you make one. A restart changes nothing.',
  'finding.state_db_snapshot_skipped.action':
    'Back state.db up yourself (with the gateway stopped, copy it; or sqlite3 state.db ".backup state.db.bak" while it runs), and see what made it {size}: hermes doctor prints its size and which processes hold it open. gatewatch does not restart for this.',

  // An Alertmanager alert (src/ops/alertmanager.ts): its own words, or ours (alertmanager.*) where it has none
  'finding.alertmanager.title': 'Alertmanager: {title}',
  'finding.alertmanager.explanation': '{explanation}',
  'finding.alertmanager.action': '{action}',

  // A detector that threw: its own error message, in whatever words it has
  'finding.detector_error.title': 'gatewatch detector {detector} failed',
  'finding.detector_error.explanation': '{message}',
  'finding.detector_error.action': '-',
} as const;

export type FindingTextKey = keyof typeof findingsEn;

/**
 * The key base of a finding's three texts: `finding.process_down`, `finding.state_stale_running.signal`; or a Hermes
 * platform's own (`finding.platform_deaf.discord`, `finding.forecast.feishu_giveup`), whose texts the platform
 * registers (src/platforms/index.ts).
 */
export type FindingKey =
  | { [K in FindingTextKey]: K extends `${infer B}.title` ? B : never }[FindingTextKey]
  | `finding.${'platform_deaf' | 'forecast'}.${string}`;
