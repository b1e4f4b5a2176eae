// A scene for the story tests (issue 51): the app on the test's own clock watching a real gateway process, its
// restart a real command that replaces that process the way a service manager would, QQ's servers and the egress host
// real listeners (or refused ports) on loopback.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { appendFile, readFile, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { cleanup, signalOfHome, spawnIdle, startTicksOf, tempDir } from './probe-procs.js';
import { manualClock, type ManualClock } from './clock.js';
import { phone, type Phone } from './phone.js';
import { until } from './until.js';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import type { Locale } from '../../src/types.js';
import type { AppOptions } from '../../src/app-types.js';

const harnesses: Harness[] = [];
const servers: net.Server[] = [];
const dirs: { dir: string; home: string }[] = [];

/** After each test: the apps stopped, the listeners closed, every gateway a restart started killed. */
export async function closeScenes(): Promise<void> {
  for (const h of harnesses.splice(0)) await h.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const { dir, home } of dirs.splice(0)) {
    const pids = await readFile(path.join(dir, 'pids'), 'utf8').catch(() => '');
    signalOfHome(pids.split('\n').filter(Boolean).map(Number), home);
  }
  await cleanup();
}

export const QQ = 'gateway.platforms.qqbot.adapter: [QQBot:102345678]';
export const UNREACHABLE = 'Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution';

/** A listener on `port`: the servers there answer from this host. */
export async function answer(port: number): Promise<void> {
  const s = net.createServer((c) => c.on('error', () => undefined).end());
  servers.push(s);
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r));
}

// The service manager's restart: stops the gateway of the pid file, starts a new one (a sleeping `… gateway run`),
// and writes what a start of Hermes writes: its pid file, its run's first lines, its state file. QQ connects, or (the
// mode file says `unreachable`) its reconnect loop fails on a name it cannot resolve. Times on the test's clock (a file).
const RESTART = `
const fs = require('node:fs'), cp = require('node:child_process'), path = require('node:path');
const [home, dir] = process.argv.slice(2);
const now = Number(fs.readFileSync(path.join(dir, 'now'), 'utf8'));
const mode = fs.readFileSync(path.join(dir, 'mode'), 'utf8');
const ofHome = (pid) => { try { return fs.readFileSync('/proc/' + pid + '/environ', 'latin1').split('\\0').includes('HERMES_HOME=' + home); } catch { return false; } };
// As a service manager stops only its own: the recorded gateway may be dead, and its pid another process's since.
try { const old = JSON.parse(fs.readFileSync(path.join(home, 'gateway.pid'), 'utf8')).pid; if (ofHome(old)) process.kill(old, 'SIGTERM'); } catch {}
const gw = cp.spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run'], { detached: true, stdio: 'ignore', env: { ...process.env, HERMES_HOME: home } });
gw.unref();
fs.appendFileSync(path.join(dir, 'pids'), gw.pid + '\\n');
const stat = fs.readFileSync('/proc/' + gw.pid + '/stat', 'utf8');
const start_time = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
fs.writeFileSync(path.join(home, 'gateway.pid'), JSON.stringify({ pid: gw.pid, kind: 'hermes-gateway', argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'], start_time }));
const pad = (n, w = 2) => String(n).padStart(w, '0');
const d = new Date(now);
const ts = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + ',' + pad(d.getMilliseconds(), 3);
const qq = 'gateway.platforms.qqbot.adapter: [QQBot:102345678]';
const lines = ['INFO gateway.run: Starting Hermes Gateway...', 'INFO gateway.run: Connecting to qqbot...'].concat(
  mode === 'unreachable'
    ? ['WARNING ' + qq + ' Reconnect failed: ${UNREACHABLE}', 'WARNING ' + qq + ' WebSocket error: WebSocket closed', 'INFO ' + qq + ' Reconnecting in 60s (attempt 1)...', 'INFO gateway.run: Gateway running with 0 platform(s)']
    : ['INFO ' + qq + ' WebSocket connected to wss://api.sgroup.qq.com/websocket', 'INFO ' + qq + ' Connected', 'INFO gateway.run: ✓ qqbot connected', 'INFO gateway.run: Gateway running with 1 platform(s)']);
fs.appendFileSync(path.join(home, 'logs', 'gateway.log'), lines.map((l) => ts + ' ' + l + '\\n').join(''));
// Last written at the clock's time where it runs ahead, as its lines say (gatewatch reads the writer's zone from the two).
if (now > Date.now()) fs.utimesSync(path.join(home, 'logs', 'gateway.log'), new Date(), d);
const at = d.toISOString();
fs.writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ pid: gw.pid, kind: 'hermes-gateway', gateway_state: 'running', platforms: { qqbot: { state: mode === 'unreachable' ? 'retrying' : 'connected', updated_at: at } }, updated_at: at }));
`;

export interface Scene {
  h: Harness;
  p: Phone;
  clock: ManualClock;
  dir: string;
  /** The gateway's log, a line at the clock's time. */
  log(...lines: string[]): Promise<void>;
  /** The gateway's state file, qqbot as given. */
  state(qq: string): Promise<void>;
  /** What the next restart's gateway does with QQ. */
  mode(m: 'connected' | 'unreachable'): Promise<void>;
  pid(): Promise<number>;
  /** Let the background work of a judgement (a restart, its look after) finish; deliver what it raised. */
  settle(): Promise<void>;
  /** The gateway killed (SIGKILL): its state file still says running. */
  kill(): Promise<void>;
  /** A new gateway started by something else than gatewatch (the service manager's own restart). */
  revive(): Promise<void>;
  /** /status as the console's operator reads it, one line a field. */
  status(): Promise<string>;
  /** The clock on by `ms`, then a look, and what it began over. */
  look(ms: number): Promise<void>;
  /**
   * QQ's reconnect loop failing on a name it cannot resolve, `n` tries (attempts 2 on) `everyMs` apart (a minute), each
   * looked at.
   */
  qqRetries(n: number, everyMs?: number): Promise<void>;
  /** QQ reconnected, in the log and the state file; the clock's time then. */
  qqBack(): Promise<number>;
}

export async function scene(o: {
  qqPort: number;
  egressPort?: number;
  config?: Record<string, unknown>;
  locale?: Locale;
  /** More createApp options (the demo playground's mark). */
  appOptions?: Partial<AppOptions>;
  /**
   * The test's clock this far behind the box's, as a loaded box leaves it (real seconds pass while the clock waits for
   * the test to move it): a gateway the restart starts then began after the lines it writes, by the clock, at its start.
   */
  clockBehindMs?: number;
}) {
  const clock = manualClock(Date.now() - (o.clockBehindMs ?? 0));
  const dir = await tempDir('gw-story-');
  await writeFile(path.join(dir, 'restart.js'), RESTART);
  const p = phone();
  const h = await startHarness({
    start: false,
    channels: [p.ch],
    target: {
      platforms: ['qqbot'],
      service: {
        manager: 'command',
        is_active: ['true'],
        restart: [process.execPath, path.join(dir, 'restart.js'), '__HOME__', dir],
        start: [process.execPath, path.join(dir, 'restart.js'), '__HOME__', dir],
      },
      reachability: { qqbot: `http://127.0.0.1:${o.qqPort}`, feishu: false },
    },
    config: {
      locale: o.locale ?? 'en',
      remediate: { cooldown: '5m', verify_timeout: '30s', max_restarts: 3, window: '1h' },
      ...(o.egressPort ? { detect: { egress: `http://127.0.0.1:${o.egressPort}` } } : {}),
      ...o.config,
    },
    appOptions: { clock, ...o.appOptions },
  });
  harnesses.push(h);
  const home = h.hermesHome;
  dirs.push({ dir, home });
  const app = h.app;
  // The restart command names the home the harness made.
  for (const k of ['restart', 'start'] as const) {
    const cmd = h.config.targets[0]!.service as { restart: string[]; start: string[] };
    cmd[k] = cmd[k].map((a) => (a === '__HOME__' ? home : a));
  }
  const tick = () => writeFile(path.join(dir, 'now'), String(clock.now()));
  await tick();
  const advance = clock.advance.bind(clock);
  clock.advance = async (ms) => {
    await advance(ms);
    await tick();
  };
  const s: Scene = {
    h,
    p,
    clock,
    dir,
    // Written at the clock's time. A clock run ahead dates the file's last write too (gatewatch reads the writer's zone
    // from the two); one behind the box's (a busy box) leaves the write the box's, within the life it was written in.
    async log(...lines) {
      const file = path.join(home, 'logs', 'gateway.log');
      await appendFile(file, lines.map((l) => `${formatAsctime(clock.now())} ${l}\n`).join(''));
      if (clock.now() > Date.now()) await utimes(file, new Date(), new Date(clock.now()));
    },
    async state(qq) {
      const at = new Date(clock.now()).toISOString();
      await writeFile(
        path.join(home, 'gateway_state.json'),
        JSON.stringify({
          pid: await s.pid(),
          kind: 'hermes-gateway',
          gateway_state: 'running',
          platforms: { qqbot: { state: qq, updated_at: at } },
          updated_at: at,
        }),
      );
    },
    mode: (m) => writeFile(path.join(dir, 'mode'), m),
    pid: async () => (JSON.parse(await readFile(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number }).pid,
    async kill() {
      await s.log('INFO gateway.run: Gateway housekeeping started (interval=60s)');
      const pid = await s.pid();
      process.kill(pid, 'SIGKILL');
      // Dead before the story goes on: on a busy box the signal's target is not gone the moment it is sent, and a look
      // that still found it alive told another story (QQ's outage alone, no death).
      await until('the killed gateway gone', () => gone(pid), { timeoutMs: 30_000, everyMs: 5 });
    },
    revive: () =>
      new Promise<void>((resolve, reject) =>
        execFile(process.execPath, [path.join(dir, 'restart.js'), home, dir], (err) => (err ? reject(err) : resolve())),
      ),
    async look(ms) {
      await clock.advance(ms);
      await app.core.evaluate('default');
      await s.settle();
    },
    async qqRetries(n, everyMs = 60_000) {
      for (let i = 0; i < n; i++) {
        await clock.advance(everyMs);
        await s.log(
          `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
          `WARNING ${QQ} WebSocket error: WebSocket closed`,
          `INFO ${QQ} Reconnecting in ${everyMs / 1000}s (attempt ${i + 2})...`,
        );
        await app.core.evaluate('default');
        await s.settle();
      }
    },
    async qqBack() {
      await s.log(
        `INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
        `INFO ${QQ} Reconnected`,
        'INFO gateway.run: ✓ qqbot reconnected successfully',
      );
      await s.state('connected');
      return clock.now();
    },
    async status() {
      const [r] = await h.say('/status');
      return (r?.fields ?? []).map((f) => `${f.label}: ${f.value}`).join('\n');
    },
    async settle() {
      // A restart the judgement began, then the look it asks for once it ends.
      await until(
        'the restart and its look over',
        () => !app.core.restartInProgress('default') && app.core.evaluatingSince('default') === undefined,
        // A restart verified over 30 s of the test's clock takes real seconds on a loaded machine (the whole suite):
        // 30 s of them ran out beside other work at a load of 20 on two cores.
        { timeoutMs: 90_000 },
      );
      await app.outbox.flush();
    },
  };
  await s.mode('connected');
  // A gateway that has served an hour, QQ connected.
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  await writeFile(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid: gw.pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      start_time: await startTicksOf(gw.pid!),
    }),
  );
  const t0 = clock.now();
  const at = (s: number, l: string) => `${formatAsctime(t0 - s * 1000)} ${l}\n`;
  await writeFile(
    path.join(home, 'logs', 'gateway.log'),
    [
      at(3600, 'INFO gateway.run: Starting Hermes Gateway...'),
      at(3600, 'INFO gateway.run: Connecting to qqbot...'),
      at(3600, `INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`),
      at(3600, `INFO ${QQ} Connected`),
      at(3600, 'INFO gateway.run: ✓ qqbot connected'),
      at(3599, 'INFO gateway.run: Gateway running with 1 platform(s)'),
      // Its last line now, as the file's last write (gatewatch reads the writer's zone from the two): an hour-old last
      // line in a file written just now read as a gateway an hour behind the host.
      at(0, 'INFO gateway.run: Gateway housekeeping started (interval=60s)'),
    ].join(''),
  );
  await s.state('connected');
  return s;
}

/** The process is gone, or a zombie waiting to be reaped: it runs no more. */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}
