// The detector table: a gateway.log fixture in the real format + a gateway_state.json + process facts → the causes
// found. Every check id has a case that fires it and a near miss that does not (test/detectors/detectors.test.ts);
// test/text/finding-text.test.ts words every finding they produce in zh-CN.
import { expect } from 'vitest';
import type { DetectSettings, DoctorEvidence, Evidence } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { HERMES_CASES } from './hermes-cases.js';
import { SUPERVISOR_CASES } from './supervisor-cases.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { parseSvstat, slotState } from '../../src/probes/container-slot.js';
import { tilde } from '../../src/detectors/person-words.js';
import {
  buildEvidence,
  CMDLINE,
  fixtureText,
  iso,
  localTime,
  PID,
  SETTINGS,
  stateFile,
  type BuildOptions,
} from './evidence.js';

export const connected = () =>
  stateFile('running', { feishu: 'connected', qqbot: 'connected' }, { platformsUpdatedAt: iso('2026-07-03 07:00:03') });

export function ids(found: Finding[]): string[] {
  return found.map((f) => (f.platform ? `${f.check}:${f.platform}` : f.check)).sort();
}

export const LAUNCHD_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>ai.hermes.gateway</string>
    <key>ProgramArguments</key>
    <array>
        <string>/Users/ops/.hermes/hermes-agent/venv/bin/python</string>
        <string>-m</string>
        <string>hermes_cli.main</string>
        <string>gateway</string>
        <string>run</string>
        <string>--replace</string>
    </array>
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <true/>
    <key>StandardOutPath</key>
    <string>/Users/ops/.hermes/logs/gateway.log</string>
</dict>
</plist>
`;

/** The home /home/ops/.hermes as an alert says it: `~/.hermes` only when it is this user's own. */
const OPS = tilde('/home/ops/.hermes');

const SYSTEMD_UNIT = `[Unit]
Description=Hermes Agent Gateway - Messaging Platform Integration
After=network-online.target
Wants=network-online.target
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart=/home/ops/.hermes/hermes-agent/venv/bin/python -m hermes_cli.main gateway run
WorkingDirectory=/home/ops/.hermes/hermes-agent
Environment="HERMES_HOME=/home/ops/.hermes"
Restart=always
RestartSec=5
RestartForceExitStatus=75
KillMode=mixed

[Install]
WantedBy=default.target
`;
const UNIT_NO_RESTART = SYSTEMD_UNIT.replace('Restart=always\n', '');

export function doctor(d: Partial<DoctorEvidence>): Partial<Evidence> {
  return { doctor: { proxies: [], ...d } };
}

export interface Case {
  name: string;
  ev: BuildOptions;
  settings?: Partial<DetectSettings>;
  expect: string[];
  check?: (found: Finding[]) => void;
}

const SLOW_TOOL = {
  ts: localTime('2026-07-03 08:09:50'),
  tool: 'terminal',
  seconds: 322.13,
  line: '2026-07-03 08:09:50,204 INFO run_agent: Tool terminal returned error (322.13s)',
};

/** After qq-outage.log: QQ comes back, drops again 30 s later and needs 40 s to return. */
const OUTAGE_AGAIN = [
  '2026-07-03 08:06:30,200 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket',
  '2026-07-03 08:06:30,201 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnected',
  '2026-07-03 08:06:30,260 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Session resumed',
  '2026-07-03 08:07:00,100 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket error: WebSocket closed',
  '2026-07-03 08:07:00,101 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnecting in 2s (attempt 1)...',
  '2026-07-03 08:07:40,300 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket connected to wss://api.sgroup.qq.com/websocket',
  '2026-07-03 08:07:40,301 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnected',
  '2026-07-03 08:07:40,360 INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Session resumed',
  '',
].join('\n');

const REFUSED = 'Failed to get QQ Bot access token: All connection attempts failed';
const UNAUTHORIZED =
  "Failed to get QQ Bot gateway URL: Client error '401 Unauthorized' for url 'https://api.sgroup.qq.com/gateway'";
const refusedDown = () =>
  stateFile(
    'running',
    { feishu: 'connected', qqbot: { state: 'disconnected', updated_at: iso('2026-07-05 10:23:02') } },
    { platformsUpdatedAt: iso('2026-07-05 10:00:03') },
  );

/** Hermes' Docker image: the container `hermes` and the slot of the root's gateway, as `s6-svstat` said it. */
function inDocker(
  svstat: string | undefined,
  o: {
    running?: boolean;
    status?: string;
    oom?: boolean;
    missing?: boolean;
    boot?: string;
    stopped?: { at?: number; line: string };
    restarting?: boolean;
    cause?: { line: string; source: string };
    health?: { status: string; streak: number; exitCode?: number; output?: string; test?: string; onFailure?: string };
  } = {},
) {
  const status = svstat === undefined ? undefined : parseSvstat(svstat);
  return {
    service: {
      manager: 'docker' as const,
      name: 'hermes',
      container: {
        id: 'c0ffee'.padEnd(64, '0'),
        name: 'hermes',
        status: o.status ?? (o.running === false ? 'exited' : 'running'),
        running: o.running !== false,
        ...(o.running === false ? { exitCode: o.oom ? 137 : 0 } : {}),
        ...(o.oom ? { oomKilled: true } : {}),
        ...(o.health ? { health: o.health } : {}),
      },
      slot: {
        name: 'gateway-default',
        profile: '',
        ...(status ? { status: { ...status, state: slotState(status) } } : {}),
        ...(o.missing ? { missing: true } : {}),
        ...(o.boot
          ? {
              boot: {
                priorState: 'stopped',
                action: 'registered',
                line: o.boot,
                at: Date.parse(o.boot.split(' ')[0]!),
              },
            }
          : {}),
      },
      ...(status ? { active: status.up, state: status.line } : {}),
      ...(o.stopped ? { stopped: o.stopped } : {}),
      ...(o.restarting ? { restarting: true } : {}),
      ...(o.cause ? { cause: o.cause } : {}),
    },
  };
}

function replaceLast(text: string, from: string, to: string): string {
  const i = text.lastIndexOf(from);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

export const DETECTOR_CASES: Case[] = [
  // ---------- healthy ----------
  { name: 'healthy run with regular 4009/resume cycles', ev: { log: 'healthy.log', state: connected() }, expect: [] },
  {
    name: 'healthy run, 40 min after the last cycle (zombie not yet)',
    ev: { log: 'healthy.log', state: connected(), now: '2026-07-02 10:40' },
    expect: [],
  },
  {
    name: 'near miss qq_reconnect_exhausted, feishu_executor_shutdown: failures in the previous run (sample log), healthy restart',
    ev: { log: 'hermes/gateway-sample.log', state: connected() },
    expect: [],
  },

  // ---------- process_down ----------
  {
    name: 'process_down: no process, no state file, no shutdown logged',
    ev: { log: 'healthy.log', alive: false, state: null },
    expect: ['process_down'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.severity).toBe('critical');
      expect(f!.evidence.join('\n')).toContain(`gateway.pid: pid ${PID} (not running)`);
    },
  },
  {
    name: 'near miss process_down: systemd is already relaunching it',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('stopped', {}),
      now: 20_000,
      overrides: {
        service: {
          manager: 'systemd',
          name: 'hermes-gateway.service',
          active: false,
          state: 'activating/auto-restart',
          restarting: true,
        },
      },
    },
    expect: [],
  },
  {
    name: 'near miss process_down: no pid file but a gateway process runs',
    ev: { log: 'healthy.log', state: null, alive: false, overrides: { processes: [{ pid: 51002, cmdline: CMDLINE }] } },
    expect: [],
  },
  {
    name: 'near miss config_fatal: a retryable startup failure exits → process_down',
    ev: {
      log: 'startup-failed-retryable.log',
      alive: false,
      state: stateFile('startup_failed', { qqbot: 'retrying' }, { exit_reason: 'qqbot: failed to connect' }),
    },
    expect: ['process_down'],
  },

  // ---------- state_stale_running ----------
  {
    name: 'state_stale_running: SIGTERM, state file kept "running"',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      now: 5 * 60_000,
    },
    expect: ['state_stale_running'],
    check: ([f]) => {
      const ev = f!.evidence.join('\n');
      expect(ev).toContain('Received SIGTERM — initiating shutdown');
      // PID 1's name is this host's (or its container's) own: not said (issue 77).
      expect(ev).toContain('Shutdown context: signal=SIGTERM under_systemd=no');
      expect(ev).not.toContain('parent_name=tini');
      expect(ev).toContain('gateway_state.json: gateway_state=running');
      expect(f!.title).toContain('SIGTERM');
    },
  },
  {
    name: 'state_stale_running: killed without any shutdown line',
    ev: { log: 'killed.log', alive: false, state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }) },
    expect: ['state_stale_running'],
    check: ([f]) => {
      expect(f!.explanation).toMatch(/no shutdown/);
      expect(f!.evidence.join('\n')).toContain(
        'inbound message: platform=qqbot user=A37B46B0A04E3326D727DFD81FCFEBA9 chat=A37B46B0A04E3326D727DFD81FCFEBA9 msg=<7 chars>',
      );
    },
  },
  {
    name: 'state_stale_running wins over a dead QQ loop (platform findings suppressed)',
    ev: {
      log: 'qq-max-reconnect.log',
      alive: false,
      state: stateFile('running', { feishu: 'connected', qqbot: 'disconnected' }),
    },
    expect: ['state_stale_running'],
  },
  {
    name: 'near miss state_stale_running: same SIGTERM but the state says stopped',
    ev: { log: 'sigterm.log', alive: false, state: stateFile('stopped', {}) },
    expect: ['gateway_stopped'],
  },

  // ---------- container_unhealthy (the container's own health check, as Docker and Podman judge it) ----------
  {
    name: "container_unhealthy: compose's healthcheck fails 3 times while the gateway serves",
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: inDocker('up (pid 160) 3000 seconds', {
        health: {
          status: 'unhealthy',
          streak: 3,
          exitCode: 7,
          output: 'curl: (7) Failed to connect to 127.0.0.1 port 8642 after 0 ms: Connection refused',
          test: 'curl -fsS http://127.0.0.1:8642/health',
        },
      }),
    },
    expect: ['container_unhealthy'],
    check: ([f]) => {
      expect(f!).toMatchObject({ severity: 'warning', restart: 'never' });
      expect(f!.title).toBe('docker marks the container hermes unhealthy: its own health check fails');
      expect(f!.explanation).toContain(
        '(`curl -fsS http://127.0.0.1:8642/health`) failed 3 times in a row, the last with exit 7',
      );
      expect(f!.action).toContain('`docker exec hermes curl -fsS http://127.0.0.1:8642/health`');
      expect(f!.evidence).toEqual([
        '`docker inspect hermes`: unhealthy, 3 failed in a row, the last with exit 7: curl: (7) Failed to connect to 127.0.0.1 port 8642 after 0 ms: Connection refused',
      ]);
    },
  },
  {
    name: "container_unhealthy: Podman's --health-on-failure=restart acts on it, and says so",
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: {
        service: {
          ...inDocker('up (pid 160) 3000 seconds', {
            health: {
              status: 'unhealthy',
              streak: 2,
              exitCode: 1,
              output: 'refused',
              test: 'true',
              onFailure: 'restart',
            },
          }).service,
          manager: 'podman' as const,
        },
      },
    },
    expect: ['container_unhealthy'],
    check: ([f]) => {
      expect(f!.explanation).toContain(
        'podman restarts the container each time it does (`--health-on-failure=restart`)',
      );
      expect(f!.explanation).not.toContain('restarts nothing for it, and neither');
    },
  },
  {
    name: 'near miss container_unhealthy: still starting, or healthy',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: inDocker('up (pid 160) 3000 seconds', { health: { status: 'starting', streak: 1, exitCode: 1 } }),
    },
    expect: [],
  },

  // ---------- container_paused (`docker pause`: the gateway frozen, its process and container "running") ----------
  {
    name: 'container_paused: `docker pause` froze the gateway; said once, nothing restarted',
    ev: { log: 'healthy.log', state: connected(), overrides: inDocker(undefined, { status: 'paused' }) },
    expect: ['container_paused'],
    check: ([f]) => {
      expect(f!).toMatchObject({ severity: 'warning', restart: 'never', once: true });
      expect(f!.action).toBe('Unpause it when it should serve again: `docker unpause hermes`.');
    },
  },
  {
    name: 'near miss container_paused: unpaused, running',
    ev: { log: 'healthy.log', state: connected(), overrides: inDocker('up (pid 160) 3000 seconds') },
    expect: [],
  },

  // ---------- container_slot (Hermes' Docker image: the container's state and its s6 slot's) ----------
  {
    name: 'container_slot: s6 parked the gateway after a clean exit; the container runs',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: inDocker('down (exitcode 0) 300 seconds, normally up, ready 300 seconds'),
    },
    expect: ['container_slot'],
    check: ([f]) => {
      expect(f!).toMatchObject({ cause: 'parked', restart: 'helps', severity: 'critical' });
      expect(f!.action).toContain('`docker exec hermes hermes gateway start`');
      expect(f!.action).not.toMatch(/systemctl|hermes gateway run/);
    },
  },
  {
    name: 'container_slot#config_exit: exit 78 is a configuration to fix, not a start to repeat',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('stopped', {}),
      overrides: inDocker('down (exitcode 78) 40 seconds, normally up, ready 40 seconds'),
    },
    expect: ['container_slot'],
    check: ([f]) => expect(f!).toMatchObject({ cause: 'config_exit', restart: 'never' }),
  },
  {
    name: 'container_slot#left_down: registered down by the boot reconciler after a container restart',
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('stopped', {}),
      overrides: inDocker('down 120 seconds, ready 120 seconds', {
        boot: '2026-06-24T09:20:01Z profile=default prior_state=stopped action=registered prior_exit=clean',
      }),
    },
    expect: ['container_slot'],
    check: ([f]) => {
      expect(f!).toMatchObject({ cause: 'left_down', restart: 'helps' });
      expect(f!.since).toBe(Date.parse('2026-06-24T09:20:01Z'));
    },
  },
  {
    name: 'container_slot#no_slot: a profile made from the host has no slot',
    ev: { log: 'sigterm.log', alive: false, state: null, overrides: inDocker(undefined, { missing: true }) },
    expect: ['container_slot'],
    check: ([f]) => expect(f!.action).toContain('Not `hermes -p default gateway run` on this host'),
  },
  {
    name: 'container_slot#container_down: the OOM killer ended the container',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: inDocker(undefined, { running: false, oom: true }),
    },
    expect: ['container_slot'],
    check: ([f]) => {
      expect(f!).toMatchObject({ cause: 'container_down', restart: 'helps' });
      expect(f!.title).toContain('lack of memory');
      expect(f!.action).toContain('`docker start hermes`');
    },
  },
  {
    name: 'container_slot#crash_loop: s6 counts 4 deaths in 2 minutes; the gateway is up for a moment at the look',
    ev: {
      log: 'killed.log',
      alive: true,
      state: stateFile('running', {}),
      overrides: {
        service: {
          ...inDocker('up (pid 160) 0 seconds').service,
          slot: {
            name: 'gateway-default',
            profile: '',
            status: { ...parseSvstat('up (pid 160) 0 seconds')!, state: 'crash loop' as const },
            deaths: { count: 4, windowS: 120, last: 'exitcode 1' },
          },
        },
      },
    },
    expect: ['container_slot'],
    check: ([f]) => {
      expect(f!).toMatchObject({ cause: 'crash_loop', restart: 'never' });
      expect(f!.evidence.join('\n')).toContain('4 deaths in 2m, the last: exitcode 1');
    },
  },
  {
    name: 'container_slot#crash_loop: the line it dies on, as `docker logs` repeats it, is quoted with where it is',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: {
        service: {
          ...inDocker('down (exitcode 1) 0 seconds, normally up, want up, ready 0 seconds', {
            cause: { line: "ModuleNotFoundError: No module named 'lark_oapi'", source: 'docker logs hermes' },
          }).service,
          slot: {
            name: 'gateway-default',
            profile: '',
            status: {
              ...parseSvstat('down (exitcode 1) 0 seconds, normally up, want up, ready 0 seconds')!,
              state: 'crash loop' as const,
            },
            deaths: { count: 6, windowS: 120, last: 'exitcode 1' },
          },
        },
      },
    },
    expect: ['container_slot'],
    check: ([f]) => {
      expect(f!.action).toContain('"ModuleNotFoundError: No module named \'lark_oapi\'" (`docker logs hermes`)');
      expect(f!.action).not.toContain('Read why it exits');
      expect(f!.evidence).toContain("docker logs hermes: ModuleNotFoundError: No module named 'lark_oapi'");
    },
  },
  {
    // `docker stop`, `docker restart`, Compose's stop: Docker's events say `stop` after the container's `die`.
    name: "near miss container_slot: the operator stopped the container through Docker (it is the operator's stop)",
    ev: {
      log: 'sigterm.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: inDocker(undefined, {
        running: false,
        stopped: {
          at: Date.parse('2026-07-05T10:00:00Z'),
          line: 'docker events: kill (signal 15), die (exitCode 0), stop',
        },
      }),
    },
    expect: [],
  },
  {
    name: 'near miss container_slot, process_down: Docker is restarting the container (its restart policy)',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: inDocker(undefined, { running: false, status: 'restarting', restarting: true }),
    },
    expect: [],
  },
  {
    name: 'near miss container_slot, process_down: the container is booting (its slot not made yet)',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: { service: { ...inDocker(undefined).service, restarting: true, state: 'starting' } },
    },
    expect: [],
  },
  {
    name: 'near miss container_slot, process_down, state_stale_running: s6 restarts the gateway a second after it exits',
    ev: {
      log: 'killed.log',
      alive: false,
      state: stateFile('running', {}),
      overrides: inDocker('down (exitcode 1) 0 seconds, normally up, want up, ready 0 seconds'),
    },
    expect: [],
  },
  {
    name: 'near miss container_slot, process_down: the slot is up and its gateway has not written its pid file yet',
    ev: { log: 'healthy.log', alive: false, state: null, overrides: inDocker('up (pid 154) 3 seconds') },
    expect: [],
  },
  {
    name: 'near miss container_slot: a healthy gateway in a container',
    ev: { log: 'healthy.log', state: connected(), overrides: inDocker('up (pid 154) 3600 seconds') },
    expect: [],
  },
  // ---------- gateway_stopped ----------
  {
    // Issue 19 item 9: the operator's own stop is maintenance; gatewatch does not fight it.
    name: 'near miss gateway_stopped: the operator stopped it half an hour ago (no alert, no restart)',
    ev: { log: 'planned-stop.log', alive: false, state: stateFile('stopped', {}), now: 30 * 60_000 },
    expect: [],
  },
  {
    name: "gateway_stopped#operator: still stopped 13 h after the operator's stop: one reminder (a warning), never a restart",
    ev: { log: 'planned-stop.log', alive: false, state: stateFile('stopped', {}), now: 13 * 3_600_000 },
    expect: ['gateway_stopped'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.cause).toBe('operator');
      expect(f!.title).toMatch(/the operator stopped it 13h/);
      expect(f!.evidence.join('\n')).toContain('Received SIGTERM as a planned gateway stop');
    },
  },
  {
    name: 'gateway_stopped#operator: the reminder comes after detect.operator_stop_reminder',
    ev: { log: 'planned-stop.log', alive: false, state: stateFile('stopped', {}), now: 2 * 3_600_000 },
    settings: { operatorStopReminderMs: 60 * 60_000 },
    expect: ['gateway_stopped'],
  },
  {
    name: 'near miss gateway_stopped: stop followed by a new start',
    ev: { log: 'planned-stop-restarted.log', state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }) },
    expect: [],
  },

  // ---------- duplicate_processes ----------
  {
    name: 'duplicate_processes: two gateway run processes of one home',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: {
        processes: [
          { pid: PID, cmdline: CMDLINE },
          { pid: 50117, cmdline: `${CMDLINE} --replace` },
        ],
      },
    },
    expect: ['duplicate_processes'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.evidence).toContain(`pid 50117: ${CMDLINE} --replace`);
      expect(f!.evidence).toContain(`pid ${PID}: ${CMDLINE}`);
    },
  },
  {
    name: 'duplicate_processes: takeover and PID-race lines repeat in the log',
    ev: { log: 'duplicates.log', state: connected() },
    expect: ['duplicate_processes'],
    check: ([f]) => expect(f!.evidence.filter((l) => l.includes('PID file race lost')).length).toBe(2),
  },
  {
    name: 'near miss duplicate_processes: one launchd takeover',
    ev: { log: 'single-replace.log', state: connected() },
    expect: [],
  },

  // ---------- platform_down ----------
  {
    name: 'platform_down: QQ reconnecting for minutes (every failure rewrites updated_at)',
    ev: {
      log: 'qq-outage.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:06:10') },
      }),
      now: 30_000,
    },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      // The latest attempt's error first; the drop that began it is quoted once, its retry noise never.
      expect(f!.evidence[0]).toContain(
        '08:06:02,048 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Failed to get QQ Bot gateway URL',
      );
      expect(f!.evidence.join('\n')).toContain(
        '08:02:14,881 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket error: WebSocket closed',
      );
      expect(f!.evidence.filter((l) => l.includes('WebSocket error: WebSocket closed'))).toHaveLength(1);
      // DNS failures while the QQ loop keeps retrying: a restart cannot help.
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('QQ cannot be reached from this host; Hermes keeps retrying');
      expect(f!.explanation).toContain('down for 4m');
    },
  },
  {
    name: 'near miss platform_down: the drop is within the grace',
    ev: {
      log: 'qq-outage.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:02:31') },
      }),
      now: '2026-07-03 08:03:00',
    },
    expect: [],
  },
  {
    name: 'platform_down for both platforms after a startup with none connected',
    ev: {
      log: 'no-platforms.log',
      state: stateFile(
        'running',
        { feishu: 'retrying', qqbot: 'retrying' },
        { platformsUpdatedAt: iso('2026-07-03 07:00:24') },
      ),
      now: '2026-07-03 07:10',
    },
    expect: ['platform_down:feishu', 'platform_down:qqbot'],
  },
  {
    name: 'near miss platform_down: the state file belongs to an older process',
    ev: {
      log: 'healthy.log',
      state: stateFile(
        'running',
        { feishu: 'connected', qqbot: 'disconnected' },
        { pid: 40001, platformsUpdatedAt: iso('2026-07-02 05:00') },
      ),
    },
    expect: [],
  },

  {
    name: 'platform_down: QQ refuses every reconnect while Hermes retries: held, and says why',
    ev: { log: 'qq-refused.log', state: refusedDown(), now: '2026-07-05 10:23:30' },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.severity).toBe('critical');
      expect(f!.title).toBe('QQ cannot be reached from this host; Hermes keeps retrying');
      expect(f!.explanation).toContain('"Failed to get QQ Bot access token: All connection attempts failed"');
      expect(f!.action).toMatch(/Do not restart the gateway for this: Hermes keeps retrying by itself/);
      expect(f!.evidence[0]).toContain(
        '10:23:02,030 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Failed to get QQ Bot access token: All connection attempts failed',
      );
      expect(f!.evidence[1]).toContain('gateway_state.json: QQ disconnected');
      expect(f!.evidence.filter((l) => l.includes('WebSocket error: WebSocket closed'))).toEqual([
        expect.stringContaining('10:20:14,881'),
      ]);
      const [zh] = runDetectors(
        buildEvidence({ log: 'qq-refused.log', state: refusedDown(), now: '2026-07-05 10:23:30' }),
        { ...SETTINGS, locale: 'zh-CN' },
      );
      expect(zh!.title).toBe('本机无法连接 QQ，Hermes 正在自动重试');
      expect(zh!.restart).toBe('wait');
    },
  },
  {
    name: 'platform_down: a 401 from a stale cached token is fixed by a restart: at once',
    ev: {
      text: fixtureText('qq-refused.log').replaceAll(REFUSED, UNAUTHORIZED),
      state: refusedDown(),
      now: '2026-07-05 10:23:30',
    },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).toMatch(/^QQ is disconnected for 3m/);
      expect(f!.evidence[0]).toContain(
        "10:23:02,030 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Failed to get QQ Bot gateway URL: Client error '401 Unauthorized'",
      );
    },
  },
  {
    name: 'platform_down: the latest attempt decides (refused, then 401: restart)',
    ev: {
      text: replaceLast(fixtureText('qq-refused.log'), REFUSED, UNAUTHORIZED),
      state: refusedDown(),
      now: '2026-07-05 10:23:30',
    },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.evidence[0]).toContain('401 Unauthorized');
      expect(f!.evidence.join('\n')).toContain('All connection attempts failed');
    },
  },
  {
    name: 'platform_down: the latest attempt decides (401, then refused: held)',
    ev: {
      text: replaceLast(fixtureText('qq-refused.log').replaceAll(REFUSED, UNAUTHORIZED), UNAUTHORIZED, REFUSED),
      state: refusedDown(),
      now: '2026-07-05 10:23:30',
    },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.evidence[0]).toContain('All connection attempts failed');
      expect(f!.evidence.join('\n')).toContain('401 Unauthorized');
    },
  },
  {
    name: "platform_down: QQ's loop quiet for 2 min (its backoff is 60 s at most): still retrying, held",
    ev: { log: 'qq-refused.log', state: refusedDown(), now: '2026-07-05 10:25:00' },
    expect: ['platform_down:qqbot'],
    check: ([f]) => expect(f!.restart).toBe('wait'),
  },
  {
    name: "platform_down: QQ's loop went quiet (no attempt for over 3 min, it died without a word): a restart is due again",
    ev: { log: 'qq-refused.log', state: refusedDown(), now: '2026-07-05 10:26:30' },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.evidence[0]).toContain('All connection attempts failed');
    },
  },
  {
    name: 'qq_reconnect_exhausted: Hermes gave up on unreachable QQ servers: now a restart helps',
    ev: {
      text: `${fixtureText('qq-refused.log')}2026-07-05 10:24:02,055 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: ${REFUSED}\n2026-07-05 10:24:02,056 ERROR gateway.platforms.qqbot.adapter: [QQBot:102345678] Max reconnect attempts reached\n`,
      state: refusedDown(),
      now: '2026-07-05 10:24:30',
    },
    expect: ['qq_reconnect_exhausted:qqbot'],
    check: ([f]) => expect(f!.restart).toBe('helps'),
  },

  // ---------- qq_reconnect_exhausted ----------
  {
    name: 'qq_reconnect_exhausted even though the state file says connected',
    ev: { log: 'qq-max-reconnect.log', state: connected() },
    expect: ['qq_reconnect_exhausted:qqbot'],
    check: ([f]) => {
      expect(f!.evidence.join('\n')).toContain('Max reconnect attempts reached');
      expect(f!.evidence.join('\n')).toContain('Reconnect failed: Failed to get QQ Bot gateway URL');
      expect(f!.restart).toBe('helps');
    },
  },
  {
    name: 'qq_reconnect_exhausted: a second instance that lost the PID race does not hide it',
    ev: {
      text: `${fixtureText('qq-max-reconnect.log')}2026-07-03 09:55:08,233 INFO gateway.run: Starting Hermes Gateway...\n2026-07-03 09:55:08,234 INFO gateway.run: Session storage: /home/ops/.hermes/sessions\n2026-07-03 09:55:08,251 ERROR gateway.run: PID file race lost to another gateway instance. Exiting.\n`,
      state: connected(),
    },
    expect: ['qq_reconnect_exhausted:qqbot'],
  },
  {
    name: 'qq_reconnect_exhausted: pre-v0.11 `[QQBot]` tag without app id',
    ev: { text: fixtureText('qq-max-reconnect.log').replaceAll('[QQBot:102345678]', '[QQBot]'), state: connected() },
    expect: ['qq_reconnect_exhausted:qqbot'],
  },
  {
    name: 'qq_reconnect_exhausted beats platform_down for the same platform',
    ev: {
      log: 'qq-max-reconnect.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 09:39:04') },
      }),
    },
    expect: ['qq_reconnect_exhausted:qqbot'],
  },
  {
    name: 'qq_reconnect_exhausted: too many quick disconnects',
    ev: {
      log: 'qq-quick-disconnect.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: {
          state: 'fatal',
          error_code: 'qq_quick_disconnect',
          error_message: 'Too many quick disconnects — check bot permissions',
          updated_at: iso('2026-07-03 07:30:15'),
        },
      }),
    },
    expect: ['qq_reconnect_exhausted:qqbot'],
    check: ([f]) => expect(f!.title).toMatch(/quick disconnects/),
  },

  // ---------- qq_session_timeout ----------
  {
    name: 'qq_session_timeout: 4009 and no resume for minutes',
    ev: {
      log: 'qq-4009-stuck.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:00:56') },
      }),
      now: '2026-07-03 08:02:30',
    },
    expect: ['qq_session_timeout:qqbot'],
    check: ([f]) => {
      // The 4009 began it, but QQ's servers cannot be resolved and the loop is still retrying: hold the restart.
      expect(f!.restart).toBe('wait');
      expect(f!.evidence[0]).toContain(
        '08:00:56,737 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] Reconnect failed: Failed to get QQ Bot gateway URL',
      );
      expect(f!.evidence.join('\n')).toContain('WebSocket closed: code=4009 reason=Session timed out');
    },
  },
  {
    name: 'qq_session_timeout: 4009 and the loop never tried again (restart helps)',
    ev: {
      text: fixtureText('qq-4009-stuck.log')
        .split('\n')
        .filter((l) => !/Reconnect failed|WebSocket error|attempt [234]/.test(l))
        .join('\n'),
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:00:09') },
      }),
      now: '2026-07-03 08:06',
    },
    expect: ['qq_session_timeout:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.evidence[0]).toContain('WebSocket closed: code=4009 reason=Session timed out');
    },
  },
  {
    name: 'near miss qq_session_timeout: still within the grace',
    ev: {
      log: 'qq-4009-stuck.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:00:56') },
      }),
      now: '2026-07-03 08:01:00',
    },
    expect: [],
  },

  // ---------- disconnect_storm ----------
  {
    name: 'disconnect_storm: connect/drop cycles while a long tool call runs',
    ev: { log: 'storm.log', state: connected(), now: '2026-07-03 08:10:30', overrides: { slowTools: [SLOW_TOOL] } },
    expect: ['disconnect_storm:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.severity).toBe('warning');
      expect(f!.explanation).toContain('terminal (5m 22s)');
      expect(wordFinding('zh-CN', f!).explanation).toContain('terminal（5 分钟 22 秒）');
      expect(f!.explanation).toMatch(/blocked/);
      expect(f!.evidence).toContain(SLOW_TOOL.line);
      expect(f!.title).toContain('6 drops');
    },
  },
  {
    name: 'near miss disconnect_storm: fewer drops than the threshold',
    ev: { log: 'storm.log', state: connected(), now: '2026-07-03 08:10:30' },
    settings: { storm: { disconnects: 7, withinMs: 10 * 60_000 } },
    expect: [],
  },
  {
    // The seed watchdog's own case (issue 19 item 1): frequency decides, not whether each drop resumed.
    name: 'disconnect_storm: six 4009 closes in nine minutes are a storm although QQ resumed each within seconds; the tool call is the evidence',
    ev: {
      log: 'qq-4009-resumed.log',
      state: connected(),
      now: '2026-07-03 08:10:30',
      overrides: { slowTools: [SLOW_TOOL] },
    },
    expect: ['disconnect_storm:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.severity).toBe('warning');
      expect(f!.title).toContain('6 drops');
      expect(f!.evidence[0]).toBe(SLOW_TOOL.line);
    },
  },
  {
    name: 'near miss disconnect_storm: a resumed 4009 every half hour is routine, even with a long tool call',
    ev: {
      log: 'qq-4009-resumed.log',
      state: connected(),
      now: '2026-07-03 08:01:30',
      overrides: { slowTools: [{ ...SLOW_TOOL, ts: localTime('2026-07-03 08:00:00') }] },
    },
    settings: { storm: { disconnects: 2, withinMs: 10 * 60_000 } },
    expect: [],
  },
  // The real Hermes v0.17 gateway, idle (issue 35 item 8): six 4009 closes 60 s apart, each `Session resumed` 2 s later.
  {
    name: 'near miss disconnect_storm: the real v0.17 gateway resumes six routine 4009s a minute apart, nothing else wrong',
    ev: {
      log: 'hermes/real-v0.17-routine-4009.log',
      state: stateFile('running', { qqbot: 'connected' }),
      now: '2026-11-25 02:28:30',
    },
    expect: [],
  },
  {
    name: 'near miss disconnect_storm: the real v0.17 log at the fifth 4009, before its resume',
    ev: {
      log: 'hermes/real-v0.17-routine-4009.log',
      state: stateFile('running', { qqbot: 'connected' }),
      now: '2026-11-25 02:27:15',
    },
    settings: { storm: { disconnects: 2, withinMs: 10 * 60_000 } },
    expect: [],
  },
  {
    name: 'disconnect_storm: the same six resumed 4009s while a long tool call blocked the loop',
    ev: {
      log: 'hermes/real-v0.17-routine-4009.log',
      state: stateFile('running', { qqbot: 'connected' }),
      now: '2026-11-25 02:28:30',
      overrides: { slowTools: [{ ...SLOW_TOOL, ts: localTime('2026-11-25 02:27:50') }] },
    },
    expect: ['disconnect_storm:qqbot'],
    check: ([f]) => {
      expect(f!.title).toBe('Disconnect storm: 6 drops in 10m (QQ)');
      // Its words match what it counted: resumed drops counted because the tool calls blocked the loop.
      expect(f!.explanation).not.toMatch(/did not come back within seconds|are not counted/);
    },
  },
  {
    name: 'disconnect_storm: a drop not back yet counts once it is down longer than seconds',
    ev: { log: 'storm.log', state: connected(), now: '2026-07-03 08:10:00' },
    expect: ['disconnect_storm:qqbot'],
    check: ([f]) => expect(f!.title).toContain('6 drops'),
  },
  {
    name: 'disconnect_storm: the latest drop counts at once, seconds old (frequency decides)',
    ev: { log: 'storm.log', state: connected(), now: '2026-07-03 08:09:40' },
    settings: { storm: { disconnects: 6, withinMs: 10 * 60_000 } },
    expect: ['disconnect_storm:qqbot'],
  },
  {
    name: 'disconnect_storm counts outages: the `WebSocket error` v0.17 logs after each failed reconnect is not a new drop',
    ev: { text: fixtureText('qq-outage.log') + OUTAGE_AGAIN, state: connected(), now: '2026-07-03 08:08:00' },
    settings: { storm: { disconnects: 2, withinMs: 10 * 60_000 } },
    expect: ['disconnect_storm:qqbot'],
    check: ([f]) => {
      expect(f!.title).toBe('Disconnect storm: 2 drops in 10m (QQ)');
      expect(f!.evidence).toEqual([expect.stringContaining('08:02:14,881'), expect.stringContaining('08:07:00,100')]);
    },
  },
  {
    name: 'near miss disconnect_storm: failed reconnects during an outage are not drops',
    ev: {
      log: 'qq-outage.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'disconnected', updated_at: iso('2026-07-03 08:02:14') },
      }),
      now: 10_000,
    },
    settings: { disconnectGraceMs: 60 * 60_000 },
    expect: [],
  },

  // ---------- evidence_unreadable ----------
  {
    name: 'evidence_unreadable: a garbage state file next to a live gateway and a healthy log',
    ev: {
      log: 'healthy.log',
      state: null,
      overrides: { stateError: '/home/ops/.hermes/gateway_state.json: invalid JSON (Unexpected token)' },
    },
    expect: ['evidence_unreadable'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('gatewatch cannot read gateway_state.json of default');
      expect(f!.evidence).toEqual([
        'cannot read the state file: /home/ops/.hermes/gateway_state.json: invalid JSON (Unexpected token)',
      ]);
    },
  },
  {
    name: 'evidence_unreadable: the log path is a FIFO, the pid file garbage, agent.log a directory',
    ev: {
      text: '',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        log: {
          file: '/x/gateway.log',
          run: [],
          previous: [],
          runStartSeen: false,
          error: '/x/gateway.log is not a regular file (a FIFO)',
        },
        processes: [{ pid: PID, cmdline: CMDLINE }],
        process: { pidFile: null, pidFileError: '/x/gateway.pid: no valid "pid"', alive: false, reason: 'no pid file' },
        slowToolsError: '/x/agent.log is not a regular file (a directory)',
      },
    },
    expect: ['evidence_unreadable'],
    check: ([f]) => {
      expect(f!.evidence).toEqual([
        'cannot read the log: /x/gateway.log is not a regular file (a FIFO)',
        'cannot read the pid file: /x/gateway.pid: no valid "pid"',
        'cannot read agent.log: /x/agent.log is not a regular file (a directory)',
      ]);
      expect(f!.title).toBe('gatewatch cannot read gateway.log, gateway.pid, agent.log of default');
    },
  },
  {
    name: 'evidence_unreadable: kept next to process_down, which cannot say from the log how the gateway ended',
    ev: {
      text: '',
      alive: false,
      state: null,
      overrides: {
        log: {
          file: '/x/gateway.log',
          run: [],
          previous: [],
          runStartSeen: false,
          error: '/x/gateway.log is not a regular file (a FIFO)',
        },
      },
    },
    expect: ['process_down', 'evidence_unreadable'],
  },
  {
    name: 'near miss evidence_unreadable: files that do not exist yet, and a pid file caught between create and write',
    ev: {
      text: '',
      state: null,
      overrides: {
        log: {
          file: '/x/gateway.log',
          run: [],
          previous: [],
          runStartSeen: false,
          error: 'log file not found: /x/gateway.log',
        },
        processes: [{ pid: PID, cmdline: CMDLINE }],
        process: {
          pidFile: null,
          pidFileError: '/x/gateway.pid: not JSON and not a pid (empty)',
          alive: false,
          reason: 'no pid file',
        },
      },
    },
    expect: [],
  },

  // ---------- session_unreadable (issue 77) ----------
  {
    name: 'session_unreadable: WhatsApp’s session folder is root’s, the gateway runs as hermes; its bridge says EACCES',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: 'connected',
        whatsapp: { state: 'retrying', updated_at: iso('2026-06-22 08:00:10') },
      }),
      overrides: {
        home: '/home/ops/.hermes',
        hermes: {
          version: { version: '0.21.3', source: 'state_file', generation: 'current', restampsUpdatedAt: false },
          sessionFiles: {
            uid: 1000,
            gid: 1000,
            user: 'hermes',
            group: 'hermes',
            unusable: [
              {
                path: '/home/ops/.hermes/platforms/whatsapp/session',
                place: 'platforms/whatsapp',
                uid: 0,
                gid: 0,
                owner: 'root',
                mode: 0o700,
                dir: true,
                platform: 'whatsapp',
              },
            ],
          },
          whatsappBridge: {
            file: '/home/ops/.hermes/platforms/whatsapp/bridge.log',
            mtimeMs: 0,
            tail: [
              "Error: EACCES: permission denied, open '/home/ops/.hermes/platforms/whatsapp/session/creds.json'",
              "  code: 'EACCES',",
            ],
          },
        },
      },
    },
    expect: ['session_unreadable:whatsapp'],
    check: ([f]) => {
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe("WhatsApp's session files belong to root: the gateway's user cannot use them");
      expect(f!.action).toContain('`sudo chown -R hermes:hermes /home/ops/.hermes/platforms/whatsapp`');
      expect(f!.action).not.toMatch(/\brestart the gateway\b/i);
      expect(f!.evidence).toEqual([
        'the gateway runs as hermes (uid 1000, gid 1000)',
        `${OPS}/platforms/whatsapp/session/: a folder owned by root (0:0), mode 0700`,
        `${OPS}/platforms/whatsapp/bridge.log: Error: EACCES: permission denied, open '${OPS}/platforms/whatsapp/session/creds.json'`,
      ]);
    },
  },
  {
    name: 'near miss session_unreadable: root’s files of a platform this gateway does not serve',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        hermes: {
          version: { version: '0.21.3', source: 'state_file', generation: 'current', restampsUpdatedAt: false },
          sessionFiles: {
            uid: 1000,
            gid: 1000,
            unusable: [
              {
                path: '/home/ops/.hermes/platforms/whatsapp/session/creds.json',
                place: 'platforms/whatsapp',
                uid: 0,
                gid: 0,
                mode: 0o600,
                dir: false,
                platform: 'whatsapp',
              },
            ],
          },
        },
      },
    },
    expect: [],
  },

  // ---------- qq_zombie ----------
  {
    name: 'qq_zombie: connected in the state file, hours of silence, only token refreshes',
    ev: {
      log: 'zombie.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'connected', updated_at: iso('2026-07-03 07:30:08') },
      }),
      now: '2026-07-03 11:05',
    },
    expect: ['qq_zombie:qqbot'],
    check: ([f]) => {
      expect(f!.severity).toBe('warning');
      expect(f!.evidence.join('\n')).toContain('Access token refreshed');
      expect(f!.evidence.join('\n')).toContain('Session resumed');
      // Deaf since its last sign of life at the latest (the quoted `Session resumed`), when exactly is not known.
      expect(f!.since).toBe(localTime('2026-07-03 07:30:08') + 468);
      expect(f!.sinceIsLastSign).toBe(true);
    },
  },
  {
    // Found by the chaos soak: the zombie's evidence quoted a user's message to every channel and to state.json.
    name: 'qq_zombie: the evidence quotes the last inbound message line without what the user wrote',
    ev: {
      text:
        fixtureText('zombie.log') +
        "2026-07-03 10:00:00,000 INFO gateway.run: inbound message: platform=qqbot user=A37B chat=A37B msg='my secret plan' reply_to_id=None reply_to_text=''\n2026-07-03 10:00:06,000 INFO gateway.run: response ready: platform=qqbot chat=A37B time=6.0s api_calls=1 response=80 chars\n",
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'connected', updated_at: iso('2026-07-03 07:30:08') },
      }),
      now: '2026-07-03 11:05',
    },
    expect: ['qq_zombie:qqbot'],
    check: ([f]) => {
      const text = f!.evidence.join('\n');
      expect(text).toContain('inbound message: platform=qqbot user=A37B chat=A37B msg=<14 chars>');
      expect(text).not.toContain('secret plan');
    },
  },
  {
    name: 'near miss qq_zombie: the log cannot be read (silence proves nothing)',
    ev: {
      text: '',
      state: stateFile('running', { qqbot: { state: 'connected', updated_at: iso('2026-07-03 07:30:08') } }),
      now: '2026-07-03 11:05',
      overrides: {
        process: { pidFile: { pid: PID }, alive: true, pid: PID, startedAt: localTime('2026-07-03 07:00') },
        log: { file: '/x/gateway.log', run: [], previous: [], runStartSeen: false, error: 'EACCES: permission denied' },
      },
    },
    expect: ['evidence_unreadable'],
  },
  {
    name: 'near miss qq_zombie: the run is younger than zombie_after',
    ev: {
      log: 'zombie.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'connected', updated_at: iso('2026-07-03 07:30:08') },
      }),
      now: '2026-07-03 07:55',
    },
    expect: [],
  },

  // ---------- feishu_executor_shutdown ----------
  {
    name: 'feishu_executor_shutdown: every send fails, receives still work',
    ev: { log: 'feishu-executor.log', state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }) },
    expect: ['feishu_executor_shutdown:feishu'],
    check: ([f]) => {
      expect(f!.evidence).toContain('RuntimeError: Executor shutdown has been called');
      expect(f!.evidence.join('\n')).toContain('[Feishu] Send error: Executor shutdown has been called');
    },
  },
  {
    name: 'near miss feishu_executor_shutdown: a send that timed out once',
    ev: { log: 'feishu-send-timeout.log', state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }) },
    expect: [],
  },

  // ---------- startup_incomplete ----------
  {
    name: 'startup_incomplete: QQ failed to connect at startup (within the grace)',
    ev: {
      log: 'qq-startup-network.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'retrying', updated_at: iso('2026-07-03 07:00:03') },
      }),
      now: '2026-07-03 07:00:40',
    },
    expect: ['startup_incomplete:qqbot'],
    check: ([f]) => {
      expect(f!.evidence[0]).toContain(
        'QQ startup failed: Failed to get QQ Bot access token: Cannot connect to host bots.qq.com:443',
      );
      expect(f!.evidence[1]).toContain('✗ qqbot failed to connect');
      expect(f!.evidence[2]).toContain('Gateway running with 1 platform(s)');
      expect(f!.restart).toBe('wait');
    },
  },
  {
    name: 'startup_incomplete becomes platform_down after the grace',
    ev: {
      log: 'qq-startup-network.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'retrying', updated_at: iso('2026-07-03 07:00:03') },
      }),
      now: '2026-07-03 07:10',
    },
    expect: ['platform_down:qqbot'],
  },
  {
    name: 'startup_incomplete: nothing connected at startup',
    ev: { log: 'no-platforms.log', state: null, now: 20_000 },
    expect: ['startup_incomplete:feishu', 'startup_incomplete:qqbot'],
  },
  {
    name: 'startup_incomplete: fewer platforms than expected',
    ev: { log: 'healthy.log', state: connected(), overrides: { expectedPlatforms: ['feishu', 'qqbot', 'telegram'] } },
    expect: ['startup_incomplete:telegram'],
    check: ([f]) => expect(f!.title).toBe('Gateway started with 2 of 3 platforms: Telegram not connected'),
  },
  {
    name: 'startup_incomplete: startup hangs',
    ev: { log: 'startup-stuck.log', state: null, now: '2026-07-03 07:05' },
    expect: ['startup_incomplete'],
  },
  {
    name: 'near miss startup_incomplete: still starting',
    ev: { log: 'startup-stuck.log', state: null, now: '2026-07-03 07:00:50' },
    expect: [],
  },
  {
    name: 'near miss startup_incomplete: the watcher reconnected QQ',
    ev: { log: 'qq-startup-recovered.log', state: null },
    expect: [],
  },
  {
    name: 'startup_incomplete: "queued for retry: qqbot: QQ startup failed: …" names qqbot, not its error; unreachable: held',
    ev: {
      log: 'qq-queued-retry.log',
      state: stateFile('degraded', {
        qqbot: { state: 'retrying', error_message: 'failed to connect', updated_at: iso('2026-07-05 09:00:31') },
      }),
      now: '2026-07-05 09:00:40',
    },
    expect: ['startup_incomplete:qqbot'],
    check: ([f]) => {
      expect(f!.platform).toBe('qqbot');
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('QQ cannot be reached from this host; Hermes keeps retrying');
      expect(f!.evidence[0]).toContain(
        '09:00:31,770 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
      );
      expect(f!.evidence.join('\n')).toContain('queued for retry: qqbot: QQ startup failed');
    },
  },
  // Issue 35 item 11: never call a platform unreachable that gatewatch's own probe reaches from this host.
  {
    name: 'startup_incomplete: Hermes says QQ cannot be reached but gatewatch reaches it: "answers again", held for Hermes\' next retry',
    ev: {
      log: 'qq-queued-retry.log',
      state: stateFile('degraded', {
        qqbot: { state: 'retrying', error_message: 'failed to connect', updated_at: iso('2026-07-05 09:00:31') },
      }),
      now: '2026-07-05 09:00:40',
      overrides: { reachable: ['qqbot'] },
    },
    expect: ['startup_incomplete:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('wait');
      expect(f!.title).toBe('QQ answers again from this host; Hermes reconnects it at its next retry');
      expect(f!.explanation).toContain('Hermes retries by itself in 52s');
      expect(`${f!.title} ${f!.explanation}`).not.toMatch(/cannot be reached from this host/);
    },
  },
  {
    name: 'platform_down: its retry came and went while QQ answered, and QQ is still down: a restart helps',
    ev: {
      text: fixtureText('qq-queued-retry.log').split('\n').slice(0, 15).join('\n'),
      state: stateFile('degraded', {
        qqbot: { state: 'retrying', error_message: 'failed to connect', updated_at: iso('2026-07-05 09:00:31') },
      }),
      now: '2026-07-05 09:02:30',
      overrides: { reachable: ['qqbot'] },
    },
    expect: ['platform_down:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).not.toMatch(/cannot be reached/);
    },
  },
  {
    name: 'near miss startup_incomplete: the queued platform connected later: nothing open, nothing to restart',
    ev: {
      log: 'qq-queued-retry.log',
      state: stateFile('running', { qqbot: { state: 'connected', updated_at: iso('2026-07-05 09:01:32') } }),
      now: '2026-07-05 09:05',
    },
    expect: [],
  },
  {
    name: 'near miss startup_incomplete: connected later per the log, the state file not yet rewritten',
    ev: {
      log: 'qq-queued-retry.log',
      state: stateFile('degraded', { qqbot: { state: 'retrying', updated_at: iso('2026-07-05 09:00:31') } }),
      now: '2026-07-05 09:05',
    },
    expect: [],
  },
  {
    name: 'startup_incomplete: queued for retry with a 401: a restart helps',
    ev: {
      text: fixtureText('qq-queued-retry.log').replaceAll(
        'Failed to get QQ Bot access token: All connection attempts failed',
        "Failed to get QQ Bot access token: Client error '401 Unauthorized' for url 'https://bots.qq.com/app/getAppAccessToken'",
      ),
      state: stateFile('degraded', { qqbot: { state: 'retrying', updated_at: iso('2026-07-05 09:00:01') } }),
      now: '2026-07-05 09:00:20',
    },
    expect: ['startup_incomplete:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('helps');
      expect(f!.title).toBe('QQ failed to connect at startup');
      expect(f!.evidence[0]).toContain('401 Unauthorized');
    },
  },

  // ---------- qq_banned ----------
  {
    name: 'qq_banned: close code 4915',
    ev: {
      log: 'qq-banned.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: {
          state: 'fatal',
          error_code: 'qq_banned',
          error_message: 'Bot is banned',
          updated_at: iso('2026-07-03 07:51:33'),
        },
      }),
    },
    expect: ['qq_banned:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.title).toBe('QQ bot is banned (close code 4915)');
      expect(f!.evidence.join('\n')).toContain('Bot is banned. Check QQ Open Platform.');
    },
  },
  {
    name: 'qq_banned: intent not authorized (4014)',
    ev: {
      log: 'qq-intent.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'fatal', error_code: 'qq_intent not authorized' },
      }),
    },
    expect: ['qq_banned:qqbot'],
    check: ([f]) => expect(f!.title).toBe('QQ rejected the bot: intent not authorized (close code 4014)'),
  },
  {
    name: 'qq_banned from the state file alone (4914)',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: { state: 'fatal', error_code: 'qq_offline/sandbox-only', error_message: 'Bot is offline/sandbox-only' },
      }),
    },
    expect: ['qq_banned:qqbot'],
    check: ([f]) => expect(f!.title).toContain('4914'),
  },
  {
    name: "a dead gateway hides its platforms' causes, even unrecoverable ones (they fire again after the restart)",
    ev: { log: 'qq-banned.log', alive: false, state: stateFile('running', { feishu: 'connected', qqbot: 'fatal' }) },
    expect: ['state_stale_running'],
  },
  {
    name: 'near miss qq_banned: rate limited (4008) and resumed',
    ev: { log: 'qq-rate-limited.log', state: connected() },
    expect: [],
  },

  // ---------- config_fatal ----------
  {
    name: 'config_fatal: non-retryable startup conflict (exit 78), not process_down',
    ev: {
      log: 'config-78.log',
      alive: false,
      state: stateFile(
        'startup_failed',
        { feishu: { state: 'fatal', error_code: 'feishu_app_lock' } },
        { exit_reason: 'feishu: Another local Hermes gateway is already using this Feishu app_id (PID 5121).' },
      ),
    },
    expect: ['config_fatal'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.explanation).toContain('already using this Feishu app_id');
    },
  },
  {
    name: 'config_fatal from the state file when the log cannot be read',
    ev: {
      text: '',
      alive: false,
      state: stateFile('startup_failed', {}, { exit_reason: 'multiplex: profile coder has no messaging platforms' }),
      overrides: {
        log: { file: '/x/gateway.log', run: [], previous: [], runStartSeen: false, error: 'ENOENT: no such file' },
      },
    },
    expect: ['config_fatal'],
  },
  {
    name: 'config_fatal for one platform: its credential is held by another gateway',
    ev: {
      log: 'healthy.log',
      state: stateFile('running', {
        feishu: {
          state: 'fatal',
          error_code: 'feishu_app_lock',
          error_message: 'Another local Hermes gateway is already using this Feishu app_id (PID 5121).',
          updated_at: iso('2026-07-02 06:00:03'),
        },
        qqbot: 'connected',
      }),
    },
    expect: ['config_fatal:feishu'],
  },

  {
    name: 'config_fatal: the run ends with exit code 78',
    ev: {
      text: `${fixtureText('startup-failed-retryable.log')}2026-06-24 09:00:21,740 INFO gateway.run: Exiting with code 78\n`,
      alive: false,
      state: null,
    },
    expect: ['config_fatal'],
  },

  // ---------- qq_is_reconnect_regression ----------
  {
    name: 'qq_is_reconnect_regression: Hermes v0.18.x connect(is_reconnect=...) bug',
    ev: {
      log: 'qq-is-reconnect.log',
      state: stateFile('running', {
        feishu: 'connected',
        qqbot: {
          state: 'retrying',
          error_message: "QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'",
          updated_at: iso('2026-07-08 07:03:33'),
        },
      }),
      now: '2026-07-08 07:04',
    },
    expect: ['qq_is_reconnect_regression:qqbot'],
    check: ([f]) => {
      expect(f!.restart).toBe('never');
      expect(f!.action).toMatch(/[Uu]pgrade Hermes/);
    },
  },
  {
    name: 'near miss qq_is_reconnect_regression: a network error at startup',
    ev: { log: 'qq-startup-network.log', state: null, now: '2026-07-03 07:00:40' },
    expect: ['startup_incomplete:qqbot'],
  },

  // ---------- doctor lint ----------
  {
    name: 'launchd_replace: plist runs gateway run --replace',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({
        launchdPlist: { path: '/Users/ops/Library/LaunchAgents/ai.hermes.gateway.plist', text: LAUNCHD_PLIST },
      }),
    },
    expect: ['launchd_replace'],
    check: ([f]) => expect(f!.evidence[0]).toContain('gateway run --replace'),
  },
  {
    name: 'near miss launchd_replace: plist without --replace',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({
        launchdPlist: { path: '/p.plist', text: LAUNCHD_PLIST.replace('        <string>--replace</string>\n', '') },
      }),
    },
    expect: [],
  },
  {
    name: 'systemd_no_restart: unit without Restart=',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({
        systemdUnit: { path: '/home/ops/.config/systemd/user/hermes-gateway.service', text: UNIT_NO_RESTART },
      }),
    },
    expect: ['systemd_no_restart'],
  },
  {
    name: 'systemd_no_restart: Restart=no',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({ systemdUnit: { path: '/u', text: SYSTEMD_UNIT.replace('Restart=always', 'Restart=no') } }),
    },
    expect: ['systemd_no_restart'],
  },
  {
    name: 'near miss systemd_no_restart: the generated unit (RestartSec= alone would not count)',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({ systemdUnit: { path: '/u', text: SYSTEMD_UNIT } }),
    },
    expect: [],
  },
  {
    name: 'feishu_proxy: HTTPS_PROXY in the unit environment and the Hermes .env',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({
        proxies: [
          { source: 'systemd unit Environment=', name: 'HTTPS_PROXY', value: 'http://proxy.corp.example:3128' },
          { source: '/home/ops/.hermes/.env', name: 'ALL_PROXY', value: 'socks5://ops:***@10.0.0.2:1080' },
        ],
      }),
    },
    expect: ['feishu_proxy:feishu'],
    check: ([f]) => {
      expect(f!.explanation).toContain('systemd unit Environment=, /home/ops/.hermes/.env');
      expect(f!.evidence).toContain('systemd unit Environment=: HTTPS_PROXY=http://proxy.corp.example:3128');
    },
  },
  {
    name: 'near miss feishu_proxy: NO_PROXY exempts Feishu',
    ev: {
      log: 'healthy.log',
      state: connected(),
      overrides: doctor({
        proxies: [
          { source: 'gateway environment', name: 'HTTPS_PROXY', value: 'http://proxy.corp.example:3128' },
          { source: 'gateway environment', name: 'NO_PROXY', value: 'localhost,127.0.0.1,.feishu.cn,.larksuite.com' },
        ],
      }),
    },
    expect: [],
  },
  {
    name: 'near miss doctor lint: not run without ev.doctor',
    ev: { log: 'healthy.log', state: connected() },
    expect: [],
  },
  {
    name: 'hermes_home_missing: a typo in hermes_home',
    ev: { log: 'healthy.log', state: connected(), overrides: doctor({ hermesHomeMissing: '/home/ops/.hermse' }) },
    expect: ['hermes_home_missing'],
    check: ([f]) => {
      expect(f!.title).toBe('The Hermes home /home/ops/.hermse does not exist');
      expect(f!.severity).toBe('critical');
      expect(f!.restart).toBe('never');
    },
  },
  {
    name: 'near miss hermes_home_missing: the home exists',
    ev: { log: 'healthy.log', state: connected(), overrides: doctor({}) },
    expect: [],
  },
  ...HERMES_CASES,
  ...SUPERVISOR_CASES,
];
