// Is the gateway process alive? Hermes' own check: gateway.pid names a live pid whose start time (field 22 of
// /proc/<pid>/stat, clock ticks since boot) matches, and whose cmdline looks like `… gateway run`. The state file's
// `running` is never enough (it survives SIGKILL and is deliberately kept after an unexpected SIGTERM).
import { readFileSync } from 'node:fs';
import { readlink, realpath, stat } from '../util/file-calls.js';
import { homeDirOf } from '../util/accounts.js';
import { CONTAINER_HOME, hasBootLog, rootOf } from './container-home.js';
import path from 'node:path';
import type { GatewayProcess, PidRecord, ProcessEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { hostOf, runCommand, type Host, type HostOptions } from './host.js';
import { redact } from '../util/redact.js';
import { pidExists } from '../util/pid.js';
import { KiB, readCapped, type CapOptions, readProcLineSync, readProcText } from '../util/read-capped.js';
import { bootEpochMs } from '../util/clock.js';
import { containerIdOf, hostPathsOf, hostPidOf, lastHostPid, type RecordOwner } from './pid-namespace.js';

/** gateway.pid is one short JSON line; a bigger one is not Hermes'. */
const MAX_PID_FILE_BYTES = 4 * KiB;
/** /proc/<pid>/cmdline and environ are bounded by ARG_MAX; their heads are enough for what we look for. */
export const PROC_ARGS_BYTES = 256 * KiB;

const CLK_TCK = 100; // USER_HZ is 100 on every Linux ABI Node runs on

import { parseProcStat, type ProcStat } from './proc-stat.js';

export { parseProcStat, type ProcStat };

/** The start time (clock ticks since boot) of a live process, as gateway.pid's start_time records it; Linux only. */
export async function procStartTicks(pid: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  return (await readProcStat(pid).catch(() => null))?.startTicks;
}

export async function readProcStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readProcText(`/proc/${pid}/stat`, 4 * KiB));
  } catch {
    return null;
  }
}

export async function readCmdline(pid: number): Promise<string[] | null> {
  try {
    const raw = await readProcText(`/proc/${pid}/cmdline`, PROC_ARGS_BYTES);
    if (!raw) return null; // kernel threads and zombies have an empty cmdline
    return raw.replace(/\0+$/, '').split('\0');
  } catch {
    return null;
  }
}

let bootMs: number | undefined;
/**
 * Boot time (epoch ms), read once: the wall clock less `/proc/uptime`'s seconds since boot (to the hundredth, as
 * /proc's process start ticks are), so that a process's start is exact whatever the boot's fraction of a second.
 */
export async function bootTimeMs(): Promise<number | undefined> {
  if (bootMs !== undefined) return bootMs;
  try {
    // Read and dated in one turn: an async read is dated when a busy loop gets to its answer, and the boot, late by
    // that wait, puts process starts in the future. A read of /proc/uptime does not block.
    const m = /^(\d+(?:\.\d+)?)\s/.exec(readFileSync('/proc/uptime', 'latin1'));
    if (m) bootMs = bootEpochMs(Number(m[1]));
  } catch {
    /* not Linux */
  }
  return bootMs;
}

/**
 * Sets the boot time process starts are read against, as a host whose clock of process starts is off by that much
 * would read them (a test's, to run a verdict with the boot's fraction both ways); undefined reads /proc again.
 */
export function setBootTimeMs(ms: number | undefined): void {
  bootMs = ms;
}

/** The boot time process starts are read against (epoch ms); undefined off Linux. */
export const readBootTimeMs = (): Promise<number | undefined> => bootTimeMs();

export function ticksToEpochMs(ticks: number, boot: number): number {
  return boot + Math.round((ticks * 1000) / CLK_TCK);
}

/** Epoch ms of a process start given as /proc stat ticks since boot; undefined off Linux. */
export async function ticksToStartedAt(ticks: number): Promise<number | undefined> {
  const boot = await bootTimeMs();
  return boot === undefined ? undefined : ticksToEpochMs(ticks, boot);
}

/** `… gateway run …` as separate argv elements. A bare trailing `gateway` of a hermes command also runs the gateway. */
export function isGatewayRunArgv(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== 'gateway') continue;
    if (argv[i + 1] === 'run') return true;
    if (i === argv.length - 1 && argv.slice(0, i).some((a) => /hermes/i.test(a))) return true;
  }
  return false;
}

/** gateway.pid: JSON `{"pid","kind","argv","start_time"}` or a bare integer. `open`: readCapped's. */
export async function readPidFile(
  file: string,
  open?: CapOptions['open'],
): Promise<{ record: PidRecord | null; error?: string }> {
  let text: string;
  try {
    text = await readCapped(file, MAX_PID_FILE_BYTES, { open });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { record: null };
    if (code === 'ENOTREG' || code === 'EFBIG') return { record: null, error: (err as Error).message };
    return { record: null, error: `cannot read ${file} (${code ?? String(err)})` };
  }
  return parsePidFile(text, file);
}

function parsePidFile(text: string, file = 'gateway.pid'): { record: PidRecord | null; error?: string } {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const pid = Number(t);
    return pid > 0 ? { record: { pid } } : { record: null, error: `${file}: invalid pid ${t}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(t);
  } catch {
    return { record: null, error: `${file}: not JSON and not a pid (${t.slice(0, 40) || 'empty'})` };
  }
  const d = data as Record<string, unknown>;
  if (typeof data === 'number' && Number.isInteger(data) && data > 0) return { record: { pid: data } };
  if (!d || typeof d !== 'object' || !Number.isInteger(d.pid) || (d.pid as number) <= 0) {
    return { record: null, error: `${file}: no valid "pid"` };
  }
  const record: PidRecord = { pid: d.pid as number };
  if (typeof d.kind === 'string') record.kind = d.kind;
  if (Array.isArray(d.argv) && d.argv.every((a) => typeof a === 'string')) record.argv = d.argv as string[];
  if (typeof d.start_time === 'number' && Number.isFinite(d.start_time)) record.start_time = d.start_time;
  if (typeof d.hermes_home === 'string' && d.hermes_home) record.hermes_home = d.hermes_home;
  return { record };
}

interface Inspected {
  exists: boolean;
  /** The look itself failed (ps timed out or could not run): whether it runs is not known. */
  unknown?: string;
  /** Start time in Hermes' unit: ticks since boot (Linux) or create_time*100 (macOS). */
  startTime?: number;
  startedAt?: number;
  argv?: string[];
  cmdline?: string;
}

async function inspectLinux(pid: number): Promise<Inspected> {
  const stat = await readProcStat(pid);
  // /proc mounted with hidepid hides other users' processes: then only a signal-0 probe can tell, and nothing more.
  if (!stat) return { exists: pidExists(pid) };
  if (stat.state === 'Z' || stat.state === 'X') return { exists: false };
  // Empty is a process whose memory is gone (exiting), and so is one gone since its stat; a read that failed otherwise
  // (a full fd table) leaves its argv unknown.
  const argv = await readProcText(`/proc/${pid}/cmdline`, PROC_ARGS_BYTES).then(
    (raw) => (raw ? raw.replace(/\0+$/, '').split('\0') : []),
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ESRCH' ? [] : undefined),
  );
  const boot = await bootTimeMs();
  return {
    exists: true,
    startTime: stat.startTicks,
    startedAt: boot === undefined ? undefined : ticksToEpochMs(stat.startTicks, boot),
    argv,
    cmdline: argv?.join(' '),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ps -o lstart=` in the C locale: `Mon Jun 22 08:00:03 2026` (local time). */
export function parseLstart(s: string): number | undefined {
  const m = /^\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d\d):(\d\d):(\d\d)\s+(\d{4})/.exec(s);
  if (!m) return undefined;
  const mon = MONTHS.indexOf(m[1]!);
  if (mon < 0) return undefined;
  return new Date(Number(m[6]), mon, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
}

async function inspectPs(pid: number, host: Host): Promise<Inspected> {
  const r = await runCommand(['ps', '-o', 'lstart=,command=', '-p', String(pid)], host);
  // ps that ran and found no such process exits 1 saying nothing; one that timed out (a starved host) said nothing.
  if (r.exitCode === undefined) return { exists: false, unknown: `ps: ${r.failure}` };
  const line = r.stdout.split('\n').find((l) => l.trim());
  if (r.exitCode !== 0 || !line) return { exists: false };
  const startedAt = parseLstart(line);
  const cmdline = line.replace(/^\s*\w{3}\s+\w{3}\s+\d{1,2}\s+[\d:]{8}\s+\d{4}\s+/, '').trim();
  return {
    exists: true,
    startedAt,
    startTime: startedAt === undefined ? undefined : Math.round(startedAt / 10),
    argv: cmdline.split(/\s+/),
    cmdline,
  };
}

function startMatches(recorded: number, actual: number | undefined, platform: NodeJS.Platform): boolean {
  if (actual === undefined) return true; // cannot tell: do not call it reused
  // Linux: exact ticks. macOS: psutil create_time*100 against ps' whole seconds.
  return platform === 'linux' ? recorded === actual : Math.abs(recorded - actual) <= 200;
}

/**
 * A container's record read for `target`: the process it maps to must show the target's home at the home it recorded
 * (its root at `/opt/data` where it names none). `orOther`: RecordOwner's.
 */
export function recordOwner(target: TargetConfig, record: PidRecord, orOther = false): RecordOwner {
  return {
    home: target.hermes_home,
    orOther,
    async serves(hostPid) {
      const paths = await hostPathsOf(hostPid, record.hermes_home ?? CONTAINER_HOME);
      if (!paths.length) return 'unknown';
      // A record that names no home is the image's root gateway's: its /opt/data is the root of a profile's home.
      const homes = record.hermes_home ? [target.hermes_home] : [target.hermes_home, rootOf(target.hermes_home).root];
      const want = await Promise.all(homes.map((h) => canonical(h)));
      return (await Promise.all(paths.map((p) => canonical(p)))).some((p) => want.includes(p));
    },
  };
}

/**
 * gateway.pid's process, alive or not and why. `table`: a one-shot look's process table (keptProcessTable), whose
 * gateways in a container are asked first for the one a container's record names; `open`: how gateway.pid is opened
 * (a one-shot look's, in its turn).
 */
export async function probeProcess(
  target: TargetConfig,
  opts: HostOptions & { table?: ProcessTable; open?: CapOptions['open'] } = {},
): Promise<ProcessEvidence> {
  const host = hostOf(opts);
  const { record, error } = await readPidFile(target.pid_file, opts.open);
  if (!record) return { pidFile: null, ...(error ? { pidFileError: error } : {}), alive: false, reason: 'no pid file' };
  const direct = await probeRecorded(target, record, record.pid, host);
  if (direct.alive || host.platform !== 'linux') return direct;
  // Not this host's process: a gateway in a container recorded its pid as the container sees it. Looked for only where
  // the record or the home says a container (a host gateway that died costs no scan of the host's processes). A
  // record of the image's home is one even where it is this gatewatch's home too: gatewatch's own container beside
  // Hermes' mounts the same volume at the same /opt/data, and sees the host's processes.
  const owner = recordOwner(target, record, true);
  const former = lastHostPid(record.pid, record.start_time, owner);
  const foreign =
    record.hermes_home !== undefined &&
    (inContainerHome(record.hermes_home) || !(await sameHome(record.hermes_home, target.hermes_home)));
  if (!foreign && former === undefined && !(await hasBootLog(target.hermes_home))) return direct;
  const { table } = opts;
  const boxed = table && (async () => (await table.list(host)).list.filter((c) => c.nested).map((c) => c.pid));
  const hostPid = await hostPidOf(record.pid, record.start_time, owner, boxed);
  if (hostPid === undefined)
    // A record written inside another mount namespace (`/opt/data`) names no process of this host: none is judged by it.
    return {
      pidFile: record,
      alive: false,
      nsPid: record.pid,
      ...(former ? { pid: former } : {}),
      reason: 'not running',
    };
  const inside = await probeRecorded(target, record, hostPid, host, true);
  const container = await containerIdOf(hostPid);
  return { ...inside, nsPid: record.pid, ...(container ? { container } : {}) };
}

/** The record's process looked at as host pid `pid`; `nested`: in a container, its paths its own mount namespace's. */
async function probeRecorded(
  target: TargetConfig,
  record: PidRecord,
  pid: number,
  host: Host,
  nested = false,
): Promise<ProcessEvidence> {
  const ev: ProcessEvidence = { pidFile: record, alive: false, pid };
  const info = host.platform === 'linux' ? await inspectLinux(pid) : await inspectPs(pid, host);
  if (info.unknown) return { ...ev, reason: 'unknown', error: info.unknown };
  if (!info.exists) return { ...ev, reason: 'not running' };
  ev.cmdline = info.cmdline === undefined ? undefined : redact(info.cmdline);
  if (record.start_time !== undefined && !startMatches(record.start_time, info.startTime, host.platform)) {
    return { ...ev, reason: 'pid reused' };
  }
  // The recorded process itself, its memory already gone: it is exiting (a kernel thread has no recorded start).
  if (info.argv?.length === 0 && record.start_time !== undefined) return { ...ev, reason: 'not running' };
  if (info.argv && !isGatewayRunArgv(info.argv)) return { ...ev, reason: 'not a gateway' };
  // A pid file can name another profile's gateway (a copied home, a bare pid written by a script): that one being
  // alive says nothing about this home's gateway.
  if (nested) {
    // In a container: the home it recorded (else the one its environment or flags name there), through its own mounts,
    // must be this one. Older records name no home (v0.20.2's).
    const inside = record.hermes_home ? [record.hermes_home] : await servedHomes(pid, info.argv ?? [], '/root', true);
    const paths = (await Promise.all(inside.map((h) => hostPathsOf(pid, h)))).flat();
    const want = await canonical(target.hermes_home);
    if (paths.length && !(await Promise.all(paths.map((p) => canonical(p)))).includes(want))
      return { ...ev, reason: 'other home', otherHome: paths[0] };
  } else if (info.argv && host.platform === 'linux') {
    const served = await servedHomes(pid, info.argv, host.homedir);
    const want = await canonical(target.hermes_home);
    if (served.length && !(await Promise.all(served.map((p) => canonical(p)))).includes(want)) {
      return { ...ev, reason: 'other home', otherHome: served[0] };
    }
  }
  return { ...ev, alive: true, startedAt: info.startedAt };
}

const inContainerHome = (home: string) => home === CONTAINER_HOME || home.startsWith(`${CONTAINER_HOME}/`);

async function sameHome(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([canonical(a), canonical(b)]);
  return x === y;
}

/**
 * The Hermes homes a live gateway may serve, as Hermes resolves its home: HERMES_HOME in its environment, else
 * `--profile` / `-p` in its argv (Hermes sets HERMES_HOME from the flag after exec, which /proc/<pid>/environ does not
 * show), else the root's sticky `active_profile`, else the root. With neither variable nor flag both the root and the
 * sticky profile are listed: `hermes profile use` may have changed it since that gateway started. Empty when it cannot
 * be told (another user's process: its environment is unreadable) and no flag says it: then nobody is accused.
 */
async function servedHomes(pid: number, argv: readonly string[], homedir: string, nested = false): Promise<string[]> {
  const env = await readEnviron(pid);
  const explicit = !!env?.HERMES_HOME || profileFlag(argv) !== undefined;
  if (!env && !explicit) return [];
  // No HOME (runit's chpst -u, supervisord's user=): `~` is its user's home, not the caller's.
  const own = env && !env.HOME && !nested && needsHome(env) ? await ownerHome(pid) : undefined;
  if (env && !env.HOME && !nested && needsHome(env) && own === undefined && !explicit) return [];
  const userHome = env?.HOME || own || homedir;
  const fromEnv = env?.HERMES_HOME;
  if (fromEnv && !path.isAbsolute(fromEnv) && !fromEnv.startsWith('~/')) {
    // Relative to the gateway's working directory, not ours.
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    return cwd === undefined ? [] : [path.resolve(cwd, fromEnv)];
  }
  const home = homeOfProcess(argv, env, userHome);
  if (explicit) return [home];
  const sticky = await readCapped(path.join(home, 'active_profile'), 4 * KiB).then(
    (t) => t.trim(),
    () => '',
  );
  const valid = sticky && sticky !== 'default' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(sticky);
  return valid ? [home, path.join(home, 'profiles', sticky)] : [home];
}

function profileFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '--profile' || a === '-p') && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith('--profile=')) return a.slice('--profile='.length);
  }
  return undefined;
}

/** /proc/<pid>/stat read in this turn (readProcLineSync: the poll's read costs it a tenth). */
export function readProcStatNow(pid: number): ProcStat | null {
  try {
    return parseProcStat(readProcLineSync(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
}

/**
 * Whether process `pid` (started at `startTime`, in ticks) is gone, told in this turn: on Linux by its stat line, so a
 * zombie (killed, its parent has not reaped it yet: a lazy init takes up to a second) and a reused pid are gone too;
 * elsewhere only a process no signal reaches is.
 */
export function goneNow(pid: number, startTime?: number, opts: HostOptions = {}): boolean {
  if (hostOf(opts).platform !== 'linux') return !pidExists(pid);
  const stat = readProcStatNow(pid);
  // hidepid: it cannot be seen, only asked whether it exists.
  if (!stat) return !pidExists(pid);
  return stat.state === 'Z' || stat.state === 'X' || (startTime !== undefined && stat.startTicks !== startTime);
}

/**
 * Cheap liveness for the 2-second poll: on Linux one read of /proc/<pid>/stat (no spawn, in the same turn: the poll's
 * cost at idle is its wake-ups); the start time, when given, must match so a reused pid reads as dead. Elsewhere a
 * signal-0 probe, plus `ps` when a start time is given. Throws when it cannot tell (ps timed out): no answer is not a
 * death.
 */
export async function isAlive(pid: number, startTime?: number, opts: HostOptions = {}): Promise<boolean> {
  const host = hostOf(opts);
  if (host.platform === 'linux') return !goneNow(pid, startTime, opts);
  if (!pidExists(pid)) return false;
  if (startTime === undefined) return true;
  const info = await inspectPs(pid, host);
  if (info.unknown) throw new Error(info.unknown);
  return info.exists && startMatches(startTime, info.startTime, host.platform);
}

/** The Hermes home a `gateway run` process serves: HERMES_HOME in its environment, else `--profile`/`-p`, else ~/.hermes. */
export function homeOfProcess(argv: readonly string[], env: Record<string, string> | null, homedir: string): string {
  const fromEnv = env?.HERMES_HOME;
  if (fromEnv) return path.resolve(fromEnv.startsWith('~/') ? path.join(homedir, fromEnv.slice(2)) : fromEnv);
  const root = path.join(homedir, '.hermes');
  const name = profileFlag(argv);
  if (name) return name === 'default' ? root : path.join(root, 'profiles', name);
  return root;
}

/**
 * The Hermes home a listed `gateway run` process serves, read from its /proc environment (null: unreadable): `~` is its
 * own HOME, not the caller's, so another user's, service's or test's gateway is not taken for ours. Undefined when it
 * cannot be told (unreadable environment and no `--profile`): nobody is accused on a guess.
 */
export function gatewayHome(
  argv: readonly string[],
  env: Record<string, string> | null,
  homedir: string,
): string | undefined {
  if (!env) return profileFlag(argv) === undefined ? undefined : homeOfProcess(argv, null, homedir);
  return homeOfProcess(argv, env, env.HOME || homedir);
}

/** Whether `~` names the home a process with this environment serves (no HERMES_HOME, or one under `~/`). */
export const needsHome = (env: Record<string, string>): boolean => !env.HERMES_HOME || env.HERMES_HOME.startsWith('~/');

/**
 * The home a service's gateway serves, as its service sets it up (a run file, a supervisord program, a unit): with a
 * user named (`chpst -u dev`, `user=dev`, `User=dev`) and no HOME set, `~` is that user's home in the password file,
 * `own`; a user the host does not list tells no `~` (its tools refuse to start it), never the caller's. Without a
 * user, `userHome`'s.
 */
export function serviceGatewayHome(
  argv: readonly string[],
  env: Record<string, string>,
  user: string | undefined,
  own: string | undefined,
  userHome: string,
): string | undefined {
  if (user && !env.HOME && own === undefined && needsHome(env)) return undefined;
  return gatewayHome(argv, { ...env, HOME: env.HOME || own || userHome }, userHome);
}

/**
 * The password file's home of the user a process runs as (the owner of /proc/<pid>): Python's `~` where the process
 * has no HOME. Undefined when it cannot be told.
 */
export async function ownerHome(pid: number): Promise<string | undefined> {
  const uid = await stat(`/proc/${pid}`).then(
    (s) => s.uid,
    () => undefined,
  );
  return uid === undefined ? undefined : homeDirOf(uid);
}

/**
 * The home a live `gateway run` process serves (gatewayHome), its `~` the password file's home of its owner where its
 * environment has no HOME (runit's `chpst -u`, supervisord's `user=`): Python's expanduser, not the caller's HOME.
 */
export async function liveGatewayHome(
  pid: number,
  argv: readonly string[],
  env: Record<string, string> | null,
  homedir: string,
): Promise<string | undefined> {
  if (env && !env.HOME && needsHome(env)) {
    const own = await ownerHome(pid);
    return own === undefined ? undefined : gatewayHome(argv, env, own);
  }
  return gatewayHome(argv, env, homedir);
}

export async function readEnviron(pid: number): Promise<Record<string, string> | null> {
  try {
    return parseEnviron(await readProcText(`/proc/${pid}/environ`, PROC_ARGS_BYTES));
  } catch {
    return null; // another user's process: not readable
  }
}

export function parseEnviron(raw: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of raw.split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}

export async function canonical(p: string, resolve: (p: string) => Promise<string> = realpath): Promise<string> {
  try {
    return await resolve(p);
  } catch {
    return path.resolve(p);
  }
}

export interface Candidate extends GatewayProcess {
  ppid?: number;
  argv: string[];
  env: Record<string, string> | null;
  /** Linux: /proc/<pid>/stat field 22, to tell the same process from a reused pid. */
  startTicks?: number;
  /** Listed from /proc, where `env` null means unreadable (another user's process), not merely not looked at (ps). */
  fromProc?: boolean;
  /** In a nested PID namespace (a container): its paths are its mount namespace's. */
  nested?: boolean;
  /** Canonical served home by the caller's home directory (callers may differ in it). */
  homes?: Map<string, Promise<string | undefined>>;
}

/**
 * The host's process table taken once for a run of looks that follow one another (one `gatewatch check` of several
 * targets: twenty profiles looked at in turn scanned /proc twenty times), the processes that are no gateway told in one
 * turn (gatewayHead). A later look is handed the same table, each of its gateways found alive still; `forget` drops
 * it, for a look that must see the host afresh.
 */
export interface ProcessTable {
  list(host: Host): Promise<{ list: Candidate[]; shared: boolean }>;
  forget(): void;
  /** How the homes its looks compare are resolved: a one-shot look's in its turn (src/util/look-fs.ts). */
  realpath?: (p: string) => Promise<string>;
}
