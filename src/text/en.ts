// The English catalogue: every text gatewatch words for an operator, by key. Its keys are the key type: the zh-CN
// catalogue must have each of them. `{name}` is a parameter, filled in when the text is worded (src/i18n.ts).
// Detector texts are not here yet (src/detectors/text.ts).
export const en = {
  // Alerts (src/delivery/alerts.ts)
  'alert.open': '{target}: {title}',
  'alert.remind': 'Still failing — {target}: {title}',
  'alert.resolve': 'Recovered — {target}: {title}',
  'alert.flap': 'Down again ({nth} time in {window}) — {target}: {title}',
  'alert.settle': 'Settled — {target}: {title}: no failure for {window}',
  'alert.escalate': 'Giving up on automatic restarts — {target}: manual action needed',
  'alert.restart.begin': 'Restarting {target}…',
  'alert.restart.ok': 'Restarted {target}: verified in {duration}',
  'alert.restart.fail': 'Restart of {target} failed',
  'alert.escalate.did_not_stick': '{used} automatic restart(s) in the last {window} did not stick:',
  'alert.escalate.restart_line': '• {at} for {what} — {how}',
  'alert.escalate.came_back': 'verified, but the cause came back',
  'alert.escalate.failed': 'failed',
  'alert.escalate.failed_detail': 'failed: {detail}',
  'alert.escalate.paused': 'Automatic restarts are paused until it recovers or an operator sends /restart.',
  'alert.escalate.frees_at': 'The budget frees up at {at}.',
  'alert.unmute.open_line': '• {target}: {title} (since {since})',
  'alert.unmute.open_line_acked': '• {target}: {title} (since {since}) — acked by {by}',
  'alert.unmute.recovered': 'Recovered while muted: {list}',
  'alert.unmute.held': '{count} alert(s) were held while muted; /history lists what happened.',
  'alert.unmute.title_open': 'Alerts unmuted — {count} incident(s) still open',
  'alert.unmute.title_none': 'Alerts unmuted — nothing is open',
  'restart.via_root': "Restarting the root gateway that serves profile {profile}: every profile's bots ({profiles}) reconnect.",
  'restart.root_serves': "This gateway serves profiles {profiles}: every profile's bots reconnect.",
  'restart.confirm_root': 'Restarting {target} restarts the root gateway that serves profile {profile}: the bots of {others} reconnect too. Restart anyway?',
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
  'restart.wait': 'not yet: the gateway may recover by itself',
  'restart.never': 'no: a restart does not fix this',
  'restart.remote': 'no: gatewatch cannot restart it from this host',
  'restart.manual': 'not automatically: use Restart if it does not recover',
  'restart.off': 'off (remediate.auto_restart: false): /restart it yourself if needed',
  'flap.line': 'It went down {count} times in {window}; up now. gatewatch says when it has stayed up for {window}.',
  'button.restart': 'Restart',
  'button.logs': 'Logs',
  'button.ack': 'Ack',
  'button.mute': 'Mute 1h',

  // The command bus (commands/index.ts, commands/targets.ts)
  'denied': 'Sorry, you are not allowed to do that. This was recorded.',
  'denied.role': '/{command} needs the admin role; you are {role}. This was recorded.',
  'unknown': 'Unknown command "{command}".',
  'target.unknown': 'Unknown target "{target}". Targets: {targets}.',
  'target.which': 'Which target? Targets: {targets}.',
  'error': 'The command failed: {message}',
  'usage': 'Usage: {usage} ({problem})',

  // /help (commands/help.ts) and each command's line in it
  'help.title': 'gatewatch commands',
  'help.footer': 'Viewers may read; only admins restart, mute and ack.',

  // /status (commands/status.ts)
  // gateway_state.json's platform states, as Hermes writes them
  // gateway_state.json's gateway_state and the service manager's state words, as written
  // Hermes facts in /status and doctor (commands/hermes-facts.ts)
  // /restart (commands/restart.ts); its results are worded as the restart alerts are (alert.restart.*)
  // /logs (commands/logs.ts)
  // /ack, /mute, /unmute (commands/ack.ts, mute.ts, unmute.ts)
  // /history (commands/history.ts)
  // /doctor (commands/doctor.ts)
  // /test (commands/test.ts)
  // /demo (commands/demo.ts)
  // Findings as one reply: /check, /doctor, `gatewatch check` (src/delivery/findings-reply.ts)
  'findings.all_pass': '{target}: all checks pass',
  'findings.count': '{target}: {count} finding(s)',

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
  'routes.warn.served': '⚠ critical alerts only go through {reach}, which is {via}: a platform this gateway serves. When it is down, the alert cannot get out either: route critical to another service (alerts.routes) or give {critical} a fallback (alerts.fallback).',
  'routes.warn.unused': '⚠ {channels}: named in no route, fallback or escalation, so it gets no alerts',

  // Push services' titles and bodies (src/delivery/render-markdown.ts)
  'severity.critical': 'CRITICAL',
  'severity.warning': 'WARNING',
  'severity.info': 'INFO',
  'severity.ok': 'OK',
  'render.truncated': '… (truncated)',

  // gatewatch's own state_dir (src/state/alerts.ts)
  'state_dir.failed.title': 'gatewatch cannot save its state: {problem}',
  'state_dir.failed.line': 'Alerts are still sent and commands still answered, but what happens now is kept only in memory and is lost if gatewatch restarts. Free space in {dir} or make it writable.',
  'state_dir.recovered.title': 'gatewatch can save its state again',
  'state_dir.recovered.line': '{dir} is writable again; what was kept in memory has been written.',

  // Lists worded in a sentence: a Chinese enumeration takes 、 and ；
  'list.comma': ', ',
  'list.semicolon': '; ',
} as const;

export type TextKey = keyof typeof en;
