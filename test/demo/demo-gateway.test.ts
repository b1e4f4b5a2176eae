// The demo gateway as gatewatch's probes will see it: real processes (the compiled dist/ files), real signals, real
// files in a temporary HERMES_HOME. `npm test` builds dist/ first; run `npm run build` before running this alone.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/channels/config.js';
import type { GatewayStateFile, LogRecord } from '../../src/evidence.js';
import {
  demoHome,
  demoStatus,
  demoTargetConfig,
  injectFault,
  restartDemo,
  startDemo,
  stopDemo,
  DEMO_FAULTS,
  faultHelp,
} from '../../src/demo/index.js';
import { isRunStart, parseLogText, splitRuns } from '../../src/probes/log-parse.js';
import { until } from '../helpers/until.js';
import { hasFlock, signalOfHome } from '../helpers/probe-procs.js';

const DIST = fileURLToPath(new URL('../../dist/src/demo/', import.meta.url));
const GATEWAY_JS = path.join(DIST, 'gateway.js');
const CTL_JS = path.join(DIST, 'ctl.js');
const QQ = '[QQBot:102345678]';
const QQ_LOGGER = 'gateway.platforms.qqbot.adapter';
const linux = process.platform === 'linux';

let home: string;
const pids = new Set<number>();
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(GATEWAY_JS) || !existsSync(CTL_JS))
    throw new Error(`${DIST} is missing: run \`npm run build\` first`);
});

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'gw-demo-'));
});

afterEach(async () => {
  const rec = await readJson<{ pid?: number }>(path.join(home, 'gateway.pid'));
  if (rec?.pid) pids.add(rec.pid);
  signalOfHome(pids, home);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  pids.clear();
  children.length = 0;
  await rm(home, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const logFile = () => path.join(home, 'logs', 'gateway.log');
const stateFile = () => path.join(home, 'gateway_state.json');

async function records(): Promise<LogRecord[]> {
  return parseLogText(await readFile(logFile(), 'utf8').catch(() => ''));
}

async function messages(): Promise<string[]> {
  return (await records()).map((r) => r.message);
}

async function state(): Promise<GatewayStateFile> {
  const s = await readJson<GatewayStateFile>(stateFile());
  if (!s) throw new Error('gateway_state.json is missing or unreadable');
  return s;
}

/** How long the demo gets for a step, and how often to look (its log and state files are small). */
const poll = { timeoutMs: 20_000, everyMs: 25 };

const waitForMessage = (text: string, count = 1, timeoutMs = poll.timeoutMs) =>
  until(
    `${count}× "${text}" in gateway.log`,
    async () => (await messages()).filter((m) => m.includes(text)).length >= count,
    { ...poll, timeoutMs },
  );

/** Wait for the end of the `run`-th startup in this home's log. */
async function waitUntilUp(run = 1): Promise<void> {
  await waitForMessage('Gateway housekeeping started (interval=60s)', run);
}

async function start(opts: Parameters<typeof startDemo>[1] = {}, run = 1): Promise<number> {
  const r = await startDemo(home, opts);
  expect(r.ok, r.error).toBe(true);
  pids.add(r.pid!);
  await waitUntilUp(run);
  return r.pid!;
}

/** A gateway as our own child, so its exit code can be observed. */
function spawnGateway(): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, [GATEWAY_JS, 'gateway', 'run', '--home', home], { stdio: 'ignore' });
  children.push(child);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit };
}

function inOrder(all: string[], expected: string[]): void {
  let at = -1;
  for (const e of expected) {
    const i = all.findIndex((m, k) => k > at && m.includes(e));
    expect(i, `"${e}" after line ${at} in:\n${all.join('\n')}`).toBeGreaterThan(at);
    at = i;
  }
}

async function procStartTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

const ctl = (...args: string[]) => execa(process.execPath, [CTL_JS, ...args], { reject: false, timeout: 30_000 });

// ---------------------------------------------------------------------------------------------------------------

describe('demo gateway: startup', () => {
  it('writes a pid file, a state file and a real-format log like a Hermes home', async () => {
    const before = Date.now();
    const pid = await start();

    const rec = await readJson<{ pid: number; kind: string; argv: string[]; start_time: number }>(
      path.join(home, 'gateway.pid'),
    );
    expect(rec).toMatchObject({ pid, kind: 'hermes-gateway' });
    expect(rec!.argv.slice(1, 3)).toEqual(['gateway', 'run']);
    expect(Number.isInteger(rec!.start_time)).toBe(true);
    if (linux) {
      expect(rec!.start_time).toBe(await procStartTime(pid));
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      expect(cmdline.join(' ')).toContain('gateway run --home');
    }

    const raw = await readFile(stateFile(), 'utf8');
    expect(raw.trim().split('\n')).toHaveLength(1);
    const s = await state();
    expect(Object.keys(s)).toEqual([
      'pid',
      'kind',
      'argv',
      'start_time',
      'gateway_state',
      'exit_reason',
      'restart_requested',
      'active_agents',
      'platforms',
      'updated_at',
    ]);
    expect(s).toMatchObject({
      pid,
      gateway_state: 'running',
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
    });
    for (const p of ['feishu', 'qqbot']) {
      expect(s.platforms[p]).toMatchObject({ state: 'connected', error_code: null, error_message: null });
      expect(s.platforms[p]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    }

    const text = await readFile(logFile(), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    const recs = parseLogText(text);
    expect(recs).toHaveLength(lines.length); // every line is a record in the real format
    expect(isRunStart(recs[0]!)).toBe(true);
    // Local time, parsed back by our own parser, lands on this run.
    expect(recs[0]!.ts).toBeGreaterThanOrEqual(before - 1_000);
    expect(recs.at(-1)!.ts).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(recs.every((r, i) => i === 0 || r.ts >= recs[i - 1]!.ts)).toBe(true);
    inOrder(
      recs.map((r) => r.message),
      [
        'Starting Hermes Gateway...',
        'Connecting to feishu...',
        '[Feishu] Connected in websocket mode (feishu)',
        '✓ feishu connected',
        'Connecting to qqbot...',
        `${QQ} Access token refreshed, expires in 7200s`,
        `${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
        '✓ qqbot connected',
        'Gateway running with 2 platform(s)',
        `${QQ} Ready, session_id=`,
        'Press Ctrl+C to stop',
      ],
    );
    expect(recs.find((r) => r.message.includes('Connected in websocket mode'))!.logger).toBe(
      'gateway.platforms.feishu',
    );
    expect(recs.filter((r) => r.message.startsWith('[QQBot')).every((r) => r.logger === QQ_LOGGER)).toBe(true);

    expect((await demoStatus(home)).alive).toBe(true);
    expect((await ctl('status', '--home', home)).exitCode).toBe(0);
  });

  it('the healthy QQ 4009 cycle resumes the same session and leaves qqbot connected', async () => {
    await start({ qqCycle: '2s' });
    await waitForMessage(`${QQ} Session resumed`);
    const msgs = await messages();
    const session = /session_id=([0-9a-f-]+)/.exec(msgs.find((m) => m.includes('Ready, session_id='))!)![1];
    inOrder(msgs, [
      `${QQ} WebSocket closed: code=4009 reason=Session timed out`,
      `${QQ} Reconnecting in 2s (attempt 1)...`,
      `${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
      `${QQ} Reconnected`,
      `${QQ} Resume sent (session_id=${session}, seq=`,
      `${QQ} Session resumed`,
    ]);
    const recs = await records();
    expect(recs.find((r) => r.message.includes('code=4009'))!.level).toBe('WARNING');
    expect((await state()).platforms.qqbot!.state).toBe('connected');
  });

  it('refuses to start a second gateway on the same home', async () => {
    const pid = await start();
    const second = spawnGateway();
    expect((await second.exit).code).toBe(1);
    expect(await messages()).toContain(
      `Another gateway instance is already running (PID ${pid}, HERMES_HOME=${home}). Use 'hermes gateway restart' to replace it, or 'hermes gateway stop' first.`,
    );
    expect((await demoStatus(home)).pid).toBe(pid);
  });
});

// gateway.lock as Hermes holds it (hermes-gateway.md §1): what gatewatch's daemon waits on to hear a death at once.
const lockFree = () =>
  spawnSync('flock', ['-n', '-x', path.join(home, 'gateway.lock'), 'true'], { stdio: 'ignore' }).status === 0;

describe.runIf(hasFlock)('demo gateway: gateway.lock', () => {
  it('is held for the life, its body the pid record; a SIGKILL lets it go, a planned stop removes it', async () => {
    const pid = await start();
    expect(lockFree()).toBe(false);
    expect(JSON.parse(await readFile(path.join(home, 'gateway.lock'), 'utf8'))).toMatchObject({ pid });
    process.kill(pid, 'SIGKILL');
    await until('the lock let go', async () => lockFree());

    const g = spawnGateway();
    await waitUntilUp(2);
    expect(lockFree()).toBe(false);
    expect((await stopDemo(home)).ok).toBe(true);
    expect(await g.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(home, 'gateway.lock'))).toBe(false);
  });
});

describe('demo gateway: signals and restarts', () => {
  it('an unexpected SIGTERM logs the real shutdown, keeps gateway_state running and exits 1', async () => {
    const g = spawnGateway();
    await waitUntilUp();
    g.child.kill('SIGTERM');
    expect(await g.exit).toEqual({ code: 1, signal: null });
    inOrder(await messages(), [
      'Received SIGTERM — initiating shutdown',
      'Shutdown context: signal=SIGTERM under_systemd=',
      'Stopping gateway...',
      'Shutdown phase: notify_active_sessions done at +',
      'Shutdown phase: drain done at +',
      '[Feishu] Disconnected',
      '✓ feishu disconnected (',
      `${QQ} Disconnected`,
      '✓ qqbot disconnected (',
      'Shutdown phase: all adapters disconnected at +',
      'Shutdown phase: final-cleanup tool kill done at +',
      'Shutdown phase: SessionDB close done at +',
      'Gateway stopped by an unexpected signal — persisting gateway_state=running so container_boot auto-starts on the next boot (issue #42675)',
      'Gateway stopped (total teardown ',
      'Exiting with code 1 (signal-initiated shutdown without restart request) so systemd Restart=on-failure can revive the gateway.',
    ]);
    const recs = await records();
    expect(recs.find((r) => r.message.startsWith('Shutdown context:'))!.level).toBe('WARNING');
    expect((await state()).gateway_state).toBe('running');
    expect((await demoStatus(home)).alive).toBe(false);
  });

  it('a planned stop logs the planned wording, persists stopped and exits 0', async () => {
    const g = spawnGateway();
    await waitUntilUp();
    const r = await stopDemo(home);
    expect(r).toMatchObject({ ok: true, wasRunning: true, killed: false });
    expect(await g.exit).toEqual({ code: 0, signal: null });
    const msgs = await messages();
    inOrder(msgs, [
      'Received SIGTERM as a planned gateway stop — exiting cleanly',
      'planned_stop_marker_present=yes',
      'Stopping gateway...',
      'Gateway stopped (total teardown ',
    ]);
    expect(msgs.some((m) => m.includes('unexpected signal') || m.includes('Exiting with code 1'))).toBe(false);
    expect((await state()).gateway_state).toBe('stopped');
    expect(existsSync(path.join(home, 'gateway.pid'))).toBe(false);
    expect(existsSync(path.join(home, '.gateway-planned-stop.json'))).toBe(false);
  });

  it('the `sigterm` fault is a real unexpected SIGTERM (exit 1)', async () => {
    const g = spawnGateway();
    await waitUntilUp();
    const r = await ctl('fail', 'sigterm', '--home', home);
    expect(r.exitCode).toBe(0);
    expect((await g.exit).code).toBe(1);
    await waitForMessage('Exiting with code 1');
    expect((await state()).gateway_state).toBe('running');
  });

  it('ctl start/status/restart/stop supervise it like a service', async () => {
    expect((await ctl('status', '--home', home)).exitCode).toBe(1);
    const started = await ctl('start', '--home', home, '--qq-cycle', '20s');
    expect(started.exitCode, started.stdout).toBe(0);
    const first = (await demoStatus(home)).pid!;
    pids.add(first);
    await waitUntilUp();
    expect((await ctl('status', '--home', home)).exitCode).toBe(0);
    expect((await ctl('start', '--home', home)).stdout).toContain('already running');

    const restarted = await ctl('restart', '--home', home);
    expect(restarted.exitCode, restarted.stdout).toBe(0);
    const second = (await demoStatus(home)).pid!;
    pids.add(second);
    expect(second).not.toBe(first);
    await waitForMessage('Gateway housekeeping started', 2);
    const { run, previous } = splitRuns(await records());
    expect(previous.some((r) => r.message === 'Received SIGTERM as a planned gateway stop — exiting cleanly')).toBe(
      true,
    );
    expect(run.map((r) => r.message)).toContain('Previous gateway exited cleanly — skipping session suspension');
    // The QQ cycle chosen at the first start survives the restart.
    expect((await readJson<{ argv: string[] }>(path.join(home, 'gateway.pid')))!.argv).toContain('20000ms');

    expect((await ctl('stop', '--home', home)).exitCode).toBe(0);
    expect((await ctl('status', '--home', home)).exitCode).toBe(1);
    expect((await state()).gateway_state).toBe('stopped');
  });

  it('ctl rejects bad usage with exit code 2', async () => {
    expect((await ctl()).exitCode).toBe(2);
    expect((await ctl('fail', 'nope', '--home', home)).exitCode).toBe(2);
    expect((await ctl('frobnicate', '--home', home)).exitCode).toBe(2);
    expect((await ctl('fail', 'qq-banned', '--home', home)).exitCode).toBe(1); // not running
  });

  it('`crash` dies without a word and leaves a stale state file; a restart brings a fresh run', async () => {
    const pid = await start();
    const before = await readFile(logFile(), 'utf8');
    expect((await injectFault(home, 'crash')).delivered).toBe(true);
    // Gone, not only dead: a crashed child is a zombie (empty cmdline: "not a gateway") until its parent reaps it.
    await until('the gateway to die', async () => (await demoStatus(home)).reason === 'not running', poll);
    expect(await readFile(logFile(), 'utf8')).toBe(before);
    const s = await state();
    expect(s).toMatchObject({ pid, gateway_state: 'running' });
    expect(s.platforms.qqbot!.state).toBe('connected');
    expect((await readJson<{ pid: number }>(path.join(home, 'gateway.pid')))!.pid).toBe(pid); // stale
    expect((await demoStatus(home)).reason).toBe('not running');

    const next = await start({}, 2);
    expect(next).not.toBe(pid);
    const { run, previous } = splitRuns(await records());
    expect(previous.length).toBeGreaterThan(0);
    expect(isRunStart(run[0]!)).toBe(true);
    // No clean shutdown before this start.
    expect(run.some((r) => r.message.startsWith('Previous gateway exited cleanly'))).toBe(false);
    expect((await state()).pid).toBe(next);
  });
});

describe('demo gateway: QQ and Feishu faults', () => {
  it('qq-max-reconnect: 100 failed reconnects, then disconnected for good while the gateway runs', async () => {
    await start();
    await injectFault(home, 'qq-max-reconnect');
    await waitForMessage(`${QQ} Max reconnect attempts reached`);
    const recs = await records();
    const reconnecting = recs.filter((r) => r.message.includes('Reconnecting in')).map((r) => r.message);
    expect(reconnecting).toHaveLength(100);
    expect(reconnecting.slice(0, 6)).toEqual(
      [2, 5, 10, 30, 60, 60].map((d, i) => `${QQ} Reconnecting in ${d}s (attempt ${i + 1})...`),
    );
    expect(reconnecting[99]).toBe(`${QQ} Reconnecting in 60s (attempt 100)...`);
    expect(
      recs.filter(
        (r) =>
          r.message ===
          `${QQ} Reconnect failed: Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution`,
      ),
    ).toHaveLength(100);
    const last = recs.at(-1)!;
    expect(last).toMatchObject({ level: 'ERROR', logger: QQ_LOGGER, message: `${QQ} Max reconnect attempts reached` });
    expect(recs.at(-2)!.message).toBe(`${QQ} WebSocket error: WebSocket closed`);
    await until('qqbot disconnected', async () => (await state()).platforms.qqbot?.state === 'disconnected', poll);
    const s = await state();
    expect(s.gateway_state).toBe('running');
    expect(s.platforms.feishu!.state).toBe('connected');
    expect((await demoStatus(home)).alive).toBe(true);
  });

  it('qq-4009-stuck: a 4009 close and nothing after', async () => {
    // A short healthy cycle: what must not follow would come within it.
    await start({ qqCycle: '250ms' });
    await injectFault(home, 'qq-4009-stuck');
    await waitForMessage('code=4009');
    await sleep(400); // longer than the healthy cycle: nothing may follow
    const qq = (await messages()).filter((m) => m.startsWith('[QQBot'));
    expect(qq.at(-1)).toBe(`${QQ} WebSocket closed: code=4009 reason=Session timed out`);
    expect((await state()).platforms.qqbot!.state).toBe('disconnected');
  });

  it('qq-quick-disconnect: three quick disconnects, then fatal qq_quick_disconnect', async () => {
    await start();
    await injectFault(home, 'qq-quick-disconnect');
    await waitForMessage('Too many quick disconnects');
    const msgs = await messages();
    const quick = msgs.filter((m) => m.includes('Quick disconnect'));
    expect(quick).toHaveLength(3);
    quick.forEach((m, i) =>
      expect(m).toMatch(new RegExp(`^\\[QQBot:102345678\\] Quick disconnect \\(\\d+\\.\\ds\\), count: ${i + 1}$`)),
    );
    expect(msgs.at(-1)).toBe(
      `${QQ} Too many quick disconnects. Check: 1) AppID/Secret correct 2) Bot permissions on QQ Open Platform`,
    );
    await until('qqbot fatal', async () => (await state()).platforms.qqbot?.state === 'fatal', poll);
    expect((await state()).platforms.qqbot).toMatchObject({
      error_code: 'qq_quick_disconnect',
      error_message: 'Too many quick disconnects — check bot permissions',
    });
  });

  it('storm: many drop/reconnect cycles within a short window, ending connected', async () => {
    await start();
    const t0 = Date.now();
    await injectFault(home, 'storm');
    await waitForMessage(`${QQ} Session resumed`, 8);
    const drops = (await records()).filter((r) => r.message === `${QQ} WebSocket error: WebSocket closed`);
    expect(drops.length).toBeGreaterThanOrEqual(5);
    expect(drops.at(-1)!.ts - drops[0]!.ts).toBeLessThan(10 * 60_000);
    expect(drops[0]!.ts).toBeGreaterThanOrEqual(t0 - 1_000);
    expect(await messages()).toContain(`${QQ} Reconnected`);
    await until('qqbot connected again', async () => (await state()).platforms.qqbot?.state === 'connected', poll);
  });

  it('qq-banned: "Bot is banned", fatal qq_banned', async () => {
    await start();
    await injectFault(home, 'qq-banned');
    await waitForMessage('Bot is banned. Check QQ Open Platform.');
    const rec = (await records()).find((r) => r.message === `${QQ} Bot is banned. Check QQ Open Platform.`)!;
    expect(rec.level).toBe('ERROR');
    await until('qqbot fatal', async () => (await state()).platforms.qqbot?.state === 'fatal', poll);
    expect((await state()).platforms.qqbot).toMatchObject({ error_code: 'qq_banned', error_message: 'Bot is banned' });
  });

  it('feishu-executor: two failed attempts, the send error and its traceback; feishu still says connected', async () => {
    await start();
    await injectFault(home, 'feishu-executor');
    await waitForMessage('[Feishu] Send error: Executor shutdown has been called');
    const recs = (await records()).filter(
      (r) => r.logger === 'gateway.platforms.feishu' && r.message.includes('Executor'),
    );
    expect(recs.map((r) => r.level)).toEqual(['WARNING', 'WARNING', 'ERROR']);
    expect(recs[0]!.message).toMatch(
      /^\[Feishu\] Send attempt 1\/3 failed for chat oc_[0-9a-f]{32}; retrying in 1s: Executor shutdown has been called$/,
    );
    expect(recs[1]!.message).toMatch(
      /^\[Feishu\] Send attempt 2\/3 failed for chat oc_[0-9a-f]{32}; retrying in 2s: Executor shutdown has been called$/,
    );
    expect(recs[2]!.extra![0]).toBe('Traceback (most recent call last):');
    expect(recs[2]!.extra!.at(-1)).toBe('RuntimeError: Executor shutdown has been called');
    expect((await state()).platforms.feishu!.state).toBe('connected');
  });

  it('hang: silent but alive, QQ still claims connected; a stop still works', async () => {
    // A cycle long enough that the fault lands while QQ is up again on a busy machine too: a hang in the middle of a
    // cycle's disconnect would leave QQ saying disconnected, as a real one would.
    await start({ qqCycle: '1s' });
    await waitForMessage('Session resumed');
    await injectFault(home, 'hang');
    await sleep(200); // the fault taken and any write in flight landed: the files must not change after this
    const log = await readFile(logFile(), 'utf8');
    const s = await readFile(stateFile(), 'utf8');
    await sleep(1_200); // more than a healthy cycle's worth
    expect(await readFile(logFile(), 'utf8')).toBe(log);
    expect(await readFile(stateFile(), 'utf8')).toBe(s);
    expect((await demoStatus(home)).alive).toBe(true);
    expect((await state()).platforms.qqbot!.state).toBe('connected');
    expect((await stopDemo(home)).ok).toBe(true);
  });

  it('is-reconnect: applies at the next start only', async () => {
    await start();
    const r = await injectFault(home, 'is-reconnect');
    expect(r).toMatchObject({ ok: true, when: 'next-start' });
    expect((await restartDemo(home)).ok).toBe(true);
    await waitForMessage('Gateway housekeeping started', 2);
    let { run } = splitRuns(await records());
    const err = run.find((r) => r.message.startsWith('✗ qqbot error'))!;
    expect(err).toMatchObject({
      level: 'ERROR',
      logger: 'gateway.run',
      message: "✗ qqbot error: QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'",
    });
    expect(run.map((r) => r.message)).toContain('Gateway running with 1 platform(s)');
    expect((await state()).platforms.qqbot).toMatchObject({
      state: 'retrying',
      error_message: "QQAdapter.connect() got an unexpected keyword argument 'is_reconnect'",
    });

    expect((await restartDemo(home)).ok).toBe(true);
    await waitForMessage('Gateway housekeeping started', 3);
    ({ run } = splitRuns(await records()));
    expect(run.map((r) => r.message)).toContain('Gateway running with 2 platform(s)');
  });

  it('fewer-platforms: the next start connects only Feishu', async () => {
    await start();
    await injectFault(home, 'fewer-platforms');
    await restartDemo(home);
    await waitForMessage('Gateway housekeeping started', 2);
    const msgs = splitRuns(await records()).run.map((r) => r.message);
    expect(msgs).toContain('Gateway running with 1 platform(s)');
    expect(msgs).toContain('✓ feishu connected');
    expect(msgs.some((m) => m.includes('qqbot'))).toBe(false);
    expect((await state()).platforms.feishu!.state).toBe('connected');
  });

  it('network-down-start: the next start queues both platforms with the real line, then Hermes connects them', async () => {
    await start();
    await injectFault(home, 'network-down-start');
    // The network is back a second after the startup gave up (15 s in the demo, for a gatewatch beside it to see).
    // Set for the restarted gateway to inherit, and put back as it was: the worker goes on to run other files.
    const before = process.env.GATEWATCH_DEMO_NETWORK_BACK;
    process.env.GATEWATCH_DEMO_NETWORK_BACK = '1s';
    try {
      await restartDemo(home);
    } finally {
      if (before === undefined) delete process.env.GATEWATCH_DEMO_NETWORK_BACK;
      else process.env.GATEWATCH_DEMO_NETWORK_BACK = before;
    }
    await waitForMessage('✓ qqbot reconnected successfully');
    const run = splitRuns(await records()).run;
    const msgs = run.map((r) => r.message);
    const queued = run.find((r) => r.message.startsWith('Gateway started with no connected platforms'))!;
    expect(queued.level).toBe('WARNING');
    expect(queued.message).toBe(
      'Gateway started with no connected platforms — 2 platform(s) queued for retry: feishu: [Errno -3] Temporary failure in name resolution; qqbot: QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
    );
    expect(msgs).toContain('✗ qqbot failed to connect');
    expect(msgs).toContain(
      `${QQ} QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed`,
    );
    expect(msgs).not.toContain('Gateway running with 0 platform(s)');
    // The platforms come back after the queued line, through the runner's watcher.
    expect(msgs.indexOf('✓ feishu reconnected successfully')).toBeGreaterThan(msgs.indexOf(queued.message));
    await until(
      'both connected, gateway running',
      async () => (await state()).platforms.qqbot?.state === 'connected' && (await state()).gateway_state === 'running',
      poll,
    );
    expect((await state()).platforms.feishu!.state).toBe('connected');
  });

  it('runtime faults need a running gateway', async () => {
    const r = await injectFault(home, 'storm');
    expect(r).toMatchObject({ ok: false, delivered: false });
    expect(r.error).toContain('not running');
    expect((await injectFault(home, 'bogus')).ok).toBe(false);
  });
});

describe('demo wiring for gatewatch', () => {
  it('demoTargetConfig is a valid target whose is_active command reports the gateway', async () => {
    const target = demoTargetConfig(home);
    const cfg = configSchema.parse({ targets: [target] });
    expect(cfg.targets[0]).toMatchObject({
      name: 'demo',
      hermes_home: home,
      platforms: ['feishu', 'qqbot'],
      service: { manager: 'command' },
    });
    expect(target.service.is_active).toEqual(['/bin/sh', path.join(DIST, 'is-active.sh'), '--home', home]);
    expect(target.service.start[1]).toBe(CTL_JS);
    const isActive = () =>
      execa(target.service.is_active[0]!, target.service.is_active.slice(1), { reject: false, timeout: 30_000 });
    expect((await isActive()).exitCode).toBe(1);
    const started = await execa(target.service.start[0]!, target.service.start.slice(1), {
      reject: false,
      timeout: 30_000,
    });
    expect(started.exitCode, started.stdout).toBe(0);
    pids.add((await demoStatus(home)).pid!);
    expect(await isActive()).toMatchObject({
      exitCode: 0,
      stdout: `active (running) pid ${(await demoStatus(home)).pid}`,
    });
    const stopped = await execa(target.service.stop[0]!, target.service.stop.slice(1), {
      reject: false,
      timeout: 30_000,
    });
    expect(stopped.exitCode).toBe(0);
    expect((await isActive()).exitCode).toBe(1);
  });

  it('demoHome and the fault list', () => {
    expect(demoHome('/var/state/gw')).toBe(path.resolve('/var/state/gw/demo-hermes'));
    expect(DEMO_FAULTS.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'crash',
        'sigterm',
        'qq-max-reconnect',
        'qq-4009-stuck',
        'qq-quick-disconnect',
        'storm',
        'feishu-executor',
        'qq-banned',
        'is-reconnect',
        'hang',
        'fewer-platforms',
        'network-down-start',
      ]),
    );
    for (const f of DEMO_FAULTS) expect(faultHelp('en', f.name) && faultHelp('zh-CN', f.name)).toBeTruthy();
  });
});
