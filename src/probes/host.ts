// What the probes need to know about the machine they run on, injectable so tests can point them at temp dirs and a
// PATH with fake systemctl/launchctl. Every command runs through `runCommand`: argv only, bounded, never throws.
import { constants as fsc } from 'node:fs';
import { access } from '../util/file-calls.js';
import path from 'node:path';
import { redact } from '../util/redact.js';
import { monotonicMs, type Clock } from '../util/clock.js';
import { homeDir, runEnv } from '../util/run-env.js';

export interface Host {
  platform: NodeJS.Platform;
  homedir: string;
  /** Environment for child commands; its PATH is where commands are looked up. */
  env: NodeJS.ProcessEnv;
  uid: number;
  /** Where system-wide units live (/etc/systemd/system). */
  systemUnitDir: string;
  /** Default timeout of probe commands, ms. */
  timeoutMs: number;
  /** Where runit's service folders are linked from (runit's own defaults unless a test points elsewhere). */
  runitDirs: string[];
  /** Where a host keeps runit's service folders themselves, which those links lead to (`/etc/sv/<name>`). */
  runitSources: string[];
  /** Where s6's scan folders are on a host (s6-rc's live folder, Alpine's and Artix's). */
  s6Dirs: string[];
  /** supervisord's configuration files and the folders of its `[program:x]` files. */
  supervisorConfs: string[];
  /** Where logind keeps a file per user who lingers (`loginctl enable-linger`). */
  lingerDir: string;
  /** The user gatewatch runs as: whose systemd --user manager runs a user unit. */
  user: string;
  /** Exists where systemd is this host's init (sd_booted): only there does a user's manager stop at logout. */
  systemdBooted: string;
  /** Where Podman's Quadlet reads the system's `.container` files (each becomes the unit of its name). */
  quadletDirs: string[];
}

export type HostOptions = Partial<Host>;

/** This process's user name, without asking the password database (HOME's last part where USER is not set). */
function userName(): string {
  const env = runEnv();
  return env.USER || env.LOGNAME || path.basename(homeDir()) || String(process.getuid?.() ?? '');
}

export function hostOf(o: HostOptions = {}): Host {
  return {
    platform: o.platform ?? process.platform,
    homedir: o.homedir ?? homeDir(),
    env: o.env ?? runEnv(),
    uid: o.uid ?? process.getuid?.() ?? 0,
    systemUnitDir: o.systemUnitDir ?? '/etc/systemd/system',
    timeoutMs: o.timeoutMs ?? 10_000,
    runitDirs: o.runitDirs ?? [
      '/etc/service',
      '/var/service',
      '/service',
      '/etc/runit/runsvdir/default',
      '/run/runit/runsvdir/current',
    ],
    runitSources: o.runitSources ?? ['/etc/sv', '/etc/runit/sv'],
    quadletDirs: o.quadletDirs ?? ['/etc/containers/systemd', '/usr/share/containers/systemd'],
    s6Dirs: o.s6Dirs ?? ['/run/service', '/etc/s6/sv', '/var/lib/s6/services', '/etc/s6-rc/sv'],
    supervisorConfs: o.supervisorConfs ?? [
      '/etc/supervisor/supervisord.conf',
      '/etc/supervisord.conf',
      '/etc/supervisor/conf.d',
      '/etc/supervisord.d',
    ],
    lingerDir: o.lingerDir ?? '/var/lib/systemd/linger',
    user: o.user ?? userName(),
    systemdBooted: o.systemdBooted ?? '/run/systemd/system',
  };
}

export interface CommandResult {
  /** undefined when it could not be spawned, timed out or died from a signal. */
  exitCode?: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** A one-line reason when it did not exit 0 (spawn error, timeout, signal, exit code). */
  failure?: string;
  durationMs: number;
}

/** Start times (monotonicMs) of the probe commands running now. */
const running = new Set<number>();

/** How long the oldest probe command still running has run, ms; 0 when none runs. /status reads it. */
export function slowestCommandMs(): number {
  let oldest = Infinity;
  for (const t of running) oldest = Math.min(oldest, t);
  return oldest === Infinity ? 0 : monotonicMs() - oldest;
}

export async function runCommand(
  argv: readonly string[],
  host: Host,
  timeoutMs = host.timeoutMs,
): Promise<CommandResult> {
  const t0 = monotonicMs();
  running.add(t0);
  try {
    return await runCommandNow(argv, host, timeoutMs);
  } finally {
    running.delete(t0);
  }
}

/** The most of a command's stdout or stderr kept; past it the command is stopped (SIGTERM), as execa's maxBuffer did. */
const MAX_OUTPUT = 4 * 1024 * 1024;

/** The lines a command printed, as execa gave them: its final newline (LF or CRLF) stripped. */
const stripFinalNewline = (s: string): string => (s.endsWith('\n') ? s.slice(0, s.endsWith('\r\n') ? -2 : -1) : s);

/**
 * One command, by node:child_process directly. It ran through execa, whose ~100 modules the daemon then held for its
 * life once it had asked a service manager anything: 1.3 MB of an idle daemon's RSS (issue 56). What execa was asked
 * for is all here: argv, no shell, no stdin, the host's environment only (in the C locale), output kept up to 4 MB,
 * and the timeout, spawn's own; a command past it is killed (SIGKILL, where execa sent SIGTERM and SIGKILL 2 s later:
 * a timed-out probe or service command is given up on either way, and none may outlive its timeout for long).
 */
async function runCommandNow(argv: readonly string[], host: Host, timeoutMs: number): Promise<CommandResult> {
  const [cmd, ...args] = argv;
  if (!cmd) return { stdout: '', stderr: '', timedOut: false, failure: 'empty command', durationMs: 0 };
  const started = monotonicMs();
  const { spawn } = await import('node:child_process');
  const r = await new Promise<Ended>((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      // Fixed C locale: the output we parse (systemctl show, launchctl print, ps lstart) must not be translated.
      child = spawn(cmd, args, {
        env: { ...host.env, LC_ALL: 'C', LANG: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
      });
    } catch (err) {
      return resolve({ code: null, signal: null, error: err as NodeJS.ErrnoException, stdout: '', stderr: '' });
    }
    let over = false;
    const collect = (stream: NodeJS.ReadableStream | null) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream?.on('data', (b: Buffer) => {
        if (size >= MAX_OUTPUT) return;
        chunks.push(b);
        size += b.length;
        if (size >= MAX_OUTPUT && !over) {
          over = true;
          child.kill('SIGTERM');
        }
      });
      return () => Buffer.concat(chunks).subarray(0, MAX_OUTPUT).toString('utf8');
    };
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    let error: NodeJS.ErrnoException | undefined;
    // A command that cannot be spawned (ENOENT, EACCES) says so, then closes.
    child.once('error', (e) => (error = e));
    child.once('close', (code, signal) =>
      resolve({ code, signal, error, stdout: out(), stderr: err(), timedOut: child.killed && !over }),
    );
  });
  const stdout = stripFinalNewline(r.stdout);
  const stderr = stripFinalNewline(r.stderr);
  const timedOut = r.timedOut === true;
  const exitCode = r.error || r.code === null ? undefined : r.code;
  let failure: string | undefined;
  if (timedOut) failure = `timed out after ${Math.round(timeoutMs / 1000)}s`;
  else if (exitCode === undefined && r.signal && !r.error) failure = `killed by ${r.signal}`;
  else if (exitCode === undefined)
    failure = `could not run ${path.basename(cmd)}${r.error?.code ? ` (${r.error.code})` : ''}`;
  else if (exitCode !== 0) failure = `exit code ${exitCode}`;
  return {
    exitCode: timedOut ? undefined : exitCode,
    stdout,
    stderr,
    timedOut,
    failure,
    durationMs: Math.round(monotonicMs() - started),
  };
}

/** How a command ended: its exit code or signal, or why it could not start; its output. */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

/**
 * Launches `argv` detached, in its own session, its output appended to `logFile`: for a command that is the long-lived
 * process itself (`hermes gateway run`). Succeeds when it is still running after `settleMs` (it did not fail at once);
 * an exit before that is its failure. Never throws.
 */
export async function launchDetached(
  argv: readonly string[],
  host: Host,
  o: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; settleMs?: number; clock: Pick<Clock, 'timer'> },
): Promise<CommandResult> {
  const [cmd, ...args] = argv;
  const started = monotonicMs();
  const result = (failure: string | undefined, exitCode?: number): CommandResult => ({
    stdout: '',
    stderr: '',
    timedOut: false,
    failure,
    durationMs: Math.round(monotonicMs() - started),
    ...(exitCode !== undefined || !failure ? { exitCode: exitCode ?? 0 } : {}),
  });
  if (!cmd) return result('empty command');
  const { spawn } = await import('node:child_process');
  const { open } = await import('node:fs/promises');
  const out = await open(o.logFile, 'a').catch(() => undefined);
  try {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', out?.fd ?? 'ignore', out?.fd ?? 'ignore'],
      env: { ...host.env, ...o.env },
      ...(o.cwd ? { cwd: o.cwd } : {}),
    });
    const ended = await new Promise<
      { code: number | null; signal: NodeJS.Signals | null } | { error: Error } | undefined
    >((resolve) => {
      const cancel = o.clock.timer(() => resolve(undefined), o.settleMs ?? 1_500);
      child.once('exit', (code, signal) => (cancel(), resolve({ code, signal })));
      child.once('error', (error) => (cancel(), resolve({ error })));
    });
    child.unref();
    if (!ended) return result(undefined, 0);
    if ('error' in ended)
      return result(
        `could not run ${path.basename(cmd)} (${(ended.error as NodeJS.ErrnoException).code ?? ended.error.message})`,
      );
    return ended.signal
      ? result(`killed by ${ended.signal}`)
      : result(`exited at once with code ${ended.code}`, ended.code ?? 1);
  } finally {
    await out?.close();
  }
}

/** The first executable `cmd` on the host's PATH, or undefined. */
export async function which(cmd: string, host: Host): Promise<string | undefined> {
  if (cmd.includes('/')) return (await isExecutable(cmd)) ? cmd : undefined;
  for (const dir of (host.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    if (await isExecutable(p)) return p;
  }
  return undefined;
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function fileExists(p: string): Promise<boolean> {
  try {
    await access(p, fsc.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Command output made short enough for a chat/audit detail, credentials masked. When too long, the first line (where
 * systemctl and most tools say what failed) and the last line are kept.
 */
export function trimDetail(text: string, max = 300): string {
  const lines = redact(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const all = lines.join(' | ');
  if (all.length <= max) return all;
  const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
  const half = Math.floor((max - 5) / 2);
  return lines.length === 1 ? cut(lines[0]!, max) : `${cut(lines[0]!, half)} | … | ${cut(lines.at(-1)!, half)}`;
}
