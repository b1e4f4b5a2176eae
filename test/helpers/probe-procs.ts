// Real child processes and temp homes for the probe tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TargetConfig } from '../../src/config/schema.js';
import { until } from './until.js';
import { statField } from './proc.js';

const IDLE = 'setInterval(() => {}, 1000)';
const children: ChildProcess[] = [];
const extraPids: { pid: number; ticks?: number }[] = [];
const dirs: string[] = [];

/**
 * `node -e <code> [args…]`: argv then contains the args, e.g. `gateway run`. A stand-in that only idles is a shell
 * reading its stdin instead (`sh -c 'read _' [args…]`): the same argv after its third word, its own environment and
 * start time, at a hundredth of a node start's CPU, and it ends with the test's process (its stdin closes).
 */
export function spawnIdle(
  args: string[],
  env: NodeJS.ProcessEnv,
  exe = process.execPath,
  code = IDLE,
  o: { uid?: number } = {},
): ChildProcess {
  const as = o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {};
  const child =
    exe === process.execPath && code === IDLE
      ? spawn('/bin/sh', ['-c', 'read _', ...args], { env, stdio: ['pipe', 'pipe', 'ignore'], ...as })
      : spawn(exe, ['-e', code, ...args], { env, stdio: ['ignore', 'pipe', 'ignore'], ...as });
  children.push(child);
  return child;
}

/**
 * spawnIdle's stand-in started by a parent that never waits for it (a shell that becomes a `sleep`): killed, it stays
 * a zombie, as a lazy init leaves a killed orphan for up to a second, until cleanup ends the parent. Its pid. (A job in
 * the background reads /dev/null: the stand-in reads the test's pipe as fd 3, so it ends with the test's process.)
 */
export async function spawnUnreaped(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parent = spawn(
    '/bin/sh',
    ['-c', 'exec 3<&0; sh -c "read _ <&3" "$@" & echo $!; exec sleep 600', 'sh', ...args],
    {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    },
  );
  children.push(parent);
  const [out] = (await once(parent.stdout!, 'data')) as [Buffer];
  const pid = Number(String(out).trim());
  trackPid(pid);
  // Until the parent is `sleep`: the shell before its exec may still reap a child killed meanwhile (a busy box).
  await until(
    'the parent that never reaps',
    async () => (await readFile(`/proc/${parent.pid}/comm`, 'utf8')) === 'sleep\n',
  );
  return pid;
}

/**
 * Whether this host lets a test choose the next pid (root: /proc/sys/kernel/ns_last_pid), so that a pid just freed can
 * be given to another process, as a busy host reuses one.
 */
export const canReusePids = process.platform === 'linux' && process.getuid?.() === 0;

/** Whether util-linux's flock is here: Hermes' gateway.lock taken and waited on as the host's tools do. */
export const hasFlock = process.platform === 'linux' && spawnSync('flock', ['-V'], { stdio: 'ignore' }).status === 0;
/** Perl with Fcntl's flock (Debian's perl-base): a stand-in whose own process holds a lock, as Hermes' Python does. */
export const hasPerlFlock = spawnSync('perl', ['-MFcntl=:flock', '-e', '1'], { stdio: 'ignore' }).status === 0;

/**
 * `pid`, freed by a process that started at `ticks` (startTicksOf), given to another one: spawnIdle's stand-in, the
 * kernel's last pid set to the one before it (tried again while another process on the host holds the pid, until it has
 * ended and freed it again). On a busy box another process may take it first and keep it: one that has held it for
 * HELD_MS serves as well (`child` then absent), as one about to end would not. Either starts a clock tick after the one
 * that had the pid at least, as a reused pid does: the two tell apart by start.
 */
export async function spawnIdleAt(
  pid: number,
  ticks: number,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ pid: number; child?: ChildProcess }> {
  await until(
    'a clock tick since the first start',
    async () => uptimeTicks(await readFile('/proc/uptime', 'utf8')) > ticks,
  );
  let held: { ticks: number; since: number } | undefined;
  return until(
    `pid ${pid} given to a new process`,
    async () => {
      if (existsSync(`/proc/${pid}`)) {
        const t = await startTicksOf(pid).catch(() => undefined);
        if (t === undefined || t === ticks) held = undefined;
        else if (held?.ticks !== t) held = { ticks: t, since: Date.now() };
        return held && Date.now() - held.since >= HELD_MS ? { pid } : undefined;
      }
      await writeFile('/proc/sys/kernel/ns_last_pid', String(pid - 1));
      const child = spawnIdle(args, env);
      if (child.pid === pid) return { pid, child };
      child.kill('SIGKILL');
      await exited(child);
      return undefined;
    },
    { timeoutMs: 30_000, everyMs: 10 },
  );
}

/** The descriptors this process holds open on `file` (Linux). */
export function descriptorsOn(file: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  });
}

/** How long another process must have held a freed pid to stand for the one a test meant to start there. */
const HELD_MS = 2_000;

/** Another process to kill in cleanup (a grandchild): the one running under `pid` now, not a later holder of it. */
export function trackPid(pid: number): void {
  extraPids.push({ pid, ticks: ticksNow(pid) });
}

/** Field 22 of /proc/<pid>/stat (when it started, in clock ticks since boot); undefined once it is gone. */
const ticksNow = (pid: number) => statField(pid, 19);

/**
 * Sends `signal` to each of `pids` that is still a process of `home` (as every gateway and updater a test starts for
 * its home is). A pid kept from earlier in a test may have ended and been handed
 * on: pid_max is 32,768 on a stock kernel and the suite starts tens of thousands of processes, so a pid signalled blind
 * in cleanup ended another file's process (an `unshare` in test/probes/disk.test.ts, killed before it was ready).
 */
export function signalOfHome(pids: Iterable<number>, home: string, signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of pids) {
    if (!ofHome(pid, home)) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // gone since
    }
  }
}

/** HERMES_HOME=home in its environment, or `home` one of its arguments (the demo's updater: `ctl.js update --home`). */
function ofHome(pid: number, home: string): boolean {
  try {
    return (
      readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HERMES_HOME=${home}`) ||
      readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').includes(home)
    );
  } catch {
    return false;
  }
}

export function envWithout(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env[name];
  return env;
}

/** /proc/uptime in clock ticks (a hundredth of a second), as a process's start is given. */
const uptimeTicks = (text: string) => Math.floor(Number(text.split(' ')[0]) * 100);

/** Field 22 of /proc/<pid>/stat, parsed here independently of the code under test. */
export async function startTicksOf(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

export async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

export async function tempDir(prefix = 'gw-probe-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export async function writeExecutable(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await chmod(file, 0o755);
}

export function makeTarget(home: string, over: Partial<TargetConfig> = {}): TargetConfig {
  return {
    name: 'test',
    hermes_home: home,
    log_file: path.join(home, 'logs', 'gateway.log'),
    agent_log_file: path.join(home, 'logs', 'agent.log'),
    state_file: path.join(home, 'gateway_state.json'),
    pid_file: path.join(home, 'gateway.pid'),
    service: { manager: 'auto', scope: 'user' },
    profile: '',
    ...over,
  };
}

export async function cleanup(): Promise<void> {
  for (const { pid, ticks } of extraPids.splice(0)) {
    // Only the process tracked: one that ended since left its pid to whatever started next, maybe another file's.
    if (ticks === undefined || ticksNow(pid) !== ticks) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const all = children.splice(0);
  for (const c of all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(all.map(exited));
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/**
 * Ends the pause process (`podman pause`) that a rootless Podman of the user whose HOME is `home` leaves behind: it
 * holds the user's namespace for that user's next podman, and would outlive the test that made it.
 */
export function endPodmanPause(home: string): void {
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'podman pause') continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HOME=${home}`)) continue;
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Gone, or not ours to read.
    }
  }
}
