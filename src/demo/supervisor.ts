// The demo's supervisor, playing the part systemd plays for a real gateway, and for the `update` faults the part
// `hermes update` plays (updater.ts): what ctl.js runs, and what `gatewatch demo` calls in its own process.
import { execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayStateFile } from '../evidence.js';
import { parseDuration } from '../util/duration.js';
import { phrase, t, type Phrase } from '../i18n.js';
import type { Locale } from '../types.js';
import { DEMO_FAULTS, faultInfo, isDemoFault, isDemoHermes, type DemoFault, type DemoHermes } from './faults.js';
import { systemClock } from '../util/clock.js';
import {
  demoScriptPath,
  gatewayLiveness,
  homePaths,
  isPidRunning,
  readDemoOptions,
  readPidRecord,
  readStateFile,
  unlinkQuietly,
  writeDemoOptions,
  writeFaultRequest,
  writePlannedStopMarker,
  type Liveness,
} from './files.js';
import { privateDir } from '../util/private-dir.js';

export interface DemoStartOptions {
  /** Healthy QQ 4009 → resume cycle: a duration (`20s`) or ms. Default: what the last start used, else 30 min. */
  qqCycle?: string | number;
  /** Same as `qqCycle` in ms (`qqCycle` wins when both are given). */
  qqCycleMs?: number;
  /** QQ app id shown in `[QQBot:<app_id>]`. */
  qqAppId?: string;
  /** How long to wait for gateway.pid (default 10 s). */
  timeoutMs?: number;
  /** Which Hermes to play. Default: what the last start used, else legacy (v0.17). */
  hermes?: DemoHermes;
  /**
   * Return once the new gateway has written its own gateway_state.json too (within `timeoutMs`): the playground's
   * first look then reads this life's state, not the state the last session's gateway left.
   */
  untilState?: boolean;
}

export interface DemoStartResult {
  ok: boolean;
  pid?: number;
  /** It was running already; nothing was started. */
  alreadyRunning?: boolean;
  /** What went wrong: `error` in English (scripts, logs), `why` to be worded for its reader. */
  error?: string;
  why?: Phrase;
}

export interface DemoStopResult {
  ok: boolean;
  wasRunning: boolean;
  pid?: number;
  /** It ignored SIGTERM and was killed. */
  killed?: boolean;
  /** Why it was not running. */
  reason?: string;
  error?: string;
  why?: Phrase;
}

export interface DemoRestartResult extends DemoStartResult {
  stopped: DemoStopResult;
}

export interface DemoStatus extends Liveness {
  state: GatewayStateFile | null;
}

export interface DemoInjectResult {
  ok: boolean;
  fault: string;
  /** Undefined for an unknown fault. */
  when?: 'now' | 'next-start';
  /** SIGUSR2 was sent to a live gateway (or the updater was started: its pid). */
  delivered: boolean;
  pid?: number;
  /** The fault needs the demo to play another Hermes: it will from its next start. */
  switched?: DemoHermes;
  error?: string;
  why?: Phrase;
  /** The fault needs a live gateway and none runs: why not (its liveness reason, e.g. `no pid file`). */
  notRunning?: string;
}

export interface DemoInjectOptions {
  /** `update`: how long the gateway stays down (default 60 s). */
  updateWindowMs?: number;
}

/** What `heal` fixed, in order. */
export type DemoHealStep =
  | 'other-poller'
  | 'whatsapp-paired'
  | 'update-marker'
  | 'fault-dropped'
  | 'restarted'
  | 'started';

/** A heal's steps in the reader's words, and the one line that ends it: what was healed, or that nothing was. */
export function healWords(locale: Locale, done: readonly DemoHealStep[]): { steps: string[]; result: string } {
  const steps = done.map((d) => t(locale, `demo.heal.step.${d}`));
  // Restarting is how a heal ends, not something it healed.
  const healed = done.filter((d) => d !== 'restarted' && d !== 'started').map((d) => t(locale, `demo.heal.step.${d}`));
  return {
    steps,
    result: healed.length
      ? t(locale, 'demo.heal.result', { what: healed.join(t(locale, 'demo.heal.result.sep')) })
      : t(locale, 'demo.heal.nothing'),
  };
}

export interface DemoHealResult {
  ok: boolean;
  done: DemoHealStep[];
  pid?: number;
  error?: string;
  why?: Phrase;
}

/** A failure as the results carry it: in English and as a text for its reader. */
const failure = (why: Phrase) => ({ error: phrase('en', why), why });

const POLL_MS = 25;

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = systemClock.now() + timeoutMs;
  while (await isPidRunning(pid)) {
    if (systemClock.now() >= deadline) return false;
    await systemClock.sleep(POLL_MS);
  }
  return true;
}

function kill(pid: number, signal: NodeJS.Signals, group = false): void {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    if (group) kill(pid, signal);
  }
}

/** argv of a live process: /proc on Linux, `ps` elsewhere (split on spaces: enough to find our script and --home). */
async function argvOf(pid: number): Promise<string[] | null> {
  if (process.platform === 'linux') {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    return raw ? raw.replace(/\0+$/, '').split('\0') : null;
  }
  return new Promise((resolve) =>
    execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, out) =>
      resolve(err || !out.trim() ? null : out.trim().split(/\s+/)),
    ),
  );
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/**
 * Did this supervisor start it? Only our demo gateway script running for this home qualifies: gateway.pid can name
 * any `gateway run` (a real Hermes gateway, another tool's process), and the demo must never signal those.
 */
export async function isDemoGateway(pid: number, home: string): Promise<boolean> {
  const argv = await argvOf(pid);
  if (!argv) return false;
  const script = argv.findIndex((a) => a.endsWith('.js') && sameFile(a, demoScriptPath('gateway')));
  if (script < 0 || argv[script + 1] !== 'gateway' || argv[script + 2] !== 'run') return false;
  const h = argv.indexOf('--home', script);
  return h > 0 && argv[h + 1] !== undefined && sameFile(argv[h + 1]!, home);
}

/** Our gateway runs detached, in a process group of its own: only then is the group ours to signal. */
async function leadsOwnGroup(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  return pgrp === pid;
}

function notOurs(pid: number, home: string): Phrase {
  return { key: 'demo.ctl.not_ours', params: { pid, file: homePaths(home).pid, home } };
}

function cycleMs(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 100 ? Math.round(v) : null;
  const ms = parseDuration(v);
  return ms !== null && ms >= 100 ? ms : null;
}

/** The pid of the gateway whose gateway_state.json this is, once it has written one past its start (any state). */
async function stateOf(file: string): Promise<number | undefined> {
  try {
    const s = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; gateway_state?: unknown };
    return s.gateway_state !== 'starting' && typeof s.pid === 'number' ? s.pid : undefined;
  } catch {
    return undefined;
  }
}

export async function startDemo(home: string, opts: DemoStartOptions = {}): Promise<DemoStartResult> {
  home = path.resolve(home);
  const paths = homePaths(home);
  // The demo's home and logs are its user's alone, as gatewatch's state_dir they live in.
  await privateDir(home);
  await privateDir(paths.logDir);
  const live = await gatewayLiveness(home);
  if (live.alive && !(await isDemoGateway(live.pid!, home)))
    return { ok: false, pid: live.pid, ...failure(notOurs(live.pid!, home)) };
  if (live.alive) return { ok: true, pid: live.pid, alreadyRunning: true };

  const saved = await readDemoOptions(home);
  const wanted = opts.qqCycle ?? opts.qqCycleMs;
  const cycle = wanted === undefined ? saved.qq_cycle_ms : cycleMs(wanted);
  if (cycle === null)
    return { ok: false, ...failure({ key: 'demo.ctl.bad_cycle', params: { value: String(wanted) } }) };
  const appId = opts.qqAppId ?? saved.qq_app_id;
  if (appId !== undefined && !/^\d+$/.test(appId))
    return { ok: false, ...failure({ key: 'demo.ctl.bad_app_id', params: { value: appId } }) };
  const hermes = opts.hermes ?? saved.hermes;
  if (hermes !== undefined && !isDemoHermes(hermes))
    return { ok: false, ...failure({ key: 'demo.ctl.bad_hermes', params: { value: String(hermes) } }) };
  await writeDemoOptions(home, { qq_cycle_ms: cycle, qq_app_id: appId, hermes });

  const args = [demoScriptPath('gateway'), 'gateway', 'run', '--home', home];
  if (cycle) args.push('--qq-cycle', `${cycle}ms`);
  if (appId) args.push('--qq-app-id', appId);
  if (hermes) args.push('--hermes', hermes);
  const out = await open(paths.stdout, 'a', 0o600);
  let child;
  try {
    // Detached in its own process group, like a service: it must outlive this command.
    child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', out.fd, out.fd],
      cwd: home,
      env: { ...process.env, HERMES_HOME: home },
    });
  } finally {
    await out.close();
  }
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
  child.once('error', (e) => (exited = e.message));
  const pid = child.pid;
  const deadline = systemClock.now() + (opts.timeoutMs ?? 10_000);
  let recorded = false;
  while (pid !== undefined && systemClock.now() < deadline) {
    recorded ||= (await readPidRecord(home))?.pid === pid;
    if (recorded && (!opts.untilState || (await stateOf(paths.state)) === pid)) {
      child.unref();
      return { ok: true, pid };
    }
    if (exited !== undefined) break;
    await systemClock.sleep(POLL_MS);
  }
  // Started, its own state not written yet (a start with its platforms queued for retry, a busy box): started all the
  // same; only a gateway that never claimed its pid file is a failed start. One last look: on a starved box the claim
  // can land after the loop's last poll, and a gateway killed then dies with its state saying it runs.
  if (pid !== undefined && exited === undefined) recorded ||= (await readPidRecord(home))?.pid === pid;
  if (recorded && exited === undefined) {
    child.unref();
    return { ok: true, pid };
  }
  if (pid !== undefined && exited === undefined) kill(pid, 'SIGKILL', true);
  child.unref();
  return {
    ok: false,
    pid,
    ...failure(
      exited !== undefined
        ? { key: 'demo.ctl.exited', params: { how: exited, log: paths.stdout } }
        : { key: 'demo.ctl.no_pid_file', params: { log: paths.stdout } },
    ),
  };
}

/** Planned stop, as `hermes gateway stop` does it: marker, SIGTERM, wait; SIGKILL after `timeoutMs` (10 s). */
export async function stopDemo(home: string, opts: { timeoutMs?: number } = {}): Promise<DemoStopResult> {
  home = path.resolve(home);
  const live = await gatewayLiveness(home);
  if (!live.alive) return { ok: true, wasRunning: false, reason: live.reason };
  const pid = live.pid!;
  if (!(await isDemoGateway(pid, home))) return { ok: false, wasRunning: true, pid, ...failure(notOurs(pid, home)) };
  await writePlannedStopMarker(home, live.record!);
  kill(pid, 'SIGTERM');
  if (await waitGone(pid, opts.timeoutMs ?? 10_000)) return { ok: true, wasRunning: true, pid, killed: false };
  // Its children (none today) go too, but only from a group our own detached spawn created.
  const group = (await isDemoGateway(pid, home)) && (await leadsOwnGroup(pid));
  kill(pid, 'SIGKILL', group);
  await unlinkQuietly(homePaths(home).plannedStop);
  const gone = await waitGone(pid, 5_000);
  return {
    ok: gone,
    wasRunning: true,
    pid,
    killed: true,
    ...(gone ? {} : failure({ key: 'demo.ctl.still_running', params: { pid } })),
  };
}

export async function restartDemo(
  home: string,
  opts: DemoStartOptions & { stopTimeoutMs?: number } = {},
): Promise<DemoRestartResult> {
  const stopped = await stopDemo(home, { timeoutMs: opts.stopTimeoutMs });
  if (!stopped.ok) return { ok: false, stopped, error: stopped.error, why: stopped.why };
  return { ...(await startDemo(home, opts)), stopped };
}

export async function demoStatus(home: string): Promise<DemoStatus> {
  home = path.resolve(home);
  return { ...(await gatewayLiveness(home)), state: await readStateFile(home) };
}

/** Which Hermes the demo plays now: the running gateway's own argv, else what its next start will use. */
async function playing(home: string, live: Liveness): Promise<DemoHermes> {
  const argv = live.alive ? ((await argvOf(live.pid!)) ?? live.record?.argv ?? []) : [];
  const i = argv.indexOf('--hermes');
  const named = argv[i + 1];
  if (live.alive) return i >= 0 && isDemoHermes(named) ? named : 'legacy';
  return (await readDemoOptions(home)).hermes ?? 'legacy';
}

/**
 * Write `<home>/.demo-fault` and send SIGUSR2. Next-start faults are kept for the next start. A fault of the other
 * Hermes switches the demo to it and waits for the next start too. The update faults start an updater instead.
 */
export async function injectFault(
  home: string,
  fault: DemoFault | string,
  opts: DemoInjectOptions = {},
): Promise<DemoInjectResult> {
  home = path.resolve(home);
  if (!isDemoFault(fault))
    return {
      ok: false,
      fault,
      delivered: false,
      ...failure({
        key: 'cli.demo.unknown_fault',
        params: { fault, faults: DEMO_FAULTS.map((f) => f.name).join(', ') },
      }),
    };
  const info = faultInfo(fault);
  const { when } = info;
  const live = await gatewayLiveness(home);
  if (live.alive && !(await isDemoGateway(live.pid!, home)))
    return { ok: false, fault, when, delivered: false, pid: live.pid, ...failure(notOurs(live.pid!, home)) };
  const plays = await playing(home, live);
  if (info.hermes && info.hermes !== plays) {
    await privateDir(home);
    await writeDemoOptions(home, { ...(await readDemoOptions(home)), hermes: info.hermes });
    await writeFaultRequest(home, fault, when === 'now');
    return { ok: true, fault, when: 'next-start', delivered: false, switched: info.hermes };
  }
  // Down for its update (the `update` fault's updater): that brings it back; no start is needed, none to suggest.
  const updating = when === 'now' && !live.alive ? await updaterRunning(home) : undefined;
  if (updating !== undefined)
    return {
      ok: false,
      fault,
      when,
      delivered: false,
      pid: updating,
      ...failure({ key: 'demo.ctl.update_in_progress', params: { pid: updating } }),
    };
  if (when === 'now' && !live.alive)
    return {
      ok: false,
      fault,
      when,
      delivered: false,
      notRunning: live.reason,
      ...failure({ key: 'demo.ctl.gateway_not_running', params: { reason: live.reason ?? '?' } }),
    };
  if (info.byUpdater) return startUpdater(home, fault, opts);
  await privateDir(home);
  await writeFaultRequest(home, fault);
  if (!live.alive) return { ok: true, fault, when, delivered: false };
  kill(live.pid!, 'SIGUSR2');
  return { ok: true, fault, when, delivered: true, pid: live.pid };
}

async function updaterRunning(home: string): Promise<number | undefined> {
  const text = await readFile(homePaths(home).updateMarker, 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && (await isPidRunning(pid)) ? pid : undefined;
}

async function startUpdater(home: string, fault: DemoFault, opts: DemoInjectOptions): Promise<DemoInjectResult> {
  const busy = await updaterRunning(home);
  if (busy)
    return {
      ok: false,
      fault,
      when: 'now',
      delivered: false,
      pid: busy,
      ...failure({ key: 'demo.ctl.update_running', params: { pid: busy } }),
    };
  const args = [demoScriptPath('ctl'), 'update', '--home', home, '--window', `${opts.updateWindowMs ?? 60_000}ms`];
  if (fault === 'update-stuck') args.push('--stuck');
  if (fault === 'update-left-stopped') args.push('--leave-stopped');
  const out = await open(homePaths(home).stdout, 'a', 0o600);
  let child;
  try {
    // Detached like `hermes update` run from a shell: it outlives this command and the gateway it stops.
    child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out.fd, out.fd], cwd: home });
  } finally {
    await out.close();
  }
  child.unref();
  // The claim is in place before we answer, so a check right after sees the update.
  const deadline = systemClock.now() + 10_000;
  while (systemClock.now() < deadline && !(await updaterRunning(home))) {
    if (child.exitCode !== null) break;
    await systemClock.sleep(POLL_MS);
  }
  return { ok: true, fault, when: 'now', delivered: true, pid: child.pid };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Undo whatever the faults left, as the operator would: the other Telegram poller stops, WhatsApp is re-paired, a dead
 * updater's claim is cleared; then a restart (the demo's own gateway only) brings a clean run. A live update is left to
 * finish: it restarts the gateway itself.
 */
export async function healDemo(
  home: string,
  opts: { stopTimeoutMs?: number; restart?: boolean } = {},
): Promise<DemoHealResult> {
  home = path.resolve(home);
  const paths = homePaths(home);
  // Only a home the demo set up: a real Hermes home's markers and files are not ours to remove.
  if (!(await exists(paths.options)))
    return {
      ok: false,
      done: [],
      ...failure({ key: 'demo.ctl.not_demo_home', params: { home, file: path.basename(paths.options) } }),
    };
  const live = await gatewayLiveness(home);
  if (live.alive && !(await isDemoGateway(live.pid!, home)))
    return { ok: false, done: [], ...failure(notOurs(live.pid!, home)) };
  const busy = await updaterRunning(home);
  if (busy)
    return {
      ok: false,
      done: [],
      pid: busy,
      ...failure({ key: 'demo.ctl.update_in_progress', params: { pid: busy } }),
    };
  const done: DemoHealStep[] = [];
  const clear = async (file: string, step: DemoHealStep) => {
    if (!(await exists(file))) return;
    await unlinkQuietly(file);
    done.push(step);
  };
  await clear(paths.otherPoller, 'other-poller');
  await clear(paths.whatsappLoggedOut, 'whatsapp-paired');
  await clear(paths.whatsappQr, 'whatsapp-paired');
  await clear(paths.updateMarker, 'update-marker');
  await clear(paths.fault, 'fault-dropped');
  // The caller restarts it its own way (gatewatch: its supervised, verified restart).
  if (opts.restart === false) return { ok: true, done };
  const r = await restartDemo(home, { stopTimeoutMs: opts.stopTimeoutMs ?? 3_000 });
  if (!r.ok) return { ok: false, done, error: r.error, why: r.why };
  done.push(r.stopped.wasRunning ? 'restarted' : 'started');
  return { ok: true, done, pid: r.pid };
}
