// A simulated Hermes gateway: `node gateway.js gateway run [--home <HERMES_HOME>] [--qq-cycle 30m] [--qq-app-id N]
// [--hermes legacy|current|v0.20]`: legacy plays v0.17 (QQ + Feishu), current plays v0.21.3 (current.ts), v0.20 plays
// v0.20.2 as the real capture shows it (its lifecycle ledger: lifecycle.ts).
// To gatewatch's probes it looks like a real Hermes home: gateway.pid, gateway_state.json and logs/gateway.log carry
// the real formats and strings. Faults arrive as `<home>/.demo-fault` + SIGUSR2 (see faults.ts).
import { randomUUID } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PidRecord } from '../evidence.js';
import { parseDuration } from '../util/duration.js';
import { DEMO_HERMES, faultInfo, isDemoHermes, type DemoFault } from './faults.js';
import type { DemoStage } from '../platforms/demo-stage.js';
import { scriptedFault } from './scripted-faults.js';
import {
  connectCurrentPlatform,
  CURRENT_EXTRA_PLATFORMS,
  prepareMultiplexHome,
  profileDown,
  startControlSocket,
  startSecondaries,
  telegramConflict,
  wedge,
  whatsappLoggedOut,
  whatsappQr,
  whatsappRespawnLoop,
} from './current.js';
import { holdGatewayLock } from './lock.js';
import { gatewayLiveness, homePaths, pyJsonDumps, readFaultRequest, selfStartTime, unlinkQuietly } from './files.js';
import { createSerialQueue, LOGGER } from './hermes-log.js';
import { claimLife, startHeartbeat } from './lifecycle.js';
import {
  failStartupConnect,
  feishuExecutor,
  qq4009Stuck,
  qqBanned,
  qqMaxReconnect,
  qqQuickDisconnect,
  qqStorm,
  QQ_WS_URL,
  reconnectAfterStartup,
  startQqCycle,
} from './scenarios.js';
import {
  cancelAll,
  feishuLog,
  Interrupted,
  later,
  log,
  markConnected,
  pause,
  qqLog,
  runExclusive,
  runLog,
  setState,
  type Platform,
  type Sim,
} from './sim.js';
import { systemClock } from '../util/clock.js';
import { shutdown } from './shutdown.js';
import { privateDir } from '../util/private-dir.js';

const DEFAULT_CYCLE_MS = 30 * 60_000;
const DEFAULT_APP_ID = '102345678';
const WATCHER_BACKOFF_S = [30, 60, 120, 240, 300];
const IS_RECONNECT_ERROR = "QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'";
/**
 * v0.20.2 claims its PID file only after Python has imported the gateway (about 4 s in the real capture): until then
 * gateway.pid still names the life before. Compressed, like every wait here.
 */
const V020_IMPORT_MS = 1_500;

function note(msg: string): void {
  process.stdout.write(`[gatewatch demo] ${msg}\n`);
}

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: gateway.js gateway run [--home <HERMES_HOME, default ~/.hermes>] [--qq-cycle 30m] [--qq-app-id 102345678] [--hermes ${DEMO_HERMES.join('|')}]\n`,
  );
  process.exit(2);
}

/** `~`, as node finds it: HOME, else the password file's home of this user; a user with neither is told so. */
function ownHome(): string {
  try {
    return homedir();
  } catch {
    return usage('no --home, HERMES_HOME or home of this user to take ~/.hermes from');
  }
}

function parseCli() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        home: { type: 'string' },
        'qq-cycle': { type: 'string' },
        'qq-app-id': { type: 'string' },
        hermes: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'gateway' || positionals[1] !== 'run') usage('expected: gateway run');
  // As Hermes finds its home: HERMES_HOME, else ~/.hermes, `~` its user's home in the password file where no HOME is
  // set (runit's `chpst -u`, supervisord's `user=`: hermes-supervisors.md), as node's homedir() reads it too.
  const home = values.home ?? (process.env.HERMES_HOME || path.join(ownHome(), '.hermes'));
  const cycleMs = values['qq-cycle'] === undefined ? DEFAULT_CYCLE_MS : parseDuration(values['qq-cycle']);
  if (!cycleMs || cycleMs < 100) usage(`--qq-cycle: expected a duration like 20s or 30m, got "${values['qq-cycle']}"`);
  const appId = values['qq-app-id'] ?? DEFAULT_APP_ID;
  if (!/^\d+$/.test(appId)) usage('--qq-app-id: expected digits');
  const hermes = values.hermes ?? 'legacy';
  if (!isDemoHermes(hermes)) usage(`--hermes: expected one of ${DEMO_HERMES.join(', ')}`);
  return { home, cycleMs, appId, hermes };
}

async function writePidFile(sim: Sim): Promise<void> {
  // Hermes creates it O_CREAT|O_EXCL after clearing a stale one.
  await unlinkQuietly(sim.paths.pid);
  const fh = await open(sim.paths.pid, 'wx');
  // A current writer's record also names the home (`_build_pid_record`); gateway.lock's body is the same record.
  const record = pyJsonDumps(sim.current ? { ...sim.self, hermes_home: sim.home } : sim.self);
  try {
    await fh.writeFile(record, 'utf8');
  } finally {
    await fh.close();
  }
  holdGatewayLock(sim.home, record);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Startup: the real order (reference §4.0, sample log), compressed to a few hundred ms.

interface StartFaults {
  isReconnect: boolean;
  fewerPlatforms: boolean;
  networkDown: boolean;
  /** A runtime fault to play once the start is done. */
  after?: DemoFault;
}

/**
 * `network-down-start`: how long the network stays down after the startup gave up on every platform. Long enough that
 * a gatewatch started beside it on a busy machine still sees the outage; `GATEWATCH_DEMO_NETWORK_BACK` (a duration)
 * shortens it for a test that only plays the gateway's side.
 */
function networkBackMs(): number {
  const v = process.env.GATEWATCH_DEMO_NETWORK_BACK;
  const ms = v ? parseDuration(v) : null;
  return ms ?? 15_000;
}

/** `GATEWATCH_DEMO_STATE_LAG` (a duration, tests only): see Sim.stateLagMs. */
function stateLagMs(): number {
  const v = process.env.GATEWATCH_DEMO_STATE_LAG;
  return (v ? parseDuration(v) : null) ?? 0;
}

async function startup(sim: Sim, faults: StartFaults): Promise<void> {
  // The network-down story is QQ's and Feishu's (their startup lines, scenarios.ts).
  const extra = sim.current && !faults.networkDown ? CURRENT_EXTRA_PLATFORMS : [];
  const platforms: Platform[] = faults.fewerPlatforms ? ['feishu'] : ['feishu', 'qqbot', ...extra];
  setState(sim, { gateway_state: 'starting', exit_reason: null, restart_requested: false, active_agents: 0 });
  runLog(sim, 'INFO', 'Starting Hermes Gateway...');
  // Right after the PID-file claim (hermes-gateway-current.md §4).
  if (sim.current) {
    await startControlSocket(sim, () => {
      if (!sim.stopping)
        void shutdown(sim, 'pause-for-update').catch((e: Error) =>
          process.stderr.write(`demo gateway: shutdown failed: ${e.message}\n`),
        );
    });
  }
  runLog(sim, 'INFO', `Session storage: ${sim.home}/sessions`);
  await pause(sim, 8);
  const budget = sim.hermes === 'v0.20' ? 500 : 90;
  runLog(
    sim,
    'INFO',
    `Agent budget: max_iterations=${budget} (agent.max_turns from config.yaml, or HERMES_MAX_ITERATIONS from .env, or default ${budget})`,
  );
  runLog(sim, 'INFO', 'Secret redaction: ENABLED (tool output, logs, and chat responses are scrubbed before delivery)');
  await pause(sim, 40);
  if (await exists(sim.paths.cleanShutdown)) {
    await unlinkQuietly(sim.paths.cleanShutdown);
    runLog(sim, 'INFO', 'Previous gateway exited cleanly — skipping session suspension');
  }
  await pause(sim, 10);

  const failed: Platform[] = [];
  const errors = new Map<Platform, string>();
  for (const p of platforms) {
    runLog(sim, 'INFO', `Connecting to ${p}...`);
    setState(sim, { platform: p, platform_state: 'connecting' });
    if (faults.networkDown) {
      errors.set(p, await failStartupConnect(sim, p as 'feishu' | 'qqbot'));
      runLog(sim, 'WARNING', `✗ ${p} failed to connect`);
      setState(sim, { platform: p, platform_state: 'retrying', error_message: 'failed to connect' });
      failed.push(p);
      continue;
    }
    if (p !== 'feishu' && p !== 'qqbot') {
      if (!(await connectCurrentPlatform(sim, p))) {
        failed.push(p);
        continue;
      }
    } else if (p === 'feishu') {
      await pause(sim, 120);
      markConnected(sim, 'feishu');
      feishuLog(sim, 'INFO', 'Connected in websocket mode (feishu)');
    } else if (faults.isReconnect) {
      log(sim, 'ERROR', LOGGER.run, `✗ qqbot error: ${IS_RECONNECT_ERROR}`);
      setState(sim, { platform: 'qqbot', platform_state: 'retrying', error_message: IS_RECONNECT_ERROR });
      failed.push('qqbot');
      continue;
    } else {
      await pause(sim, 30);
      sim.qq.tokenAt = systemClock.now();
      qqLog(sim, 'INFO', 'Access token refreshed, expires in 7200s');
      await pause(sim, 25);
      qqLog(sim, 'INFO', `Gateway URL: ${QQ_WS_URL}`);
      await pause(sim, 20);
      qqLog(sim, 'INFO', `WebSocket connected to ${QQ_WS_URL}`);
      markConnected(sim, 'qqbot');
      qqLog(sim, 'INFO', 'Connected');
      // v0.20.2 sends Identify before the runner's `✓ qqbot connected` (the real capture's order).
      if (sim.hermes === 'v0.20') qqLog(sim, 'INFO', 'Identify sent');
    }
    sim.adapters.push(p);
    runLog(sim, 'INFO', `✓ ${p} connected`);
  }
  if (sim.current && !faults.fewerPlatforms && !faults.networkDown) await startSecondaries(sim);
  if (sim.adapters.length === 0 && failed.length) {
    setState(sim, { gateway_state: 'degraded' });
    const list = failed.map((p) => `${p}: ${errors.get(p) ?? 'failed to connect'}`).join('; ');
    runLog(
      sim,
      'WARNING',
      `Gateway started with no connected platforms — ${failed.length} platform(s) queued for retry: ${list}`,
    );
  } else {
    setState(sim, { gateway_state: 'running' });
    runLog(sim, 'INFO', `Gateway running with ${sim.adapters.length} platform(s)`);
  }
  if (failed.length)
    runLog(sim, 'INFO', `Starting reconnection watcher for ${failed.length} failed platform(s): ${failed.join(', ')}`);
  const qqUp = sim.adapters.includes('qqbot');
  const v020 = sim.hermes === 'v0.20';
  if (v020) startHeartbeat(sim);
  if (qqUp && !v020) {
    await pause(sim, 5);
    qqLog(sim, 'INFO', 'Identify sent');
  }
  const ready = async () => {
    if (!qqUp) return;
    await pause(sim, 10);
    sim.qq.seq = 1;
    qqLog(sim, 'INFO', `Ready, session_id=${sim.qq.sessionId}`);
    sim.qq.alive = true;
  };
  // v0.20.2: READY before the channel directory, and the kanban dispatcher beside the housekeeping.
  if (v020) await ready();
  await pause(sim, 10);
  runLog(sim, 'INFO', `Channel directory built: ${v020 ? 0 : 4} target(s)`);
  if (!v020) await ready();
  await pause(sim, 60);
  runLog(sim, 'INFO', 'Press Ctrl+C to stop');
  if (v020) {
    runLog(
      sim,
      'INFO',
      `kanban dispatcher: holding singleton dispatcher lock (${path.join(sim.home, 'kanban', '.dispatcher.lock')})`,
    );
  }
  runLog(sim, 'INFO', 'Gateway housekeeping started (interval=60s)');
  if (v020) later(sim, 5_000, () => runLog(sim, 'INFO', 'kanban dispatcher: embedded in gateway (interval=60.0s)'));

  if (qqUp) startQqCycle(sim);
  if (faults.isReconnect) startWatcher(sim, 0);
  if (sim.current && failed.includes('whatsapp')) background(sim, whatsappRespawnLoop);
  // The other poller still holds the bot token: a restart meets it again.
  if (sim.current && sim.adapters.includes('telegram') && (await exists(sim.paths.otherPoller)))
    background(sim, telegramConflict);
  if (faults.after) setImmediate(() => void playRuntimeFault(sim, faults.after!));
  if (faults.networkDown) {
    later(sim, networkBackMs(), () => {
      void runExclusive(sim, async () => {
        for (const p of failed) await reconnectAfterStartup(sim, p as 'feishu' | 'qqbot');
        setState(sim, { gateway_state: 'running' });
      });
    });
  }
}

/** The runner's background reconnect watcher for a platform that failed at startup; the bug makes every try fail. */
function startWatcher(sim: Sim, i: number): void {
  const wait = WATCHER_BACKOFF_S[Math.min(i, WATCHER_BACKOFF_S.length - 1)]!;
  later(sim, wait * 1000, () => {
    void runExclusive(sim, async () => {
      runLog(sim, 'INFO', `Reconnecting qqbot (attempt ${i + 2})...`);
      const next = WATCHER_BACKOFF_S[Math.min(i + 1, WATCHER_BACKOFF_S.length - 1)]!;
      runLog(sim, 'WARNING', `Reconnect qqbot error: ${IS_RECONNECT_ERROR}, next retry in ${next}s`);
      setState(sim, { platform: 'qqbot', platform_state: 'retrying', error_message: IS_RECONNECT_ERROR });
    }).then(() => {
      if (!sim.hung && !sim.stopping) startWatcher(sim, i + 1);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Faults.

const RUNTIME: Partial<Record<DemoFault, (sim: Sim) => Promise<void>>> = {
  'qq-max-reconnect': qqMaxReconnect,
  'qq-4009-stuck': qq4009Stuck,
  'qq-quick-disconnect': qqQuickDisconnect,
  storm: qqStorm,
  'qq-banned': qqBanned,
  'feishu-executor': feishuExecutor,
  'telegram-conflict': telegramConflict,
};

/** Faults that never end by themselves (a reconnect loop): they run beside the others, not one after another. */
const BACKGROUND: Partial<Record<DemoFault, (sim: Sim) => Promise<void>>> = {
  'whatsapp-logged-out': whatsappLoggedOut,
  'whatsapp-qr': whatsappQr,
  'profile-down': (sim) => profileDown(sim),
};

/** The platform a fault needs connected. */
const NEEDS: Partial<Record<DemoFault, Platform>> = {
  'feishu-executor': 'feishu',
  'telegram-conflict': 'telegram',
  'whatsapp-logged-out': 'whatsapp',
  'whatsapp-qr': 'whatsapp',
  'profile-down': 'ops:discord',
};

function background(sim: Sim, fn: (sim: Sim) => Promise<void>): void {
  fn(sim).catch((e: unknown) => {
    if (!(e instanceof Interrupted)) process.stderr.write(`demo gateway: scenario failed: ${(e as Error).stack}\n`);
  });
}

async function onFaultSignal(sim: Sim): Promise<void> {
  const req = await readFaultRequest(sim.home);
  if (!req) return note('SIGUSR2 without a readable .demo-fault; ignored');
  if (faultInfo(req.fault).when === 'next-start' || req.afterStart)
    return note(`fault ${req.fault} recorded; it applies at the next start`);
  await unlinkQuietly(sim.paths.fault);
  // A crash leaves no trace of its own: no log line, no state write.
  if (req.fault === 'crash') process.kill(process.pid, 'SIGKILL');
  note(`fault injected: ${req.fault}`);
  if (req.fault === 'sigterm') return void process.kill(process.pid, 'SIGTERM');
  await playRuntimeFault(sim, req.fault);
}

/** What a Hermes platform's demo fault plays with (src/platforms/demo-stage.ts). */
function demoStage(sim: Sim, platform: Platform | undefined): DemoStage {
  return {
    log: (level, logger, message) => log(sim, level, logger, message),
    agent: (level, logger, message) => log(sim, level, logger, message, [], path.join(sim.paths.logDir, 'agent.log')),
    connect() {
      if (!platform || (sim.adapters.includes(platform) && !sim.fatal.has(platform))) return;
      if (!sim.adapters.includes(platform)) sim.adapters.push(platform);
      markConnected(sim, platform);
      runLog(sim, 'INFO', `✓ ${platform} reconnected successfully`);
    },
    pause: (ms) => pause(sim, ms),
  };
}

async function playRuntimeFault(sim: Sim, fault: DemoFault): Promise<void> {
  await sim.ready;
  if (sim.stopping || sim.hung) return note(`gateway is ${sim.stopping ? 'stopping' : 'hung'}; ${fault} ignored`);
  const needs = faultInfo(fault).hermes;
  if (needs && needs !== sim.hermes) return note(`${fault} needs the demo to play ${needs} Hermes; ignored`);
  if (fault === 'hang') {
    sim.hung = true;
    cancelAll(sim);
    sim.abort = new AbortController();
    return;
  }
  if (fault === 'wedged') return void (await wedge(sim));
  // Two agent turns running: written at a turn boundary, as Hermes does (§3 "When written"); the next start writes 0.
  if (fault === 'busy') return setState(sim, { active_agents: 2 });
  const pf = scriptedFault(fault);
  if (pf) return void runExclusive(sim, () => pf.play(demoStage(sim, pf.platform)));
  const platform = NEEDS[fault] ?? 'qqbot';
  const up = platform.includes(':')
    ? sim.current?.secondaries.get(platform) === true
    : sim.adapters.includes(platform) && !sim.fatal.has(platform);
  if (!up || (platform === 'whatsapp' && sim.current?.whatsappDown))
    return note(`${platform} is not connected in this run; ${fault} ignored`);
  if (platform === 'qqbot' && !sim.qq.alive) return note(`qqbot is already down; ${fault} ignored`);
  const bg = BACKGROUND[fault];
  if (bg) return background(sim, bg);
  const fn = RUNTIME[fault];
  if (fn) void runExclusive(sim, () => fn(sim));
}

async function readStartFaults(sim: Sim): Promise<StartFaults> {
  const req = await readFaultRequest(sim.home);
  // Next-start faults are consumed by this start; a runtime fault left over from the previous run is transient.
  if (req || (await exists(sim.paths.fault))) await unlinkQuietly(sim.paths.fault);
  if (req && (faultInfo(req.fault).when === 'next-start' || req.afterStart))
    note(`applying fault at start: ${req.fault}`);
  return {
    isReconnect: req?.fault === 'is-reconnect',
    fewerPlatforms: req?.fault === 'fewer-platforms',
    networkDown: req?.fault === 'network-down-start',
    ...(req?.afterStart ? { after: req.fault } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * A standing fault: the gateway dies as Python would on an import it cannot make, before its logging and its pid
 * file, printing the traceback to stderr (where its supervisor keeps it) and exiting 1, at every start until the file
 * is gone.
 */
async function dieAtStart(file: string): Promise<void> {
  const error = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!error) return;
  process.stderr.write(
    `Traceback (most recent call last):\n  File "/usr/local/bin/hermes", line 5, in <module>\n    from hermes_cli.main import main\n${error}\n`,
  );
  process.exit(1);
}

/**
 * A start held where Python imports the gateway (a cold disk cache, a slow volume: seconds on the real v0.20.2), while
 * the file is there: nothing written yet, gateway.pid still the life before's.
 */
async function holdAtStart(file: string): Promise<void> {
  while (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    await systemClock.sleep(100);
}

async function main(): Promise<void> {
  const { home, cycleMs, appId, hermes } = parseCli();
  const paths = homePaths(home);
  await holdAtStart(paths.startHold);
  await dieAtStart(paths.startError);
  await privateDir(home);
  await privateDir(paths.logDir);
  const self: Required<Omit<PidRecord, 'hermes_home'>> = {
    pid: process.pid,
    kind: 'hermes-gateway',
    argv: process.argv.slice(1),
    start_time: await selfStartTime(),
  };
  const sim: Sim = {
    home,
    paths,
    self,
    tag: `QQBot:${appId}`,
    cycleMs,
    stateLagMs: stateLagMs(),
    writes: createSerialQueue(),
    hung: false,
    stopping: false,
    abort: new AbortController(),
    adapters: [],
    fatal: new Set(),
    qq: { alive: false, sessionId: randomUUID(), seq: 0, tokenAt: 0 },
    timers: new Set(),
    scenarioTail: Promise.resolve(),
    hermes,
    ...(hermes === 'current' ? { current: { secondaries: new Map(), whatsappDown: false } } : {}),
  };

  // Handlers first: SIGUSR2's default action would kill us.
  process.on('SIGUSR2', () => void onFaultSignal(sim).catch((e: Error) => note(`fault handling failed: ${e.message}`)));
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (sim.stopping) return;
      shutdown(sim, sig).catch((e: Error) => {
        process.stderr.write(`demo gateway: shutdown failed: ${e.message}\n`);
        process.exit(1);
      });
    });
  }
  // Hermes' housekeeping loop keeps the process up even when every platform is dead.
  void (async () => {
    for (;;) await systemClock.sleep(60_000);
  })();

  const other = await gatewayLiveness(home);
  if (other.alive && other.pid !== process.pid) {
    log(
      sim,
      'ERROR',
      LOGGER.run,
      `Another gateway instance is already running (PID ${other.pid}, HERMES_HOME=${home}). Use 'hermes gateway restart' to replace it, or 'hermes gateway stop' first.`,
    );
    await sim.writes.flush();
    process.exit(1);
  }
  process.stdout.write('│           ⚕ Hermes Gateway Starting...                 │\n');
  note(`simulated Hermes gateway, pid ${process.pid}, HERMES_HOME=${home}`);
  if (hermes === 'v0.20') await systemClock.sleep(V020_IMPORT_MS);
  await writePidFile(sim);
  if (sim.current) await prepareMultiplexHome(home);
  // Right after the PID-file claim: a previous life that died without an exit path is reported before the start.
  if (hermes === 'v0.20') {
    await claimLife(sim);
    await systemClock.sleep(50);
  }
  const faults = await readStartFaults(sim);
  sim.ready = runExclusive(sim, () => startup(sim, faults));
  await sim.ready;
}

/** The script's start: its launcher (src/demo/launch.ts) calls it. */
export const start = (): Promise<void> =>
  main().catch((e: Error) => {
    process.stderr.write(`demo gateway failed: ${e.stack ?? e.message}\n`);
    process.exit(1);
  });
