// Real child processes and temp homes for the probe tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TargetConfig } from '../../src/config/schema.js';

const IDLE = 'setInterval(() => {}, 1000)';
const children: ChildProcess[] = [];
const extraPids: number[] = [];
const dirs: string[] = [];

/**
 * `node -e <code> [args…]`: argv then contains the args, e.g. `gateway run`. A stand-in that only idles is a shell
 * reading its stdin instead (`sh -c 'read _' [args…]`): the same argv after its third word, its own environment and
 * start time, at a hundredth of a node start's CPU, and it ends with the test's process (its stdin closes).
 */
export function spawnIdle(args: string[], env: NodeJS.ProcessEnv, exe = process.execPath, code = IDLE): ChildProcess {
  const child =
    exe === process.execPath && code === IDLE
      ? spawn('/bin/sh', ['-c', 'read _', ...args], { env, stdio: ['pipe', 'pipe', 'ignore'] })
      : spawn(exe, ['-e', code, ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  return child;
}

/** Another process to kill in cleanup (a grandchild). */
export function trackPid(pid: number): void {
  extraPids.push(pid);
}

export function envWithout(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env[name];
  return env;
}

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
  for (const pid of extraPids.splice(0)) {
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
