// `gatewatch init`'s texts (src/init/): what it found, what it asks, what it wrote and the next command. Spread into
// the English catalogue (en.ts); init-zh-CN.ts has each key.
export const initEn = {
  'init.found': 'Hermes in {root}:',
  'init.home.root': 'root gateway',
  'init.home.serves': 'serves {profiles}',
  'init.home.served': 'profile served by the root gateway',
  'init.home.standalone': 'profile with a gateway of its own',
  'init.home.platforms': 'platforms {list}',
  'init.home.no_platforms': 'no platforms seen yet',
  'init.home.service': '{manager} service {name}',
  'init.home.container_unreachable':
    'runs in a {runtime} container (its files say so), but {runtime} did not answer ({error}): gatewatch watches it read-only and cannot restart it; to let it, give it access to {runtime} (that access is root on this host)',
  'init.home.at': 'at {home}',
  'init.home.lever': 'restart: {cmd}',
  'init.home.no_service': 'no service found: gatewatch alerts but cannot restart it',
  'init.home.demo_service': "the demo gateway: gatewatch restarts it with the demo's own start and stop commands",
  'init.home.left_out': '{name}: left out, no gateway has run this profile',
  'init.elsewhere': 'Hermes elsewhere on this host:',
  'init.elsewhere.missing': '{program}: left out, its home {home} does not exist',
  'init.unread': 'could not read {what}: {why}',
  'init.unread.denied': 'permission denied',
  'init.unread.other_user':
    "another user's systemd manager (uid {uid}) runs it, which gatewatch cannot ask as this user",
  'init.unread.partial': 'not every process was read in {s}s',
  'init.none':
    'no Hermes home found in {dir} (no config.yaml, .env, logs or gateway state there): pass --hermes-home DIR, or try `{demo}`',
  'init.exists': '{file} already exists; not touching it (`{cmd}` overwrites it)',
  'init.ask.channel': 'Where should alerts reach you? {choices} [{default}]: ',
  'init.ask.app_id': '{channel} app_id of the bot for gatewatch (a second bot, not the one Hermes uses; see {doc}): ',
  'init.ask.operator_id': 'Your {key} (see {doc}): ',
  'init.ask.secret': '{channel} {key} (written only to {file}; leave empty to fill it in later): ',
  'init.ask.watch': 'Watch {name} ({what})? [Y/n]: ',
  'init.ask.watch.other': "Watch {name} ({what}), {user}'s gateway? [y/N]: ",
  'init.ask.restart': 'May gatewatch restart {name} when a restart helps (by itself, and on /restart)? [Y/n]: ',
  'init.ask.restart.other': "May gatewatch restart {name}, {user}'s gateway, when a restart helps? [y/N]: ",
  'init.home.not_chosen': '{name}: left out, as you said',
  'init.none_chosen': 'no gateway chosen to watch: nothing written. Run init again and answer y for the one to watch',
  'init.bad_channel': 'unknown channel "{name}": expected one of {choices}',
  'init.needs': '--channel {channel} needs {flags}',
  'init.expected_number': 'expected a number',
  'init.bad_value': '{what}: {why}',
  'init.wrote': 'Wrote {file}',
  'init.wrote_env': 'Wrote {file} (mode 600)',
  'init.shadowed':
    'Note: ./config.yaml in this folder is read before {file}: run gatewatch from another folder, or remove it.',
  'init.console': 'Alerts and commands: this terminal (the console channel).',
  'init.phone':
    'To get alerts on your phone, add a channel: `{cmd}` (or feishu, qq), or a push notifier under channels.notifiers in {file} (see docs/notifiers.md).',
  'init.channel': 'Alerts and commands: {channel}, for the operator with id {operator}.',
  'init.fill_secret': 'Put the secret in {file}: {name}=…',
  'init.next': 'Next: {command}',
  'init.service': 'To keep it running after you log out: `{cmd}` ({manager} service).',
  'init.config.head':
    'Written by `gatewatch init`. config.example.yaml explains every key; check this file with: {validate}',
  'init.config.env':
    'Secrets: each {var} below is read from {file} (NAME=value lines, mode 600), or from the environment.',
  'init.config.other_user':
    "{user}'s gateway, not watched: another user's. Uncomment it to watch it; gatewatch restarts it only once you remove `restart: false`.",
  'init.home.other_user': "another user's ({user}): written commented out, not watched",
  'init.only_others':
    "only other users' gateways found ({list}): none is watched without its owner's say. Run init as that user, or name the home with --hermes-home DIR to watch it",
  'init.config.targets':
    'The Hermes homes found, one target each (a served profile is watched through the root gateway).',
  'init.config.demo_cycle':
    "The demo gateway drops QQ's idle session every {cycle}, not about every 30 min as QQ does: zombie_after (twice QQ's cycle) says its cycle.",
  'init.config.on_start':
    'When `run` starts, a message on the phone with what it watches; then silence until something breaks.',
  'init.config.operators': 'Who may command the bot from chat (admin or viewer), by their id on the channel.',
  'init.env.head':
    'Secrets for the {var}s in {config}, one NAME=value a line. Read by every gatewatch command; keep it mode 600.',
} as const;
