// Real Hermes homes on disk for the tests that judge them through `gatewatch check` and the daemon alike: a live
// `gateway run` process serving the home (idle; cleaned up by probe-procs' cleanup()), its pid file, state file,
// lifecycle sentinel and gateway.log in Hermes' formats (hermes-gateway-current.md §3, §8), dated relative to now;
// then what happens to it (a kill, an update, a stop), each from the reference's lines and files.
import type { ChildProcess } from 'node:child_process';
import { appendFile, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { stampOf } from '../../src/probes/log-first-line.js';
import { exited, spawnIdle, startTicksOf } from './probe-procs.js';

/**
 * gateway.log's lines as Hermes leaves them: the file last written when its last stamped line was. gatewatch reads the
 * writer's time zone from the two (src/probes/log-zone.ts): an hour-old last line in a file written just now reads as
 * a gateway an hour behind us, writing now.
 */
export async function writeGatewayLog(home: string, lines: string[], append = false): Promise<void> {
  const file = path.join(home, 'logs', 'gateway.log');
  await (append ? appendFile : writeFile)(file, `${lines.join('\n')}\n`);
  const last = lines
    .map((l) => stampOf(l))
    .filter((t) => t !== undefined)
    .at(-1);
  if (last !== undefined) await utimes(file, new Date(), new Date(last));
}

/** Hermes' log stamp `s` seconds ago (local time); an ISO stamp (UTC, as Hermes writes its JSON) `s` seconds ago. */
export const ago = (s: number): string => formatAsctime(Date.now() - s * 1000);
export const isoAgo = (s: number): string => new Date(Date.now() - s * 1000).toISOString();
/** update.log's `<local ISO>` `s` seconds ago. */
const localIsoAgo = (s: number) => ago(s).replace(' ', 'T').replace(',', '.');

/** A `gateway run` process serving `home` (idle), as the process probes see Hermes'. */
export const gatewayProcess = (home: string): ChildProcess =>
  spawnIdle(['--', '-m', 'hermes_cli.main', 'gateway', 'run'], { ...process.env, HERMES_HOME: home });

export async function writePidFile(home: string, pid: number): Promise<void> {
  await writeFile(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      start_time: await startTicksOf(pid),
    }),
  );
}

export interface LiveHome {
  home: string;
  gw: ChildProcess;
  pid: number;
}

const state = (pid: number, gatewayState: string, platform: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    pid,
    kind: 'hermes-gateway',
    argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
    gateway_state: gatewayState,
    exit_reason: null,
    restart_requested: false,
    active_agents: 0,
    platforms: { telegram: { state: platform, error_code: null, error_message: null, updated_at: isoAgo(3590) } },
    updated_at: isoAgo(30),
    code_version: '0.21.3',
    ...extra,
  });

/** A platform's entry in gateway_state.json: its state, no error, written `s` seconds ago. */
export const entryAgo = (state: string, s: number) => ({
  state,
  error_code: null,
  error_message: null,
  updated_at: isoAgo(s),
});

/**
 * A running gateway's gateway_state.json in Hermes' format (§3): its pid, its platforms' entries, written `updatedAgo`
 * seconds ago; `extra` adds or replaces top-level fields (`code_version`).
 */
export async function writeStateFile(
  home: string,
  pid: number,
  platforms: Record<
    string,
    { state: string; error_code: string | null; error_message: string | null; updated_at: string }
  >,
  updatedAgo: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms,
      updated_at: isoAgo(updatedAgo),
      ...extra,
    }),
  );
}

/** A healthy v0.21 gateway serving Telegram for an hour: process, pid file, state file, lifecycle sentinel, log. */
export async function liveHome(home: string): Promise<LiveHome> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await mkdir(path.join(home, 'state'), { recursive: true });
  const gw = gatewayProcess(home);
  const pid = gw.pid!;
  await writePidFile(home, pid);
  await writeFile(path.join(home, 'gateway_state.json'), state(pid, 'running', 'connected'));
  await writeFile(
    path.join(home, 'state', 'gateway.lifecycle.json'),
    JSON.stringify({ phase: 'running', pid, start_time: Date.now() / 1000 - 3600, started_at: isoAgo(3600) }),
  );
  await writeGatewayLog(home, [
    `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(3599)} INFO gateway.run: Connecting to telegram...`,
    `${ago(3598)} INFO gateway.run: ✓ telegram connected`,
    `${ago(3598)} INFO gateway.run: Gateway running with 1 platform(s)`,
  ]);
  return { home, gw, pid };
}

const log = (home: string, lines: string[]) => writeGatewayLog(home, lines, true);

async function gone(h: LiveHome, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  h.gw.kill(signal);
  await exited(h.gw);
}

/** A clean exit (§8.1): the sentinel rewritten, the pid file removed, the state file's last word. */
async function exitedCleanly(h: LiveHome, code: number, reason: string, gatewayState: string, requested: boolean) {
  await gone(h);
  await rm(path.join(h.home, 'gateway.pid'), { force: true });
  await writeFile(
    path.join(h.home, 'gateway_state.json'),
    state(h.pid, gatewayState, 'disconnected', { restart_requested: requested, updated_at: isoAgo(5) }),
  );
  await writeFile(
    path.join(h.home, 'state', 'gateway.lifecycle.json'),
    JSON.stringify({
      phase: 'exited',
      pid: h.pid,
      exit_code: code,
      exit_reason: reason,
      exited_at: isoAgo(5),
      start_time: Date.now() / 1000 - 3600,
    }),
  );
}

/** The drain the updater asks for (SIGUSR1 → `Stopping gateway for restart...` … exit 75, §8.6). */
async function drained(h: LiveHome): Promise<void> {
  await log(h.home, [
    `${ago(8)} INFO gateway.run: Stopping gateway for restart...`,
    `${ago(7)} INFO gateway.run: ✓ telegram disconnected (0.41s)`,
    `${ago(7)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
    `${ago(7)} INFO gateway.run: Exiting with code 75 (service-restart requested) so the service manager relaunches the gateway.`,
  ]);
  await exitedCleanly(h, 75, 'graceful_shutdown', 'stopped', true);
}

/** `logs/update.log` of a finished `hermes update` that began `began` s ago, its stdout lines, written 3 s ago. */
async function updateLog(home: string, began: number, lines: string[]): Promise<void> {
  const file = path.join(home, 'logs', 'update.log');
  await writeFile(
    file,
    [`=== hermes update started ${localIsoAgo(began)} ===`, ...lines, '✓ Update complete!'].join('\n') + '\n',
  );
  const at = new Date(Date.now() - 3000);
  await utimes(file, at, at);
}

/** What happens to a live home, by name: the reference's lines and files for each. */
export const TRANSITIONS: Record<string, (h: LiveHome) => Promise<void>> = {
  /** #92890: the updater could not arm a relaunch for this gateway's pid, drained it, and says so (§8.6). */
  async 'update stopped a manual gateway (its pid named)'(h) {
    await drained(h);
    await updateLog(h.home, 40, [
      `  ⚠ default: could not arm an automatic gateway restart for PID ${h.pid} — stopping it instead so it cannot keep running pre-update code`,
      '  → Stopped 1 manual gateway process(es)',
      '    Restart manually: hermes gateway run',
    ]);
  },
  /** The #92890 lines without the pid line: "Restart manually" (§8.6). */
  async 'update stopped a manual gateway (no pid named)'(h) {
    await drained(h);
    await updateLog(h.home, 40, [
      '  → Stopped 1 manual gateway process(es)',
      '    Restart manually: hermes gateway run',
    ]);
  },
  /** #117275: a later fleet check drains gateways it proves stale; no pid is named (§8.6). */
  async 'update stopped a manual gateway (fleet check)'(h) {
    await drained(h);
    await updateLog(h.home, 40, [
      '  ⚠ 1 gateway process(es) still run the pre-update code — requesting a restart',
      '  → Stopped 1 manual gateway process(es) that had no supervisor to respawn them',
    ]);
  },
  /** A supervised gateway the update drained: the supervisor relaunches it a moment after the update ends. */
  async 'update drained a supervised gateway'(h) {
    await drained(h);
    await updateLog(h.home, 40, []);
  },
  /** SIGKILL (§8.1): no exit path ran; the sentinel still says running, the pid file stays. */
  async SIGKILL(h) {
    await gone(h);
  },
  /** `hermes gateway stop` (§8.5): the planned-stop lines, exit 0, nothing left to restart. */
  async 'the operator stopped it'(h) {
    await log(h.home, [
      `${ago(8)} INFO gateway.run: Received SIGTERM as a planned gateway stop — exiting cleanly`,
      `${ago(8)} INFO gateway.run: Stopping gateway...`,
      `${ago(7)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
    ]);
    await exitedCleanly(h, 0, 'graceful_shutdown', 'stopped', false);
  },
  /** §8.3: the loop watchdog's exit 75, the pid file left behind. */
  async 'the loop watchdog killed a wedged loop'(h) {
    await log(h.home, [
      `${ago(8)} CRITICAL gateway.shutdown_watchdog: Gateway event loop missed 3 consecutive liveness probes; host load1=0.42 ncpu=2; dumping all thread stacks and exiting with code 75 so the service supervisor can restart it.`,
    ]);
    await gone(h);
    await writeFile(
      path.join(h.home, 'gateway_state.json'),
      state(h.pid, 'degraded', 'connected', { exit_reason: 'loop_liveness_watchdog', restart_requested: true }),
    );
    await writeFile(
      path.join(h.home, 'state', 'gateway.lifecycle.json'),
      JSON.stringify({
        phase: 'exited',
        pid: h.pid,
        exit_code: 75,
        exit_reason: 'loop_liveness_watchdog',
        exited_at: isoAgo(7),
      }),
    );
  },
};

/** §9.18: started 6 min ago, not finished; `phase` holds a progress lease; the platforms carried over not connected. */
export async function leaseHome(home: string, phase: string): Promise<void> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const gw = gatewayProcess(home);
  await writePidFile(home, gw.pid!);
  await writeGatewayLog(home, [`${ago(360)} INFO gateway.run: Starting Hermes Gateway...`]);
  await writeFile(
    path.join(home, 'logs', 'agent.log'),
    `${ago(60)} WARNING hermes_startup_watchdog: Gateway startup exceeded 300s but phase '${phase}' holds a progress lease for another 240s — honoring it.\n`,
  );
  const entry = { state: 'disconnected', error_code: null, error_message: null, updated_at: isoAgo(900) };
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: gw.pid,
      kind: 'hermes-gateway',
      gateway_state: 'starting',
      platforms: { feishu: entry, qqbot: entry },
      updated_at: isoAgo(360),
      code_version: '0.22.1',
    }),
  );
}

/**
 * §9.16 + §5: the gateway was killed mid-start and left its runtime lock; seven starts since each lost to it and
 * exited; the eighth sleeps in Hermes' breaker, alive, with no gateway.pid yet. The state file is the killed life's.
 */
export async function stormHome(home: string): Promise<void> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  gatewayProcess(home);
  const lines = [
    `${ago(900)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(899)} INFO gateway.run: Connecting to feishu...`,
  ];
  const starts = [250, 235, 220, 205, 190, 175, 160];
  for (const s of starts)
    lines.push(
      `${ago(s)} INFO gateway.run: Starting Hermes Gateway...`,
      `${ago(s - 1)} ERROR gateway.run: Gateway runtime lock is already held by another instance. Exiting.`,
    );
  await writeGatewayLog(home, lines);
  await writeFile(
    path.join(home, 'gateway-starts.log'),
    [900, ...starts, 150].map((s) => String((Date.now() - s * 1000) / 1000)).join('\n') + '\n',
  );
  await writeFile(
    path.join(home, 'logs', 'agent.log'),
    `${ago(150)} WARNING hermes_cli.gateway: Gateway (re)started 8 times in 100s — backing off 300s to break a respawn storm.\n`,
  );
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: 999_990,
      kind: 'hermes-gateway',
      gateway_state: 'running',
      platforms: {
        feishu: { state: 'connected', updated_at: isoAgo(898) },
        qqbot: { state: 'connected', updated_at: isoAgo(898) },
      },
      updated_at: isoAgo(898),
      code_version: '0.22.1',
    }),
  );
}

/**
 * §10.6's QQ outage on a live v0.20 gateway: QQ connected an hour ago, dropped four minutes ago, and its reconnect loop
 * fails to get QQ's gateway URL at every attempt (2, 5, 10, 30, 60, 60, 60 s), the latest a few seconds ago; the state
 * file says qqbot `disconnected` with no error code or message.
 */
export async function qqOutageHome(home: string): Promise<LiveHome> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const gw = gatewayProcess(home);
  const pid = gw.pid!;
  await writePidFile(home, pid);
  const qq = 'INFO gateway.platforms.qqbot.adapter: [QQBot:102000111]';
  const warn = 'WARNING gateway.platforms.qqbot.adapter: [QQBot:102000111]';
  const lines = [
    `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(3600)} INFO gateway.run: Connecting to qqbot...`,
    `${ago(3600)} ${qq} Access token refreshed, expires in 6832s`,
    `${ago(3600)} ${qq} Gateway URL: ws://127.0.0.1:18865/websocket`,
    `${ago(3600)} ${qq} WebSocket connected to ws://127.0.0.1:18865/websocket`,
    `${ago(3600)} ${qq} Connected`,
    `${ago(3600)} ${qq} Identify sent`,
    `${ago(3600)} INFO gateway.run: ✓ qqbot connected`,
    `${ago(3599)} INFO gateway.run: Gateway running with 1 platform(s)`,
    `${ago(3599)} ${qq} Ready, session_id=17b98d0c-a1e1-4f38-a412-ac669efda71d`,
    `${ago(240)} ${warn} WebSocket error: WebSocket closed`,
    `${ago(240)} ${qq} Reconnecting in 2s (attempt 1)...`,
  ];
  // The attempts' times (s ago) and the wait each failure schedules next: QQ's backoff, as §10.6 logged it.
  const attempts: [number, number][] = [
    [238, 5],
    [233, 10],
    [223, 30],
    [193, 60],
    [133, 60],
    [73, 60],
    [13, 60],
  ];
  attempts.forEach(([at, next], i) =>
    lines.push(
      `${ago(at)} ${warn} Reconnect failed: Failed to get QQ Bot gateway URL: All connection attempts failed`,
      `${ago(at)} ${warn} WebSocket error: WebSocket closed`,
      `${ago(at)} ${qq} Reconnecting in ${next}s (attempt ${i + 2})...`,
    ),
  );
  await writeGatewayLog(home, lines);
  await writeStateFile(home, pid, { qqbot: entryAgo('disconnected', 13) }, 13);
  return { home, gw, pid };
}

/**
 * Issue 50 item 5: the operator removed Discord from a config.yaml that parses and restarted two days ago. This life
 * serves Telegram (`Gateway running with 1 platform(s)`); the state file, read-merge-write (§3), keeps the earlier life's
 * discord entry from its stop, `disconnected`, under that life's writer_pid and writer_start_time.
 */
export async function removedPlatformHome(home: string): Promise<LiveHome> {
  await mkdir(path.join(home, 'logs'), { recursive: true });
  const gw = gatewayProcess(home);
  const pid = gw.pid!;
  await writePidFile(home, pid);
  const ticks = await startTicksOf(pid);
  const days = 2 * 86_400;
  await writeGatewayLog(home, [
    `${ago(days + 12)} INFO gateway.run: Received SIGTERM as a planned gateway stop — exiting cleanly`,
    `${ago(days + 12)} INFO gateway.run: Stopping gateway...`,
    `${ago(days + 11)} INFO gateway.run: ✓ telegram disconnected (0.41s)`,
    `${ago(days + 11)} INFO gateway.run: ✓ discord disconnected (0.38s)`,
    `${ago(days + 11)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
    `${ago(days)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(days - 1)} INFO gateway.run: Connecting to telegram...`,
    `${ago(days - 2)} INFO gateway.run: ✓ telegram connected`,
    `${ago(days - 2)} INFO gateway.run: Gateway running with 1 platform(s)`,
  ]);
  const entry = (state: string, at: number, writer: number, start: number) => ({
    state,
    error_code: null,
    error_message: null,
    updated_at: isoAgo(at),
    writer_pid: writer,
    writer_start_time: start,
  });
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      start_time: ticks,
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms: {
        discord: entry('disconnected', days + 11, 999_991, 1_000),
        telegram: entry('connected', days - 2, pid, ticks),
      },
      updated_at: isoAgo(30),
      code_version: '0.21.3',
    }),
  );
  return { home, gw, pid };
}

/**
 * §9.16, #82538 after an update: the update drained the gateway five minutes ago; since then the supervisor relaunched
 * it every ~10 s and each start printed `✗ A gateway is already running under <manager> for this profile.` to stdout,
 * which launchd writes to gateway.log untimestamped (§5), and exited. No gateway runs; the log was written just now.
 */
export async function refusingHome(home: string, manager: string): Promise<void> {
  const h = await liveHome(home);
  await log(home, [
    `${ago(300)} INFO gateway.run: Stopping gateway for restart...`,
    `${ago(299)} INFO gateway.run: ✓ telegram disconnected (0.41s)`,
    `${ago(299)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
    `${ago(299)} INFO gateway.run: Exiting with code 75 (service-restart requested) so the service manager relaunches the gateway.`,
  ]);
  await exitedCleanly(h, 75, 'graceful_shutdown', 'stopped', true);
  await log(
    home,
    Array.from({ length: 29 }, () => `✗ A gateway is already running under ${manager} for this profile.`),
  );
}

/**
 * §10.2, #89157 (issue 50 item 4): the gateway restarted an hour ago on a config.yaml it could not parse and fell back
 * to .env, which sets up Telegram only: the Discord the life before served (only the YAML enabled it) did not start.
 * The state file keeps that life's discord entry, `disconnected` from its stop.
 */
export async function fellBackHome(home: string): Promise<LiveHome> {
  const h = await removedPlatformHome(home);
  const file = path.join(home, 'config.yaml');
  await writeGatewayLog(home, [
    `${ago(3612)} INFO gateway.run: Received SIGTERM as a planned gateway stop — exiting cleanly`,
    `${ago(3612)} INFO gateway.run: Stopping gateway...`,
    `${ago(3611)} INFO gateway.run: ✓ telegram disconnected (0.41s)`,
    `${ago(3611)} INFO gateway.run: ✓ discord disconnected (0.38s)`,
    `${ago(3611)} INFO gateway.run: Gateway stopped (total teardown 0.52s)`,
    `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(3600)} WARNING gateway.config: Failed to process config.yaml — falling back to .env / gateway.json values. Check ${file} for syntax errors. Error: mapping values are not allowed here`,
    `  in "${file}", line 9, column 12`,
    `${ago(3599)} INFO gateway.run: Connecting to telegram...`,
    `${ago(3598)} INFO gateway.run: ✓ telegram connected`,
    `${ago(3598)} INFO gateway.run: Gateway running with 1 platform(s)`,
  ]);
  return h;
}
