// Detector cases for current Hermes (issue 9), spread into the table of detectors.test.ts. Each check has a case that
// fires it and a near miss that must stay silent.
import { expect } from 'vitest';
import type { DetectSettings, HermesEvidence } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { fixtureText, iso, localTime, PID, stateFile, type BuildOptions } from './evidence.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { summariseLives } from '../../src/probes/recent-lives.js';
import { describeRemedy } from '../../src/actions/remedies.js';
import { wordEvidence } from '../../src/i18n.js';
import { englishProse } from './english-prose.js';
import { qrSection } from '../../src/probes/bridge-log.js';
import { larkChurnLines, type ChurnOptions } from './lark-churn.js';

/** agent.log records of slack_bolt's closed-session loop (logger slack_bolt.AsyncApp, never in gateway.log). */
const slackLoop = (times: string[]) =>
  parseLogText(
    times
      .map((t) => `${t},120 ERROR slack_bolt.AsyncApp: Failed to connect (error: Session is closed); Retrying...`)
      .join('\n'),
  );

/** A current gateway.log with Telegram up and the runner's traffic lines (`HH:MM:SS` on 2026-09-21). */
const AGENT_LOG = (traffic: string[]) =>
  [
    '2026-09-21 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...',
    '2026-09-21 09:00:02,100 INFO gateway.run: ✓ telegram connected',
    '2026-09-21 09:00:02,200 INFO gateway.run: Gateway running with 1 platform(s)',
    ...traffic,
  ].join('\n') + '\n';
const IN = (at: string, platform: string, chat: string, msg: string) =>
  `2026-09-21 ${at},500 INFO gateway.run: inbound message: platform=${platform} user=581234907 chat=${chat} msg='${msg}' reply_to_id=None reply_to_text=''`;
const OUT = (at: string, platform: string, chat: string, seconds: number) =>
  `2026-09-21 ${at},900 INFO gateway.run: response ready: platform=${platform} chat=${chat} time=${seconds}s api_calls=2 response=120 chars`;
const REPLIES = [3, 9, 4, 6, 5, 2].flatMap((s, i) => [
  IN(`09:${10 + i * 5}:00`, 'telegram', '581234907', 'q'),
  OUT(`09:${10 + i * 5}:${String(s).padStart(2, '0')}`, 'telegram', '581234907', s),
]);
const SLOW_REPLIES = [420, 480, 300, 460, 390].flatMap((s, i) => [
  IN(`09:${10 + i * 9}:00`, 'telegram', '581234907', 'q'),
  OUT(`09:${10 + i * 9 + Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`, 'telegram', '581234907', s),
]);
const STALLS = (times: string[]) =>
  times
    .map(
      (t) =>
        `2026-09-21 ${t},000 WARNING agent.conversation_loop: Streaming failed: Stream produced no non-ping SSE event within 95000ms model=claude-sonnet base_url=https://router.example/v1`,
    )
    .join('\n');
/** Starts that each lose to a stale PID file and exit (§9.16, #13655). */
const LOST_STARTS = (times: string[]) =>
  times
    .map(
      (t) =>
        `2026-09-21 ${t},100 INFO gateway.run: Starting Hermes Gateway...\n2026-09-21 ${t},900 ERROR gateway.run: PID file race lost to another gateway instance. Exiting.`,
    )
    .join('\n') + '\n';
/**
 * Lives of a gateway that a stuck Telegram turn kills (§9.15, #7536): each life dies with `chat`'s message unanswered
 * and each next boot marks it resumable (hermes-gateway.md §4.0); `lives[i]` is the traffic of life i (`HH:MM:SS`).
 */
const LIVES = (starts: string[], traffic: string[][]) =>
  starts
    .map((t, i) =>
      [
        `2026-09-21 ${t},100 INFO gateway.run: Starting Hermes Gateway...`,
        ...(i > 0
          ? [`2026-09-21 ${t},300 INFO gateway.run: Marked 1 in-flight session(s) as resumable from previous run`]
          : []),
        `2026-09-21 ${t},600 INFO gateway.run: ✓ telegram connected`,
        ...(traffic[i] ?? []),
      ].join('\n'),
    )
    .join('\n') + '\n';
const livesOf = (text: string) => summariseLives(parseLogText(text));
const STUCK_TEXT = LIVES(
  ['10:00:00', '10:06:00', '10:11:00'],
  [
    [IN('10:02:00', 'telegram', '7001', 'run the nightly report')],
    [IN('10:06:05', 'telegram', '7001', 'run the nightly report')],
    [],
  ],
);
const STUCK_SESSION = {
  key: 'agent:main:telegram:dm:7001',
  id: '20260921_100200_ab12cd',
  platform: 'telegram',
  chat: '7001',
  resumePending: true,
  suspended: false,
};
const TELEGRAM_ONLY = () =>
  stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:00:02') });

export interface HermesCase {
  name: string;
  ev: BuildOptions;
  settings?: Partial<DetectSettings>;
  expect: string[];
  check?: (found: Finding[]) => void;
}

const V21: HermesEvidence['version'] = {
  version: '0.21.3',
  sha: '00067189dfec',
  source: 'state_file',
  generation: 'current',
  restampsUpdatedAt: false,
};
const V22: HermesEvidence['version'] = {
  version: '0.22.1',
  sha: '5b1f0c2a9d',
  source: 'identify',
  generation: 'current',
  restampsUpdatedAt: true,
};
const ANSWERED: HermesEvidence['control'] = {
  outcome: 'answered',
  path: '/home/ops/.hermes/gateway.sock',
  identify: { pid: 48213, code_version: '0.21.3', code_sha: '00067189dfecf833' },
  waitedMs: 3,
};
const SILENT: HermesEvidence['control'] = { outcome: 'silent', path: '/home/ops/.hermes/gateway.sock', waitedMs: 2001 };

const hermes = (h: Partial<HermesEvidence>) => ({
  hermes: { version: V21, control: ANSWERED, update: {}, serving: { role: 'root' as const, profile: 'default' }, ...h },
});
const running = (updated = '2026-07-02 10:00:00') =>
  stateFile(
    'running',
    { feishu: 'connected', qqbot: 'connected' },
    { platformsUpdatedAt: iso('2026-07-02 06:00:03'), updated_at: iso(updated), code_version: '0.22.1' },
  );
const NOW = '2026-07-02 10:05:00';
const MiB = 1024 * 1024;
/** The disk under /home/ops/.hermes as a look at NOW read it: 40 GiB free, every place Hermes writes on one mount. */
const homeOn = (readOnly: boolean) => ({
  path: '/home/ops/.hermes',
  totalBytes: 100 * 1024 * MiB,
  reservedBytes: 0,
  samples: [{ at: localTime(NOW), freeBytes: 40 * 1024 * MiB }],
  places: ['.', 'state.db', 'sessions/', 'logs/', 'state/', 'cron/'].map((name) => ({
    name,
    mount: '/home',
    fsType: 'ext4',
    source: '/dev/sda3',
    readOnly,
    inodes: { total: 6_553_600, free: 5_000_000 },
  })),
});
/** A Feishu gateway restarted after each Lark drop (§9.4): 35 lives 30 min apart from 2026-07-01 15:00, the last at 08:00. */
const CHURN_T0 = localTime('2026-07-01 15:00:00');
const churn = (cycles = 35, o: ChurnOptions = {}) => {
  const lines = larkChurnLines(CHURN_T0, cycles, o);
  const start = lines.map((l) => l.includes('Starting Hermes Gateway...')).lastIndexOf(true);
  return {
    text: `${lines.slice(start).join('\n')}\n`,
    state: stateFile('running', { feishu: 'connected' }, { platformsUpdatedAt: iso('2026-07-02 08:00:02') }),
    overrides: hermes({ hours: parseLogText(lines.join('\n')) }),
  };
};
const stopped = () => stateFile('stopped', {}, { restart_requested: true });

const BRIDGE_LOGGED_OUT = [
  '✅ WhatsApp connected!',
  '⚠️  Connection closed (reason: 401). Reconnecting in 3s...',
  '❌ Logged out. Delete session and restart to re-authenticate.',
  '❌ Logged out. Delete session and restart to re-authenticate.',
  '❌ Logged out. Delete session and restart to re-authenticate.',
];

/** A gateway killed without an exit path (its sentinel never closed), whose last heartbeat had `availableKib` free. */
const killedWith = (availableKib: number): BuildOptions => ({
  log: 'killed.log',
  alive: false,
  state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }, { pid: 48213 }),
  overrides: hermes({
    lifecycle: {
      sentinel: { phase: 'running', pid: 48213, priorUncleanExit: false, priorSuspectedOom: false },
      heartbeat: {
        pid: 48213,
        updatedAt: Date.now(),
        mem: { rssKib: 1_000_000, totalKib: 2_000_000, availableKib, swapUsedKib: 0 },
      },
    },
  }),
});

/** A gateway killed mid-stop: sentinel still `running`, and the planned-stop marker written for `target` left behind. */
const stoppedByMarker = (target = 48213): BuildOptions => ({
  log: 'killed.log',
  alive: false,
  state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }, { pid: 48213 }),
  overrides: hermes({
    lifecycle: {
      sentinel: { phase: 'running', pid: 48213, priorUncleanExit: false, priorSuspectedOom: false },
      plannedStop: { targetPid: target, stopperPid: 61002, writtenAt: localTime('2026-06-24 09:20:11') },
    },
  }),
});

/** agent.log of a gateway whose every turn fails with HTTP 400 (§8.7): the agent loop's lines are there only. */
const AGENT_400 = parseLogText(fixtureText('hermes-current/turns-failing-agent.log'));

/** The root's agent.log after the Lark SDK's receive loop died (§8.10, logger `Lark`, a traceback under it). */
const LARK_LOOP = parseLogText(fixtureText('hermes-current/feishu-other-loop-agent.log'));
const FEISHU_TWO_APPS = () =>
  stateFile(
    'running',
    { feishu: 'connected', 'coder:feishu': 'connected' },
    { platformsUpdatedAt: iso('2026-09-21 09:00:05'), served_profiles: ['default', 'coder'] },
  );

const TELEGRAM_UP = () =>
  stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:00:03') });

const WA_UP = () =>
  stateFile(
    'running',
    { telegram: 'connected', whatsapp: 'connected' },
    { platformsUpdatedAt: iso('2026-09-21 09:00:10') },
  );
/** bridge.log after a restart raced the previous life's bridge for port 3000 (§8.8: a second connected, then EADDRINUSE). */
const WA_BRIDGE_LOG = {
  file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
  tail: fixtureText('hermes-current/whatsapp-orphan-bridge.log').trim().split('\n'),
  mtimeMs: localTime('2026-09-21 09:00:09'),
};
/** bridge.log with a login QR code as the bridge prints it (qrcode-terminal small mode), blank lines dropped as the probe does. */
const QR_LINES = fixtureText('whatsapp-qr/first.log')
  .split('\n')
  .filter((l) => l.trim());
const WA_QR_LOG = (lines: string[]) => ({
  file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
  tail: lines.slice(-60),
  mtimeMs: localTime('2026-09-20 09:01:30'),
  qr: qrSection(lines),
});
const ORPHAN = {
  pid: 39120,
  ppid: 1,
  startedAt: localTime('2026-09-20 18:00:05'),
  cmdline:
    'node /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge/bridge.js --port 3000 --session /home/ops/.hermes/platforms/whatsapp/session',
  port: 3000,
  session: '/home/ops/.hermes/platforms/whatsapp/session',
  ownSession: true,
  childOfGateway: false,
  identity: {
    pid: 39120,
    startTicks: 4521337,
    argvHash: '5f1c0e9a2b7d4e61',
    cmdline:
      'node /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge/bridge.js --port 3000 --session /home/ops/.hermes/platforms/whatsapp/session',
  },
};

const POLLER_ID = {
  pid: 7001,
  startTicks: 9120044,
  argvHash: '0a9b8c7d6e5f4a3b',
  cmdline: 'node /opt/openclaw/dist/index.js',
};

const ALL_QUIET = () =>
  stateFile(
    'running',
    Object.fromEntries(
      ['telegram', 'whatsapp', 'discord', 'weixin', 'wecom', 'slack', 'matrix', 'dingtalk', 'signal'].map((p) => [
        p,
        'connected',
      ]),
    ),
    { platformsUpdatedAt: iso('2026-09-20 09:00:18'), updated_at: iso('2026-09-20 17:59:30') },
  );

const marker = (startedLocal: string, ownerAlive: boolean, live: boolean) => ({
  marker: { pid: 61001, startedAt: localTime(startedLocal), ownerAlive, live },
});

export const HERMES_CASES: HermesCase[] = [
  {
    name: 'gateway_unresponsive: control socket connects but never answers while the pid is alive',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: hermes({ control: SILENT }) },
    expect: ['gateway_unresponsive'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('helps');
      expect(f!.evidence[0]).toMatch(/no answer to identify/);
    },
  },
  {
    name: 'near miss gateway_unresponsive: the control socket answers',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: hermes({}) },
    expect: [],
  },
  {
    name: 'near miss gateway_unresponsive: no socket (v0.18 and older)',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        control: { outcome: 'absent' },
        version: { source: 'none', generation: 'legacy', restampsUpdatedAt: false },
      }),
    },
    expect: [],
  },
  {
    name: 'near miss gateway_unresponsive: silent socket but the process is gone (the process cause wins)',
    ev: { log: 'healthy.log', alive: false, state: running(), now: NOW, overrides: hermes({ control: SILENT }) },
    expect: ['state_stale_running'],
  },
  {
    name: 'gateway_unresponsive#heartbeat: v0.22 re-stamps every 60 s, the stamp is 5 min old, pid alive, no answer',
    ev: {
      log: 'healthy.log',
      state: running('2026-07-02 10:00:00'),
      now: NOW,
      overrides: hermes({ version: V22, control: { outcome: 'absent' } }),
    },
    expect: ['gateway_unresponsive'],
    check: ([f]) => expect(f!.title).toMatch(/heartbeat/),
  },
  {
    name: 'near miss gateway_unresponsive: v0.21 does not re-stamp, an old stamp means nothing',
    ev: {
      log: 'healthy.log',
      state: running('2026-07-02 09:00:00'),
      now: NOW,
      overrides: hermes({ control: { outcome: 'absent' } }),
    },
    expect: [],
  },
  {
    name: 'near miss gateway_unresponsive: v0.22 stamp is 60 s old',
    ev: {
      log: 'healthy.log',
      state: running('2026-07-02 10:04:00'),
      now: NOW,
      overrides: hermes({ version: V22, control: { outcome: 'absent' } }),
    },
    expect: [],
  },
  {
    name: 'near miss gateway_unresponsive: v0.22 stale stamp but the socket answers',
    ev: { log: 'healthy.log', state: running('2026-07-02 09:00:00'), now: NOW, overrides: hermes({ version: V22 }) },
    expect: [],
  },
  {
    name: 'near miss update_stuck, gateway_stopped: a live update claim, the gateway stopped for it',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stopped(),
      now: '2026-06-24 09:25:00',
      overrides: hermes({ control: { outcome: 'absent' }, update: marker('2026-06-24 09:20:00', true, true) }),
    },
    expect: [],
  },
  {
    name: 'update_stuck: the updater is gone, its claim remains, the gateway is not back',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stopped(),
      now: '2026-06-24 09:35:00',
      overrides: hermes({ control: { outcome: 'refused' }, update: marker('2026-06-24 09:20:00', false, false) }),
    },
    expect: ['update_stuck'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.explanation).toMatch(/15m|15 min/);
    },
  },
  {
    name: 'update_stuck#incomplete: half-done update, gateway down: do not restart',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      state: stopped(),
      now: '2026-06-24 09:35:00',
      overrides: hermes({ control: { outcome: 'absent' }, update: { incomplete: ['.update-incomplete'] } }),
    },
    expect: ['update_stuck'],
    check: ([f]) => expect(f!.restart).toBe('never'),
  },
  {
    name: 'update_stuck#sha: a restart onto the new code is owed, the gateway runs the old one',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({ update: { fleetRestartPending: { expectedSha: '9c0ffee1234567890' } } }),
    },
    expect: ['update_stuck'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('wait');
    },
  },
  {
    name: 'near miss update_stuck: fleet_restart_pending names the code that runs (a stale marker, #111272)',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        update: { fleetRestartPending: { expectedSha: '00067189dfecf833d4d009c2dd977ae85cf800e0' } },
      }),
    },
    expect: [],
  },
  // ---------- per-platform (§6) ----------
  {
    name: 'telegram_polling_conflict: 5/5 conflicts, Hermes gave up on Telegram; the other platform still runs',
    ev: {
      log: 'hermes-current/telegram-conflict-exhausted.log',
      state: stateFile('running', {
        telegram: {
          state: 'fatal',
          error_code: 'telegram_polling_conflict',
          error_message: 'Telegram polling could not recover after 5 retries (200s total wait).',
          updated_at: iso('2026-09-20 09:13:30'),
        },
        discord: 'connected',
      }),
    },
    expect: ['telegram_polling_conflict:telegram'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.evidence.join('\n')).toMatch(/conflict \(1\/5\)[\s\S]*could not recover after 5 retries/);
      expect(f!.since).toBe(localTime('2026-09-20 09:10:00'));
    },
  },
  {
    name: 'telegram_polling_conflict: only the log says so (the entry was written before error codes existed)',
    ev: {
      log: 'hermes-current/telegram-conflict-exhausted.log',
      state: stateFile('running', {
        telegram: { state: 'fatal', updated_at: iso('2026-09-20 09:13:30') },
        discord: 'connected',
      }),
    },
    expect: ['telegram_polling_conflict:telegram'],
  },
  {
    name: 'near miss telegram_polling_conflict, platform_down: a normal restart, the cold-start 409 and 1/5 recover',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:36') },
      ),
    },
    expect: [],
  },
  {
    name: 'near miss telegram_polling_conflict, platform_deaf: quiet for six hours is not dead',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:36') },
      ),
      now: '2026-09-20 15:00:00',
    },
    expect: [],
  },
  {
    name: 'platform_auth_failed: Discord intents not enabled (non-retryable), the gateway runs on',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: {
          state: 'fatal',
          error_code: 'discord_intents_required',
          error_message:
            'Discord rejected the connection because privileged Gateway Intents are not enabled for this bot in the Developer Portal.',
          updated_at: iso('2026-09-20 09:00:06'),
        },
      }),
    },
    expect: ['platform_auth_failed:discord'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.action).toMatch(/Developer Portal/);
    },
  },
  {
    name: 'platform_auth_failed: a multiplexed profile’s Discord token was revoked (root target, profile named)',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: 'connected',
        'coder:discord': { state: 'fatal', error_code: 'discord_auth_error', updated_at: iso('2026-09-20 09:00:06') },
      }),
    },
    expect: ['platform_auth_failed:coder:discord'],
    check: ([f]) => expect(f!.profile).toBe('coder'),
  },
  {
    name: 'near miss platform_auth_failed: a retryable Discord connect error, within the grace',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: { state: 'retrying', error_code: 'discord_connect_error', updated_at: iso('2026-09-20 09:01:00') },
      }),
      now: '2026-09-20 09:01:30',
    },
    expect: [],
  },
  {
    name: 'platform_auth_failed: WhatsApp logged out, the bridge respawns into the same logout',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: 'connected',
        whatsapp: {
          state: 'retrying',
          error_code: 'whatsapp_bridge_exited',
          error_message: 'failed to reconnect',
          updated_at: iso('2026-09-20 09:02:00'),
        },
      }),
      overrides: hermes({
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: BRIDGE_LOGGED_OUT,
          mtimeMs: localTime('2026-09-20 09:01:30'),
        },
      }),
    },
    expect: ['platform_auth_failed:whatsapp'],
    check: ([f]) => expect(f!.action).toMatch(/hermes whatsapp/),
  },
  {
    name: 'near miss platform_auth_failed: WhatsApp logged out once, re-paired since',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected', whatsapp: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:40') },
      ),
      overrides: hermes({
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: [...BRIDGE_LOGGED_OUT, '✅ WhatsApp connected!'],
          mtimeMs: localTime('2026-09-20 09:01:30'),
        },
      }),
    },
    expect: [],
  },
  {
    name: 'install_broken: WhatsApp’s bridge cannot load a package after an update (Node’s words in bridge.log)',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: 'connected',
        whatsapp: { state: 'retrying', error_message: 'failed to reconnect', updated_at: iso('2026-09-20 09:02:00') },
      }),
      overrides: hermes({
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: [
            "Error: Cannot find module '@whiskeysockets/baileys'",
            'Require stack:',
            '- /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge/bridge.js',
            "  code: 'MODULE_NOT_FOUND',",
          ],
          mtimeMs: localTime('2026-09-20 09:01:30'),
        },
      }),
    },
    expect: ['install_broken:whatsapp'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.action).toContain('`npm install` in /home/ops/.hermes/hermes-agent/scripts/whatsapp-bridge');
    },
  },
  {
    name: 'near miss install_broken: the package installed since, the bridge connected',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected', whatsapp: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:40') },
      ),
      overrides: hermes({
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: ["Error: Cannot find module '@whiskeysockets/baileys'", '✅ WhatsApp connected!'],
          mtimeMs: localTime('2026-09-20 09:01:30'),
        },
      }),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: Weixin session expired, state still connected',
    ev: {
      log: 'hermes-current/weixin-expired.log',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: ['platform_deaf:weixin'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.since).toBe(localTime('2026-09-20 11:02:10') + 221);
      expect(f!.explanation).toMatch(/3 times/);
    },
  },
  {
    name: 'near miss platform_deaf: Weixin session expired, then a message came in',
    ev: {
      log: 'hermes-current/weixin-expired-recovered.log',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: Matrix stopped syncing on a permanent auth error, state still connected',
    ev: {
      log: 'hermes-current/matrix-auth-stop.log',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: ['platform_deaf:matrix'],
  },
  {
    name: 'near miss platform_deaf: Matrix sync errors that retry',
    ev: {
      log: 'hermes-current/matrix-sync-error.log',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: WeCom reconnect loop, state still connected (a restart helps)',
    ev: {
      log: 'hermes-current/wecom-reconnect-loop.log',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: ['platform_deaf:wecom'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },
  {
    name: 'near miss platform_deaf: WeCom failed twice, then reconnected',
    ev: {
      log: 'hermes-current/wecom-reconnected.log',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: DingTalk stream error storm (alert, do not restart into it)',
    ev: {
      log: 'hermes-current/dingtalk-storm.log',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: ['platform_deaf:dingtalk'],
    check: ([f]) => expect(f!.restart).toBe('wait'),
  },
  // ---------- why did it die (issue 19 items 3, 8): hermes-gateway-current.md §8 ----------
  {
    name: "gateway_stopped#update: hermes update stopped the gateway (planned-stop lines inside the update's run) and nothing started it",
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 10:00:00',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 09:19:50'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-06-24 09:22:30'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('helps');
      expect(f!.cause).toBe('update');
      expect(f!.title).toMatch(/hermes update` left the gateway stopped/);
      expect(f!.evidence).toContain('logs/update.log: ✓ Update complete!');
    },
  },
  {
    // #92890: the updater says it stopped a manual gateway for good ("Restart manually"): nobody is coming for it, so no
    // grace for a relaunch that will not come.
    name: 'gateway_stopped#update: a manual gateway the update stopped for good is said at once, not after the relaunch grace',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 09:22:40',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: {
        service: { manager: 'none' },
        ...hermes({
          lifecycle: {
            lastUpdate: {
              startedAt: localTime('2026-06-24 09:19:50'),
              completed: true,
              stoppedPids: [],
              stoppedManual: 1,
              endedAt: localTime('2026-06-24 09:22:30'),
              lines: ['→ Stopped 1 manual gateway process(es)', '✓ Update complete!'],
            },
          },
        }),
      },
    },
    expect: ['gateway_stopped'],
    check: ([f]) => expect(f!.cause).toBe('update'),
  },
  {
    name: "near miss gateway_stopped#update: other profiles' manual gateways were stopped for good, this supervised one is relaunched",
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 09:22:40',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 09:19:50'),
            completed: true,
            stoppedPids: [77001],
            stoppedManual: 1,
            endedAt: localTime('2026-06-24 09:22:30'),
            lines: ['→ Stopped 1 manual gateway process(es)', '✓ Update complete!'],
          },
        },
      }),
    },
    expect: [],
  },
  {
    name: 'near miss gateway_stopped#update: a supervised gateway the updater relaunches a moment after it finishes',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 09:22:40',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 09:19:50'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-06-24 09:22:30'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: [],
  },
  {
    // Issue 77's story: the operator stopped, a minute after an update finished, a life that began after it: the
    // operator's stop (nothing critical), not one the update made and left stopped.
    name: 'near miss gateway_stopped#update: the operator stops a life begun after the update finished, inside its slack',
    ev: {
      text: fixtureText('planned-stop.log').replaceAll('2026-06-24 09:00:0', '2026-06-24 09:19:4'),
      alive: false,
      now: '2026-06-24 09:23:00',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 09:17:00'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-06-24 09:19:30'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: [],
  },
  {
    name: "near miss gateway_stopped#update: an update ran hours before the operator's own stop",
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 10:00:00',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 06:00:00'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-06-24 06:03:00'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: [],
  },
  {
    name: 'gateway_stopped#update: a manual gateway the updater stopped (its pid in update.log), no planned-stop line',
    ev: {
      text: fixtureText('planned-stop.log')
        .replace(/^.*as a planned gateway stop.*\n/m, '')
        .replace('Stopping gateway...', 'Stopping gateway for restart...'),
      alive: false,
      now: '2026-06-24 12:00:00',
      state: stateFile('stopped', {}, { pid: 48213, restart_requested: true }),
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-06-24 11:00:00'),
            completed: true,
            stoppedPids: [48213],
            stoppedManual: 1,
            endedAt: localTime('2026-06-24 11:02:00'),
            lines: [],
          },
        },
      }),
    },
    expect: ['gateway_stopped'],
    check: ([f]) => expect(f!.cause).toBe('update'),
  },
  {
    // Issue 42 item 5: the pid update.log names is this gateway's last one, read where readDeath reads it (the lifecycle
    // sentinel: no state file, no pid file left): the stop is the update's and for good alike, said at once.
    name: 'gateway_stopped#update: the pid update.log names is the lifecycle sentinel’s (no state file): no relaunch grace',
    ev: {
      text: fixtureText('planned-stop.log')
        .replace(/^.*as a planned gateway stop.*\n/m, '')
        .replace('Stopping gateway...', 'Stopping gateway for restart...'),
      alive: false,
      now: '2026-06-24 09:21:00',
      state: null,
      overrides: {
        process: { pidFile: null, alive: false, reason: 'no pid file' },
        ...hermes({
          lifecycle: {
            sentinel: {
              phase: 'exited',
              pid: 48213,
              exitCode: 75,
              exitReason: 'graceful_shutdown',
              exitedAt: localTime('2026-06-24 09:20:12'),
              priorUncleanExit: false,
              priorSuspectedOom: false,
            },
            lastUpdate: {
              startedAt: localTime('2026-06-24 09:19:50'),
              completed: true,
              stoppedPids: [48213],
              stoppedManual: 1,
              endedAt: localTime('2026-06-24 09:20:40'),
              lines: [],
            },
          },
        }),
      },
    },
    expect: ['gateway_stopped'],
    check: ([f]) => expect(f!.cause).toBe('update'),
  },
  {
    // A foreground gateway gatewatch may start as its user does (`service.detach`) has no supervisor to relaunch it.
    name: 'gateway_stopped#update: `→ Stopped 1 manual gateway process(es)` of a gateway run by hand (service.detach): at once',
    ev: {
      log: 'planned-stop.log',
      alive: false,
      now: '2026-06-24 09:22:40',
      state: stateFile('stopped', {}, { restart_requested: false }),
      overrides: {
        service: { manager: 'command', detached: true, active: false },
        ...hermes({
          lifecycle: {
            lastUpdate: {
              startedAt: localTime('2026-06-24 09:19:50'),
              completed: true,
              stoppedPids: [],
              stoppedManual: 1,
              endedAt: localTime('2026-06-24 09:22:30'),
              lines: ['→ Stopped 1 manual gateway process(es)', '✓ Update complete!'],
            },
          },
        }),
      },
    },
    expect: ['gateway_stopped'],
    check: ([f]) => expect(f!.cause).toBe('update'),
  },
  // ---------- the operator's stop, told by the planned-stop marker (issue 19 item 9, §8.5) ----------
  {
    // `hermes gateway stop` wrote its marker and signalled; the wedged gateway never ran its handler (no planned-stop
    // line, sentinel still `running`) and the stopper killed it. The marker it never consumed says whose stop it was.
    name: 'near miss state_stale_running: a stop whose target was killed before its handler ran leaves the marker naming it',
    ev: { ...stoppedByMarker(), now: '2026-06-24 09:45:00' },
    expect: [],
  },
  {
    name: "gateway_stopped#operator: dated by the marker it never consumed, 13 h after the operator's stop",
    ev: { ...stoppedByMarker(), now: '2026-06-24 22:30:00' },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.cause).toBe('operator');
      expect(f!.restart).toBe('never');
      expect(f!.text?.params.at).toBe(new Date(localTime('2026-06-24 09:20:11')).toISOString().replace(/\.\d+Z$/, 'Z'));
      expect(f!.evidence.join('\n')).toMatch(/\.gateway-planned-stop\.json: target_pid=48213 stopper_pid=61002/);
    },
  },
  {
    name: 'near miss gateway_stopped#operator: a marker naming another pid says nothing about this death',
    ev: { ...stoppedByMarker(40001), now: '2026-06-24 09:45:00' },
    expect: ['state_stale_running'],
  },
  {
    name: "gateway_stopped#loop_watchdog: the lifecycle sentinel says Hermes' loop watchdog exited it (75), the state file says degraded",
    ev: {
      text: `${fixtureText('healthy.log').trimEnd()}\n2026-07-03 09:30:00,100 CRITICAL gateway.shutdown_watchdog: Gateway event loop missed 3 consecutive liveness probes; host load1=3.20 ncpu=2; dumping all thread stacks and exiting with code 75 so the service supervisor can restart it.\n`,
      alive: false,
      now: '2026-07-03 09:35:00',
      state: stateFile(
        'degraded',
        { feishu: 'connected', qqbot: 'connected' },
        { exit_reason: 'loop_liveness_watchdog', restart_requested: true },
      ),
      overrides: hermes({
        lifecycle: {
          sentinel: {
            phase: 'exited',
            pid: 48213,
            exitCode: 75,
            exitReason: 'loop_liveness_watchdog',
            exitedAt: localTime('2026-07-03 09:30:00'),
            priorUncleanExit: false,
            priorSuspectedOom: false,
          },
        },
      }),
    },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('helps');
      expect(f!.cause).toBe('loop_watchdog');
      expect(f!.title).toBe("Hermes' loop watchdog killed a wedged gateway (exit 75)");
      expect(f!.explanation).toContain('5m ago');
    },
  },
  {
    name: 'gateway_stopped#loop_watchdog: the CRITICAL line alone says it (no sentinel: before v0.21)',
    ev: {
      text: `${fixtureText('healthy.log').trimEnd()}\n2026-07-03 09:30:00,100 CRITICAL gateway.shutdown_watchdog: Gateway event loop missed 3 consecutive liveness probes; dumping all thread stacks and exiting with code 75 so the service supervisor can restart it.\n`,
      alive: false,
      now: '2026-07-03 09:35:00',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
    },
    expect: ['gateway_stopped'],
    check: ([f]) => expect(f!.cause).toBe('loop_watchdog'),
  },
  {
    name: 'state_stale_running#oom: the sentinel was never closed and the last heartbeat showed critical memory',
    ev: killedWith(40_000),
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.cause).toBe('oom');
      expect(f!.title).toMatch(/killed for memory/);
      expect(f!.evidence.join('\n')).toContain('memory: 39 MB available of 1953 MB');
      // The heartbeat's memory fact is worded for its reader.
      expect(wordEvidence('zh-CN', f!).join('\n')).toMatch(
        /最后一次心跳在 \S+：内存：可用 39 MB，共 1953 MB，网关 RSS 977 MB，已用 swap 0 MB/,
      );
    },
  },
  {
    name: 'state_stale_running#killed: killed the same way but memory was fine: killed, not OOM',
    ev: killedWith(900_000),
    expect: ['state_stale_running'],
    check: ([f]) => expect(f!.cause).toBe('killed'),
  },
  // ---------- a live gateway's account of its lives (issue 19 items 3, 4) ----------
  {
    name: 'gateway_died_before#oom: restarted by its supervisor after an unclean death with critical memory: heard once, not healthy in silence',
    ev: {
      log: 'healthy.log',
      now: 10 * 60_000,
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        ...hermes({
          lifecycle: {
            sentinel: {
              phase: 'running',
              pid: 48213,
              startedAt: localTime('2026-07-02 09:55:00'),
              startedAtText: 'life-2',
              priorUncleanExit: true,
              priorSuspectedOom: true,
            },
            lastUncleanExit: {
              ts: Date.now(),
              pid: 48213,
              priorPid: 47100,
              lastHeartbeatAt: '2026-07-03T07:58:00+00:00',
              lastMem: { rssKib: 1_800_000, totalKib: 2_000_000, availableKib: 40_000 },
              suspectedOom: true,
              stateDbIntegrity: 'ok',
            },
          },
        }),
        service: { manager: 'supervisord', name: 'hermes', active: true, state: 'RUNNING pid 48213, uptime 0:05:00' },
      },
    },
    expect: ['gateway_died_before'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.cause).toBe('life-2');
      expect(f!.title).toMatch(/killed for memory/);
      // Who brought it back, by name.
      expect(f!.explanation).toContain('Then supervisord started it again;');
      expect(f!.evidence.join('\n')).toContain('prior_pid=47100');
    },
  },
  {
    name: "gateway_died_before#container_oom: Hermes did not suspect it (the host's memory was fine), the container's cgroup counted it",
    ev: {
      log: 'healthy.log',
      now: 10 * 60_000,
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        ...hermes({
          lifecycle: {
            sentinel: {
              phase: 'running',
              pid: 48213,
              startedAt: localTime('2026-07-02 09:55:00'),
              startedAtText: 'life-2',
              priorUncleanExit: true,
              priorSuspectedOom: false,
            },
          },
        }),
        service: {
          manager: 'docker',
          name: 'hermes',
          active: true,
          state: 'up (pid 71) 300 seconds',
          container: {
            id: 'c0ffee'.padEnd(64, '0'),
            name: 'hermes',
            status: 'running',
            running: true,
            memoryLimit: 256 * 1048576,
            oomKills: 1,
          },
        },
      },
    },
    expect: ['gateway_died_before'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toContain("the container hermes's memory limit");
      expect(f!.action).toContain('docker update --memory');
      expect(f!.evidence.join('\n')).toContain('counted 1 OOM kill (memory limit 256 MiB)');
    },
  },
  {
    name: 'near miss gateway_died_before: the same life an hour later (told once, not forever)',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: hermes({
        lifecycle: {
          sentinel: {
            phase: 'running',
            pid: 48213,
            startedAt: localTime('2026-07-02 08:00:00'),
            priorUncleanExit: true,
            priorSuspectedOom: false,
          },
        },
      }),
    },
    expect: [],
  },
  {
    name: 'state_db_corrupt: the ledger logged a failed integrity check after an unclean exit (hermes doctor, not a restart)',
    ev: {
      text: `${fixtureText('healthy.log').trimEnd()}\n2026-07-02 10:01:00,100 ERROR gateway.lifecycle_ledger: state.db FAILED integrity check after an unclean gateway exit: check-failed: database disk image is malformed — sessions may read as missing until it is repaired. Run \`hermes doctor\`.\n`,
      now: '2026-07-02 10:05:00',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
    },
    expect: ['state_db_corrupt'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.explanation).toContain('check-failed: database disk image is malformed');
      expect(f!.action).toContain('hermes doctor');
    },
  },
  {
    name: 'near miss state_db_corrupt: the exit diagnostics say the store checked ok',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: hermes({
        lifecycle: {
          sentinel: { phase: 'running', pid: 48213, priorUncleanExit: true, priorSuspectedOom: false },
          lastUncleanExit: { ts: Date.now(), pid: 48213, suspectedOom: false, stateDbIntegrity: 'ok' },
        },
      }),
    },
    expect: [],
  },
  {
    name: "memory_pressure#critical: the live gateway's own fresh heartbeat shows 40 MB available, with the figures",
    ev: {
      log: 'healthy.log',
      now: 0,
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: hermes({
        lifecycle: {
          heartbeat: {
            pid: 48213,
            updatedAt: localTime('2026-07-02 10:00:00'),
            mem: { rssKib: 1_500_000, totalKib: 2_000_000, availableKib: 40_000, swapUsedKib: 500_000 },
          },
        },
      }),
    },
    expect: ['memory_pressure'],
    check: ([f]) => {
      expect(f!.cause).toBe('critical');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('Memory is critical on the gateway host: 39 MB available of 1953 MB');
    },
  },
  {
    name: 'near miss memory_pressure: a stale heartbeat of a previous life (#94758) is not a live reading',
    ev: {
      log: 'healthy.log',
      now: 0,
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: hermes({
        lifecycle: {
          heartbeat: {
            pid: 40001,
            updatedAt: localTime('2026-07-02 10:00:00'),
            mem: { rssKib: 1_500_000, totalKib: 2_000_000, availableKib: 40_000 },
          },
        },
      }),
    },
    expect: [],
  },
  {
    // Issue 19 item 2: below the deaf rule's rate (10 in 10 min), but a reconnect every ~1.5 min for 50 minutes.
    name: 'disconnect_storm: DingTalk drops and reconnects every ~90 s for 50 minutes while the state says connected',
    ev: {
      log: 'hermes-current/dingtalk-reconnect-storm.log',
      now: '2026-09-20 11:50:00',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: ['disconnect_storm:dingtalk'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.title).toMatch(/Disconnect storm: 6 drops in 10m/);
      expect(f!.evidence.join('\n')).toContain('[Dingtalk] Stream client error: keepalive ping timeout');
    },
  },
  {
    name: 'near miss disconnect_storm: the same DingTalk home with two stream errors forty minutes apart',
    ev: {
      log: 'hermes-current/dingtalk-reconnect-rare.log',
      now: '2026-09-20 11:50:00',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: [],
  },
  {
    name: "platform_down: Yuanbao's own loop gave up after 100 attempts (not fatal, so Hermes never retries it); a restart helps",
    ev: {
      log: 'hermes-current/yuanbao-gave-up.log',
      now: '2026-09-20 11:10:00',
      state: stateFile('running', { yuanbao: { state: 'disconnected', updated_at: iso('2026-09-20 11:06:02') } }),
    },
    expect: ['platform_down:yuanbao'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.evidence.join('\n')).toContain('[Yuanbao] Giving up after 100 reconnect attempts');
    },
  },
  {
    name: 'near miss platform_deaf: DingTalk stream errors once an hour',
    ev: {
      log: 'hermes-current/dingtalk-occasional.log',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: [],
  },
  {
    name: 'near miss platform_down, telegram_polling_conflict: Telegram inside its own 10-step network ladder (retrying is expected)',
    ev: {
      log: 'hermes-current/telegram-network-ladder.log',
      state: stateFile('running', {
        telegram: {
          state: 'retrying',
          error_code: 'telegram_network_error',
          error_message: 'Telegram polling degraded',
          updated_at: iso('2026-09-20 10:00:00'),
        },
      }),
    },
    expect: [],
  },
  {
    name: 'platform_down: Telegram network errors outlast the ladder; the episode is dated by retrying_since',
    ev: {
      log: 'hermes-current/telegram-network-exhausted.log',
      now: '2026-09-20 10:12:00',
      state: stateFile('running', {
        telegram: {
          state: 'retrying',
          error_code: 'telegram_network_error',
          error_message: 'failed to reconnect',
          updated_at: iso('2026-09-20 10:07:58'),
          retrying_since: iso('2026-09-20 10:00:00'),
          needs_attention: true,
        },
      }),
    },
    expect: ['platform_down:telegram'],
    check: ([f]) => {
      expect(f!.since).toBe(localTime('2026-09-20 10:00:00'));
      expect(f!.evidence.join('\n')).toMatch(/needs_attention=true/);
    },
  },
  {
    name: 'platform_down: Signal down because signal-cli is unreachable (restart signal-cli, not Hermes)',
    ev: {
      log: 'hermes-current/signal-cli-unreachable.log',
      now: '2026-09-20 09:10:00',
      state: stateFile('running', {
        telegram: 'connected',
        signal: { state: 'retrying', error_message: 'failed to reconnect', updated_at: iso('2026-09-20 09:00:43') },
      }),
    },
    expect: ['platform_down:signal'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toMatch(/signal-cli/);
      expect(f!.evidence.join('\n')).toMatch(/cannot reach signal-cli/);
    },
  },
  {
    name: 'near miss platform_down: signal-cli was unreachable at startup, then Signal connected',
    ev: {
      log: 'hermes-current/signal-cli-back.log',
      now: '2026-09-20 09:10:00',
      state: stateFile('running', {
        telegram: 'connected',
        signal: { state: 'connected', updated_at: iso('2026-09-20 09:01:44') },
      }),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: Slack retries a closed session every 10 s (agent.log only), state still connected',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        agentOnly: slackLoop([
          '2026-07-02 10:04:00',
          '2026-07-02 10:04:10',
          '2026-07-02 10:04:20',
          '2026-07-02 10:04:30',
          '2026-07-02 10:04:40',
          '2026-07-02 10:04:50',
        ]),
      }),
    },
    expect: ['platform_deaf:slack'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },
  {
    // §9.1: "≥ 6 in 2 min is the loop, not a blip".
    name: 'near miss platform_deaf: four closed-session retries after a network blip, then quiet',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        agentOnly: slackLoop([
          '2026-07-02 10:03:20',
          '2026-07-02 10:03:30',
          '2026-07-02 10:03:40',
          '2026-07-02 10:03:50',
        ]),
      }),
    },
    expect: [],
  },
  {
    name: 'near miss platform_deaf: two closed-session retries twenty minutes ago',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({ agentOnly: slackLoop(['2026-07-02 09:45:00', '2026-07-02 09:45:10']) }),
    },
    expect: [],
  },
  // ---------- the agent's own silence (§9.11–9.13) ----------
  {
    name: 'agent_unanswered: two chats wait 20 minutes; this gateway answers in seconds (learned from its time= fields)',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        IN('10:10:00', 'telegram', '581234907', 'backup?'),
        IN('10:12:00', 'telegram', '-1002233445566', 'hello?'),
        IN('10:14:00', 'telegram', '581234907', 'anyone?'),
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
    },
    expect: ['agent_unanswered'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).toMatch(/3 messages in 2 chats/);
      expect(f!.evidence.join('\n')).toMatch(/slowest tenth of the last 6 took 9s/);
      expect(f!.evidence.join('\n')).not.toMatch(/backup\?/);
    },
  },
  {
    name: 'near miss agent_unanswered: a gateway whose replies take 8 minutes (long tool calls) is 12 minutes into one',
    ev: {
      text: AGENT_LOG([...SLOW_REPLIES, IN('10:20:00', 'telegram', '581234907', 'research this')]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:32:00',
    },
    expect: [],
  },
  {
    name: 'near miss agent_unanswered: a quiet gateway nobody wrote to, and a slash command (answered by the command path)',
    ev: {
      text: AGENT_LOG([...REPLIES, IN('10:10:00', 'telegram', '581234907', '/status')]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 12:00:00',
    },
    expect: [],
  },
  {
    name: 'near miss agent_unanswered: a turn the user ended with /stop (no reply is logged for it)',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        IN('10:10:00', 'telegram', '581234907', 'long job'),
        IN('10:11:00', 'telegram', '581234907', '/stop'),
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
    },
    expect: [],
  },
  {
    // The reply line as real v0.17 writes it (test/fixtures/hermes/real-v0.17-error-reply.log): the platform base, the
    // adapter's name, no runner `response ready`. Issue 42 item 1.
    name: 'near miss agent_unanswered: a failed turn whose error text went back as the reply (v0.17: gateway.platforms.base)',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        IN('10:10:00', 'telegram', '581234907', 'backup?'),
        '2026-09-21 10:10:04,050 ERROR gateway.run: Agent error in session agent:main:telegram:dm:581234907',
        '2026-09-21 10:10:04,066 INFO gateway.platforms.base: [Telegram] Sending response (129 chars) to 581234907',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:37:00',
    },
    expect: [],
  },
  {
    name: "near miss agent_unanswered: a canned provider error sent to each chat, logged by the runner's delivery step",
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        IN('10:10:00', 'telegram', '581234907', 'backup?'),
        IN('10:12:00', 'telegram', '-1002233445566', 'hello?'),
        '2026-09-21 10:12:01,000 INFO gateway.run: [Telegram] Sending response (64 chars) to -1002233445566',
        '2026-09-21 10:12:02,000 INFO gateway.run: [Telegram] Sending response (64 chars) to 581234907',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:37:00',
    },
    expect: [],
  },
  {
    name: 'agent_unanswered: a reply went to one chat, the other still waits; a reply before a message answers nothing',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        IN('10:10:00', 'telegram', '581234907', 'backup?'),
        '2026-09-21 10:11:00,000 INFO gateway.platforms.base: [Telegram] Sending response (40 chars) to -1002233445566',
        IN('10:12:00', 'telegram', '-1002233445566', 'hello?'),
        '2026-09-21 10:12:01,000 INFO gateway.platforms.base: [Telegram] Sending response (40 chars) to 581234907',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:37:00',
    },
    expect: ['agent_unanswered'],
    check: ([f]) => {
      expect(f!.title).toMatch(/1 message in 1 chat/);
      expect(f!.evidence.join('\n')).toMatch(/chat=-1002233445566/);
    },
  },
  {
    name: "agent_unanswered.stream: the wait is the provider's stream going quiet (§9.13): no restart",
    ev: {
      text: AGENT_LOG([...REPLIES, IN('10:10:00', 'telegram', '581234907', 'summarise')]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({ agentOnly: parseLogText(STALLS(['10:11:40', '10:13:20', '10:15:00'])) }),
    },
    expect: ['agent_unanswered', 'agent_stream_stalled'],
    check: (found) => {
      const f = found.find((x) => x.check === 'agent_unanswered')!;
      expect(f.text?.key).toBe('finding.agent_unanswered.stream');
      expect(f.restart).toBe('wait');
    },
  },
  {
    name: 'near miss agent_stream_stalled: one stall an hour ago',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({ agentOnly: parseLogText(STALLS(['09:20:00'])) }),
    },
    expect: [],
  },
  {
    name: 'loop_stalled: the dashboard backend froze for 8 minutes (§9.11)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-09-21 10:25:00,100 WARNING hermes_cli.web_server: event loop stalled 512.3s (GIL pressure suspected)',
        ),
      }),
    },
    expect: ['loop_stalled'],
    // Said after the loop woke: no restart (issue 80: "not yet" beside words that no restart is needed).
    check: ([f]) => expect(f!.restart).toBe('never'),
  },
  {
    name: 'near miss loop_stalled: a 7-second hiccup',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-09-21 10:25:00,100 WARNING tui_gateway.ws: event loop stalled 7.2s (GIL pressure suspected)',
        ),
      }),
    },
    expect: [],
  },
  // ---------- storage, credentials, start-ups, restart loops (§9.16–9.22) ----------
  {
    name: 'state_db_failing.wal_deleted: a second Hermes process unlinked the live WAL (#109687): never a gateway-only restart',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-09-21 10:20:00,000 ERROR hermes_state: FATAL: a live process holds a deleted state.db-wal or state.db-shm inode while the path names a different (or missing) generation. Refusing to open or write so a second WAL cannot be minted. …',
        ),
      }),
    },
    expect: ['state_db_failing'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.state_db_failing.wal_deleted');
      expect(f!.restart).toBe('never');
    },
  },
  {
    name: 'near miss state_db_failing: one lock held by a VACUUM (the database is healthy)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-09-21 10:20:00,000 WARNING hermes_state: async token accounting: apply failed: database is locked (another Hermes process held the state.db write lock for over 20s — likely a long maintenance operation such as VACUUM, a large WAL checkpoint, or an older pre-update process; the database itself is healthy)',
        ),
      }),
    },
    expect: [],
  },
  {
    name: 'provider_auth.dead: Codex token invalidated (re-login; a restart neither fixes it nor is held for it)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-09-21 10:20:00,000 ERROR agent.conversation_loop: HTTP 401: Your authentication token has been invalidated. Please try signing in again.',
        ),
      }),
    },
    expect: ['provider_auth'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.action).toMatch(/hermes auth/);
    },
  },
  {
    name: 'provider_auth.quota: a 429 quota the chat calls an authentication failure (wait, do not re-auth)',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        '2026-09-21 10:20:00,000 WARNING gateway.run: Primary provider rate-limited (429): Codex provider quota exhausted (429); retry after 116168s. Credentials are still valid. — trying fallback',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
    },
    expect: ['provider_auth'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.provider_auth.quota');
      expect(f!.action).toMatch(/Do not re-authenticate/);
      // retry after 116168 s, said 11 min later: the time left in words.
      expect(f!.explanation).toMatch(/resets in about 32 h\./);
    },
  },
  {
    name: 'near miss provider_auth: a quota hit three hours ago',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        '2026-09-21 07:20:00,000 WARNING gateway.run: Primary provider rate-limited (429): Codex provider quota exhausted (429); retry after 60s. Credentials are still valid. — trying fallback',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
    },
    expect: [],
  },
  {
    name: 'startup_held.lease: a state.db migration holds start-up (restarting makes it worse); not "startup did not finish"',
    ev: {
      text: '2026-09-21 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...\n',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:06:00',
      overrides: hermes({
        agentOnly: parseLogText(
          "2026-09-21 09:05:00,000 WARNING hermes_startup_watchdog: Gateway startup exceeded 300s but phase 'state_db_data_migrations' holds a progress lease for another 240s — honoring it.",
        ),
      }),
    },
    expect: ['startup_held'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.worse).toBe(true);
    },
  },
  {
    name: 'startup_held.mcp: a dead MCP server holds start-up',
    ev: {
      text: '2026-09-21 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...\n',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:03:00',
      overrides: hermes({
        agentOnly: parseLogText(
          "2026-09-21 09:01:00,000 WARNING tools.mcp_tool: MCP server 'github' initial connection failed (attempt 1/3), retrying in 5s: Connection refused",
        ),
      }),
    },
    expect: ['startup_held'],
    check: ([f]) => expect(f!.title).toMatch(/github/),
  },
  {
    name: 'near miss startup_held: the first failed MCP try, 40 s into the start (inside the 120-s discovery wait)',
    ev: {
      text: '2026-09-21 09:00:00,100 INFO gateway.run: Starting Hermes Gateway...\n',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:00:40',
      overrides: hermes({
        agentOnly: parseLogText(
          "2026-09-21 09:00:30,000 WARNING tools.mcp_tool: MCP server 'github' initial connection failed (attempt 1/3), retrying in 5s: Connection refused",
        ),
      }),
    },
    expect: [],
  },
  {
    name: 'near miss startup_held: an MCP retry during a start-up that then finished',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        agentOnly: parseLogText(
          "2026-09-21 09:00:01,000 WARNING tools.mcp_tool: MCP server 'github' initial connection failed (attempt 1/3), retrying in 5s: Connection refused",
        ),
      }),
    },
    expect: [],
  },
  {
    name: 'restart_loop.pid_race: every start loses to a stale PID file, no gateway alive: no restart into the loop',
    ev: {
      text: LOST_STARTS(['10:20:00', '10:22:00', '10:24:00']),
      alive: false,
      state: stateFile('stopped', { telegram: 'connected' }),
      now: '2026-09-21 10:25:00',
      overrides: hermes({ starts: ['10:20:00', '10:22:00', '10:24:00'].map((t) => localTime(`2026-09-21 ${t}`)) }),
    },
    expect: ['restart_loop', ...[]],
    check: (found) => expect(found.find((f) => f.check === 'restart_loop')!.restart).toBe('never'),
  },
  {
    name: 'restart_loop.stale_unit: the unit stops faster than the drain',
    ev: {
      text: AGENT_LOG([
        ...REPLIES,
        '2026-09-21 09:00:02,500 WARNING gateway.run: Stale systemd unit detected: hermes-gateway.service has TimeoutStopSec=30s but drain_timeout=60s; run `hermes gateway install --force`',
      ]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
    },
    expect: ['restart_loop'],
    check: ([f]) => expect(f!.title).toMatch(/hermes-gateway\.service/),
  },
  {
    name: 'near miss restart_loop: an ordinary restart in gateway-starts.log',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({ starts: [localTime('2026-09-20 09:00:00'), localTime('2026-09-21 09:00:00')] }),
    },
    expect: [],
  },
  // ---------- cron ticker and memory trend (§9.20, §9.21) ----------
  {
    name: 'cron_stalled: no ticker heartbeat for 20 minutes while the gateway runs (#60703): a restart fixes it',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        cron: { heartbeatAt: localTime('2026-09-21 10:11:00'), lastSuccessAt: localTime('2026-09-21 10:11:00') },
      }),
    },
    expect: ['cron_stalled'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },
  {
    name: 'cron_stalled.failing: the ticker runs but every tick fails (no restart: a failing job)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        cron: { heartbeatAt: localTime('2026-09-21 10:30:30'), lastSuccessAt: localTime('2026-09-21 10:00:00') },
        agentOnly: parseLogText('2026-09-21 10:30:30,000 ERROR cron.scheduler: Cron tick error'),
      }),
    },
    expect: ['cron_stalled'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.cron_stalled.failing');
      expect(f!.restart).toBe('wait');
    },
  },
  {
    name: 'near miss cron_stalled: a fresh heartbeat and a fresh success',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        cron: { heartbeatAt: localTime('2026-09-21 10:30:10'), lastSuccessAt: localTime('2026-09-21 10:30:10') },
      }),
    },
    expect: [],
  },
  {
    name: 'cron_stalled: a heartbeat left by an earlier life that this one never wrote: said, not restarted',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        cron: { heartbeatAt: localTime('2026-09-20 23:00:00'), lastSuccessAt: localTime('2026-09-20 23:00:00') },
      }),
    },
    expect: ['cron_stalled'],
    check: ([f]) => expect(f!.restart).toBe('wait'),
  },
  {
    name: "near miss cron_stalled: a gateway started a minute ago over the previous life's old heartbeat",
    ev: {
      text: AGENT_LOG([]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:01:30',
      overrides: hermes({
        cron: { heartbeatAt: localTime('2026-09-20 23:00:00'), lastSuccessAt: localTime('2026-09-20 23:00:00') },
      }),
    },
    expect: [],
  },
  {
    name: 'memory_growth: VmRSS climbs 1 GB in two hours towards a 4 GB ceiling (warned before the OOM)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: {
        memory: {
          pid: PID,
          samples: Array.from({ length: 121 }, (_, m) => ({
            at: localTime('2026-09-21 08:31:00') + m * 60_000,
            rssKib: (400 + m * 9) * 1024,
          })),
          ceiling: { kib: 4096 * 1024, source: 'host' as const },
        },
      },
    },
    expect: ['memory_growth'],
    check: ([f]) => expect(f!.severity).toBe('warning'),
  },
  {
    name: 'near miss memory_growth: a flat RSS over two hours',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: {
        memory: {
          pid: PID,
          samples: Array.from({ length: 121 }, (_, m) => ({
            at: localTime('2026-09-21 08:31:00') + m * 60_000,
            rssKib: 400 * 1024 + (m % 3) * 100,
          })),
          ceiling: { kib: 4096 * 1024, source: 'host' as const },
        },
      },
    },
    expect: [],
  },
  {
    name: "forecast (disk): the free space under HERMES_HOME falls 1.25 GB an hour towards Hermes' critical tier",
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: {
        disk: {
          path: '/home/ops/.hermes',
          totalBytes: 100 * 1024 ** 3,
          reservedBytes: 0,
          samples: Array.from({ length: 121 }, (_, m) => ({
            at: localTime('2026-09-21 08:31:00') + m * 60_000,
            freeBytes: Math.round((10 - (m / 60) * 1.25) * 1024 ** 3),
          })),
        },
      },
    },
    expect: ['forecast'],
    check: ([f]) => expect(f!.restart).toBe('never'),
  },
  {
    name: 'near miss forecast (disk): one snapshot of 750 MB written once, then the free space level',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: {
        disk: {
          path: '/home/ops/.hermes',
          totalBytes: 100 * 1024 ** 3,
          reservedBytes: 0,
          samples: Array.from({ length: 121 }, (_, m) => ({
            at: localTime('2026-09-21 08:31:00') + m * 60_000,
            freeBytes: (m < 60 ? 2048 : 1298) * 1024 ** 2,
          })),
        },
      },
    },
    expect: [],
  },
  // ---------- a stuck session re-entered on every restart (§9.15) ----------
  {
    name: 'stuck_session: the same Telegram chat unanswered at two deaths in a row, each next boot resuming it; its session is named',
    ev: {
      text: STUCK_TEXT,
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:12:00',
      overrides: hermes({ lives: livesOf(STUCK_TEXT), sessions: [STUCK_SESSION] }),
    },
    expect: ['stuck_session'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.remedies).toEqual([
        { kind: 'delete_session', session: { id: STUCK_SESSION.id, platform: 'telegram', chat: '7001' } },
      ]);
      expect(f!.title).toMatch(/2 deaths in a row/);
      expect(describeRemedy(f!.remedies![0]!, 'default', 'en')).toContain(
        `hermes sessions delete ${STUCK_SESSION.id} --yes`,
      );
    },
  },
  {
    name: 'stuck_session: the home keeps no session index: said with the chat, no remedy to run',
    ev: {
      text: STUCK_TEXT,
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:12:00',
      overrides: hermes({ lives: livesOf(STUCK_TEXT) }),
    },
    expect: ['stuck_session'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.stuck_session.unnamed');
      expect(f!.remedies).toBeUndefined();
    },
  },
  {
    name: 'near miss stuck_session: one death with a turn in flight (resumed once, not a loop)',
    ev: {
      text: LIVES(['10:00:00', '10:06:00'], [[IN('10:02:00', 'telegram', '7001', 'q')], []]),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:07:00',
      overrides: hermes({
        lives: livesOf(LIVES(['10:00:00', '10:06:00'], [[IN('10:02:00', 'telegram', '7001', 'q')], []])),
        sessions: [STUCK_SESSION],
      }),
    },
    expect: [],
  },
  {
    name: 'near miss stuck_session: two deaths, each with another chat in flight',
    ev: {
      text: LIVES(
        ['10:00:00', '10:06:00', '10:11:00'],
        [[IN('10:02:00', 'telegram', '7001', 'q')], [IN('10:07:00', 'telegram', '7002', 'q')], []],
      ),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:12:00',
      overrides: hermes({
        lives: livesOf(
          LIVES(
            ['10:00:00', '10:06:00', '10:11:00'],
            [[IN('10:02:00', 'telegram', '7001', 'q')], [IN('10:07:00', 'telegram', '7002', 'q')], []],
          ),
        ),
      }),
    },
    expect: [],
  },
  {
    name: 'near miss stuck_session: the loop is over: this life answered that chat',
    ev: {
      text: STUCK_TEXT + `${OUT('10:11:30', 'telegram', '7001', 12)}\n`,
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:12:00',
      overrides: hermes({
        lives: livesOf(STUCK_TEXT + `${OUT('10:11:30', 'telegram', '7001', 12)}\n`),
        sessions: [STUCK_SESSION],
      }),
    },
    expect: [],
  },
  {
    name: 'near miss stuck_session: this life answered that chat with an error text (Sending response, no response ready)',
    ev: {
      text:
        STUCK_TEXT +
        '2026-09-21 10:11:30,000 INFO gateway.platforms.base: [Telegram] Sending response (129 chars) to 7001\n',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:12:00',
      overrides: hermes({
        lives: livesOf(
          STUCK_TEXT +
            '2026-09-21 10:11:30,000 INFO gateway.platforms.base: [Telegram] Sending response (129 chars) to 7001\n',
        ),
        sessions: [STUCK_SESSION],
      }),
    },
    expect: [],
  },
  // ---------- what Hermes says about itself (§9.23) ----------
  {
    name: 'hermes_health: /health/detailed says degraded because the disk is past its threshold (no restart)',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        health: {
          status: 'degraded',
          checks: {
            state_db: 'ok',
            config: 'ok',
            model: 'ok',
            disk: 'degraded',
            gateway: 'ok',
            background_queues: 'ok',
          },
          gatewayState: 'running',
        },
      }),
    },
    expect: ['hermes_health'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.title).toMatch(/disk=degraded/);
    },
  },
  {
    name: 'near miss hermes_health: degraded only by its gateway check (gatewatch judges the gateway itself), or unreadable',
    ev: {
      text: AGENT_LOG(REPLIES),
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 10:31:00',
      overrides: hermes({
        health: { status: 'degraded', checks: { disk: 'ok', gateway: 'degraded' }, gatewayState: 'starting' },
      }),
    },
    expect: [],
  },
  // ---------- a platform the operator paused (§9.10) ----------
  {
    // Telegram never connected at this start and was then paused: the pause is the operator's answer, not a cause to restart.
    name: 'platform_paused: `/platform pause telegram` (intent, not an outage: info, no restart, no startup_incomplete)',
    ev: {
      log: 'healthy.log',
      state: stateFile(
        'running',
        {
          feishu: 'connected',
          qqbot: 'connected',
          telegram: {
            state: 'paused',
            error_message: 'auto-paused after repeated failures',
            updated_at: iso('2026-07-02 09:00:00'),
          },
        },
        { platformsUpdatedAt: iso('2026-07-02 06:00:03') },
      ),
      now: NOW,
    },
    expect: ['platform_paused:telegram'],
    check: ([f]) => {
      expect(f!.severity).toBe('info');
      expect(f!.restart).toBe('wait');
      expect(f!.action).toMatch(/\/platform resume telegram/);
    },
  },
  {
    name: 'near miss platform_paused: resumed, connected again',
    ev: {
      log: 'healthy.log',
      state: stateFile(
        'running',
        { feishu: 'connected', qqbot: 'connected', telegram: 'connected' },
        { platformsUpdatedAt: iso('2026-07-02 06:00:03') },
      ),
      now: NOW,
    },
    expect: [],
  },
  // ---------- respawn storm (§5) ----------
  {
    name: 'respawn_storm: seven starts in two minutes (Hermes’ breaker trips above five)',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        starts: [0, 15, 30, 45, 60, 80, 100].map((s) => localTime('2026-07-02 10:01:00') + s * 1000),
      }),
    },
    expect: ['respawn_storm'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toMatch(/7 starts/);
    },
  },
  {
    name: 'near miss respawn_storm: three restarts in ten minutes',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({ starts: ['09:56', '10:00', '10:04'].map((t) => localTime(`2026-07-02 ${t}`)) }),
    },
    expect: [],
  },
  {
    name: 'near miss respawn_storm: a storm that ended ten minutes ago',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        starts: [0, 10, 20, 30, 40, 50, 60].map((s) => localTime('2026-07-02 09:54:00') + s * 1000),
      }),
    },
    expect: [],
  },
  {
    name: 'respawn_storm: only Hermes’ breaker line says so (agent.log), no gateway-starts.log readable',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        agentOnly: parseLogText(
          '2026-07-02 10:03:10,500 WARNING hermes_cli.gateway: Gateway (re)started 6 times in 98s — backing off 10s to break a respawn storm.',
        ),
      }),
    },
    expect: ['respawn_storm'],
    check: ([f]) => expect(f!.title).toMatch(/6 starts in 1m 38s|6 starts in 98s|6 starts/),
  },
  {
    name: 'respawn_storm.slow: restarted every 25 s for 10 min (#79519), too slow for Hermes’ breaker: said, never restarted',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        starts: Array.from({ length: 24 }, (_, i) => localTime('2026-07-02 09:55:10') + i * 25_000),
      }),
    },
    expect: ['respawn_storm'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.respawn_storm.slow');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('The gateway restarts every 25s: 24 starts in 9m 50s');
      expect(f!.explanation).toContain('#79519');
    },
  },
  {
    name: 'near miss respawn_storm.slow: the same loop, over 7 min ago',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        starts: Array.from({ length: 12 }, (_, i) => localTime('2026-07-02 09:53:00') + i * 25_000),
      }),
    },
    expect: [],
  },
  {
    name: 'near miss respawn_storm.slow: 9 starts a minute apart (a start a minute is no loop of this kind yet)',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        starts: Array.from({ length: 9 }, (_, i) => localTime('2026-07-02 09:55:00') + i * 60_000),
      }),
    },
    expect: [],
  },
  // ---------- §6 audit: the remaining lines (issue 9 detectors) ----------
  {
    name: 'platform_deaf: WhatsApp bridge crash loop, 3 exits in 27 min, reconnecting each time (restart does not fix it)',
    ev: {
      log: 'hermes-current/whatsapp-bridge-crash-loop.log',
      now: '2026-09-20 10:30:00',
      state: stateFile(
        'running',
        { whatsapp: 'connected', telegram: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 10:27:19') },
      ),
    },
    expect: ['platform_deaf:whatsapp'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('WhatsApp bridge keeps crashing');
      expect(f!.action).toMatch(/bridge\.log/);
      expect(f!.since).toBe(localTime('2026-09-20 10:00:04') + 512);
    },
  },
  {
    name: 'platform_auth_failed: a logged-out bridge also exits in a loop: the logout (re-pair) wins over the crash loop',
    ev: {
      log: 'hermes-current/whatsapp-bridge-crash-loop.log',
      now: '2026-09-20 10:30:00',
      state: stateFile('running', {
        whatsapp: { state: 'retrying', error_code: 'whatsapp_bridge_exited', updated_at: iso('2026-09-20 10:27:20') },
        telegram: 'connected',
      }),
      overrides: hermes({
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: BRIDGE_LOGGED_OUT,
          mtimeMs: localTime('2026-09-20 10:27:19'),
        },
      }),
    },
    expect: ['platform_auth_failed:whatsapp'],
    check: ([f]) => expect(f!.action).toMatch(/hermes whatsapp/),
  },
  {
    name: 'near miss platform_deaf: the WhatsApp bridge exited once and reconnected',
    ev: {
      log: 'hermes-current/whatsapp-bridge-exited-once.log',
      now: '2026-09-20 10:30:00',
      state: stateFile(
        'running',
        { whatsapp: 'connected', telegram: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 10:00:42') },
      ),
    },
    expect: [],
  },
  {
    name: 'near miss platform_deaf: a WhatsApp crash loop that ended two hours ago',
    ev: {
      log: 'hermes-current/whatsapp-bridge-crash-loop.log',
      now: '2026-09-20 12:40:00',
      state: stateFile(
        'running',
        { whatsapp: 'connected', telegram: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 10:27:19') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_auth_failed: Discord token revoked at runtime, only the log says so (state written without a code)',
    ev: {
      log: 'hermes-current/discord-token-revoked.log',
      now: '2026-09-20 11:05:00',
      state: stateFile('running', {
        discord: { state: 'fatal', updated_at: iso('2026-09-20 11:00:31') },
        telegram: 'connected',
      }),
    },
    expect: ['platform_auth_failed:discord'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('Discord refused the bot (the bot token was refused)');
      expect(f!.action).toMatch(/Developer Portal/);
      expect(f!.evidence[0]).toMatch(
        /Fatal discord adapter error \(discord_auth_error\)|non-retryable error \(discord_auth_error\)/,
      );
    },
  },
  {
    name: 'platform_auth_failed: Discord intents, the classified message quoted in the runner line',
    ev: {
      text: fixtureText('hermes-current/discord-token-revoked.log')
        .replace(
          /Discord bot token rejected: .*$/m,
          'Discord rejected the connection because privileged Gateway Intents are not enabled for this bot in the Developer Portal.',
        )
        .replace(/discord_auth_error/g, 'discord_intents_required'),
      now: '2026-09-20 11:05:00',
      state: stateFile('running', {
        discord: { state: 'fatal', updated_at: iso('2026-09-20 11:00:31') },
        telegram: 'connected',
      }),
    },
    expect: ['platform_auth_failed:discord'],
    check: ([f]) => expect(f!.title).toBe('Discord refused the bot (the privileged intents are not enabled)'),
  },
  {
    name: 'near miss platform_auth_failed, platform_down: a Discord connect timeout (retryable) that reconnected',
    ev: {
      log: 'hermes-current/discord-timeout-recovered.log',
      now: '2026-09-20 11:05:00',
      state: stateFile(
        'running',
        { discord: 'connected', telegram: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 11:00:32') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: Weixin getUpdates/poll errors for 8 minutes, nothing received, state still connected',
    ev: {
      log: 'hermes-current/weixin-poll-errors.log',
      now: '2026-09-20 10:09:00',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: ['platform_deaf:weixin'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('Weixin cannot fetch messages');
      expect(f!.explanation).toMatch(/12 times/);
    },
  },
  {
    name: 'near miss platform_deaf: three Weixin getUpdates failures, then a message came in',
    ev: {
      log: 'hermes-current/weixin-poll-recovered.log',
      now: '2026-09-20 10:09:00',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: Weixin session expiry (getUpdates errcode -14, then the pause) wins over the poll-error rule: never restart',
    ev: {
      log: 'hermes-current/weixin-expired.log',
      now: '2026-09-20 11:25:00',
      state: stateFile(
        'running',
        { weixin: 'connected', matrix: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: ['platform_deaf:weixin'],
    check: (found) => {
      expect(found).toHaveLength(1);
      expect(found[0]!.restart).toBe('never');
      expect(found[0]!.title).toMatch(/session expired/);
    },
  },
  {
    name: 'platform_deaf: Telegram deaf-socket detectors fire four times, polling never restarted',
    ev: {
      log: 'hermes-current/telegram-deaf.log',
      now: '2026-09-20 10:06:00',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: ['platform_deaf:telegram'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).toBe('Telegram is connected but deaf');
    },
  },
  {
    name: 'near miss platform_deaf: a Telegram deaf probe that triggered a polling restart which worked',
    ev: {
      log: 'hermes-current/telegram-deaf-recovered.log',
      now: '2026-09-20 10:06:00',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:04') },
      ),
    },
    expect: [],
  },
  {
    name: 'platform_deaf: WeCom half-alive after a reconnect: every send refused with 846609 (restart helps)',
    ev: {
      log: 'hermes-current/wecom-half-alive.log',
      now: '2026-09-20 10:10:30',
      state: stateFile(
        'running',
        { wecom: 'connected', dingtalk: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:03') },
      ),
    },
    expect: ['platform_deaf:wecom'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },
  {
    name: 'platform_deaf: Slack Socket Mode reconnect fails six times in 12 minutes (gateway.log)',
    ev: {
      log: 'hermes-current/slack-socket-mode-loop.log',
      now: '2026-09-20 10:13:00',
      state: stateFile('running', { slack: 'connected' }, { platformsUpdatedAt: iso('2026-09-20 09:00:03') }),
    },
    expect: ['platform_deaf:slack'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).toMatch(/Socket Mode/);
    },
  },
  {
    name: 'near miss platform_deaf: one Slack Socket Mode blip',
    ev: {
      log: 'hermes-current/slack-socket-mode-blip.log',
      now: '2026-09-20 10:13:00',
      state: stateFile('running', { slack: 'connected' }, { platformsUpdatedAt: iso('2026-09-20 09:00:03') }),
    },
    expect: [],
  },
  {
    name: 'near miss platform_deaf, platform_down, platform_auth_failed, telegram_polling_conflict, log_flood: nine platforms quiet for nine hours',
    ev: {
      log: 'hermes-current/all-quiet.log',
      now: '2026-09-20 18:00:00',
      state: stateFile(
        'running',
        Object.fromEntries(
          ['telegram', 'whatsapp', 'discord', 'weixin', 'wecom', 'slack', 'matrix', 'dingtalk', 'signal'].map((p) => [
            p,
            'connected',
          ]),
        ),
        { platformsUpdatedAt: iso('2026-09-20 09:00:18'), updated_at: iso('2026-09-20 17:59:30') },
      ),
      overrides: hermes({
        version: V22,
        control: ANSWERED,
        whatsappBridge: {
          file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
          tail: ['✅ WhatsApp connected!'],
          mtimeMs: localTime('2026-09-20 09:00:10'),
        },
      }),
    },
    expect: [],
  },
  // ---------- deaf while alive (issue 19 items 6, 7): hermes-gateway-current.md §8.7–§8.10 ----------
  {
    name: 'agent_turns_failing#update: every turn fails with a non-retryable HTTP 400 since hermes update; Telegram connected, no reply',
    ev: {
      log: 'hermes-current/turns-failing-gateway.log',
      now: '2026-09-21 10:20:00',
      state: stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:40:04') }),
      overrides: hermes({
        agentOnly: AGENT_400,
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-09-21 09:36:00'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-09-21 09:39:30'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: ['agent_turns_failing'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('Every agent turn fails since `hermes update`: anthropic answers HTTP 400');
      expect(f!.explanation).toContain('"thinking.type.enabled" is not supported for this model');
      expect(f!.explanation).toContain('model claude-haiku-4-5');
      expect(f!.explanation).toContain('3 inbound messages are waiting');
      expect(f!.evidence.join('\n')).toMatch(/logs\/update\.log: hermes update finished/);
      expect(f!.since).toBe(localTime('2026-09-21 10:02:11') + 412);
    },
  },
  {
    name: 'agent_turns_failing: the same failures with no update on record',
    ev: {
      log: 'hermes-current/turns-failing-gateway.log',
      now: '2026-09-21 10:20:00',
      state: stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:40:04') }),
      overrides: hermes({ agentOnly: AGENT_400 }),
    },
    expect: ['agent_turns_failing'],
    check: ([f]) => expect(f!.title).toBe('Every agent turn fails: anthropic answers HTTP 400'),
  },
  {
    name: 'near miss agent_turns_failing: the operator switched the model and the next turn got its reply',
    ev: {
      text: `${fixtureText('hermes-current/turns-failing-gateway.log')}2026-09-21 10:18:40,200 INFO gateway.run: inbound message: platform=telegram user=581234907 chat=581234907 msg='try again' reply_to_id=None reply_to_text=''\n2026-09-21 10:18:47,610 INFO gateway.run: response ready: platform=telegram chat=581234907 time=7.4s api_calls=2 response=186 chars\n`,
      now: '2026-09-21 10:20:00',
      state: stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:40:04') }),
      overrides: hermes({ agentOnly: AGENT_400 }),
    },
    expect: [],
  },
  {
    // One 400 is not every turn; the three messages left unanswered for 18 minutes are still said (agent_unanswered).
    name: 'near miss agent_turns_failing: one rejected turn is not every turn',
    ev: {
      log: 'hermes-current/turns-failing-gateway.log',
      now: '2026-09-21 10:20:00',
      state: stateFile('running', { telegram: 'connected' }, { platformsUpdatedAt: iso('2026-09-21 09:40:04') }),
      overrides: hermes({ agentOnly: AGENT_400.slice(0, 3) }),
    },
    expect: ['agent_unanswered'],
  },
  {
    name: 'feishu_loop_died: the Lark receive loop died "attached to a different loop" (root agent.log), no Feishu message since, both apps still "connected"',
    ev: {
      log: 'hermes-current/feishu-multiplex-gateway.log',
      now: '2026-09-21 10:40:00',
      state: FEISHU_TWO_APPS(),
      overrides: hermes({ agentOnly: LARK_LOOP }),
    },
    expect: ['feishu_loop_died:feishu'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.since).toBe(localTime('2026-09-21 10:31:05') + 220);
      expect(f!.explanation).toContain('feishu=connected, coder:feishu=connected');
      expect(f!.explanation).toContain('running: 0.21.3');
      expect(f!.evidence.join('\n')).toMatch(/RuntimeError: Task .*attached to a different loop/);
    },
  },
  {
    name: 'near miss feishu_loop_died: a Feishu message arrived after the loop error (this app still hears)',
    ev: {
      text: `${fixtureText('hermes-current/feishu-multiplex-gateway.log')}2026-09-21 10:33:12,019 INFO gateway.run: inbound message: platform=feishu user=ou_7d3a1f9e2b4c6d8e0f1a2b3c4d5e6f70 chat=oc_5e2f7a9c1d3b8e6f0a4c2d9e7b1f3a5c msg='ping' reply_to_id=None reply_to_text=''\n`,
      now: '2026-09-21 10:40:00',
      state: FEISHU_TWO_APPS(),
      overrides: hermes({ agentOnly: LARK_LOOP }),
    },
    expect: [],
  },
  {
    name: 'near miss feishu_loop_died: the loop died in an earlier life; the gateway restarted since',
    ev: {
      log: 'hermes-current/feishu-multiplex-gateway.log',
      now: '2026-09-21 10:40:00',
      state: FEISHU_TWO_APPS(),
      overrides: hermes({ agentOnly: LARK_LOOP.map((r) => ({ ...r, ts: r.ts - 2 * 3_600_000 })) }),
    },
    expect: [],
  },
  {
    // Issue 42 item 7: too slow for Hermes' breaker (more than 5 starts in 120 s), so never said.
    name: 'respawn_storm.lark: the gateway restarted after each Lark loop exit, every 30 min for 17 h (agent.log over hours): stop doing that',
    ev: { ...churn(), now: '2026-07-02 08:10:00' },
    expect: ['respawn_storm:feishu'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.respawn_storm.lark');
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.title).toMatch(/after each Feishu link drop: 34 restarts in 16h 40m/);
      expect(f!.explanation).toMatch(/about one every 30m/);
      expect(f!.evidence.join('\n')).toMatch(/ERROR Lark: receive message loop exit/);
    },
  },
  {
    name: 'near miss respawn_storm.lark: Lark drops every 30 min and the SDK reconnects by itself; the gateway lives on',
    ev: { ...churn(35, { restart: false }), now: '2026-07-02 08:10:00' },
    expect: [],
  },
  {
    name: 'near miss respawn_storm.lark: the restarts stopped (the last drop was ridden out 40 min ago)',
    ev: (() => {
      const c = churn();
      const drop = parseLogText(
        '2026-07-02 08:29:15,000 ERROR Lark: receive message loop exit, err: no close frame received or sent',
      );
      return {
        ...c,
        overrides: hermes({ hours: [...c.overrides.hermes.hours!, ...drop] }),
        now: '2026-07-02 09:10:00',
      };
    })(),
    expect: [],
  },
  {
    name: 'near miss respawn_storm.lark: three restarts after drops (an operator, not a habit)',
    ev: { ...churn(4), now: '2026-07-01 16:40:00' },
    expect: [],
  },
  {
    name: 'telegram_polling_conflict#recurring: a second poller, conflicts start again at (1/5) every few minutes, Hermes never gives up, state connected',
    ev: { log: 'hermes-current/telegram-second-poller.log', now: '2026-09-21 10:05:00', state: TELEGRAM_UP() },
    expect: ['telegram_polling_conflict:telegram'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.cause).toBe('recurring');
      expect(f!.title).toMatch(/^Telegram loses messages to a second poller: 4 conflicts in 23m/);
      expect(f!.since).toBe(localTime('2026-09-21 09:41:10') + 410);
    },
  },
  {
    name: 'telegram_polling_conflict#recurring: the other poller is named when the scan found it',
    ev: {
      log: 'hermes-current/telegram-second-poller.log',
      now: '2026-09-21 10:05:00',
      state: TELEGRAM_UP(),
      overrides: hermes({
        telegramPollers: {
          checked: true,
          scanned: 212,
          others: [
            {
              pid: 7001,
              cmdline: 'node /opt/openclaw/dist/index.js',
              what: 'TELEGRAM_BOT_TOKEN in its environment',
              via: 'environ',
              identity: POLLER_ID,
            },
          ],
        },
      }),
    },
    expect: ['telegram_polling_conflict:telegram'],
    check: ([f]) => {
      expect(f!.title).toBe('Telegram loses messages to pid 7001, which polls the same bot token');
      // Hermes still polls: stopping the other poller is the whole fix.
      expect(f!.remedies).toEqual([
        {
          kind: 'stop_process',
          process: POLLER_ID,
          why: { key: 'fix.why.poller', params: { what: { key: 'finding.telegram_polling_conflict.poller.environ' } } },
        },
      ]);
      // What proves it, worded in the reader's language (issue 20 item 5).
      expect(describeRemedy(f!.remedies![0]!, 'default', 'en')).toContain(
        'Proven by: polls this bot token on this host: TELEGRAM_BOT_TOKEN in its environment.',
      );
      expect(describeRemedy(f!.remedies![0]!, 'default', 'zh-CN')).toContain('在本机轮询这个机器人令牌：');
      expect(englishProse(describeRemedy(f!.remedies![0]!, 'default', 'zh-CN'))).toEqual([]);
      expect(f!.evidence.join('\n')).toContain(
        'other poller: pid 7001, TELEGRAM_BOT_TOKEN in its environment: node /opt/openclaw/dist/index.js',
      );
    },
  },
  {
    name: 'near miss telegram_polling_conflict: two conflict episodes in half an hour',
    ev: { log: 'hermes-current/telegram-second-poller.log', now: '2026-09-21 09:50:00', state: TELEGRAM_UP() },
    expect: [],
  },
  {
    name: 'near miss telegram_polling_conflict: the second poller went away an hour ago',
    ev: { log: 'hermes-current/telegram-second-poller.log', now: '2026-09-21 11:10:00', state: TELEGRAM_UP() },
    expect: [],
  },
  {
    name: "near miss telegram_polling_conflict: each conflict follows a network reconnect (the old session's long-poll)",
    ev: {
      text: fixtureText('hermes-current/telegram-second-poller.log').replace(
        /^(2026-09-21 (\d\d:\d\d):\d\d),410 WARNING (.*)\(1\/5\)/gm,
        (_m, _t, hm: string, rest: string) =>
          `2026-09-21 ${hm}:00,100 INFO gateway.run: ✓ telegram reconnected successfully\n2026-09-21 ${hm}:59,410 WARNING ${rest}(1/5)`,
      ),
      now: '2026-09-21 10:05:00',
      state: TELEGRAM_UP(),
    },
    expect: [],
  },
  {
    name: 'whatsapp_orphan_bridge: the previous life\'s bridge holds port 3000, the new one died on EADDRINUSE, WhatsApp "connected" and silent',
    ev: {
      log: 'hermes-current/whatsapp-orphan-gateway.log',
      now: '2026-09-21 09:30:00',
      state: WA_UP(),
      overrides: hermes({ whatsappBridge: WA_BRIDGE_LOG, whatsappBridges: { checked: true, bridges: [ORPHAN] } }),
    },
    expect: ['whatsapp_orphan_bridge:whatsapp'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('WhatsApp receives nothing: an old bridge (pid 39120) holds port 3000');
      expect(f!.action).toContain('kill 39120');
      const ev = f!.evidence.join('\n');
      expect(ev).toContain('orphan bridge: pid 39120 (ppid 1), started 2026-09-20T');
      expect(ev).toContain('--session /home/ops/.hermes/platforms/whatsapp/session');
      expect(ev).toContain('Error: listen EADDRINUSE: address already in use 127.0.0.1:3000');
      // Its remedy: stop exactly that process (as proven), then restart once.
      expect(f!.remedies).toEqual([
        {
          kind: 'stop_process_then_restart',
          process: { ...ORPHAN.identity, port: 3000 },
          why: { key: 'fix.why.orphan_bridge', params: { port: '3000', pid: expect.any(String) } },
        },
      ]);
      expect(describeRemedy(f!.remedies![0]!, 'default', 'en')).toContain(
        "this home's WhatsApp session holding port 3000",
      );
      expect(describeRemedy(f!.remedies![0]!, 'default', 'zh-CN')).toContain(
        '本主目录 WhatsApp 会话的 bridge.js 占用端口 3000',
      );
      expect(englishProse(describeRemedy(f!.remedies![0]!, 'default', 'zh-CN'))).toEqual([]);
    },
  },
  {
    name: 'whatsapp_orphan_bridge#unnamed: the port is held but the scan cannot name the process',
    ev: {
      log: 'hermes-current/whatsapp-orphan-gateway.log',
      now: '2026-09-21 09:30:00',
      state: WA_UP(),
      overrides: hermes({
        whatsappBridge: WA_BRIDGE_LOG,
        whatsappBridges: { checked: false, reason: 'process scan needs /proc', bridges: [] },
      }),
    },
    expect: ['whatsapp_orphan_bridge:whatsapp'],
    check: ([f]) => {
      expect(f!.title).toBe('WhatsApp receives nothing: something else holds the bridge port 3000');
      expect(f!.action).toContain("ss -ltnp 'sport = :3000'");
    },
  },
  {
    name: 'near miss whatsapp_orphan_bridge: a WhatsApp message arrived since the start (the bridge that serves it hears)',
    ev: {
      text: `${fixtureText('hermes-current/whatsapp-orphan-gateway.log')}2026-09-21 09:12:02,440 INFO gateway.run: inbound message: platform=whatsapp user=4915112345678 chat=4915112345678 msg='hi' reply_to_id=None reply_to_text=''\n2026-09-21 09:12:07,100 INFO gateway.run: response ready: platform=whatsapp chat=4915112345678 time=4.6s api_calls=1 response=22 chars\n`,
      now: '2026-09-21 09:30:00',
      state: WA_UP(),
      overrides: hermes({ whatsappBridge: WA_BRIDGE_LOG, whatsappBridges: { checked: true, bridges: [ORPHAN] } }),
    },
    expect: [],
  },
  {
    name: 'near miss whatsapp_orphan_bridge: a later bridge bound the port (listening after the EADDRINUSE)',
    ev: {
      log: 'hermes-current/whatsapp-orphan-gateway.log',
      now: '2026-09-21 09:30:00',
      state: WA_UP(),
      overrides: hermes({
        whatsappBridge: {
          ...WA_BRIDGE_LOG,
          tail: [
            ...WA_BRIDGE_LOG.tail,
            '🌉 WhatsApp bridge listening on port 3000 (mode: bot)',
            '✅ WhatsApp connected!',
          ],
        },
      }),
    },
    expect: [],
  },
  {
    name: "near miss whatsapp_orphan_bridge: another home's bridge on another port, this gateway's own bridge runs as its child",
    ev: {
      log: 'hermes-current/whatsapp-orphan-gateway.log',
      now: '2026-09-21 09:30:00',
      state: WA_UP(),
      overrides: hermes({
        whatsappBridge: WA_BRIDGE_LOG,
        whatsappBridges: {
          checked: true,
          bridges: [
            {
              ...ORPHAN,
              port: 3001,
              session: '/home/ops/.hermes/profiles/coder/platforms/whatsapp/session',
              cmdline: ORPHAN.cmdline
                .replace('3000', '3001')
                .replace('.hermes/platforms', '.hermes/profiles/coder/platforms'),
              ownSession: false,
            },
            { ...ORPHAN, pid: 48250, ppid: 48213, startedAt: localTime('2026-09-21 09:00:04'), childOfGateway: true },
          ],
        },
      }),
    },
    expect: [],
  },
  // ---------- WhatsApp re-login by QR (issue 22 item 5) ----------
  {
    name: 'whatsapp_qr_login: logged out, the session deleted, the bridge printed a QR code and waits for a scan',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile('running', {
        telegram: 'connected',
        discord: 'connected',
        whatsapp: {
          state: 'retrying',
          error_code: 'whatsapp_bridge_exited',
          error_message: 'failed to reconnect',
          updated_at: iso('2026-09-20 09:02:00'),
        },
      }),
      overrides: hermes({ whatsappBridge: WA_QR_LOG([...BRIDGE_LOGGED_OUT, ...QR_LINES]) }),
    },
    expect: ['whatsapp_qr_login:whatsapp'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.qr?.rows[0]).toMatch(/^▄{51}$/);
      expect(f!.evidence.join('\n')).not.toMatch(/[▀█]/);
    },
  },
  {
    name: 'near miss whatsapp_qr_login: the code was scanned (`✅ WhatsApp connected!` after it)',
    ev: {
      log: 'hermes-current/telegram-conflict-recovered.log',
      state: stateFile(
        'running',
        { telegram: 'connected', discord: 'connected', whatsapp: 'connected' },
        { platformsUpdatedAt: iso('2026-09-20 09:00:40') },
      ),
      overrides: hermes({ whatsappBridge: WA_QR_LOG([...BRIDGE_LOGGED_OUT, ...QR_LINES, '✅ WhatsApp connected!']) }),
    },
    expect: [],
  },
  // ---------- detect.expect_inbound (issue 19 item 7) ----------
  {
    name: 'platform_silent: detect.expect_inbound telegram 6h; nine quiet hours, only the platforms with an expectation are judged',
    ev: { log: 'hermes-current/all-quiet.log', now: '2026-09-20 18:00:00', state: ALL_QUIET() },
    settings: { expectInboundMs: { telegram: 6 * 3_600_000, discord: 12 * 3_600_000 } },
    expect: ['platform_silent:telegram'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('Telegram: no inbound message for 8h 59m (possibly deaf)');
      expect(f!.explanation).toContain(
        "longer than the 6h within which gatewatch's config expects one (none since the gateway started)",
      );
    },
  },
  {
    name: 'near miss platform_silent: the last Telegram message came 2 hours ago (expect_inbound 6h)',
    ev: {
      text: `${fixtureText('hermes-current/all-quiet.log')}2026-09-20 16:00:12,300 INFO gateway.run: inbound message: platform=telegram user=581234907 chat=581234907 msg='ping' reply_to_id=None reply_to_text=''\n2026-09-20 16:00:15,900 INFO gateway.run: response ready: platform=telegram chat=581234907 time=3.6s api_calls=1 response=4 chars\n`,
      now: '2026-09-20 18:00:00',
      state: ALL_QUIET(),
    },
    settings: { expectInboundMs: { telegram: 6 * 3_600_000 } },
    expect: [],
  },
  {
    name: 'near miss platform_silent: a platform not connected is not "silent" (expect_inbound set, WhatsApp retrying within the grace)',
    ev: {
      log: 'hermes-current/all-quiet.log',
      now: '2026-09-20 18:00:00',
      state: {
        ...ALL_QUIET(),
        platforms: {
          ...ALL_QUIET().platforms,
          whatsapp: { state: 'retrying', updated_at: iso('2026-09-20 17:59:40') },
        },
      },
    },
    settings: { expectInboundMs: { whatsapp: 6 * 3_600_000 } },
    expect: [],
  },
  // ---------- log flood (§6 DingTalk: 315 MB) ----------
  {
    name: 'log_flood: gateway.log grew 24 MB in 10 min and still grows; the repeating line is named',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { logGrowth: growth(24, 10, 2.2) } },
    expect: ['log_flood'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('Gateway log grows 2.4 MB/min');
      expect(f!.explanation).toContain('[Dingtalk] Stream client error');
    },
  },
  {
    name: 'near miss log_flood: a busy gateway, 40 KB/min',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { logGrowth: growth(0.4, 10, 0.04) } },
    expect: [],
  },
  {
    name: 'near miss log_flood: 8 MB in the first 2 minutes gatewatch watched (too early to judge)',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { logGrowth: growth(8, 2, 4) } },
    expect: [],
  },
  {
    name: 'near miss log_flood: a storm that stopped (nothing in the last minute)',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { logGrowth: growth(20, 10, 0) } },
    expect: [],
  },
  {
    name: 'log_flood.file: a log under the home gatewatch does not tail (gateway.error.log) grew 120 MB in 10 min, by its size',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: {
        logFiles: [
          {
            file: '/home/ops/.hermes/logs/gateway.error.log',
            bytes: 120 * MiB,
            spanMs: 600_000,
            lastMinuteBytes: 12 * MiB,
          },
          { file: '/home/ops/.hermes/logs/agent.log', bytes: 0.3 * MiB, spanMs: 600_000, lastMinuteBytes: 0.03 * MiB },
        ],
      },
    },
    expect: ['log_flood'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.log_flood.file');
      expect(f!.cause).toBe('gateway.error.log');
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('A log under the Hermes home grows 12.0 MB/min: gateway.error.log');
    },
  },
  {
    name: 'near miss log_flood.file: gateway.log by its size (the tailer judges it), and a storm in errors.log that stopped',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: {
        logFiles: [
          { file: '/home/ops/.hermes/logs/gateway.log', bytes: 120 * MiB, spanMs: 600_000, lastMinuteBytes: 12 * MiB },
          { file: '/home/ops/.hermes/logs/errors.log', bytes: 40 * MiB, spanMs: 600_000, lastMinuteBytes: 0 },
        ],
      },
    },
    expect: [],
  },
  // ---------- config_ignored (§10.2, #89157) ----------
  {
    name: 'config_ignored: Hermes could not parse config.yaml, fell back to .env and started without the YAML-only platform',
    ev: {
      log: 'hermes-current/config-yaml-ignored.log',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:05:00',
      overrides: hermes({}),
    },
    expect: ['config_ignored'],
    check: (found) => expect(found[0]!.title).toContain('line 14, column 5'),
  },
  {
    name: 'config_ignored and a start that hangs for another reason: the hang is still said (and restarted), not only the YAML',
    ev: {
      text: fixtureText('hermes-current/config-yaml-ignored.log').split('\n').slice(0, 6).join('\n'),
      state: stateFile('starting', {}),
      now: '2026-09-21 09:15:00',
      overrides: hermes({}),
    },
    expect: ['config_ignored', 'startup_incomplete'],
    check: (found) =>
      expect(found.find((f) => f.check === 'startup_incomplete')!.text?.key).toBe('finding.startup_incomplete.stuck'),
  },
  {
    name: 'near miss config_ignored: the start after the fix parsed it (no warning in its run)',
    ev: {
      text: `${fixtureText('hermes-current/config-yaml-ignored.log')}2026-09-21 09:10:00,100 INFO gateway.run: Starting Hermes Gateway...\n2026-09-21 09:10:01,100 INFO gateway.run: ✓ telegram connected\n2026-09-21 09:10:01,300 INFO gateway.run: Gateway running with 1 platform(s)\n`,
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:12:00',
      overrides: hermes({}),
    },
    expect: [],
  },
  // ---------- state_stale_running.start (§10.2, Eynzof/Hermes-CN-Core#154) ----------
  {
    name: 'state_stale_running.start: two lives in a row died within a second of their start on the same error, state still running: never restarted',
    ev: {
      text: withStartError(fixtureText('hermes-current/fork-dies-at-start.log')),
      alive: false,
      state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
      now: '2026-09-21 09:02:00',
      overrides: hermes({
        version: { version: '0.20.0-cn.5', source: 'state_file', generation: 'current', restampsUpdatedAt: false },
      }),
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.state_stale_running.start');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('Gateway dies as it starts: 0.6s after its start, the state file still says "running"');
      expect(f!.explanation).toContain('The start before it died the same way');
    },
  },
  {
    name: 'state_stale_running.start: two such deaths with no error in the log (two kills in slow starts look the same): restarted, not held',
    ev: {
      log: 'hermes-current/fork-dies-at-start.log',
      alive: false,
      state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
      now: '2026-09-21 09:02:00',
      overrides: hermes({}),
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.state_stale_running.start');
      expect(f!.restart).toBe('helps');
    },
  },
  {
    name: 'state_stale_running.start: the life before lost to another instance (its start line, then its exit): not the same death, restarted',
    ev: {
      text: withStartError(fixtureText('hermes-current/fork-dies-at-start.log')).replace(
        '2026-09-21 09:00:00,700 INFO gateway.run: Connecting to telegram...',
        '2026-09-21 09:00:00,700 ERROR gateway.run: Another gateway instance is already running',
      ),
      alive: false,
      state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
      now: '2026-09-21 09:02:00',
      overrides: hermes({}),
    },
    expect: ['state_stale_running'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },
  {
    name: 'state_stale_running.start: the first such death is restarted once; the error a traceback in the log names is quoted',
    ev: {
      text: `${fixtureText('hermes-current/fork-dies-at-start.log').split('\n').slice(6, 10).join('\n')}\n2026-09-21 09:00:10,900 ERROR gateway.run: Gateway failed to start\nTraceback (most recent call last):\n  File "/opt/hermes/gateway/run.py", line 812, in start\nNameError: name 'InProcessCronScheduler' is not defined\n`,
      alive: false,
      state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
      now: '2026-09-21 09:02:00',
      overrides: hermes({}),
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.explanation).toContain(
        'The last error in its log: "NameError: name \'InProcessCronScheduler\' is not defined".',
      );
    },
  },
  {
    name: 'state_stale_running.killed, not .start: a life killed 40 s into a slow start is the kill it was (restarted)',
    ev: {
      text: `${fixtureText('hermes-current/fork-dies-at-start.log')}2026-09-21 09:00:50,300 INFO gateway.run: Connecting to telegram...\n`,
      alive: false,
      state: stateFile('running', { telegram: 'connected' }, { pid: 7140 }),
      now: '2026-09-21 09:02:00',
      overrides: hermes({}),
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.text?.key).toBe('finding.state_stale_running.killed');
      expect(f!.restart).toBe('helps');
    },
  },
  // ---------- state_db_snapshot_skipped (§10.2, #75411) ----------
  {
    name: 'state_db_snapshot_skipped: the update 2 h ago snapshotted without state.db (5.0 GB over the 1.0 GB limit)',
    ev: {
      log: 'hermes-current/disk-full.log',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:20:00',
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            startedAt: localTime('2026-09-21 07:15:00'),
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-09-21 07:20:00'),
            lines: ['✓ Update complete!'],
            stateDbSkipped: {
              size: '5.0 GB',
              limit: '1.0 GB',
              line: '⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)',
            },
          },
        },
      }),
    },
    expect: ['state_db_snapshot_skipped'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('The last update left state.db out of its snapshot: 5.0 GB, over its 1.0 GB limit');
      expect(f!.evidence).toEqual(['update.log: ⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)']);
    },
  },
  {
    name: 'near miss state_db_snapshot_skipped: an update whose snapshot took state.db',
    ev: {
      log: 'hermes-current/disk-full.log',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:20:00',
      overrides: hermes({
        lifecycle: {
          lastUpdate: {
            completed: true,
            stoppedPids: [],
            stoppedManual: 0,
            endedAt: localTime('2026-09-21 07:20:00'),
            lines: ['✓ Update complete!'],
          },
        },
      }),
    },
    expect: [],
  },
  // ---------- disk_full (§10.2, #52383) ----------
  {
    name: 'disk_full: every turn fails with [Errno 28] No space left on device',
    ev: {
      log: 'hermes-current/disk-full.log',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:40:00',
      overrides: hermes({}),
    },
    expect: ['disk_full'],
    check: (found) => expect(found[0]!.restart).toBe('never'),
  },
  {
    name: 'near miss disk_full: the last such turn 20 min ago (space was freed; a turn that works logs no error)',
    ev: {
      log: 'hermes-current/disk-full.log',
      state: TELEGRAM_ONLY(),
      now: '2026-09-21 09:58:30',
      overrides: hermes({}),
    },
    expect: [],
  },
  // ---------- disk_readonly (issue 60) ----------
  {
    name: 'disk_readonly: the home is on a mount the kernel remounted read-only, no log saying so',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { ...hermes({}), disk: homeOn(true) } },
    expect: ['disk_readonly'],
    check: (found) => {
      expect(found[0]!.title).toBe('Hermes cannot write to /home/ops/.hermes: its filesystem is read-only');
      expect(found[0]!.restart).toBe('never');
    },
  },
  {
    name: 'near miss disk_readonly: the same mount read-write again',
    ev: { log: 'healthy.log', state: running(), now: NOW, overrides: { ...hermes({}), disk: homeOn(false) } },
    expect: [],
  },
  // ---------- port_in_use (§10.2, #98126; issue 54) ----------
  {
    name: 'port_in_use: the dashboard could not bind 9119 five times in the last 10 min; pid 4242 holds it',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        portInUse: {
          host: '0.0.0.0',
          port: 9119,
          lines: [540, 420, 300, 180, 60].map((s) => bindRecord(localTime(NOW) - s * 1000)),
          owner: { pid: 4242, cmdline: 'python3 -m http.server 9119' },
        },
      }),
    },
    expect: ['port_in_use'],
    check: (found) => {
      expect(found[0]!.title).toBe(
        'A Hermes listener cannot bind port 9119: pid 4242 holds it: python3 -m http.server 9119',
      );
      expect(found[0]!.restart).toBe('never');
    },
  },
  {
    name: 'near miss port_in_use: two failed binds at a start, 20 min ago',
    ev: {
      log: 'healthy.log',
      state: running(),
      now: NOW,
      overrides: hermes({
        portInUse: {
          host: '0.0.0.0',
          port: 9119,
          lines: [1210, 1200].map((s) => bindRecord(localTime(NOW) - s * 1000)),
        },
      }),
    },
    expect: [],
  },
];

/** uvicorn's line for a bind the port refused (asyncio's text, Python 3.13+), stamped by launchd's wrapper. */
function bindRecord(ts: number) {
  const message =
    "ERROR:    [Errno 48] error while attempting to bind on address ('0.0.0.0', 9119): [errno 48] address already in use";
  return { ts, level: 'ERROR' as const, logger: 'dashboard.error.log', message, line: message };
}

function growth(mb: number, minutes: number, lastMinuteMb: number) {
  return {
    file: '/home/ops/.hermes/logs/gateway.log',
    bytes: Math.round(mb * MiB),
    lines: Math.round((mb * MiB) / 180),
    spanMs: minutes * 60_000,
    lastMinuteBytes: Math.round(lastMinuteMb * MiB),
    top: {
      line: "WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(#, 'keepalive ping timeout')",
      sample:
        "2026-07-02 10:04:59,120 WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout')",
      count: 1000,
      sampled: 2000,
    },
  };
}

/** Each life of the fork's log ends on the error #154's fork died of, a traceback after its last line. */
function withStartError(log: string): string {
  return log.replace(
    /^(\S+ \S+) INFO gateway\.run: Connecting to telegram\.\.\.$/gm,
    (line, ts: string) =>
      `${line}\n${ts} ERROR gateway.run: Gateway failed to start\nTraceback (most recent call last):\n  File "/opt/hermes/gateway/run.py", line 812, in start\nNameError: name 'InProcessCronScheduler' is not defined`,
  );
}
