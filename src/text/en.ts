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
} as const;

export type TextKey = keyof typeof en;
