// The English catalogue: every text gatewatch words for an operator, by key. Its keys are the key type: the zh-CN
// catalogue must have each of them. `{name}` is a parameter, filled in when the text is worded (src/i18n.ts).
// Findings' texts are in findings-en.ts: `finding.<check>[.<variant>].{title,explanation,action}`, worded at render time.
import { findingsEn } from './findings-en.js';
import { initEn } from './init-en.js';
import { checksEn } from './checks-en.js';

// Object.assign (three sources: more and its type is any), not spreads into one literal: a literal that spreads and
// then defines its own 600-odd keys takes V8 through a hidden class per key, 1.7 MB at start-up (issue 21).
// Check's bundle reads this object through a Proxy that loads it on first use (scripts/bundle.mjs, enOnDemand): it
// stays a plain, unfrozen object, or the Proxy's property traps would break its invariants.
export const en = Object.assign({ ...findingsEn }, initEn, checksEn, {
  // Alerts (src/delivery/alerts.ts)
  'alert.open': '{target}: {title}',
  'alert.remind': 'Still failing — {target}: {title}',
  'alert.resolve': 'Recovered — {target}: {title}',
  'alert.resolve_after': 'Recovered — {target}: {title} (down {downtime})',
  'alert.resolve.hermes_report':
    'Hermes confirms it: its next start found that the life before ended without any exit path (SIGKILL, the OOM killer, the machine).',
  'alert.resolve.hermes_report.oom':
    'Hermes confirms it, and its last heartbeat before the death showed critical memory: probably the OOM killer. A restart does not keep it from happening again: reduce its memory use or raise the limit.',
  'alert.flap': 'Down again ({nth} time in {window}) — {target}: {title}',
  // A forecast whose trend no longer holds (src/delivery/alerts.ts): no "Recovered", nothing was down
  'alert.withdrawn': 'Forecast withdrawn — {target}: {title}',
  'alert.remind.forecast': 'Forecast still holds — {target}: {title}',
  'alert.flap.forecast': 'Forecast again ({count|# time|# times} in {window}) — {target}: {title}',
  'alert.withdrawn.line':
    'The trend this forecast rested on no longer holds: it turned, or the process it followed was replaced.',
  // A time left in words (src/detectors/time-left.ts): a forecast says "in about 40 min", never a bare number
  'duration.min': '{n} min',
  'duration.h': '{n} h',
  'duration.h_min': '{h} h {min} min',
  'duration.d': '{n|# day|# days}',
  'duration.d_h': '{d|# day|# days} {h} h',
  'alert.settle': 'Settled — {target}: {title}: no failure for {window}',
  'alert.escalate': 'Giving up on automatic restarts — {target}: manual action needed',
  'alert.restart.begin': 'Restarting {target}…',
  'alert.restart.ok': 'Restarted {target}: verified in {duration}',
  'alert.restart.fail': 'Restart of {target} failed',
  'alert.restart.held': 'Restart of {target} held: {why}',
  'alert.restart.held.cooldown': 'cooldown after the last restart',
  'alert.restart.held.transition': 'the gateway is {state}',
  'alert.restart.held.supervisor': 'the service manager is already restarting it',
  'alert.restart.held.at':
    'It restarts at {at}, when the {cooldown} cooldown after the restart that ended at {last} ends, if the failure is still there. /restart does it now.',
  'alert.restart.held.release_transition':
    'It restarts once the gateway is no longer {state}, if the failure is still there.',
  'alert.restart.held.release_supervisor': 'It restarts only if the service manager does not bring it back.',
  'alert.restart.was_held': 'Held {held} ({why}), from {at}.',
  // A restart during an outage upstream (issue 22 item 9): the gateway came back, its platform's servers do not answer here.
  'alert.restart.upstream': 'Restarted {target}; {names} cannot be reached from this host, Hermes keeps retrying',
  'restart.outcome.upstream':
    'pid {pid}; {names} cannot be reached from this host, Hermes keeps retrying. Not a failed restart, not counted against the restart budget: the gateway is back, {names} not yet.',
  'alert.restart.held.upstream': 'upstream unreachable from this host ({names})',
  'alert.restart.held.release_upstream':
    'Hermes keeps retrying {names} and reconnects once its servers answer; a restart cannot bring them back. gatewatch restarts only if the failure is still there once {names} can be reached from this host. /restart does it now.',
  'alert.restart.held.release_upstream_gave_up':
    'Hermes has stopped retrying {names}: only a restart brings it back, and one now would meet the same unreachable servers. gatewatch restarts it once {names} can be reached from this host, if the failure is still there. /restart does it now.',
  'alert.restart.held.advice_upstream':
    "Check this host's network (DNS, firewall, proxy) and {names}' status page: a restart waits until {names} can be reached from this host.",
  'status.reach.title': 'reachability from this host',
  'status.reach.ok': '{name}: reachable ({endpoint})',
  'status.reach.down': '{name}: cannot be reached from this host ({step} {endpoint}: {error})',
  'alert.restart.held.drain': 'waiting for {count|# busy agent|# busy agents} to finish',
  'alert.restart.held.release_drain':
    'It restarts when they finish, at the latest at {at} (remediate.drain {drain}), if the failure is still there. /restart does it now.',
  'alert.restart.drained':
    'Waited {held} from {at} for {count|# busy agent|# busy agents}: they finished, then it restarted.',
  'alert.restart.drain_ended':
    'Waited {held} from {at} for {count|# busy agent|# busy agents}: remediate.drain ran out with them still running, so it restarted.',
  'alert.start_after_update.begin': 'Starting {target}: hermes update left it stopped…',
  'alert.start_after_update.ok': 'Started {target} after hermes update left it stopped: verified in {duration}',
  'alert.start_after_update.fail': 'Start of {target} failed (hermes update left it stopped)',
  'alert.escalate.did_not_stick': '{used|# automatic restart|# automatic restarts} in the last {window} did not stick:',
  'alert.escalate.restart_line': '• {at} for {what} — {how}',
  'alert.escalate.came_back': 'verified, but the cause came back',
  'alert.escalate.failed': 'failed',
  'alert.escalate.failed_detail': 'failed: {detail}',
  'alert.escalate.paused': 'Automatic restarts are paused until it recovers or an operator sends /restart.',
  'alert.escalate.frees_at': 'The budget frees up at {at}.',
  'alert.unmute.open_line': '• {target}: {title} (since {since})',
  'alert.unmute.open_line_acked': '• {target}: {title} (since {since}) — acked by {by}',
  'alert.unmute.recovered': 'Recovered while muted: {list}',
  'alert.unmute.held': '{count|# alert was|# alerts were} held while muted; {cmd} lists what happened.',
  'alert.unmute.title_open': 'Alerts unmuted — {count|# incident|# incidents} still open',
  'alert.unmute.title_none': 'Alerts unmuted — nothing is open',
  'alert.unmute.title_open_target': 'Alerts for {target} unmuted — {count|# incident|# incidents} still open',
  'alert.unmute.title_none_target': 'Alerts for {target} unmuted — nothing is open',
  'restart.via_root':
    "Restarting the root gateway that serves profile {profile}: every profile's bots ({profiles}) reconnect.",
  'restart.root_serves': "This gateway serves profiles {profiles}: every profile's bots reconnect.",
  'restart.confirm_root':
    'Restarting {target} restarts the root gateway that serves profile {profile}: the bots of {others} reconnect too. Restart anyway?',
  'field.target': 'target',
  'field.profile': 'profile',
  'field.platform': 'platform',
  'field.since': 'since',
  'field.downtime': 'downtime',
  'field.restart': 'auto-restart',
  'field.reason': 'reason',
  'field.actor': 'by',
  'field.duration': 'took',
  'field.detail': 'detail',
  'restart.helps': 'yes, if the budget allows',
  'restart.spent':
    'no: {used|# automatic restart|# automatic restarts} in the last {window} did not stick; automatic restarts are paused until it recovers or an operator sends /restart',
  'restart.paused':
    'no: automatic restarts are paused (the restart budget ran out) until it recovers or an operator sends /restart',
  'restart.held': 'held ({why}). {when}',
  'restart.wait': 'not yet: the gateway may recover by itself',
  'restart.never': 'no: a restart does not fix this',
  'restart.remote': 'no: gatewatch cannot restart it from this host',
  'restart.manual': 'not automatically: use Restart if it does not recover',
  'restart.off': 'off (remediate.auto_restart: false): /restart it yourself if needed',
  'restart.held_by.never': 'no: explained by “{cause}”, which a restart does not fix',
  'restart.held_by.worse': 'no: explained by “{cause}”, which a restart makes worse',
  'restart.held_by.wait': 'not yet: explained by “{cause}”, still under way (a restart would begin it again)',
  'restart.held_by.scope': 'no: {cause}; a restart of the gateway does not change that',
  'restart.held_by.reach': 'not yet: {cause}. gatewatch restarts the gateway once this host reaches {name} again',
  // "Us or them" (src/detectors/scope.ts): whose failure a platform's is, and what that rests on.
  'field.scope': 'whose failure',
  'scope.host_network': "this host's network",
  'scope.platform': 'the platform, for everyone',
  'scope.gateway': 'only this gateway',
  'scope.unknown': 'not known',
  'scope.line': '{scope}: {why}',
  'scope.status_line': '{name}: {line}',
  'scope.why.egress': 'gatewatch cannot reach {egress} from this host either ({error})',
  'scope.why.fleet_down': '{name} is down on {down} of {reporting} other gatewatch instances too',
  'scope.why.own_5xx': "gatewatch's own bot on {name} gets HTTP {status} too",
  'scope.why.hermes_5xx': "{name}'s servers answer Hermes with HTTP {status}",
  'scope.why.hermes_5xx_others_up':
    "{name}'s servers answer Hermes with HTTP {status}, while {others} works from this host",
  'scope.why.log_dns':
    "Hermes cannot resolve the names of {names} at once ({error}): this host's name resolution fails",
  'scope.why.log_all_down':
    "Hermes cannot connect to any of its platforms ({names}; {error}): this host's way out fails",
  'scope.why.own_ok': "gatewatch's own bot on {name} gets its answers from this host",
  'scope.why.fleet_up_unreached':
    '{name} is up on {up} of {reporting} other gatewatch instances but does not answer this host ({error})',
  'scope.why.unreached_egress_ok': '{name} does not answer this host ({error}), while {egress} does',
  'scope.why.unreached':
    "{name} does not answer this host ({error}); whether this host's network or {name} itself fails is not known",
  // How to tell what a verdict leaves unknown: the long form only (`check`, `doctor`, /status), never an alert.
  'scope.details': '{words}. {how}',
  'scope.how.unreached':
    'To tell: set detect.egress (a host outside {name}) or fleet.prometheus (other gatewatch instances)',
  'scope.how.unreached_egress_ok':
    'To tell a route or a block between this host and {name} from {name} being down: set fleet.prometheus (other gatewatch instances)',
  'scope.why.fleet_up': '{name} is up on {up} of {reporting} other gatewatch instances and answers this host',
  'scope.why.fleet_up_only': '{name} is up on {up} of {reporting} other gatewatch instances',
  'scope.why.reached': "{name}'s servers answer this host ({endpoint}); whether they serve its bots is not known",
  'scope.why.fleet_error': 'the fleet could not be asked ({error})',
  'advice.held.never':
    'Do not restart for this: “{cause}” explains it, and a restart does not fix that. What to do is in that problem’s own entry.',
  'advice.held.worse':
    'Do not restart for this: “{cause}” explains it, and a restart makes that worse. What to do is in that problem’s own entry.',
  'advice.held.wait':
    'Do not restart for this yet: “{cause}” explains it and is still under way; a restart would only begin it again. What to do is in that problem’s own entry.',
  'flap.line':
    'It went down {count|# time|# times} in {window}; up now. gatewatch says when it has stayed up for {window}.',
  'button.restart': 'Restart',
  'button.fix.stop_process': 'Stop pid {pid}',
  'button.fix.stop_process_then_restart': 'Stop pid {pid} + restart',
  'button.fix.restart': 'Restart',
  'button.fix.start': 'Start',
  'button.fix.delete_session': 'Delete session + restart',
  'button.fix.advice': 'What to do',
  'button.logs': 'Logs',
  'button.ack': 'Ack',
  'button.mute': 'Mute 1h',

  // The command bus (commands/index.ts, commands/targets.ts)
  denied: 'Sorry, you are not allowed to do that. This was recorded.',
  'denied.role': '/{command} needs the admin role; you are {role}. This was recorded.',
  unknown: 'Unknown command "{command}".',
  'target.unknown': 'Unknown target "{target}". Targets: {targets}.',
  'target.which': 'Which target? Targets: {targets}.',
  error: 'The command failed: {message}',
  usage: 'Usage: {usage} ({problem})',
  // What is wrong with an argument (commands/arg-problem.ts): never the validator's own words.
  'args.too_long': '{arg} is at most {max} characters long',
  'args.at_least': '{arg} is at least {min}, not {value}',
  'args.at_most': '{arg} is at most {max}, not {value}',
  'args.too_large': '{arg} is too large a number: {value}',
  'args.whole': '{arg} is a whole number, not "{value}"',
  'args.one_of': '{arg} is {values}, not "{value}"',
  'args.unknown': 'there is no argument called {keys}',
  'args.invalid': '{arg} cannot be "{value}"',
  'args.name.target': 'a target name',
  'args.name.window': 'the window',
  'args.name.lines': 'the number of lines',
  'args.name.grep': 'the filter',
  'args.name.n': 'the number',
  'args.name.fix.n': 'the fix number',
  'args.name.history.n': 'the number of events',
  'args.name.remedy': 'the fix id',
  'args.name.duration': 'the duration',
  'args.name.channel': 'a channel name',
  'args.name.verb': 'what to do',
  'args.name.fault': 'a fault name',

  // /help (commands/verbs/help.ts) and each command's line in it
  'help.title': 'gatewatch commands',
  'help.footer': 'Viewers may read; only admins restart, mute and ack.',
  'help.arg.target': 'target',
  'help.arg.filter': 'filter',
  'help.arg.fault': 'fault',
  'help.arg.channel': 'channel',
  'help.arg.duration': 'duration, e.g. 30m, 2h',
  'help.summary.status': 'gateway process, platforms, incidents, last restart',
  'help.summary.restart': 'restart the gateway (asks to confirm when it looks healthy or a restart cannot help)',
  'help.summary.fix': 'list the fixes for open problems (/fix <n> confirm runs one)',
  'help.summary.check': 'run all checks now',
  'help.summary.ack': 'acknowledge open incidents (no more reminders)',
  'help.summary.mute': 'silence alerts for a while, of every target or of one (detection goes on)',
  'help.summary.unmute': 'end a mute',
  'help.summary.history': 'recent incidents, alerts and actions (all: also what only looked)',
  'help.summary.uptime':
    'availability of every target (or one) over 24h, 7d or 30d, as a picture where the chat takes one',
  'help.summary.doctor': 'checks plus deployment lint',
  'help.summary.test': 'send a test alert through every channel (or one) and show each result',
  'help.summary.help': 'this list',
  'help.summary.demo': 'break the demo gateway (try: /demo fail crash), /demo heal to mend it',

  // /status (commands/status.ts)
  'status.title': '{name}: {headline}',
  'status.headline.problems': '{count|# problem|# problems}',
  'status.headline.updating': 'updating',
  'status.headline.recovering': 'recovering',
  'status.headline.starting': 'starting',
  'status.headline.healthy': 'healthy',
  'status.headline.stopped': 'stopped by the operator',
  'status.field.as_of': 'as of',
  'status.as_of': '{at}, a check is running for {running}',
  'status.field.process': 'process',
  'status.process.running': 'running pid {pid}',
  'status.process.running_up': 'running pid {pid}, up {uptime}',
  'status.process.down': 'DOWN ({reason})',
  'status.process.operator_stop': 'stopped by the operator at {at}',
  'status.field.service': 'service',
  'status.gateway_state.stale_not_running': '{state} (stale: the gateway is not running)',
  'status.gateway_state.stale_other_pid': '{state} (stale: written by pid {pid}, the gateway now runs as pid {live})',
  'status.gateway_state.stale_dead': '{state} (stale: written by pid {pid}, which is not running)',
  'status.platform.unknown': 'unknown',
  'status.platform.last_seen': 'unknown (last seen {state})',
  'status.platform.last_seen_at': 'unknown (last seen {state} at {at})',
  'status.platform.not_reported': 'not reported yet',
  'status.platform.disabled': 'not served here, on purpose ({code})',
  'status.platform.retired':
    'no longer served: this run did not start it and the target does not list it (an earlier run left it {state} at {at})',
  'status.platform.connected_since': 'connected since {at}',
  'status.platform.reconnected': 'connected since {at} (from the log; gateway_state.json still says {state})',
  'status.platform.in_grace': '{state} {ago} ago, within the {grace} grace',
  'status.platform.down_since': '{state} since {at} ({ago})',
  'status.platform.since': '{state} since {at}',
  'status.field.last_restart': 'last restart',
  'status.last_restart.none': 'none',
  'status.field.budget': 'budget',
  'status.field.muted': 'muted',
  'status.muted_until': 'until {until} ({by})',
  'status.muted_until_target': '{target} only, until {until} ({by})',
  'status.field.auto_restart': 'auto-restart',
  'status.auto_restart.paused': 'paused: restart budget used up',
  'status.no_incidents': 'No open incidents.',
  'status.incident': '{title} ({details})',
  'status.incident.acked': 'ack {by}',
  'status.incident.flapping': 'flapping',
  'status.timeline': '24h (oldest → now)',
  // gateway_state.json's platform states, as Hermes writes them
  'status.state.connected': 'connected',
  'status.state.disconnected': 'disconnected',
  'status.state.retrying': 'retrying',
  'status.state.fatal': 'fatal',
  'status.state.connecting': 'connecting',
  // gateway_state.json's gateway_state and the service manager's state words, as written
  'status.lifecycle.running': 'running',
  'status.lifecycle.starting': 'starting',
  'status.lifecycle.draining': 'draining',
  'status.lifecycle.stopped': 'stopped',
  'status.lifecycle.startup_failed': 'startup_failed',
  'status.lifecycle.active': 'active',
  'status.lifecycle.inactive': 'inactive',
  'status.lifecycle.activating': 'activating',
  'status.lifecycle.deactivating': 'deactivating',
  'status.lifecycle.failed': 'failed',
  'status.lifecycle.reloading': 'reloading',

  // Hermes facts in /status and doctor (commands/hermes-facts.ts)
  'hermes.source.identify': 'from the control socket',
  'hermes.source.state_file': 'from gateway_state.json',
  'hermes.source.checkout': 'from the checkout it runs from',
  'hermes.source.cli': 'from `hermes --version`',
  'hermes.source.files': 'judged from the files present',
  'hermes.version.current': 'v0.19 or later',
  'hermes.version.with_source': '{version}, {source}',
  'hermes.field.update': 'update',
  'hermes.update.updating': 'updating since {since} ({ago}): no alerts, no restarts',
  'hermes.update.stale_marker': 'stale update marker (pid {pid} since {since})',
  'hermes.update.incomplete': 'stopped half-way ({files})',
  'hermes.field.served_by': 'served by',
  'hermes.served_by': 'the root gateway {home}',
  'hermes.served_by_pid': 'the root gateway {home} (pid {pid})',
  'hermes.served_by_down': 'the root gateway {home} (not running)',
  'hermes.field.serves': 'serves profiles',
  'hermes.control.answered': 'answered',
  'hermes.control.answered_in': 'answered ({ms} ms)',
  'hermes.control.silent': 'connected but no answer (event loop wedged?)',
  'hermes.control.refused': 'refused: stale socket, the process is gone',
  'hermes.control.absent': 'none (Hermes before v0.20.6, or not running): using the pid and state files',
  'hermes.control.error': 'error',
  'hermes.control.error_detail': 'error ("{error}")',

  // /restart (commands/restart.ts); its results are worded as the restart alerts are (alert.restart.*)
  'restart.which.title': 'Which gateway?',
  'restart.which.line': 'Name one: {cmd}, where {arg} is one of: {targets}',
  // The placeholder of an argument in a command a reply names (src/util/command-line.ts)
  'cmd.arg.target': '<target>',
  'cmd.arg.n': '<n>',
  'cmd.arg.fault': '<fault>',
  'cmd.arg.duration': '<duration>',
  'restart.in_progress': 'A restart of {target} is already in progress.',
  'restart.send_confirm_root': 'To restart the root gateway ({root}): {cmd}',
  'restart.button.root': 'Restart the root gateway',
  'restart.confirm_healthy': '{target} looks healthy. Restart anyway?',
  'restart.confirm_healthy_busy':
    '{target} looks healthy, and is running {count|# agent turn|# agent turns} right now: a restart cuts {count|it|them} off. Restart anyway?',
  'restart.send_confirm': 'To go ahead: {cmd}',
  'restart.button.anyway': 'Restart anyway',
  'restart.confirm_never': 'A restart will not fix {target}. Restart anyway?',
  'restart.confirm_wait': 'A restart does not help {target} now: Hermes is still retrying. Restart anyway?',
  'restart.send_confirm_anyway': 'To restart anyway: {cmd}',
  'restart.skipped': 'Not restarting {target}: {reason}',
  'restart.confirm_busy':
    '{target} is running {count|# agent turn|# agent turns} right now: a restart cuts {count|it|them} off. Restart anyway?',
  'restart.send_interrupt': 'To restart anyway, cutting them off: {cmd}',
  'restart.button.interrupt': 'Restart, cutting them off',
  // Who the busy turns are (commands/busy.ts): gateway.log's unanswered inbound messages, else the state file's count
  'restart.busy.turn': '• {platform}, user {user}, since {since}',
  'restart.busy.turn_anon': '• {platform}, since {since}',
  'restart.busy.unnamed': '• gateway.log names none of them; gateway_state.json counted {count} at {at}',
  'restart.busy.more':
    '• {count|# more|# more} that gateway.log does not name (gateway_state.json counted them at {at})',
  // Why a restart was not done, per skip code (skipReason in src/actions/restart.ts): /restart's reply, /history
  'restart.skip.disabled': 'automatic restarts are off (remediate.auto_restart: false)',
  'restart.skip.not_listed': 'remediate.auto does not list {kind}',
  'restart.skip.unrecoverable': 'a restart does not fix {checks}',
  'restart.skip.escalated': 'gave up after the restart budget; waiting for recovery or an operator ({cmd})',
  'restart.skip.busy': 'a restart is already in progress',
  'restart.skip.no_supervisor': 'no service manager (systemd, launchd or configured commands) to restart it through',
  'restart.skip.supervisor': 'the service manager is already restarting it ({state})',
  'restart.skip.transition': 'the gateway is {state}',
  'restart.skip.cooldown': 'the last restart was {ago} ago (cooldown {cooldown})',
  'restart.skip.budget': '{used} automatic restarts did not stick (at most {max} allowed): automatic restarts paused',
  // A restart's result (describeRestart in src/actions/restart.ts)
  'restart.outcome.verified': 'pid {pid}; {platforms} connected',
  'restart.outcome.gateway': 'gateway',
  'restart.outcome.unverified': 'not verified within {within}s: missing {missing}',
  'restart.outcome.supervisor': 'supervisor: {detail}',

  // /fix (commands/fix.ts): each remedy as one sentence of exactly what it will do
  'fix.remedy.restart': 'Restart {target} through its supervisor, then check that its platforms reconnect.',
  'fix.remedy.start':
    'Start {target} through its supervisor (it is not running), then check that its platforms connect.',
  'fix.remedy.stop_process':
    'Stop pid {pid} ({cmdline}): SIGTERM, then SIGKILL if it is still there after {grace}. Proven by: {why}.',
  'fix.remedy.stop_process_then_restart':
    'Stop pid {pid} ({cmdline}): SIGTERM, then SIGKILL if it is still there after {grace}; then restart {target} once. Proven by: {why}.',
  'fix.remedy.delete_session':
    'Stop {target} through its supervisor, delete session {session} ({platform} chat {chat}) with `hermes sessions delete {session} --yes`, then start {target} and check that its platforms connect.',
  'fix.remedy.advice.polling_regression':
    'Advice only, gatewatch runs nothing: update Hermes past the v0.21.3 polling regression (`hermes update`, v0.21.4 or later) or roll back to the release you ran before, then restart {target} once.',
  'fix.remedy.advice.memory_growth':
    "Advice only, gatewatch runs nothing: update Hermes (`hermes update`), or roll back to the release you ran before the growth began; cap the gateway's memory (systemd MemoryMax) so only it is killed. A restart frees the memory for now.",
  'fix.remedy.advice.discord_stall':
    "Advice only, gatewatch runs nothing: update Hermes past v0.20.1 (`hermes update`; #78881's receive stall is v0.20.0–v0.20.1's, and on later releases a restart recovers a stalled Discord) or roll back to the release you ran before v0.20.0, then restart {target} once.",
  'fix.advice.title': 'Fix {n} on {target} is advice: gatewatch runs nothing for it.',
  // What proves a process is the one to stop, and why a stop did not happen (detectors, src/actions/stop-process.ts).
  'fix.why.orphan_bridge':
    "bridge.js of this home's WhatsApp session holding port {port}, not a child of gateway pid {pid}, started before it",
  'fix.why.poller': 'polls this bot token on this host: {what}',
  'fix.detail.changed': 'pid {pid} is no longer the process that was proven (start {now} vs {then}): {cmdline}',
  'fix.detail.port': 'pid {pid} no longer listens on port {port}',
  'fix.detail.ours': 'pid {pid} is the watched gateway or gatewatch itself',
  'fix.detail.descendant': 'pid {pid} is a descendant of the watched gateway (pid {parent})',
  'fix.detail.signal': '{signal} to pid {pid}: {code}',
  'fix.detail.survived': 'pid {pid} survived SIGKILL',
  'fix.result.stopped': 'pid {pid} stopped ({signal})',
  'fix.result.gone': 'pid {pid} was already gone',
  'fix.result.session_deleted': 'session {session} deleted',
  'fix.result.session_not_deleted': 'session {session} NOT deleted: {detail}',
  'fix.result.not_stopped': 'the gateway did not stop, nothing deleted: {detail}',
  'fix.result.restarted': 'restarted',
  'fix.result.restarted_verified': 'restarted and verified',
  'fix.result.restart_failed': 'restart failed: {detail}',
  'fix.result.restart_skipped': 'restart skipped: {reason}',
  'fix.result.not_verified': 'not verified',
  'fix.result.sep': '; ',
  'fix.list.title': 'Fixes for {target}',
  'fix.list.none': 'Nothing to fix on {target} that gatewatch can do.',
  'fix.list.finding': '{icon} {title}',
  'fix.list.title_all': 'Fixes for {targets}',
  'fix.list.none_all': 'Nothing to fix on {targets} that gatewatch can do.',
  'fix.list.finding_on': '{icon} {target}: {title}',
  'fix.no_such_all': 'There is no fix {n} now (there {count|is #|are #} on {targets}). See them: {cmd}',
  'fix.stale_all': 'That fix no longer applies: what it named has changed or is gone. The fixes now:',
  'fix.list.item': '  {n}. {remedy}',
  'fix.list.elsewhere': '  The other poller is not on this host: gatewatch stops nothing.',
  'fix.list.send': 'To run one: {cmd}',
  'fix.no_such': 'There is no fix {n} for {target} now (it has {count}). See them: {cmd}',
  'fix.confirm.title': 'Run fix {n} on {target}?',
  'fix.confirm.send': 'To go ahead: {cmd}',
  'fix.stale': 'That fix no longer applies to {target}: what it named has changed or is gone. The fixes now:',
  'fix.button.run': 'Run fix {n}',
  'fix.in_progress': 'A fix or restart of {target} is already in progress.',
  'fix.ok': 'Fix {n} on {target} worked: “{finding}” is gone.',
  'fix.ok_pending':
    'Fix {n} on {target} worked: pid {pid} is gone. “{finding}” stays open until the log shows no new trouble.',
  'fix.done_still': 'Fix {n} on {target} ran, but “{finding}” is still there.',
  'fix.failed': 'Fix {n} on {target} failed: {reason}',
  'fix.budget': 'Not running fix {n} on {target}: the fix budget is used up ({used} of {max} per {window}).',

  // /logs (commands/logs.ts)
  'logs.filter_too_long': 'Filter too long (at most {max} characters).',
  'logs.cannot_read': 'Cannot read {file}',
  'logs.no_match': 'No matching lines.',
  'logs.stopped': 'Search stopped after the last {scanned} lines: this filter is too costly to search further.',
  'logs.title': '{target}: last {count|# line|# lines} of gateway.log',
  'logs.title_filtered': '{target}: last {count|# line|# lines} of gateway.log matching "{filter}"',
  // logs: message bodies (what users wrote to the bot: shown as their length unless an admin asks, commands/logs.ts)
  'logs.help_summary':
    'tail of gateway.log (max {max} lines), secrets redacted, message bodies hidden (an admin adds --bodies)',
  'logs.body_elided': '<{count|# char|# chars}>',
  'logs.bodies_hidden': 'Message bodies are shown as their length. An admin can show them: {cmd}',
  'logs.bodies_shown': 'Message bodies shown: what users wrote to the bot, now visible to everyone in this chat.',
  'logs.bodies_admin_only':
    'Message bodies are what other people wrote to the bot: only an admin can show them. You are {role}; {cmd} shows their length.',

  // /ack, /mute, /unmute (commands/verbs/ack.ts, mute.ts, unmute.ts)
  'ack.done': 'Acknowledged {count|# incident|# incidents}',
  'ack.none': 'Nothing to acknowledge',
  'mute.usage': 'Usage: {usage} — e.g. {example} (at most 7d)',
  'mute.done': 'Alerts muted until {until}',
  'mute.done_target': 'Alerts for {target} muted until {until}',
  'mute.explain_target':
    'Checks and automatic restarts of {target} go on; none of its alerts is sent until then (the other targets still alert). Then one summary of what is still open on it. {unmute} ends it early.',
  'mute.explain':
    'Checks and automatic restarts go on; nothing is sent until then (restart results included). Then one summary of what is still open. {unmute} ends it early.',
  'unmute.not_muted': 'Alerts were not muted',
  'unmute.not_muted_target': 'Alerts for {target} were not muted on their own',
  'unmute.only_targets': 'Not everything is muted, only some targets:',
  'unmute.target_muted': '{target} is muted until {until} ({by}): {cmd} ends it',
  'unmute.done': 'Alerts unmuted',

  // /uptime and the weekly report (commands/uptime.ts, src/history/describe.ts)
  'uptime.title': 'Uptime, last {window}',
  'uptime.title_target': 'Uptime of {target}, last {window}',
  'uptime.since': 'watched since {since}',
  'uptime.target': '{target}: {availability} up, downtime {downtime}',
  'uptime.platform': '{platform}: {availability} up, downtime {downtime}',
  'uptime.nothing': '{target}: nothing watched in this window yet',
  'uptime.incidents': '{count|# incident|# incidents}',
  'uptime.detect': 'detected in {duration} on average',
  'uptime.recover': 'recovered in {duration} on average',
  'uptime.restarts': '{count|# restart|# restarts}, {helped} verified',
  'uptime.not_counted': 'Time stopped on purpose, muted for maintenance or not watched is not downtime.',
  'uptime.legend': '█ up  ▄ partly down  ▒ deaf  · down  (blank: stopped, muted or not watched)',
  'uptime.legend.up': 'up',
  'uptime.legend.deaf': 'deaf',
  'uptime.legend.down': 'down',
  'uptime.legend.off': 'stopped, muted or not watched',
  'uptime.legend.incident': 'incident',
  'history.lost.title': 'The availability history of {target} could not be read: it starts again from now',
  'history.lost.line':
    'Its file was not readable ({why}) and was kept as {kept}. /uptime counts from now on; what happened before is in the audit log (/history).',
  // A history file the CLI did not read (src/history/load.ts): it says why and leaves the file for the daemon.
  'uptime.unread': '{file} was not read ({why}): its figures are left out here',
  'uptime.unread.too_big': 'larger than 32 MB',
  'uptime.unread.not_file': 'not a regular file',
  'uptime.unread.unreadable': 'it cannot be opened: {detail}',
  'uptime.unread.corrupt': 'not JSON: cut short or damaged',
  'uptime.unread.version': 'written by a later gatewatch, format {detail}',
  'uptime.unread.format': 'not in the format this version reads',
  'uptime.unread.link': 'a symbolic link, not followed',
  // The picture's footnote: sentences, after /uptime's own (src/history/chart.ts)
  'uptime.note.since': 'Watched since {since}.',
  'uptime.note.left_out': 'Not drawn: {what}.',
  'uptime.more_rows.quiet':
    '{count|# more platform, not down or deaf|# more platforms, none of them down or deaf} in this window',
  'uptime.more_rows.worst': '{count|# more platform|# more platforms} (those down longest are drawn)',
  'uptime.more_targets': '{count|# more target|# more targets} (/uptime TARGET for one target)',
  'uptime.empty': 'Nothing watched yet in this window',
  'uptime.window.24h': '24h',
  'uptime.window.7d': '7d',
  'uptime.window.30d': '30d',
  'report.title': 'Weekly report, {from} – {to}',
  'report.no_incidents': 'No incidents this week.',
  'report.incidents': '{count|# incident this week|# incidents this week}:',
  'report.incident': '{at} {target} · {title} · {outcome}',
  'report.recovered': 'down {duration}, recovered',
  'report.still_open': 'still open',
  'report.more': '… and {count} more',
  'report.changed': 'What changed:',
  'report.hermes_changed': '{target}: Hermes {from} → {to} ({at})',
  'report.gatewatch_changed': 'gatewatch {from} → {to} ({at})',
  'report.nothing_changed': 'No version changed this week (Hermes {hermes}, gatewatch {gatewatch}).',
  'report.unknown_version': 'unknown',

  // /history (commands/history.ts)
  'history.title': 'Last {count|# event|# events}',
  'history.empty': 'Nothing recorded yet.',
  'history.muted': '[muted]',
  'history.muted_all': 'Muted now: every target, until {until} ({by})',
  'history.muted_target': 'Muted now: {target}, until {until} ({by})',
  'history.down_again': 'down again ({nth} time in {window}): {title}',
  'history.down': 'down: {title}',
  'history.still_failing': 'still failing: {title}',
  'history.settled': 'settled, no failure for {window}: {title}',
  'history.recovered_after': 'recovered after {after}: {title}',
  'history.recovered_after_flapping': 'recovered after {after}: {title} (went down {count|# time|# times} in {window})',
  'history.restarting_for': 'restarting for {reason}',
  'history.verified_in': 'verified in {duration} ({reason})',
  'history.failed': 'failed: {detail} ({reason})',
  'history.not_restarted': 'not restarted: {reason}',
  'history.alert': 'alert: {title}',
  'history.test_alert': 'test alert: {title}',
  'history.delivery.sent': 'sent',
  'history.delivery.deferred': 'deferred',
  'history.delivery.failed': 'failed',
  'history.delivery.after_failed': '{step} after {count} failed',

  // /doctor (commands/doctor.ts)
  'doctor.field.control_socket': 'control socket',
  'doctor.field.service': 'service',
  'doctor.field.log': 'log',
  'doctor.field.state_file': 'state file',
  'doctor.field.channels': 'channels',
  'doctor.service.served':
    'none of its own: the root gateway serves this profile (a unit removed by the multiplex migration is expected)',
  'doctor.log.served': "{file}: none yet; the root's logs ({root}/logs) carry this profile's lines too",
  'doctor.state.stale_own': "left over from before the multiplex migration: the root's is used",
  'doctor.state.served': "the root's (served profile)",
  'doctor.state.ok': 'ok',
  'doctor.state.missing': 'missing',
  'doctor.discovered.none': 'No Hermes home found under {root}',
  'doctor.discovered.none_hint': 'Set `targets` in the config to watch a home elsewhere.',
  'doctor.discovered.title': 'Hermes homes found under {root}: {count}',
  'doctor.discovered.hint': 'Watched because the config has no `targets`; set them to choose.',
  'doctor.mode.root': 'root gateway',
  'doctor.mode.served': 'served by the root gateway',
  'doctor.mode.standalone': 'standalone gateway',
  'doctor.mode.cli_only': 'CLI only, never ran a gateway: not watched',

  // /test (commands/test.ts)
  'test.alert.title': '[TEST] gatewatch test alert: please ignore',
  'test.alert.line': 'Sent by {by} with /test to check this channel reaches you. Nothing is wrong.',
  'test.result.sent': 'sent',
  'test.result.deferred': 'deferred',
  'test.result.failed': 'failed',
  'test.title.partial': 'Test alert: {sent} of {total|# channel|# channels} sent, {bad} not',
  'test.title.all': 'Test alert sent through all {total|# channel|# channels}',
  'test.legend':
    'Deferred: the channel holds it (e.g. QQ waits for your next message). Failed: it did not go out; see why.',
  'test.unknown_channel': 'No channel named "{name}". Channels: {channels}',
  'test.no_channels': 'none',
  'test.none_configured': 'No alert channels are configured.',

  // The CLI's help, descriptions and errors (src/cli.ts, src/cli-help.ts)
  'cli.desc.program': 'Watchdog bot for the Hermes Agent gateway',
  'cli.desc.run': 'run the daemon: channels, schedule, live log watch',
  'cli.opt.config': 'config file',
  'cli.opt.console': 'use the console channel (stdin/stdout) even when stdin is not a terminal',
  'cli.desc.check':
    'one-shot check: prints nothing and exits 0 when healthy; else the findings, exit 1 (warning) or 2 (critical)',
  'cli.opt.json_findings': 'print findings as JSON',
  'cli.opt.json_reply': 'print the reply model as JSON',
  'cli.opt.json_figures': 'print the figures as JSON (a contract, see the README)',
  'cli.desc.status': 'gateway process, platforms, incidents, last restart',
  'cli.desc.logs': 'tail of gateway.log, secrets redacted, message bodies hidden unless --bodies',
  'cli.opt.lines': 'number of lines (max 200)',
  'cli.opt.grep': 'only lines matching this regular expression',
  'cli.opt.bodies': 'show what users wrote to the bot (by default a message body is shown as its length)',
  'cli.desc.fix': 'list the fixes for what is wrong; with n and --yes, run one',
  'cli.opt.yes_fix': 'run the fix without asking',
  'cli.usage.fix_one': 'one target and one number at most, got "{words}"',
  'cli.usage.what.fix': 'the fix number',
  'cli.desc.restart': 'restart the gateway through its supervisor and verify it',
  'cli.opt.yes_restart': 'restart even when it looks healthy',
  'cli.opt.interrupt_restart': 'restart even while it is running agent turns (cuts them off)',
  'cli.desc.doctor': 'checks plus deployment lint',
  'cli.desc.ack': 'acknowledge open incidents (no more reminders)',
  'cli.desc.mute':
    'silence alerts for a duration, of every target or of one, e.g. --for 30m or alpha --for 30m (detection goes on)',
  'cli.opt.for': 'how long, e.g. 30m, 2h (at most 7d)',
  'cli.desc.unmute': 'end a mute',
  'cli.desc.history': 'recent incidents, alerts and actions (--all: the commands that only looked, too)',
  'cli.opt.all': 'also the commands that only looked (status, logs …)',
  'cli.desc.uptime': 'availability, downtime, incidents and restarts over a window (--json: the figures as JSON)',
  'cli.opt.window': 'the window: 24h (default), 7d or 30d',
  'cli.opt.png': 'also draw the picture into this PNG file',
  'cli.png_failed': 'could not write the picture to {file}: {error}',
  'cli.usage.window': 'the window is 24h, 7d or 30d, not "{value}"',
  'cli.desc.test':
    'send a test alert through every alert channel (or the one named) and show each result; exit 0 all sent, 1 any deferred or failed, 2 unknown channel',
  'cli.arg.channel': 'only this channel (its name, e.g. qq, feishu, ops-dd)',
  'cli.desc.validate':
    'check the config like `nginx -t`: parses it, checks the Hermes files and the secrets, contacts nothing; exit 0 or 78',
  'cli.desc.init':
    'find the Hermes gateways here, ask for one channel to reach you, write the config and its env file; then `gatewatch run`',
  'cli.opt.yes_init': 'ask nothing: what is not given takes its default (the console channel)',
  'cli.opt.hermes_home': 'the Hermes home, or the root whose profiles to watch (default: $HERMES_HOME, else ~/.hermes)',
  'cli.opt.channel': 'the channel that reaches you: console, or a chat channel (telegram, feishu, qq)',
  'cli.opt.operator_id': "your id on that channel (the chat channel's operator key)",
  'cli.opt.app_id': "the app_id of gatewatch's bot on that channel (feishu, qq)",
  'cli.opt.force': 'overwrite an existing config (the env file keeps its other lines)',
  'cli.opt.config_init':
    'where to write the config (default: where gatewatch looks for it, ~/.config/gatewatch/config.yaml)',
  'cli.opt.locale': 'language of the questions and of the config (default: from $LANG)',
  'cli.opt.systemd': 'a systemd unit (default on Linux)',
  'cli.opt.launchd': 'a launchd agent (default on macOS)',
  'cli.opt.user': 'for this user (default)',
  'cli.opt.system': 'system-wide, running as this user (needs sudo)',
  'cli.desc.install': 'write a systemd unit / launchd agent that runs this gatewatch, then say how to enable it',
  'cli.opt.config_install':
    'config file the service runs with (default: the one gatewatch finds now, else ~/.config/gatewatch/config.yaml)',
  'cli.opt.print': 'print the unit / plist instead of writing it',
  'cli.desc.uninstall': 'remove the unit / launchd agent written by install (stop it first; it says how)',
  'cli.desc.demo': 'the demo gateway playground',
  'cli.desc.demo_run': 'start the demo gateway and watch it from the console',
  'cli.opt.hermes':
    'play Hermes v0.17 (legacy), v0.21.3, a root serving profiles (current), or v0.20.2 with its lifecycle ledger (v0.20)',
  'cli.desc.demo_fail': 'inject a failure into the running demo gateway',
  'cli.desc.demo_heal':
    'undo what the faults left (other poller, WhatsApp pairing, a dead update) and restart the demo gateway',
  'cli.desc.demo_stop': 'stop the demo gateway',
  'cli.usage.line': 'usage: {usage}',
  'cli.usage.count': '{what} expects a whole number of at least 1, got "{value}"',
  'cli.usage.what.lines': 'the number of lines',
  'cli.usage.what.events': 'the number of events',
  'cli.usage.logs_target': 'one target at most, got "{words}" (a pattern goes after --grep)',
  'cli.usage.lines_twice': 'give the number of lines once (-n)',
  'cli.usage.one_target': 'one target at most, got "{words}"',
  'cli.usage.mute_one': 'one target at most and one duration, got "{words}"',
  'cli.usage.mute_missing': 'expects --for <duration>, e.g. --for 30m or --for 2h',
  'cli.usage.mute_bad': '--for expects a duration up to 7d, e.g. 30m or 2h, got "{value}"',
  'cli.usage.no_args': 'takes no arguments, got "{words}"',
  'cli.usage.one_count': 'expects at most one count',
  'cli.help.usage': 'Usage:',
  'cli.help.arguments': 'Arguments:',
  'cli.help.options': 'Options:',
  'cli.help.global_options': 'Global Options:',
  'cli.help.commands': 'Commands:',
  'cli.help.help': 'display help for command',
  'cli.help.version': 'output the version number',
  'cli.error.unknown_option': "unknown option '{option}'",
  'cli.error.unknown_command': "unknown command '{command}'",
  'cli.error.missing_argument': "missing required argument '{argument}'",
  'cli.error.option_argument_missing': "option '{option}' argument missing",
  'cli.error.invalid_choice': "option '{option}' argument '{value}' is invalid. Allowed choices are {choices}.",
  'cli.error.did_you_mean': '(Did you mean {suggestion}?)',
  'cli.error.prefix': 'error: ',
  // gatewatch validate (src/channels/validate.ts) and install (src/cli/install.ts)
  'validate.config': 'config: {file}',
  'validate.targets': 'targets ({count}):',
  'validate.target': '  {name}  {home}  {parts}; service {manager}{platforms}',
  'validate.target.platforms': '; platforms {list}',
  'validate.home_missing': 'home MISSING',
  'validate.file.ok': '{file} ok',
  'validate.file.absent': '{file} absent',
  'validate.file.unreadable': '{file} UNREADABLE',
  'validate.channels': 'channels: {list}',
  'validate.channels.none': 'none (console by default)',
  'validate.operators': 'operators: {count} ({admins} admin)',
  'validate.schedule': 'schedule: {schedule}  (plus the live log and a liveness poll every {every}s)',
  'validate.state_dir': 'state_dir: {dir}  ({state})',
  'validate.state.writable': 'writable',
  'validate.state.created': 'will be created',
  'validate.state.not_writable': 'NOT WRITABLE',
  'validate.level.error': 'error',
  'validate.level.warning': 'warning',
  'validate.errors': '{count|# error|# errors}: gatewatch would not work with this config.',
  'validate.ok': 'config OK',
  'validate.ok.warnings': 'config OK ({count|# warning|# warnings})',
  // A config error's frame and the problems gatewatch words itself (src/config/load.ts, src/channels/validate.ts);
  // a detail the YAML parser gives stays as it came (zod's own is worded by its locale tables: src/config/schema-text.ts).
  'config.error.line': 'config error: {text}',
  'config.error.where': '{where}: {what}',
  'config.error.key': 'key "{key}": {what}',
  'config.error.unknown_key': 'unknown key (typo?)',
  'config.error.missing_key': 'missing required key (expected {expected})',
  'config.error.env_unset': 'environment variable {name} is not set',
  'config.error.env_unset_file': 'environment variable {name} is not set (put {name}=… in {file}, or export it)',
  'config.error.duplicate_target': 'duplicate target name "{name}"',
  'config.error.duplicate_channel': 'duplicate channel name "{name}": give each notifier of one type its own name',
  'config.error.unknown_channel': 'unknown channel "{name}" (expected one of: {known})',
  'config.error.invalid_yaml': 'invalid YAML at column {col}: {detail}',
  // The same, by the parser's error code: a locale whose reader needs it says what the code means (src/config/load.ts)
  'config.error.yaml.duplicate_key': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.bad_indent': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.tab_as_indent': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.missing_char': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.bad_dq_escape': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.block_as_implicit_key': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.multiline_implicit_key': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.unexpected_token': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.multiple_docs': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.bad_scalar_start': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.block_in_flow': 'invalid YAML at column {col}: {detail}',
  'config.error.yaml.bad_alias': 'invalid YAML at column {col}: {detail}',
  'config.error.invalid_yaml.other': 'invalid YAML: {detail}',
  'config.error.home_not_dir':
    '{home} is not a directory (expected the Hermes home the gateway runs with, e.g. ~/.hermes)',
  'config.error.home_unreadable':
    'cannot read {home} ({code}) (expected the Hermes home the gateway runs with, e.g. ~/.hermes)',
  'validate.problem': '{level}: {where}: {what}',
  'config.error.too_large': 'cannot read config file: larger than {size}',
  'config.error.unreadable': 'cannot read config file ({code})',
  'config.error.no_file': 'no config file (looked for --config, $GATEWATCH_CONFIG, ./config.yaml and this one)',
  'config.error.not_found': 'config file not found',
  'config.error.not_regular': 'cannot read config file: {what}',
  'config.error.alias_bomb': 'too many YAML aliases (more than {max}: an alias bomb?)',
  'config.error.alias_undefined': 'undefined YAML alias {alias}',
  'config.env_file.missing': 'env file {file} does not exist',
  'config.env_file.unreadable': 'cannot read env file {file} ({code})',
  'config.env_file.not_file': 'env file {file} is not a regular file',
  'config.env_file.open': 'env file {file} is open to other users (mode {mode}); it holds secrets: chmod 600 {file}',
  // What the config schemas say is wrong with a value (src/config/schema-text.ts: worded when shown).
  'config.schema.duration': 'expected a duration like 90s, 10m or 1h',
  'config.schema.duration_got': 'expected a duration like 90s, 10m or 1h, got "{got}"',
  'config.schema.duration_range': 'expected a duration from {min} to {max}, got {got}',
  'config.schema.argument': 'expected a string argument',
  'config.schema.argv': 'expected an argument array like [systemctl, --user, restart, hermes-gateway]',
  'config.schema.argv_empty': 'expected a non-empty argument array',
  'config.schema.api_url': 'expected an http(s) URL, e.g. https://api.sgroup.qq.com, or false',
  'config.schema.egress_url':
    'expected an http(s) URL of a host this host always reaches, e.g. https://www.example.com, or false',
  'config.schema.prometheus_url': 'expected the Prometheus server URL, e.g. http://prometheus:9090',
  'config.schema.http_url': 'expected an http(s) URL, e.g. https://push.example.org',
  'config.schema.http_only': 'expected an http: or https: URL; no other scheme is sent to',
  'config.schema.short_name': 'expected a short name (letters, digits, _ . -)',
  'config.schema.hermes_home': 'expected a directory, e.g. ~/.hermes',
  'config.schema.state_dir': 'expected a directory, e.g. ~/.local/state/gatewatch',
  'config.schema.channel_name': 'expected a channel name (console, a chat channel or a notifier name)',
  'config.schema.channel_list': 'expected at least one channel name',
  'config.schema.severity': 'expected critical, warning, info or ok',
  'config.schema.targets': 'expected at least one target',
  'config.schema.cron': 'expected a cron expression like "*/1 * * * *"',
  'config.schema.report_every':
    'expected a day and a time like "mon 09:00" (sun, mon, tue, wed, thu, fri or sat; 24-hour clock)',
  'config.schema.report_tz': 'expected a time zone name like "Asia/Shanghai" or "UTC"',
  'config.schema.platform': 'expected a platform name as Hermes writes it (telegram, whatsapp, feishu, qqbot, …)',
  'config.schema.listen': 'expected host:port like 127.0.0.1:9477 (or empty for off)',
  'config.schema.port': 'expected a port from 1 to 65535',
  'config.schema.token': 'expected a token of at least 16 characters',
  'config.schema.listen_token':
    'a listen address beyond loopback needs http.token (anyone who can reach it could raise alerts): set a token, or listen on 127.0.0.1',
  'config.schema.ping_url': 'expected the ping URL, e.g. https://hc-ping.com/<uuid>',
  'config.schema.notifier_type': 'expected a notifier with type: {types}',
  'config.schema.no_notifier_types': 'no notifier types are known',
  'config.schema.one_of_two': 'expected {a} or {b}',
  'config.schema.list_of': 'expected a list of {item}',
  'validate.problem.home_missing':
    'the directory {home} does not exist (expected the Hermes home the gateway runs with, e.g. ~/.hermes)',
  'validate.problem.home_bad': '{home} is {what}',
  'validate.problem.file_missing': '{path} does not exist yet (has the gateway run with this home?)',
  'validate.problem.file_bad': "{path} is {what} (gatewatch runs as {user}; run it as the gateway's user)",
  'validate.access.unreadable': 'unreadable',
  'validate.access.not-a-directory': 'not a directory',
  'validate.access.not-a-file': 'not a file',
  'validate.this_user': 'this user',
  'validate.problem.secret_empty': 'is empty',
  'validate.problem.secret_placeholder':
    'is still a placeholder ({value}); write {form} with NAME set in the environment',
  'validate.problem.secret_encoded': 'is still a placeholder',
  'validate.problem.secret_missing': 'is missing: {type} needs it here (write {form} with NAME in the env file)',
  'validate.problem.no_operators': 'no operators: nobody can command the bot from chat (alerts are still sent)',
  'validate.problem.operator_no_id': '{name} has no id on a configured chat channel ({keys})',
  'validate.problem.dir_not_dir': '{dir} is not a directory',
  'validate.problem.dir_not_writable': '{dir} is not writable ({code})',
  'validate.problem.no_parent': 'no existing parent of {dir}',
  'install.wrote': 'Wrote {path}',
  'install.updated': 'Updated {path}',
  'install.unchanged': 'Already installed {path}',
  'install.no_config':
    'Note: {config} does not exist yet: write it with `{init}` (or copy config.example.yaml there) and check it with `{validate}`.',
  'install.check_first': 'Check the config first: {validate}',
  'install.env_created': 'Created {path} (mode 600) for secrets.',
  'install.then_reload': 'Then reload and restart it:',
  'install.then_enable': 'Then enable and start it:',
  'install.comment.linger': 'keep it running after you log out',
  'install.comment.log': 'its log',
  'install.comment.launchd_log': "its log; launchd's own start/exit records: {records}",
  'install.launchd_reload': 'launchctl bootout … then bootstrap again (see above)',
  'install.notes.systemd': 'Secrets for {var} in the config go in {path} (KEY=value lines, chmod 600).',
  'install.notes.launchd':
    'Secrets for {var} in the config go in {path} (KEY=value lines, chmod 600); gatewatch reads it itself.',
  'install.no_manager': 'no service manager known for {platform}; choose --systemd or --launchd',
  'uninstall.nothing': 'Nothing to remove: {path} does not exist.',
  'uninstall.still_loaded': 'the service is still enabled or running; stop it first, then run uninstall again:',
  'uninstall.removed': 'Removed {path}',
  'uninstall.unknown': '(could not ask {manager} whether it still runs; if it does: {stop})',
  'uninstall.then': 'Then:',
  // The daemon's own lines on the terminal at start (src/cli/daemon.ts)
  'cli.daemon.running': 'another gatewatch daemon (pid {pid}) is running for {dir}; not starting a second one.',
  'cli.daemon.talk': 'Talk to it from here: {commands}. Or stop it first (kill {pid}).',
  'cli.daemon.lock_fallback':
    '{dir} refuses the lock ({why}); locked in {fallback} instead; state is kept in memory until the disk is back',
  'cli.daemon.lock_planted':
    '{why} (another user may have put it in {dir}, which anyone may write); locked in {fallback} instead',
  'cli.daemon.lock_memory':
    '{dir} refuses the lock ({why}); running with the lock in memory only; state is kept in memory until the disk is back',
  'cli.daemon.channel_failed': 'channel {channel} cannot deliver: {error}',
  'cli.daemon.no_channel': 'no channel can deliver alerts; not starting',
  'cli.daemon.running_with': 'running with {channels}',
  'cli.daemon.no_http': 'cannot listen on http.listen {listen}: {error}',
  // http.listen without http.token (src/ops/http.ts): said by the daemon at start, validate and /doctor
  'http.open_local':
    'http.listen {listen} is set without http.token, so every user of this host can read /metrics and the status of /healthz, and POST /alertmanager is off (anyone here could otherwise push an alert to every channel). Set http.token (16+ characters, from the environment) to close them and turn the intake on.',
  'doctor.http.open': 'HTTP endpoint open to every user of this host',
  // A daemon that is busy, hung or not to be trusted, as the CLI says it (src/cli-errors.ts, src/control/client.ts).
  'cli.daemon.busy':
    'the gatewatch daemon on {socket} is busy: {why}; try again in a moment; not running the command here behind its back',
  'cli.daemon.busy_pid':
    'the gatewatch daemon (pid {pid}) on {socket} is busy: {why}; try again in a moment; not running the command here behind its back',
  'cli.daemon.unreachable':
    'the gatewatch daemon does not answer on {socket}; not running the command here behind its back. Is it hung?',
  'cli.daemon.unreachable_pid':
    'the gatewatch daemon (pid {pid}) does not answer on {socket}; not running the command here behind its back. Is it hung? (kill {pid})',
  'cli.daemon.answers_aside': 'the gatewatch daemon (pid {pid}) answers on {socket}: {refused} refused: {why}',
  'cli.daemon.no_control':
    'the gatewatch daemon (pid {pid}) watches and alerts but serves no control socket: {refused} refused: {why}; not running the command here behind its back. Send /status to it in chat, or remove the cause and restart it',
  'cli.daemon.untrusted':
    'refusing the control socket {socket}: {why}; not running the command (remove it if it is not yours to keep)',
  'control.untrusted.symlink': '{path} is a symbolic link',
  'control.untrusted.owner': '{path} belongs to uid {owner}, not to this user (uid {uid})',
  'control.untrusted.writable': '{path} can be written by any user (mode {mode})',
  'control.again.full': '{count} control connections are open',
  'control.again.other': '{why}',
  'control.again.socket': 'control socket: {error}',
  'control.again.closed': 'the daemon closed the connection before it answered',
  'control.failed.not_json': 'the daemon sent something that is not JSON',
  'control.failed.timeout': 'the daemon (pid {pid}) did not answer within {minutes} min',
  'control.socket.error': '{error}',
  'control.error.not_json': 'request is not JSON',
  'control.error.shape': 'expected {example}',
  'control.error.not_command': '"{word}" is not a CLI command (one of: {commands})',
  'control.error.too_large': 'request too large (max {max} bytes)',
  'control.error.no_request_within': 'no request within {seconds} s',
  'control.error.no_request': 'no request',
  'cli.test.usage': 'usage: gatewatch test [channel] (one channel, or none for all; got {count})',
  // gatewatch demo fail / heal (src/cli/demo.ts)
  'cli.demo.unknown_fault': 'unknown fault "{fault}"; one of: {faults}',
  'cli.demo.not_running': 'the demo gateway is not running ({reason}); start it with: {start}',
  'cli.demo.inject_failed': '{error} (is the demo running? start it with: {start})',
  'cli.demo.inject_failed.default': 'could not inject the fault',
  'cli.demo.injected': 'injected {fault}',
  'cli.demo.injected.switched':
    'injected {fault} (the demo plays {hermes} Hermes from its next start; {fault} applies then)',
  'cli.demo.injected.next_start': 'injected {fault} (applies at the next start of the demo gateway)',
  'cli.demo.heal_failed.default': 'could not heal the demo',
  'process.reason.no_pid_file': 'no pid file',
  'process.reason.not_running': 'not running',
  'process.reason.pid_reused': 'pid reused',
  'process.reason.not_a_gateway': 'not a gateway',
  'process.reason.other_home': 'other home',
  'process.reason.unknown': 'unknown: the look did not answer',
  // Evidence lines in our own words, around the values they quote (src/detectors: a finding's evidence)
  'evidence.gateway_pid': 'gateway.pid: {pid}{reason}{error}',
  'evidence.none': 'none',
  'evidence.paren': ' ({what})',
  'evidence.unknown': 'unknown',
  'evidence.service': 'service {name}: {state}',
  'evidence.needs_attention': 'needs_attention=true (failing continuously since {since})',
  'evidence.pid_alive': 'gateway.pid: pid {pid} alive',
  'evidence.gateway_pid.why': 'gateway.pid: {reason}',
  'evidence.control_silent': 'control socket {path}: connected, no answer to identify within {wait} (asked twice)',
  'evidence.state_stamp': 'gateway_state.json: updated_at={at} ({ago} ago), gateway_state={state}',
  'evidence.restamps': 'Hermes {version}: re-stamps every 60 s',
  'evidence.present': '{what} present',
  'evidence.update_marker': '.hermes-update-in-progress: pid {pid} ({owner}), started {at} ({ago} ago)',
  'evidence.alive': 'alive',
  'evidence.gone': 'gone',
  'evidence.running_sha': 'running code_sha={sha} ({from})',
  'evidence.starts_burst':
    'gateway-starts.log: {count} starts within {span} (Hermes backs off above {max} in {window})',
  'evidence.last_start': 'last start {ago} ago',
  'evidence.starts_recent': 'gateway-starts.log: {count} starts in {span}',
  'evidence.memory': 'memory: {available} available of {total}, gateway RSS {rss}, swap used {swap}',
  'evidence.last_heartbeat': 'last heartbeat: {memory}',
  'evidence.last_heartbeat_at': 'last heartbeat at {at}: {memory}',
  'evidence.heartbeat_before_death': 'last heartbeat before the death: {memory}',
  'evidence.heartbeat_file': 'state/gateway.heartbeat (pid {pid}, {at}): {memory}',
  'evidence.no_restart_line': '{path}: no Restart= in [Service]',
  'evidence.no_such_directory': '{path}: no such directory',
  'evidence.unreadable.log': 'cannot read the log: {reason}',
  'evidence.unreadable.state': 'cannot read the state file: {reason}',
  'evidence.unreadable.pid': 'cannot read the pid file: {reason}',
  'evidence.unreadable.agent': 'cannot read agent.log: {reason}',
  'evidence.feishu_no_inbound': 'no Feishu inbound message since {since}',
  'evidence.agent.normal':
    "this gateway's replies: the slowest tenth of the last {replies} took {typical} or more; judged late after {limit}",
  'evidence.agent.no_history': 'too few replies in this run to learn from; judged late after {limit}',
  'evidence.memory.trend': 'VmRSS of pid {pid}: {from} → {to} over {over} ({samples} samples)',
  // A forecast's trend (src/detectors/trend.ts) and what it runs into
  'evidence.trend': '{what}: {from} at {from_at} → {to} at {to_at} ({samples} samples), {rate} an hour',
  'evidence.trend.rss': 'VmRSS of pid {pid}',
  'evidence.memory.peaks':
    "Hermes' own [MEMORY] lines of this life: {count}, the last peak {peak}; the process's VmRSS now is {now}, at that peak: the peaks are its RSS",
  'evidence.memory.limit.host': 'what the host still has: room for an RSS of {limit} (its RSS plus MemAvailable)',
  'evidence.memory.limit.cgroup': 'its cgroup memory limit: room for an RSS of {limit}',
  'evidence.memory.tier': "Hermes' critical memory tier from an RSS of {critical} on (MemAvailable under {floor})",
  'evidence.trend.free': 'free space on the disk of {path}',
  // What helps against a memory climb (memory_growth) on a release the reference names no leak for
  'forecast.memory.helps': 'update Hermes, or roll back the version that brought the leak',
  // The releases the reference ties to a failure (src/detectors/known-releases.ts): the version that runs and the way
  // out, or the way out for whoever runs that release when no source said which version runs.
  'release.version.unknown': 'an unknown version',
  'release.memory_leak':
    "you run Hermes {version}, the release of #81625's leak: roll back to 0.19.1 (the leak went away there) or update past it",
  'release.memory_leak.maybe':
    "you run Hermes {version}, which gatewatch cannot place against 0.20.0 (a version named by its date, or a build past a tag); on 0.20.0, the release of #81625's leak, roll back to 0.19.1 or update past it",
  'release.memory_leak.unknown':
    "the Hermes version could not be read; on 0.20.0, the release of #81625's leak, roll back to 0.19.1 or update past it",
  'release.telegram_stall':
    "you run Hermes {version}, the release of #113618's polling stall: update to v0.21.4 or later (`hermes update`; PR #114221 fixed it), or roll back to the version you ran before",
  'release.telegram_stall.maybe':
    "you run Hermes {version}, which may not be v0.21.3 itself (a build past its tag may already hold PR #114221's fix, merged 2026-09-17; a version named by its date cannot be placed); if polling stalls like this, update to v0.21.4 or later (`hermes update`), or roll back to the version you ran before",
  'release.telegram_stall.unknown':
    "the Hermes version could not be read (identify, gateway_state.json, the checkout, `hermes --version`); on v0.21.3, the release of #113618's polling stall, update to v0.21.4 or later (`hermes update`), or roll back to the version you ran before",
  'release.discord_stall':
    "you run Hermes {version}, a release of #78881's Discord receive stall (v0.20.0–v0.20.1), which a restart does not recover: update past v0.20.1 (on later releases a restart recovers a stalled Discord), or roll back to the release you ran before v0.20.0",
  'release.discord_stall.maybe':
    "you run Hermes {version}, which gatewatch cannot place against v0.20.0–v0.20.1 (a version named by its date); on those releases, #78881's Discord receive stall, a restart does not recover it: update past v0.20.1 or roll back to the release you ran before v0.20.0",
  'release.discord_stall.unknown':
    "the Hermes version could not be read; on v0.20.0–v0.20.1, the releases of #78881's Discord receive stall, update past v0.20.1 or roll back to the release you ran before v0.20.0",
  'evidence.qq_4009.climb':
    '{count} closes with 4009 in {over}, one every {from} at first, one every {every} now; routine: one per 30 min per session',
  'evidence.qq_4009.rate': '{count} closes with 4009 in {over}, one every {every}; routine: one per 30 min per session',
  'evidence.disk.tiers':
    "Hermes' disk tiers here: critical under {critical} free, elevated under {elevated} (disk {total}, {used} used)",
  'evidence.disk.reading':
    'the disk of {path} (statfs): {free} free of {total}; Hermes calls it critical under {floor}',
  'evidence.disk.dir': '{dir}: {size}',
  'evidence.disk.dir.partial': '{dir}: {size} at least (the count stopped at its limit)',
  'evidence.disk.dir.grew': '{dir}: {size}, {grew} in {over}',
  // What grows on a filling disk, in the disk forecast's words (src/detectors/forecast-disk.ts)
  'log_flood.disk.tier':
    "At this rate the disk under the home ({free} free) falls under Hermes' critical line ({floor} free) in about {tier_eta} and is full in about {eta}",
  'log_flood.disk.full':
    "At this rate the disk under the home ({free} free, under Hermes' critical line already) is full in about {eta}",
  'log_flood.disk.unknown': 'How much the disk under the home has left could not be read',
  'forecast.disk.growing': "Of Hermes' own directories, these grew: {dirs} (sizes in the evidence).",
  'forecast.disk.elsewhere':
    "Hermes' own state-snapshots/, cron/output/ and logs/ did not grow: something else on this disk fills it.",
  'forecast.disk.unmeasured':
    "Which of Hermes' own state-snapshots/, cron/output/ and logs/ grows is measured every 30 min while the disk fills (the evidence lists them).",
  'evidence.cron.heartbeat': 'cron/ticker_heartbeat: {at}',
  'evidence.cron.success': 'cron/ticker_last_success: {at}',
  'evidence.stuck_lives':
    'gateway.log: {deaths} lives in a row ended with {platform} chat {chat} unanswered; each next start marked in-flight sessions resumable',
  'evidence.hermes_health': 'Hermes /health/detailed: status={status}, failing: {checks}',
  'evidence.inbound.none':
    'gateway.log: no "inbound message: platform={platform}" since the gateway started at {started}',
  'evidence.inbound.last': 'gateway.log: last "inbound message: platform={platform}" at {at}',
  'evidence.telegram.episodes':
    '{count} conflict episodes (each from 1/5) in {span}, none within {grace} of a (re)start',
  'evidence.telegram.other_poller': 'other poller: pid {pid}, {what}: {cmdline}',
  'evidence.telegram.no_poller':
    'no other poller of this token on this host ({scanned} processes scanned): look on other hosts',
  'evidence.telegram.no_poller_partial':
    'no other poller of this token on this host ({scanned} processes scanned; {reason}): look on other hosts',
  'evidence.whatsapp.orphan_bridge':
    'orphan bridge: pid {pid}{ppid}, started {started}, not a child of gateway pid {gateway}: {cmdline}',
  'evidence.whatsapp.bridge': 'bridge pid {pid}: {cmdline}',
  'evidence.whatsapp.no_inbound': 'no WhatsApp inbound message since the gateway started',
  'evidence.whatsapp.no_inbound_since': 'no WhatsApp inbound message since the gateway started at {at}',
  'evidence.log_line_repeated': '{file}: {line} ({count}× in its last {lines|# line|# lines})',
  'evidence.log_flood.growth':
    '{file}: +{mb} MB ({lines|# line|# lines}) in {span} = {rate} MB/min; last minute {last} MB',
  'evidence.log_flood.life':
    '{file}: {size}, its first line at {first_at}, last written at {written_at} = {rate} MB/min on average',
  'evidence.log_flood.pace':
    '{file}: {size}; {bytes} before its last line, written in {over} by its stamps = {rate} MB/min',
  'evidence.log_flood.disk':
    'the disk under {home}: {free} free, Hermes critical under {floor}; at {rate} MB/min: critical in about {tier_eta}, full in about {eta}',
  'evidence.log_flood.size': '{file}: +{mb} MB in {span} by its size = {rate} MB/min; last minute {last} MB',
  'evidence.log_flood.top': 'most repeated ({count} of {sampled} lines sampled): {line}',
  'evidence.log_flood.sample': 'e.g. {sample}',
  'evidence.turns.inbound':
    'gateway.log: {count|# inbound message|# inbound messages} since the last "response ready", none after the first failure',
  'evidence.update_finished.complete': 'logs/update.log: hermes update finished {at} (✓ Update complete!)',
  'evidence.update_finished.incomplete': 'logs/update.log: hermes update finished {at} (not completed)',
  'evidence.running_hermes': 'running Hermes {version}{sha}',
  // What `gatewatch run` says the moment it starts (src/ops/banner.ts)
  'banner.watching': 'gatewatch is watching {targets}.',
  'banner.platforms.reported': 'the platforms its gateway reports',
  'banner.channels': 'Alerts go to: {channels}.',
  'banner.talk': 'Talk to it: {ways}.',
  'banner.talk.console': 'type /help here',
  'banner.talk.chat': 'send /help to the bot on {channel}',
  'banner.control_aside': 'Control socket: {socket} ({refused} refused: {why}).',
  'banner.control_none':
    'Control socket: none ({refused} refused: {why}). The CLI cannot reach this daemon; chat commands still work.',
  'banner.talk.cli': 'run `{cmd}` in another terminal',
  'banner.sep': '; ',
  'banner.demo.auto': 'No config file and no Hermes gateway in ~/.hermes: watching the DEMO gateway in {home}.',
  'banner.demo.not_started':
    'The demo gateway did not start: {why}. It is watched all the same: its first check says what it finds.',
  'banner.demo.revived':
    'The demo gateway {target} was stopped (the demo stops it as it quits): started it again (pid {pid}), as its service would.',
  'banner.demo.not_revived':
    'The demo gateway {target} is stopped and could not be started: {why}. It is watched all the same.',
  'banner.demo.playground': 'Demo playground: watching the DEMO gateway in {home}.',
  'banner.demo.try':
    'Type /status, then break it: /demo fail crash (or from another terminal: {cmd}). Faults: {faults}',
  // /demo (commands/demo.ts)
  // What each demo fault does (src/demo/faults.ts; /demo help and `gatewatch demo` help)
  'demo.fault.crash': 'the gateway dies by SIGKILL; gateway_state.json keeps saying running',
  'demo.fault.sigterm': 'an unexpected SIGTERM: real shutdown sequence, exit code 1, state persisted as running',
  'demo.fault.qq-max-reconnect':
    'QQ reconnects fail until "Max reconnect attempts reached"; qqbot stays disconnected, process stays up',
  'demo.fault.qq-4009-stuck': 'QQ closes with 4009 and never reconnects',
  'demo.fault.qq-quick-disconnect': 'three quick QQ disconnects, then fatal qq_quick_disconnect',
  'demo.fault.storm': 'a burst of QQ disconnect/reconnect cycles within seconds',
  'demo.fault.feishu-executor': 'Feishu sends fail with "Executor shutdown has been called" (deaf Feishu)',
  'demo.fault.qq-banned': 'QQ closes with 4915: "Bot is banned", fatal and not retryable',
  'demo.fault.is-reconnect': "next start: qqbot fails with the v0.18 'is_reconnect' connect() bug",
  'demo.fault.hang': 'the gateway goes silent but stays alive; QQ still claims connected (zombie)',
  'demo.fault.fewer-platforms': 'next start: only Feishu connects ("Gateway running with 1 platform(s)")',
  'demo.fault.network-down-start':
    'next start: the network is down at boot, both platforms are "queued for retry"; it returns seconds later and Hermes connects them',
  'demo.fault.telegram-conflict':
    'another poller takes the Telegram bot token: 5 conflict retries, then telegram_polling_conflict (non-retryable; a restart cannot help while it polls)',
  'demo.fault.whatsapp-qr':
    'WhatsApp has no login: the bridge prints a login QR code to platforms/whatsapp/bridge.log, a new one every 20 s; gatewatch sends it to your phone, and heal (a scan) links it',
  'demo.fault.whatsapp-logged-out':
    'WhatsApp logs the bridge out ("❌ Logged out" in platforms/whatsapp/bridge.log); Hermes respawns it forever: re-pair, do not restart',
  'demo.fault.wedged':
    'the event loop wedges: the pid lives, gateway.sock accepts but never answers identify (a restart helps)',
  'demo.fault.update':
    '`hermes update` holds .hermes-update-in-progress and stops the gateway on purpose for a minute: no alert, /status says updating',
  'demo.fault.update-stuck': '`hermes update` stops the gateway and dies, leaving its marker: update_stuck',
  'demo.fault.update-left-stopped':
    '`hermes update` cannot arm a relaunch for the gateway, stops it, finishes and leaves it stopped (#92890): gatewatch starts it',
  'demo.fault.busy':
    'the gateway is answering 2 chats: gateway_state.json active_agents=2 until its next start (an automatic restart waits for them)',
  'demo.fault.state-db-wal':
    'a second Hermes process unlinked the live state.db WAL: every write is refused (state_db_failing, no restart: stop every Hermes process, then `hermes doctor`)',
  'demo.fault.provider-quota':
    "the model provider's quota is used up, shown to users as an authentication failure (provider_auth: wait for the reset, do not re-authenticate)",
  'demo.fault.stream-stall':
    "the model's stream keeps stalling: replies take many minutes (agent_stream_stalled, no restart: fix the provider or proxy, or configure a fallback model)",
  'demo.fault.loop-stalled': "the dashboard backend's event loop was frozen for 8 minutes (loop_stalled)",
  'demo.fault.stale-unit':
    'the systemd unit stops faster than the gateway drains (restart_loop.stale_unit, no restart: `hermes gateway install --force`)',
  'demo.fault.profile-down':
    'profile ops (served by the root): its Discord gateway task exits and keeps failing to reconnect (ops:discord)',
  'demo.none': 'No demo gateway is being watched.',
  'demo.heal.updating': 'An update is in progress (pid {pid}): it brings the gateway back by itself',
  'demo.heal.failed': 'Could not heal the demo: {error}',
  'demo.heal.done': 'Demo mended',
  'demo.heal.restarting': 'Restarting it now…',
  'demo.heal.step.other-poller': 'the other Telegram poller is stopped',
  'demo.heal.step.whatsapp-paired': 'WhatsApp is paired again (hermes whatsapp)',
  'demo.heal.step.update-marker': "the dead updater's .hermes-update-in-progress is cleared",
  'demo.heal.step.fault-dropped': 'the pending fault is dropped',
  'demo.heal.step.restarted': 'the gateway is restarted',
  'demo.heal.step.started': 'the gateway is started',
  // The one line /demo heal and `gatewatch demo heal` end with (commands/demo.ts, src/demo/heal-words.ts)
  'demo.heal.result': 'Healed: {what}.',
  'demo.heal.result.sep': '; ',
  'demo.heal.nothing': 'Nothing to heal: no fault was left to undo.',
  // The demo's supervisor script (src/demo/ctl.ts), in the terminal's language; its failures, also in gatewatch demo.
  'demo.ctl.usage':
    'usage: ctl.js <start|stop|restart|status|heal|faults|fail <fault>> --home DIR [--qq-cycle 20s] [--qq-app-id N] [--hermes legacy|current|v0.20]',
  'demo.ctl.failed': 'failed: {error}',
  'demo.ctl.already_running': 'already running (pid {pid})',
  'demo.ctl.started': 'started (pid {pid})',
  'demo.ctl.stopped': 'stopped (pid {pid})',
  'demo.ctl.killed': 'stopped (pid {pid}, killed)',
  'demo.ctl.not_running': 'not running ({reason})',
  'demo.ctl.active': 'active (running) pid {pid}',
  'demo.ctl.inactive': 'inactive ({reason})',
  'demo.ctl.bad_hermes_flag': '--hermes: expected legacy, current or v0.20, got "{value}"',
  'demo.ctl.bad_window': '--window: expected a duration like 60s, got "{value}"',
  'demo.ctl.switched':
    '{fault}: the demo plays {hermes} Hermes from its next start, and {fault} applies then (restart to see it)',
  'demo.ctl.next_start': '{fault}: applies at the next start (restart to see it)',
  'demo.ctl.injected': '{fault}: injected into pid {pid}',
  'demo.ctl.unknown_command': 'unknown command "{command}"',
  'demo.ctl.crashed': 'demo ctl failed: {error}',
  'demo.ctl.not_ours':
    'pid {pid} in {file} is not a demo gateway started for {home}: not touching it (remove gateway.pid if it is stale)',
  'demo.ctl.bad_cycle': 'expected a QQ cycle like 20s or 30m, got "{value}"',
  'demo.ctl.bad_app_id': 'expected a numeric QQ app id, got "{value}"',
  'demo.ctl.bad_hermes': 'expected --hermes legacy, current or v0.20, got "{value}"',
  'demo.ctl.exited': 'the demo gateway exited ({how}); see {log}',
  'demo.ctl.no_pid_file': 'the demo gateway did not write gateway.pid in time; see {log}',
  'demo.ctl.still_running': 'pid {pid} is still running after SIGKILL',
  'demo.ctl.gateway_not_running': 'the demo gateway is not running ({reason})',
  'demo.ctl.update_running': 'an update is already in progress (pid {pid})',
  'demo.ctl.not_demo_home': '{home} is not a demo home (no {file}): not touching it',
  'demo.ctl.update_in_progress':
    'hermes update (pid {pid}) is in progress; it starts the gateway again when it is done',
  'demo.usage': 'Usage: {fail}  ·  {heal}',
  'demo.usage.current':
    'Faults marked (v0.21) need the demo to play current Hermes (a root serving profiles coder and ops); the first one you inject switches it at its next start.',
  'demo.inject.failed': 'Could not inject {fault}: {error}',
  'demo.inject.done': 'Injected {fault} into the demo gateway',
  'demo.inject.switched':
    'From its next start the demo gateway plays Hermes v0.21.3 (a multiplexing root serving profiles coder and ops), and {fault} applies then: try {cmd}.',
  'demo.inject.next_start': 'It applies at the next start: try {cmd}.',
  'demo.inject.now': 'Watch for the alert; {status} shows what gatewatch sees. {heal} mends it.',

  // Findings as one reply: /check, /doctor, `gatewatch check` (src/delivery/findings-reply.ts)
  'findings.all_pass': '{target}: all checks pass',
  'findings.count': '{target}: {count|# finding|# findings}',
  'findings.operator_stop': '{target}: stopped by the operator at {at}',
  'findings.operator_stop.line':
    'gatewatch leaves a stop by the operator alone: no alert and no restart (one reminder if it lasts long). `{cmd}` brings it back.',

  // Escalation of an unacknowledged incident (src/delivery/escalate.ts)
  'escalation.title': 'Escalated: {target}: {title} — not acknowledged for {after}',
  'escalation.field.open_since': 'open since',
  'escalation.line': 'escalated: not acknowledged for {after}',

  // An alert sent by a fallback channel (src/delivery/fallback.ts)
  'fallback.line': '↪ via fallback for {primary}',
  'fallback.line_reason': '↪ via fallback for {primary} ({primary}: {reason})',
  'fallback.title': '{title} (via fallback for {primary})',

  // doctor on delivery (src/delivery/routes-doctor.ts)
  'routes.field.channels': 'alert channels',
  'routes.field.routes': 'routes',
  'routes.field.fallback': 'fallback',
  'routes.field.escalation': 'escalation',
  'routes.standby': '{hooks} stand by for {chat}',
  'routes.every_alert': 'every alert → {channels} ({standby})',
  'routes.none': 'none: every channel gets every alert',
  'routes.fallback.none': 'none',
  'routes.implied': '(implied: no alerts.routes or alerts.fallback)',
  'routes.escalation': 'after {after} unacknowledged → {channels}',
  'routes.escalation.note': '{text} ({note})',
  'routes.escalation.off': 'off',
  'routes.warn.no_phone': '⚠ critical alerts go to no channel that reaches a phone: add one to alerts.routes',
  'routes.warn.served':
    '⚠ critical alerts only go through {reach}, which is {via}: a platform this gateway serves. When it is down, the alert cannot get out either: route critical to another service (alerts.routes) or give {critical} a fallback (alerts.fallback).',
  'routes.warn.unused': '⚠ {channels}: named in no route, fallback or escalation, so it gets no alerts',

  // Alertmanager's webhook (src/ops/alertmanager.ts)
  'alertmanager.firing': 'Alertmanager reports {alertname} firing.',
  'alertmanager.says': 'Alertmanager says: {text}',
  'alertmanager.action.runbook': 'Follow the runbook (a link from Alertmanager): {url}',
  'alertmanager.action.local': 'Check the gateway {local} here; /restart {local} if it does not recover.',
  'alertmanager.action.remote': 'Look at {target} (from Alertmanager); gatewatch cannot restart it from here.',
  'alertmanager.overflow':
    'Alertmanager: and {count|# more firing alert|# more firing alerts} in the same request, not shown one by one',

  // The restart budget as one line (src/actions/restart-policy.ts)
  'budget.line': 'restarts {used}/{max} in {window}',
  'budget.line_next': 'restarts {used}/{max} in {window}, next free {next}',
  'budget.with_counts': '{line} (automatic restarts that failed, or whose cause came back, count)',

  // Push services' titles and bodies (src/delivery/render-markdown.ts)
  'severity.critical': 'CRITICAL',
  'severity.warning': 'WARNING',
  'severity.info': 'INFO',
  'severity.ok': 'OK',
  'render.truncated': '… (truncated)',

  // A channel that cannot deliver (src/delivery/channel-down.ts)
  'channel.down.title': 'Channel {channel} cannot deliver alerts',
  'channel.down.why': 'Why: {reason}',
  'channel.down.hint.credentials':
    'Fix: the service refuses the credentials. Put a valid token or secret in the channel’s config.',
  'channel.down.hint.permission':
    'Fix: the service refuses permission. Grant the bot or app the permission it needs, or add it back to the chat.',
  'channel.down.hint.address': 'Fix: the address is wrong or was removed. Check the url in the channel’s config.',
  'channel.down.hint.config': 'Fix: check the channel’s settings in the config file.',
  'channel.down.start':
    'gatewatch runs with the other channels; alerts for {channel} wait in the outbox. Restart gatewatch after the fix.',
  'channel.down.send':
    'Retrying will not help: gatewatch keeps trying {channel} in the background, and its alerts wait in the outbox until it delivers.',
  // A channel that cannot deliver, as the banner and /doctor say it (✗), and a service its credential check could not reach
  'channel.cannot.rejected': '✗ {channel} cannot deliver alerts: {service} rejected its credentials ({answer})',
  'channel.cannot.other': '✗ {channel} cannot deliver alerts: {reason}',
  'channel.unreachable':
    '⚠ {channel}: {service} could not be reached to check its credentials ({reason}): a network problem, not rejected credentials. gatewatch keeps trying.',
  'channel.back.title': 'Channel {channel} delivers again',
  // A channel's own fix when the service refuses its credentials at start (src/channels/*/credentials.ts, src/notifiers)
  // A channel's line in /status and /doctor (its health(); src/chats/*, src/channel-kit/http.ts)
  'channel.health.not_started': 'not started',
  'channel.health.ago': '{duration} ago',
  'channel.health.never': 'never',
  'channel.health.for': '{state} for {duration}',
  'channel.health.error': '{text} ({error})',
  'channel.health.state.starting': 'starting',
  'channel.health.state.polling': 'polling',
  'channel.health.state.retrying': 'retrying',
  'channel.health.state.conflict': 'conflict',
  'channel.health.state.stopped': 'stopped',
  'channel.health.state.idle': 'idle',
  'channel.health.state.connecting': 'connecting',
  'channel.health.state.connected': 'connected',
  'channel.health.state.reconnecting': 'reconnecting',
  'channel.health.state.failed': 'failed',
  'channel.health.push.ok': 'last push ok at {time}',
  'channel.health.push.failed': 'last push failed: {detail} at {time}',
  'channel.health.push.none': 'no push yet',
  // /doctor: what a channel's (!) means
  'doctor.channel.down': '{channel} (!): {summary}',
  'doctor.channels.title': '{target}: checks pass, but {channels} cannot deliver alerts',
  // gatewatch's own state_dir (src/state/alerts.ts)
  'state_dir.failed.title': 'gatewatch cannot save its state: {problem}',
  'state_dir.failed.line':
    'Alerts are still sent and commands still answered, but what happens now is kept only in memory and is lost if gatewatch restarts. Free space in {dir} or make it writable.',
  'state_dir.recovered.title': 'gatewatch can save its state again',
  'state_dir.recovered.line': '{dir} is writable again; what was kept in memory has been written.',
  // State_dir refused the daemon's lock at start (issue 18 item 1).
  'state_dir.lock.fallback':
    'Its lock is kept in {dir} until gatewatch restarts (the control socket too, where the state_dir refuses it); a second gatewatch for this state_dir is still refused.',
  'state_dir.lock.memory':
    'Its lock could not be written anywhere ({why}): a second gatewatch started for this state_dir would not be stopped.',

  // Lists worded in a sentence: a Chinese enumeration takes 、 and ；
  'list.comma': ', ',
  'list.or': ' or ',
  'list.semicolon': '; ',
  'list.sentences': '{first} {next}',
} as const);

export type TextKey = keyof typeof en;
