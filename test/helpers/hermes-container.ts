// A Hermes gateway as the official Docker image runs it (hermes-deployments.md §1), around gatewatch's demo gateway:
// s6-svscan as PID 1 of its own PID namespace, a slot /run/service/gateway-<profile> per profile whose gateway runs as
// uid 10000, the home bind-mounted at /opt/data, the boot reconciler and its container-boot.log, `/command/s6-*`, a
// `hermes [-p P] gateway start|stop|restart|status` shim. The root filesystem is test/rig/hermes-rootfs/ (its /init,
// slot scripts and shim carry their own notes) with the host's /usr mounted read-only over /usr: the host's node and s6
// run inside, nothing is downloaded.
//
// Two engines run that same root filesystem:
// - `namespace` (what `npm run test:supervisors` uses, no Docker): `unshare --pid --fork --mount` + chroot. The
//   namespace joins cgroups named as Docker's cgroupfs driver names a container's (`/docker/<id>`, so a process's cgroup names its "container"
//   as Docker's would; `memory` sets the limit there) and `bin` holds a stand-in `docker` CLI for it: ps, inspect,
//   exec, logs (the container's console: /init's lines and every slot's output), top, restart, stop, start, kill,
//   events, version. Its restart/stop/start/kill are done by this process (a control socket in the rig's directory):
//   call the stand-in asynchronously from a test, never with a *Sync child_process call, which would wait on itself.
//   `events` answers from what those did, in the order and with the attributes Docker's daemon logs them (a stop:
//   `kill` with the stop signal, `die` with the exit code, `stop`; a restart: those, then `start` and `restart`; a kill:
//   `kill`, `die`), and from a container that ended by itself (`die` alone): events.jsonl in the rig's directory.
// - `docker` (`npm run test:docker`, scripts/docker-test.sh): a private dockerd per container, in a temporary
//   directory and its own mount namespace (its overlay mounts never show on the host), fed by `docker import` of the
//   root filesystem; `bin` holds a `docker` that speaks to it.
//
// Everything a rig starts goes with the test process, however it ends: the namespaces die with it (a parent-death
// signal on unshare and on the namespace's PID 1); a watcher process (a shell reading a pipe from this process) runs
// each rig's cleanup script when the pipe closes, which kills a dockerd's containers, the daemon and what it left, and
// removes the cgroups, and then removes the rigs' directories; an 'exit' handler runs the cleanup scripts when the
// process exits in an orderly way. Rigs started at once by different processes (vitest's workers) share nothing but
// the parent `docker` cgroups, which the last cleanup removes.
// Requires root, util-linux (unshare, nsenter, setpriv), s6, a merged-/usr host; the docker engine also dockerd and the
// docker CLI. `npm run build` first (done here when dist/ has no demo gateway).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  chmodSync,
  constants,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TEST_DIR } from './paths.js';

export type Engine = 'namespace' | 'docker';

export interface HermesContainer {
  engine: Engine;
  /** Container name (docker) or the rig's name (namespace). */
  name: string;
  /** docker: the container's 64-hex id; namespace: a made-up one, the same in its cgroup paths and `docker inspect`. */
  id: string;
  /** Host pid of the container's PID 1 (s6-svscan), in its current life. */
  pid1: () => number;
  /** A directory to put first on PATH: its `docker` speaks of this container (see the header). */
  bin: string;
  /** docker: its private dockerd, as DOCKER_HOST names it (`unix:///tmp/gw-dockerd-…/docker.sock`); namespace: none. */
  dockerHost?: string;
  exec(argv: string[], o?: { user?: string }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `docker <args>` on the host, as its operator types it (`restart`, `stop`, `kill`, `events`: this container's). */
  docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `s6-svstat` of /run/service/gateway-<profile> (default: default), e.g. `up (pid 42) 3 seconds`. */
  svstat(profile?: string): Promise<string>;
  /** Host pid of the process the slot supervises (the gateway), undefined while the slot is down. */
  gatewayHostPid(profile?: string): Promise<number | undefined>;
  /** A container restart (SIGTERM to PID 1, 10 s, SIGKILL; the boot scripts run again); resolves once every slot is
   *  settled (see startHermesContainer). */
  restart(): Promise<void>;
  /** Everything gone (the namespace or the container and its dockerd); idempotent. */
  stop(): Promise<void>;
}

export interface HermesContainerOptions {
  engine: Engine;
  /** The Hermes home, bind-mounted read-write at /opt/data. The boot chowns it to uid 10000, as the image does. */
  home: string;
  /** Profiles to give slots besides `default` (the root home): homes /opt/data/profiles/<name> (created when missing).
   *  Passed to /init as HERMES_PROFILES. */
  profiles?: string[];
  name?: string;
  /** A memory limit as docker's --memory takes it (`256m`). */
  memory?: string;
  /** The container's environment, besides PATH, HERMES_HOME and HERMES_PROFILES: e.g. HERMES_DEMO_HERMES (the Hermes
   *  the demo plays, default current) or HERMES_DEMO_EXIT (every gateway exits at once with that code). */
  env?: Record<string, string>;
}

const REPO = path.resolve(TEST_DIR, '..');
const TEMPLATE = path.join(TEST_DIR, 'rig', 'hermes-rootfs');
const DEMO_GATEWAY = path.join(REPO, 'dist', 'src', 'demo', 'gateway.js');
const IMAGE = 'gatewatch/hermes-rig:test';
const SCRIPTS = ['init', 'opt/hermes/bin/hermes', 'etc/hermes-rig/slot/run', 'etc/hermes-rig/slot/finish'];
/** Bounds of the waits: a boot (PID 1 is s6-svscan), every slot settled, a daemon answering, a container's stop. */
const BOOT_MS = 30_000;
const SETTLE_MS = 30_000;
const DAEMON_MS = 60_000;
const STOP_GRACE_S = 10;

// ---------------------------------------------------------------------------------------------------------------
// Small tools

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], o: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000, env: o.env ?? process.env },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : err.code === 'ENOENT' ? 127 : 1) : 0;
        resolve({ code, stdout, stderr: stderr || (err && typeof err.code !== 'number' ? err.message : '') });
      },
    );
  });
}

async function must(cmd: string, args: string[], o?: { timeoutMs?: number }): Promise<string> {
  const r = await run(cmd, args, o);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** A command's path: on PATH or in the sbin directories a non-login root shell may lack. */
function which(cmd: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin'];
  for (const d of dirs) {
    // Never a rig's own bin/ (its docker is a wrapper or the stand-in).
    if (!d || d.includes('gw-hermes-rig-')) continue;
    const p = path.join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it gives a value; `fatal` is asked first each round and ends the wait at once with its reason
 * (the process being waited on died). No fixed sleeps elsewhere: every wait is one of these, bounded.
 */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  o: { timeoutMs: number; everyMs?: number; fatal?: () => string | undefined | Promise<string | undefined> },
): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  let last = '';
  for (;;) {
    const dead = await o.fatal?.();
    if (dead) throw new Error(`waiting for ${what}: ${dead}`);
    try {
      const v = await probe();
      if (v) return v;
      last = `last value: ${String(v)}`;
    } catch (e) {
      last = `last error: ${(e as Error).message}`;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${o.timeoutMs} ms waiting for ${what}; ${last}`);
    await sleep(o.everyMs ?? 50);
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(nothing)';
  }
}

function writeAtomic(file: string, text: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

/** docker's --memory syntax: a number of bytes with an optional b, k, m or g (powers of 1024). */
function memoryBytes(m: string): number {
  const x = /^(\d+(?:\.\d+)?)([bkmg])?$/i.exec(m.trim());
  if (!x) throw new Error(`memory: expected e.g. 256m, got ${m}`);
  const unit = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(x[2] ?? 'b').toLowerCase() as 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(x[1]) * unit);
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// ---------------------------------------------------------------------------------------------------------------
// Availability

const TOOLS = ['unshare', 'nsenter', 'setpriv', 'chroot', 'mount', 'tar'];
const S6 = ['s6-svscan', 's6-supervise', 's6-svstat', 's6-svc', 's6-svok', 's6-log', 's6-setuidgid', 's6-applyuidgid'];

async function baseReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'Linux only';
  if (process.getuid?.() !== 0) return 'needs root (namespaces, mounts, chroot, uid 10000)';
  for (const t of TOOLS) if (!which(t)) return `no ${t} (util-linux / coreutils)`;
  for (const t of S6) if (!existsSync(`/usr/bin/${t}`)) return `no /usr/bin/${t} (Debian's s6 package)`;
  try {
    if (readlinkSync('/bin').replace(/^\//, '') !== 'usr/bin') return '/bin is not a link to usr/bin (no merged /usr)';
  } catch {
    return '/bin is not a link to usr/bin (no merged /usr)';
  }
  return undefined;
}

/** Undefined when the namespace engine can run here, else why not (for test.skipIf). */
export async function namespaceRigAvailable(): Promise<string | undefined> {
  const base = await baseReason();
  if (base) return base;
  const r = await run(which('unshare')!, ['--pid', '--fork', '--mount', '--propagation', 'private', 'true'], {
    timeoutMs: 10_000,
  });
  return r.code === 0 ? undefined : `unshare --pid --mount fails here: ${r.stderr.trim()}`;
}

/** Undefined when the docker engine can run here (a private dockerd is started per container), else why not. */
export async function dockerRigAvailable(): Promise<string | undefined> {
  const base = await namespaceRigAvailable();
  if (base) return base;
  if (!which('dockerd')) return 'no dockerd';
  if (!which('docker')) return 'no docker CLI';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// What dies with this process

interface Rig {
  /** A shell script that removes all the rig started, whatever state it is in; safe to run twice. */
  readonly cleanupScript: string;
  stop(): Promise<void>;
}

interface Registry {
  rigs: Set<Rig>;
  lifeDir?: string;
  lifeline?: ChildProcess;
  exitHook: boolean;
}

const KEY = Symbol.for('gatewatch.test.hermes-container');
const G = globalThis as unknown as Record<symbol, Registry | undefined>;
const reg: Registry = (G[KEY] ??= { rigs: new Set(), exitHook: false });

/** Reads its stdin until this process is gone (EOF), then runs every cleanup script left in its directory. */
const LIFELINE = `cat >/dev/null
for f in "$1"/*.sh; do [ -f "$f" ] && sh "$f" >/dev/null 2>&1; done
rm -rf "$1"`;

function lifeDir(): string {
  if (reg.lifeDir && reg.lifeline && reg.lifeline.exitCode === null && reg.lifeline.signalCode === null)
    return reg.lifeDir;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-rig-lifeline-'));
  const child = spawn('sh', ['-c', LIFELINE, 'sh', dir], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  reg.lifeDir = dir;
  reg.lifeline = child;
  if (!reg.exitHook) {
    reg.exitHook = true;
    process.on('exit', () => {
      for (const r of reg.rigs) spawnSync('sh', [r.cleanupScript], { stdio: 'ignore', timeout: 60_000 });
    });
  }
  return dir;
}

/** A rig's directory (its root filesystem, the stand-in's state), removed when this process ends: its `bin` must
 *  outlive stop() (a test asks the stopped container's `docker` about it), and under vitest the run's temp directory
 *  holds it anyway, but a rig started outside a run would leave it in /tmp. */
function removeAtExit(dir: string): void {
  writeFileSync(path.join(lifeDir(), `rm-${path.basename(dir)}.sh`), `rm -rf --one-file-system ${shq(dir)}\n`);
}

/** Every rig this process started, stopped (for afterAll). */
export async function stopAllRigs(): Promise<void> {
  await Promise.all([...reg.rigs].map((r) => r.stop()));
}

// ---------------------------------------------------------------------------------------------------------------
// The root filesystem and what both engines share

interface Layout {
  rootfs: string;
  /** node's install prefix when it is not under /usr: bound read-only at the same path. */
  nodePrefix?: string;
  env: string[];
  mounts: { Source: string; Destination: string; RW: boolean }[];
  slots: string[];
}

function buildRootfs(dir: string, o: HermesContainerOptions): Layout {
  const rootfs = path.join(dir, 'rootfs');
  cpSync(TEMPLATE, rootfs, { recursive: true });
  chmodSync(rootfs, 0o755);
  for (const s of SCRIPTS) chmodSync(path.join(rootfs, s), 0o755);
  chmodSync(path.join(rootfs, 'etc/hermes-rig/slot/log/run'), 0o755);
  // Merged /usr, as the host's: bin -> usr/bin and its kin.
  for (const l of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    try {
      symlinkSync(readlinkSync(`/${l}`), path.join(rootfs, l));
    } catch {
      // not on this host
    }
  }
  for (const d of ['proc', 'dev', 'sys', 'run', 'tmp', 'usr', 'root', 'opt/data', 'opt/gatewatch', 'command'])
    mkdirSync(path.join(rootfs, d), { recursive: true });
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  chmodSync(path.join(rootfs, 'root'), 0o700);
  for (const f of readdirSync('/usr/bin'))
    if (f.startsWith('s6-')) symlinkSync(`/usr/bin/${f}`, `${rootfs}/command/${f}`);
  const node = realpathSync(process.execPath);
  const nodePrefix = node.startsWith('/usr/') ? undefined : path.dirname(path.dirname(node));
  if (nodePrefix) {
    mkdirSync(path.join(rootfs, nodePrefix), { recursive: true });
    // Its parents inside are ours (/root is 0700): open to the hermes user, who runs node.
    for (let d = nodePrefix; d !== '/'; d = path.dirname(d)) chmodSync(path.join(rootfs, d), 0o755);
  }
  const slots = ['default', ...new Set((o.profiles ?? []).filter((p) => p !== 'default'))];
  for (const p of slots)
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(p)) throw new Error(`profile name must match [a-z0-9][a-z0-9_-]*: ${p}`);
  const PATH = `${nodePrefix ? `${nodePrefix}/bin:` : ''}/opt/hermes/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  const vars: Record<string, string> = {
    PATH,
    HERMES_HOME: '/opt/data',
    HERMES_PROFILES: slots.join(' '),
    ...o.env,
  };
  const mounts = [
    { Source: path.resolve(o.home), Destination: '/opt/data', RW: true },
    { Source: '/usr', Destination: '/usr', RW: false },
    { Source: REPO, Destination: '/opt/gatewatch', RW: false },
    ...(nodePrefix ? [{ Source: nodePrefix, Destination: nodePrefix, RW: false }] : []),
  ];
  return { rootfs, nodePrefix, env: Object.entries(vars).map(([k, v]) => `${k}=${v}`), mounts, slots };
}

const profileHome = (home: string, profile: string) =>
  profile === 'default' ? home : path.join(home, 'profiles', profile);

async function svstatAt(pid1: number, profile: string, fields?: string): Promise<Ran> {
  const slot = `/proc/${pid1}/root/run/service/gateway-${profile}`;
  return run('/usr/bin/s6-svstat', fields ? ['-o', fields, slot] : [slot], { timeoutMs: 10_000 });
}

/**
 * A slot is settled when its supervisor runs, is neither stopping it nor between an exit and its finish script's
 * verdict, and: it is not wanted up (registered down, parked, stopped); or it is up and the gateway has claimed
 * gateway.pid with the pid s6 gave it; or its gateway has exited at least once since the boot (a rig knob's exit, a
 * crash loop: /run/hermes-rig/gateway-<profile>.exits, written by the finish script).
 *
 * Read from s6-svstat's own line: of a down slot it says `ready` once the finish script has run (s6-svwait -D's "down
 * and finished"; `-o ready` is only ever true of an up one). Until then a clean exit the finish script is about to park
 * (exit 125) still reads `want up`, as a crash loop's does. And a slot about to start reads down, wanted up and ready
 * before s6 first spawns it: the .exits record tells a crash loop from that.
 */
async function slotSettled(pid1: number, home: string, profile: string): Promise<boolean> {
  const r = await svstatAt(pid1, profile);
  if (r.code !== 0) return false;
  const m = /^(up|down) \((?:pid (\d+)|exitcode -?\d+|signal \w+)\) \d+ seconds?(.*)$/.exec(r.stdout.trim());
  if (!m) return false;
  const [, state, pid, flags = ''] = m;
  const up = state === 'up';
  const wantedUp = up ? !/want down/.test(flags) : /want up/.test(flags);
  if (up ? !wantedUp : !/ready \d+ seconds?/.test(flags)) return false;
  if (existsSync(`/proc/${pid1}/root/run/hermes-rig/gateway-${profile}.exits`)) return true;
  if (!up) return !wantedUp;
  try {
    const rec = JSON.parse(readFileSync(path.join(profileHome(home, profile), 'gateway.pid'), 'utf8')) as {
      pid?: number;
    };
    return rec.pid === Number(pid);
  } catch {
    return false;
  }
}

async function comm(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
}

/** The host pid of the process that is `nsPid` in the PID namespace `nsLink` (readlink of /proc/<pid>/ns/pid). */
async function hostPidIn(nsLink: string, nsPid: number): Promise<number | undefined> {
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const link = await readlink(`/proc/${e}/ns/pid`).catch(() => '');
    if (link !== nsLink) continue;
    const status = await readFile(`/proc/${e}/status`, 'utf8').catch(() => '');
    const m = /^NSpid:\s*([\d\s]+)$/m.exec(status);
    const ids = m?.[1]?.trim().split(/\s+/).map(Number);
    if (ids && ids[ids.length - 1] === nsPid) return Number(e);
  }
  return undefined;
}

abstract class BaseRig implements Rig, HermesContainer {
  abstract readonly engine: Engine;
  abstract readonly name: string;
  abstract id: string;
  abstract readonly bin: string;
  abstract readonly cleanupScript: string;
  abstract pid1(): number;
  abstract restart(): Promise<void>;
  abstract stop(): Promise<void>;
  protected abstract readonly layout: Layout;
  protected abstract readonly home: string;

  async exec(argv: string[], o: { user?: string } = {}): Promise<Ran> {
    return this.docker(['exec', ...(o.user ? ['-u', o.user] : []), this.name, ...argv]);
  }

  async docker(args: string[]): Promise<Ran> {
    return run(path.join(this.bin, 'docker'), args);
  }

  async svstat(profile = 'default'): Promise<string> {
    const r = await svstatAt(this.pid1(), profile);
    if (r.code !== 0) throw new Error(`s6-svstat gateway-${profile}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return r.stdout.trim();
  }

  async gatewayHostPid(profile = 'default'): Promise<number | undefined> {
    const pid1 = this.pid1();
    const r = await svstatAt(pid1, profile, 'up,pid');
    const [up, pid] = r.stdout.trim().split(/\s+/);
    if (r.code !== 0 || up !== 'true') return undefined;
    return hostPidIn(await readlink(`/proc/${pid1}/ns/pid`), Number(pid));
  }

  /** Until PID 1 is s6-svscan (the boot scripts are done), then until every slot is settled. */
  protected async settle(pid1: () => number, fatal: () => string | undefined): Promise<void> {
    await waitFor('the boot (PID 1 exec-ing s6-svscan)', async () => (await comm(pid1())) === 's6-svscan', {
      timeoutMs: BOOT_MS,
      fatal,
    });
    for (const p of this.layout.slots)
      await waitFor(`slot gateway-${p} to settle`, () => slotSettled(pid1(), this.home, p), {
        timeoutMs: SETTLE_MS,
        everyMs: 100,
        fatal,
      });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The namespace engine

/** Run by unshare's child, PID 1 of the new PID namespace, in its new mount namespace; ends exec-ing /init. */
const LAUNCH = `set -eu
R=$1 H=$2 G=$3 N=$4 CG=$5
shift 5
# PID 1 joins the rig's cgroups before it starts anything: all the namespace runs is counted there, as in a container.
for d in $CG; do echo 0 2>/dev/null >"$d/cgroup.procs" || true; done
mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
mount --rbind /dev "$R/dev"
mount -o bind,ro /usr "$R/usr"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/tmp"
mount --bind "$H" "$R/opt/data"
mount -o bind,ro "$G" "$R/opt/gatewatch"
[ -z "$N" ] || mount -o bind,ro "$N" "$R$N"
exec env -i "$@" chroot "$R" /init
`;

interface NsState {
  engine: 'namespace';
  name: string;
  id: string;
  created: string;
  image: string;
  imageId: string;
  rootfs: string;
  console: string;
  env: string[];
  mounts: Layout['mounts'];
  memory: number;
  memCgroup?: string;
  oomBase: number;
  running: boolean;
  pid1: number;
  nsLink: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The end of every rig's cleanup script: the parent `docker` cgroups, once nothing is left in them (rmdir refuses a
 * cgroup with children or processes: another rig's, or a container's of a Docker engine on the host, which makes the
 * parent again as it needs it).
 */
const CLEAN_CGROUP_PARENTS = `for d in /sys/fs/cgroup/*/docker /sys/fs/cgroup/docker; do rmdir "$d" 2>/dev/null; done
`;

function cgroupMounts(): { point: string; v2: boolean; controllers: string[] }[] {
  const out: { point: string; v2: boolean; controllers: string[] }[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const [fstype, , opts] = post.split(' ');
    if (fstype !== 'cgroup' && fstype !== 'cgroup2') continue;
    out.push({ point: pre.split(' ')[4]!, v2: fstype === 'cgroup2', controllers: (opts ?? '').split(',') });
  }
  return out;
}

function readOomKills(memCgroup: string | undefined): number {
  if (!memCgroup) return 0;
  for (const f of ['memory.oom_control', 'memory.events']) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(readFileSync(path.join(memCgroup, f), 'utf8'));
      if (m) return Number(m[1]);
    } catch {
      // the other version's file
    }
  }
  return 0;
}

class NamespaceRig extends BaseRig {
  readonly engine = 'namespace' as const;
  readonly name: string;
  readonly id = randomBytes(32).toString('hex');
  readonly bin: string;
  readonly cleanupScript: string;
  protected readonly layout: Layout;
  protected readonly home: string;
  private readonly dir: string;
  private readonly state: NsState;
  private cgroups: string[] = [];
  private proc?: ChildProcess;
  private exited?: Promise<void>;
  private server?: net.Server;
  private stopping?: Promise<void>;
  private busy: Promise<unknown> = Promise.resolve();
  /** PID 1 was sent SIGKILL: the life ends 137, as Docker reports it (unshare itself says 1). */
  private killed = false;
  private lastEventNs = 0n;

  constructor(o: HermesContainerOptions, dir: string) {
    super();
    this.dir = dir;
    this.home = path.resolve(o.home);
    this.name = o.name ?? `hermes-rig-${this.id.slice(0, 8)}`;
    this.layout = buildRootfs(dir, o);
    this.bin = path.join(dir, 'bin');
    this.cleanupScript = path.join(lifeDir(), `ns-${this.id.slice(0, 12)}.sh`);
    this.state = {
      engine: 'namespace',
      name: this.name,
      id: this.id,
      created: new Date().toISOString(),
      image: IMAGE,
      imageId: `sha256:${randomBytes(32).toString('hex')}`,
      rootfs: this.layout.rootfs,
      console: path.join(dir, 'console.log'),
      env: this.layout.env,
      mounts: this.layout.mounts,
      memory: o.memory ? memoryBytes(o.memory) : 0,
      oomBase: 0,
      running: false,
      pid1: 0,
      nsLink: '',
      startedAt: '',
      finishedAt: ZERO_TIME,
      exitCode: 0,
    };
    mkdirSync(this.bin, { recursive: true });
    writeFileSync(path.join(dir, 'launch.sh'), LAUNCH);
    writeFileSync(path.join(dir, 'docker-standin.cjs'), STANDIN);
    writeFileSync(
      path.join(this.bin, 'docker'),
      `#!/bin/sh\nexec ${shq(process.execPath)} ${shq(path.join(dir, 'docker-standin.cjs'))} "$@"\n`,
      { mode: 0o755 },
    );
    this.makeCgroups();
    this.writeState();
  }

  pid1(): number {
    return this.state.running ? this.state.pid1 : 0;
  }

  /**
   * /docker/<id> in every cgroup hierarchy, as Docker's cgroupfs driver makes them; best effort. The parent `docker` is
   * shared by every rig on the host (those of other vitest workers too), and the cleanup of whichever is last removes
   * it once empty (CLEAN_CGROUP_PARENTS): when that happens between making it and making ours, both are made again.
   */
  private makeCgroups(): void {
    const cpusetOf = (d: string) => {
      for (const f of ['cpuset.cpus', 'cpuset.mems'])
        if (!readFileSync(path.join(d, f), 'utf8').trim())
          writeFileSync(path.join(d, f), readFileSync(path.join(path.dirname(d), f), 'utf8'));
    };
    for (const m of cgroupMounts()) {
      const parent = path.join(m.point, 'docker');
      const dir = path.join(parent, this.id);
      for (let attempt = 1; ; attempt++) {
        try {
          mkdirSync(parent, { recursive: true });
          if (m.controllers.includes('cpuset')) cpusetOf(parent);
          // Not recursive: a parent removed meanwhile must fail here (ENOENT) rather than come back without its cpuset.
          mkdirSync(dir);
          if (m.controllers.includes('cpuset')) cpusetOf(dir);
          const memory = m.v2 ? existsSync(path.join(dir, 'memory.max')) : m.controllers.includes('memory');
          if (memory) {
            this.state.memCgroup = dir;
            if (this.state.memory)
              writeFileSync(path.join(dir, m.v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(this.state.memory));
          }
          this.cgroups.push(dir);
          break;
        } catch (e) {
          try {
            rmdirSync(dir);
          } catch {
            // never made
          }
          if (this.state.memCgroup === dir) delete this.state.memCgroup;
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 20) break;
        }
      }
    }
    if (this.state.memory && !this.state.memCgroup) {
      for (const d of this.cgroups) rmdirSync(d);
      throw new Error('memory: no writable memory cgroup here to hold the limit');
    }
  }

  /**
   * One of the container's events, as Docker's daemon logs it (daemon/monitor.go, stop.go, restart.go, kill.go): its
   * action, the container's image and name among its attributes, its time in seconds and nanoseconds.
   */
  private event(action: string, attributes: Record<string, string> = {}): void {
    // Strictly increasing, as the daemon's own events are in the order it logs them (a stop's die and stop may share a ms).
    const now = BigInt(Date.now()) * 1_000_000n;
    const ns = (this.lastEventNs = now > this.lastEventNs ? now : this.lastEventNs + 1n);
    const line = {
      status: action,
      id: this.id,
      from: IMAGE,
      Type: 'container',
      Action: action,
      Actor: { ID: this.id, Attributes: { image: IMAGE, name: this.name, ...attributes } },
      scope: 'local',
      time: Number(ns / 1_000_000_000n),
      timeNano: ns.toString(),
    };
    // timeNano as a JSON number, as Docker writes it (too big for a double: spliced in as text).
    const text = JSON.stringify(line).replace(/"timeNano":"(\d+)"/, '"timeNano":$1');
    appendFileSync(path.join(this.dir, 'events.jsonl'), `${text}\n`);
  }

  private writeState(): void {
    writeAtomic(path.join(this.dir, 'state.json'), JSON.stringify(this.state, null, 2));
    const s = this.state;
    const script = `# gatewatch's Hermes container rig ${this.name} (namespace engine): what must go with the test process.
p=${s.pid1}
if [ "$p" != 0 ] && [ "$(readlink /proc/$p/ns/pid 2>/dev/null)" = ${shq(s.nsLink)} ]; then kill -KILL "$p" 2>/dev/null; fi
for i in $(seq 100); do [ "$(readlink /proc/$p/ns/pid 2>/dev/null)" = ${shq(s.nsLink)} ] || break; sleep 0.1; done
for d in ${this.cgroups.map(shq).join(' ')}; do
  for i in $(seq 50); do rmdir "$d" 2>/dev/null; [ -d "$d" ] || break; sleep 0.1; done
done
${CLEAN_CGROUP_PARENTS}`;
    writeFileSync(this.cleanupScript, script);
  }

  private fatal = (): string | undefined =>
    this.state.running ? undefined : `the namespace ended; its console:\n${tail(this.state.console)}`;

  async boot(): Promise<void> {
    const out = openSync(this.state.console, 'a');
    const args = [
      '--pdeathsig',
      'KILL',
      which('unshare')!,
      '--pid',
      '--fork',
      '--mount',
      '--propagation',
      'private',
      '--kill-child=SIGKILL',
      'sh',
      path.join(this.dir, 'launch.sh'),
      this.layout.rootfs,
      this.home,
      REPO,
      this.layout.nodePrefix ?? '',
      this.cgroups.join(' '),
      ...this.layout.env,
      `HOSTNAME=${os.hostname()}`,
      'HOME=/root',
    ];
    const child = spawn(which('setpriv')!, args, { detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    this.proc = child;
    this.killed = false;
    this.state.running = true;
    this.exited = new Promise<void>((resolve) => {
      const done = (code: number) => {
        if (this.proc === child) {
          this.state.running = false;
          this.state.exitCode = this.killed ? 137 : code;
          this.state.finishedAt = new Date().toISOString();
          this.writeState();
          const lived = Math.floor((Date.parse(this.state.finishedAt) - Date.parse(this.state.startedAt)) / 1000);
          this.event('die', { exitCode: String(this.state.exitCode), execDuration: String(lived) });
        }
        resolve();
      };
      child.once('exit', (code, sig) => done(code ?? 128 + (sig ? (os.constants.signals[sig] ?? 0) : 0)));
      child.once('error', () => done(127));
    });
    const pid1 = await waitFor(
      "unshare's child (the namespace's PID 1)",
      async () => Number((await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim()) || false,
      { timeoutMs: BOOT_MS, everyMs: 5, fatal: this.fatal },
    );
    this.state.pid1 = pid1;
    this.state.nsLink = await readlink(`/proc/${pid1}/ns/pid`);
    this.state.startedAt = new Date().toISOString();
    this.state.finishedAt = ZERO_TIME;
    this.state.oomBase = readOomKills(this.state.memCgroup);
    this.writeState();
    this.event('start');
    await waitFor('the boot (PID 1 exec-ing s6-svscan)', async () => (await comm(pid1)) === 's6-svscan', {
      timeoutMs: BOOT_MS,
      fatal: this.fatal,
    });
  }

  /** SIGTERM to PID 1 (s6-svscan brings every slot down and exits), SIGKILL after `graceS`. */
  private async halt(graceS: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.state.running || !this.exited) return;
    const pid1 = this.state.pid1;
    this.event('kill', { signal: String(os.constants.signals[signal]) });
    try {
      process.kill(pid1, signal);
    } catch {
      // gone already
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceS * 1000))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.killed = true;
      this.event('kill', { signal: String(os.constants.signals.SIGKILL) });
      try {
        process.kill(pid1, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      await this.exited;
    }
  }

  /** One control request at a time (a test's restart() and a stand-in's `docker restart` do not interleave). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => undefined);
    return next;
  }

  async restart(): Promise<void> {
    await this.serial(() => this.restartNow(STOP_GRACE_S));
    await this.settle(() => this.state.pid1, this.fatal);
  }

  /** As Docker's containerRestart: its stop (`stop` once the container has died), its start, then `restart`. */
  private async restartNow(graceS: number): Promise<void> {
    await this.stopNow(graceS);
    await this.boot();
    this.event('restart');
  }

  /** As Docker's containerStop: nothing (and no event) when the container is not running. */
  private async stopNow(graceS: number): Promise<void> {
    if (!this.state.running) return;
    await this.halt(graceS);
    this.event('stop');
  }

  async start(): Promise<void> {
    await this.boot();
    await this.settle(() => this.state.pid1, this.fatal);
    await this.listen();
  }

  /** The stand-in's restart/stop/start/kill: one JSON line in, one out. */
  private async listen(): Promise<void> {
    const sock = path.join(this.dir, 'ctl.sock');
    const server = net.createServer((c) => {
      let buf = '';
      c.on('error', () => undefined);
      c.on('data', (d) => {
        buf += d;
        if (!buf.includes('\n')) return;
        let req: { op: string; t?: number; signal?: string };
        try {
          req = JSON.parse(buf) as typeof req;
        } catch {
          c.end('{"ok":false,"error":"unreadable request"}\n');
          return;
        }
        void this.control(req).then(
          () => c.end('{"ok":true}\n'),
          (e: Error) => c.end(`${JSON.stringify({ ok: false, error: e.message })}\n`),
        );
      });
    });
    server.unref();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(sock, resolve);
    });
    this.server = server;
  }

  private control(req: { op: string; t?: number; signal?: string }): Promise<void> {
    const grace = req.t ?? STOP_GRACE_S;
    switch (req.op) {
      case 'restart':
        return this.serial(() => this.restartNow(grace));
      case 'stop':
        return this.serial(() => this.stopNow(grace));
      case 'start':
        return this.serial(async () => {
          if (!this.state.running) await this.boot();
        });
      case 'kill':
        return this.serial(async () => {
          if (!this.state.running) throw new Error(`Container ${this.id} is not running`);
          const raw = (req.signal ?? 'KILL').toUpperCase().replace(/^SIG/, '');
          // `-s 15` or `-s TERM`: Docker takes a number or a name.
          const sig = /^\d+$/.test(raw)
            ? (Object.entries(os.constants.signals)
                .find(([, n]) => n === Number(raw))?.[0]
                .slice(3) ?? raw)
            : raw;
          if (sig === 'KILL') this.killed = true;
          this.event('kill', { signal: String(os.constants.signals[`SIG${sig}` as NodeJS.Signals]) });
          process.kill(this.state.pid1, `SIG${sig}` as NodeJS.Signals);
          if (sig === 'KILL') await this.exited;
        });
      default:
        return Promise.reject(new Error(`unknown request ${req.op}`));
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.busy;
      await this.halt(3).catch(() => undefined);
      this.server?.close();
      await run('sh', [this.cleanupScript], { timeoutMs: 60_000 });
      rmSync(this.cleanupScript, { force: true });
      reg.rigs.delete(this);
    })();
    return this.stopping;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The docker engine

class DockerRig extends BaseRig {
  readonly engine = 'docker' as const;
  readonly name: string;
  id = '';
  readonly bin: string;
  readonly cleanupScript: string;
  protected readonly layout: Layout;
  protected readonly home: string;
  private readonly dir: string;
  private readonly sock: string;
  private readonly dockerBin: string;
  private daemonExit?: string;
  private stopping?: Promise<void>;

  constructor(
    private readonly o: HermesContainerOptions,
    rigDir: string,
  ) {
    super();
    this.home = path.resolve(o.home);
    this.name = o.name ?? `hermes-rig-${randomBytes(4).toString('hex')}`;
    this.layout = buildRootfs(rigDir, o);
    // dockerd's own directory: short (its containerd's socket path must fit a unix socket).
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'gw-dockerd-'));
    this.sock = path.join(this.dir, 'docker.sock');
    this.dockerBin = which('docker')!;
    this.bin = path.join(rigDir, 'bin');
    this.cleanupScript = path.join(lifeDir(), `docker-${path.basename(this.dir)}.sh`);
    mkdirSync(this.bin, { recursive: true });
    writeFileSync(
      path.join(this.bin, 'docker'),
      `#!/bin/sh\nexec ${shq(this.dockerBin)} -H ${shq(`unix://${this.sock}`)} "$@"\n`,
      { mode: 0o755 },
    );
  }

  get dockerHost(): string {
    return `unix://${this.sock}`;
  }

  private cli(args: string[], timeoutMs?: number): Promise<string> {
    return must(this.dockerBin, ['-H', `unix://${this.sock}`, ...args], { timeoutMs });
  }

  pid1(): number {
    const r = spawnSync(this.dockerBin, ['-H', `unix://${this.sock}`, 'inspect', '-f', '{{.State.Pid}}', this.name], {
      encoding: 'utf8',
    });
    return Number(r.stdout.trim()) || 0;
  }

  private writeCleanup(pid: number): void {
    const T = shq(this.dir);
    writeFileSync(
      this.cleanupScript,
      `# gatewatch's Hermes container rig ${this.name} (docker engine): its dockerd and all it started.
T=${T}; D=${shq(this.dockerBin)}; S=${shq(`unix://${this.sock}`)}; p=${pid}
ids=$(timeout 10 "$D" -H "$S" ps -aq --no-trunc 2>/dev/null)
[ -z "$ids" ] || timeout 30 "$D" -H "$S" rm -f $ids >/dev/null 2>&1
case "$(tr '\\0' ' ' </proc/$p/cmdline 2>/dev/null)" in
*"$T/"*)
  kill -TERM "$p" 2>/dev/null
  for i in $(seq 150); do [ -d /proc/$p ] || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null ;;
esac
# A daemon killed outright leaves its containerd, the shims and their containers: by cgroup, then by command line.
cgs=
for id in $(ls "$T/data/containers" 2>/dev/null); do
  for d in /sys/fs/cgroup/*/docker/$id /sys/fs/cgroup/docker/$id; do
    [ -f "$d/cgroup.procs" ] || continue
    cgs="$cgs $d"
    for q in $(cat "$d/cgroup.procs"); do kill -KILL "$q" 2>/dev/null; done
  done
done
for q in /proc/[0-9]*; do
  case "$(tr '\\0' ' ' <$q/cmdline 2>/dev/null)" in *"$T/"*) kill -KILL "\${q#/proc/}" 2>/dev/null ;; esac
done
for d in $cgs; do for i in $(seq 50); do rmdir "$d" 2>/dev/null; [ -d "$d" ] || break; sleep 0.1; done; done
rm -rf --one-file-system "$T"
${CLEAN_CGROUP_PARENTS}`,
    );
  }

  private daemonFatal = (): string | undefined =>
    this.daemonExit
      ? `dockerd exited (${this.daemonExit}); its log:\n${tail(path.join(this.dir, 'dockerd.log'))}`
      : undefined;

  async start(): Promise<void> {
    const log = openSync(path.join(this.dir, 'dockerd.log'), 'a');
    const d = this.dir;
    const daemon = spawn(
      which('unshare')!,
      [
        '--mount',
        '--propagation',
        'private',
        which('dockerd')!,
        '--iptables=false',
        '--bridge=none',
        `--data-root=${d}/data`,
        `--exec-root=${d}/exec`,
        '-H',
        `unix://${this.sock}`,
        `--pidfile=${d}/docker.pid`,
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    daemon.once('exit', (code, sig) => (this.daemonExit = sig ?? `code ${code}`));
    daemon.once('error', (e) => (this.daemonExit = e.message));
    this.writeCleanup(daemon.pid ?? 0);
    await waitFor(
      'the private dockerd to answer',
      async () =>
        (await run(this.dockerBin, ['-H', `unix://${this.sock}`, 'version'], { timeoutMs: 10_000 })).code === 0,
      { timeoutMs: DAEMON_MS, everyMs: 100, fatal: this.daemonFatal },
    );
    await must('sh', [
      '-c',
      'tar -C "$1" --exclude=./usr -cf - . | "$2" -H "$3" import -c \'ENTRYPOINT ["/init"]\' - "$4" >/dev/null',
      'sh',
      this.layout.rootfs,
      this.dockerBin,
      `unix://${this.sock}`,
      IMAGE,
    ]);
    const args = ['run', '-d', '--name', this.name, '--network', 'host'];
    args.push('--tmpfs', '/run:exec,mode=755', '--tmpfs', '/tmp:mode=1777');
    for (const m of this.layout.mounts) args.push('-v', `${m.Source}:${m.Destination}${m.RW ? '' : ':ro'}`);
    if (this.o.memory) args.push('--memory', this.o.memory);
    for (const e of this.layout.env) args.push('-e', e);
    this.id = (await this.cli([...args, IMAGE], 60_000)).trim();
    const pid1 = this.pid1();
    await this.settle(
      () => pid1,
      () => this.daemonFatal(),
    );
  }

  async restart(): Promise<void> {
    const before = this.pid1();
    await this.cli(['restart', '-t', String(STOP_GRACE_S), this.name], 60_000);
    const pid1 = await waitFor(
      'the restarted container',
      () => {
        const p = this.pid1();
        return p !== before && p > 0 && p;
      },
      { timeoutMs: BOOT_MS, fatal: this.daemonFatal },
    );
    await this.settle(
      () => pid1,
      () => this.daemonFatal(),
    );
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await run('sh', [this.cleanupScript], { timeoutMs: 120_000 });
      rmSync(this.cleanupScript, { force: true });
      reg.rigs.delete(this);
    })();
    return this.stopping;
  }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Starts a container of the rig and resolves once it has booted and every slot has settled: a slot to start is up
 * with its gateway's pid in gateway.pid (or its gateway has already exited: a knob, a crash loop), a slot registered
 * down is down. A failed start stops what it had started.
 */
export async function startHermesContainer(o: HermesContainerOptions): Promise<HermesContainer> {
  if (!existsSync(DEMO_GATEWAY)) await must(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')]);
  if (!existsSync(o.home)) throw new Error(`home ${o.home} does not exist`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-hermes-rig-'));
  removeAtExit(dir);
  const rig = o.engine === 'docker' ? new DockerRig(o, dir) : new NamespaceRig(o, dir);
  reg.rigs.add(rig);
  try {
    await rig.start();
  } catch (e) {
    await rig.stop().catch(() => undefined);
    throw e;
  }
  return rig;
}

// ---------------------------------------------------------------------------------------------------------------
// The namespace engine's stand-in `docker` (CommonJS, run by the host's node from bin/docker; it reads state.json beside
// it and asks the rig's control socket for restart/stop/start/kill).

const STANDIN = String.raw`'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');

const DIR = path.dirname(process.argv[1]);
const ZERO = '0001-01-01T00:00:00Z';

function state() {
  return JSON.parse(fs.readFileSync(path.join(DIR, 'state.json'), 'utf8'));
}
function out(s) {
  process.stdout.write(s);
}
function die(msg, code) {
  process.stderr.write(msg + '\n');
  process.exit(code === undefined ? 1 : code);
}
function alive(s) {
  if (!s.running || !s.pid1) return false;
  try {
    return fs.readlinkSync('/proc/' + s.pid1 + '/ns/pid') === s.nsLink;
  } catch (e) {
    return false;
  }
}
function oomKills(s) {
  if (!s.memCgroup) return 0;
  for (const f of ['memory.oom_control', 'memory.events']) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(fs.readFileSync(path.join(s.memCgroup, f), 'utf8'));
      if (m) return Number(m[1]);
    } catch (e) {}
  }
  return 0;
}
function matches(s, ref) {
  if (!ref) return false;
  const r = ref.replace(/^\//, '');
  return r === s.name || r === s.id || (/^[0-9a-f]{1,64}$/.test(r) && s.id.startsWith(r));
}

function inspectOf(s) {
  const up = alive(s);
  return {
    Id: s.id,
    Created: s.created,
    // As the real image's ENTRYPOINT (its Dockerfile): a dispatcher that execs s6-overlay's /init as PID 1.
    Path: '/opt/hermes/docker/entrypoint-dispatch.sh',
    Args: [],
    State: {
      Status: up ? 'running' : s.startedAt ? 'exited' : 'created',
      Running: up,
      Paused: false,
      Restarting: false,
      OOMKilled: oomKills(s) > s.oomBase,
      Dead: false,
      Pid: up ? s.pid1 : 0,
      ExitCode: up ? 0 : s.exitCode,
      Error: '',
      StartedAt: s.startedAt || ZERO,
      FinishedAt: s.finishedAt || ZERO,
    },
    Image: s.imageId,
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: s.console,
    Name: '/' + s.name,
    RestartCount: 0,
    Driver: 'namespace-rig',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      Binds: s.mounts.map((m) => m.Source + ':' + m.Destination + (m.RW ? '' : ':ro')),
      NetworkMode: 'host',
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: false,
      Memory: s.memory,
      Tmpfs: { '/run': 'exec,mode=755', '/tmp': 'mode=1777' },
    },
    Mounts: s.mounts.map((m) => ({
      Type: 'bind',
      Source: m.Source,
      Destination: m.Destination,
      Mode: m.RW ? '' : 'ro',
      RW: m.RW,
      Propagation: 'rprivate',
    })),
    Config: {
      Hostname: os.hostname(),
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: s.env,
      Cmd: null,
      Image: s.image,
      Volumes: null,
      WorkingDir: '',
      Entrypoint: ['/opt/hermes/docker/entrypoint-dispatch.sh'],
      OnBuild: null,
      Labels: {},
    },
    NetworkSettings: { Networks: { host: { NetworkID: '', EndpointID: '', Gateway: '', IPAddress: '' } } },
  };
}

// go-units' HumanDuration, as docker ps words it.
function human(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return s + ' seconds';
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return m + ' minutes';
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return h + ' hours';
  return Math.floor(h / 24) + ' days';
}
function goDate(iso) {
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return d.getUTCFullYear() + '-' + p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate()) + ' ' + p(d.getUTCHours()) + ':' +
    p(d.getUTCMinutes()) + ':' + p(d.getUTCSeconds()) + ' +0000 UTC';
}
function psOf(s, noTrunc) {
  const up = alive(s);
  const status = up
    ? 'Up ' + human(Date.now() - Date.parse(s.startedAt))
    : s.startedAt
      ? 'Exited (' + s.exitCode + ') ' + human(Date.now() - Date.parse(s.finishedAt)) + ' ago'
      : 'Created';
  return {
    Command: '"/init"',
    CreatedAt: goDate(s.created),
    ID: noTrunc ? s.id : s.id.slice(0, 12),
    Image: s.image,
    Labels: '',
    LocalVolumes: '0',
    Mounts: s.mounts.map((m) => m.Source).join(','),
    Names: s.name,
    Networks: 'host',
    Ports: '',
    RunningFor: human(Date.now() - Date.parse(s.created)) + ' ago',
    Size: '0B',
    State: up ? 'running' : s.startedAt ? 'exited' : 'created',
    Status: status,
  };
}

// A small text/template: {{.A.B}}, {{json X}}, {{index X "k"}}, {{join X ","}}, {{lower X}}, {{upper X}}, {{len X}},
// {{printf "%s" X}}, pipes, {{range X}}…{{end}}, {{if X}}…{{else}}…{{end}}, {{with X}}…{{end}}, {{- and -}}.
function goFmt(v) {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[' + v.map(goFmt).join(' ') + ']';
  if (typeof v === 'object') return 'map[' + Object.keys(v).sort().map((k) => k + ':' + goFmt(v[k])).join(' ') + ']';
  return String(v);
}
function truthy(v) {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}
function parseTemplate(src) {
  const toks = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let m;
  while ((m = re.exec(src))) {
    let text = src.slice(last, m.index);
    if (m[1]) text = text.replace(/\s+$/, '');
    if (toks.length && toks[toks.length - 1].trimNext) text = text.replace(/^\s+/, '');
    toks.push({ text });
    toks.push({ action: m[2], trimNext: !!m[3] });
    last = re.lastIndex;
  }
  let rest = src.slice(last);
  if (toks.length && toks[toks.length - 1].trimNext) rest = rest.replace(/^\s+/, '');
  toks.push({ text: rest });
  let i = 0;
  function block() {
    const nodes = [];
    while (i < toks.length) {
      const t = toks[i++];
      if (t.text !== undefined) {
        nodes.push({ text: t.text });
        continue;
      }
      const a = t.action;
      const kw = /^(range|if|with|else|end)\b\s*(.*)$/.exec(a);
      if (!kw) {
        nodes.push({ expr: a });
        continue;
      }
      if (kw[1] === 'end' || kw[1] === 'else') return { nodes, stop: kw[1] };
      const body = block();
      let alt = null;
      if (body.stop === 'else') alt = block().nodes;
      nodes.push({ kind: kw[1], expr: kw[2], body: body.nodes, alt });
    }
    return { nodes, stop: null };
  }
  return block().nodes;
}
function splitArgs(s) {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m;
  while ((m = re.exec(s))) {
    if (m[1] !== undefined) out.push({ lit: JSON.parse('"' + m[1] + '"') });
    else if (/^-?\d+(\.\d+)?$/.test(m[2])) out.push({ lit: Number(m[2]) });
    else if (m[2] === 'true' || m[2] === 'false') out.push({ lit: m[2] === 'true' });
    else if (m[2] === 'nil') out.push({ lit: null });
    else out.push({ word: m[2] });
  }
  return out;
}
function field(dot, w) {
  if (w === '.') return dot;
  let v = dot;
  for (const k of w.split('.').filter(Boolean)) v = v == null ? undefined : v[k];
  return v;
}
const FUNCS = {
  json: (v) => JSON.stringify(v === undefined ? null : v),
  index: (v, ...ks) => ks.reduce((x, k) => (x == null ? undefined : x[k]), v),
  join: (v, sep) => (v || []).join(sep),
  lower: (v) => String(v).toLowerCase(),
  upper: (v) => String(v).toUpperCase(),
  title: (v) => String(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  len: (v) => (v == null ? 0 : Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v).length),
  println: (...a) => a.map(goFmt).join(' ') + '\n',
  printf: (f, ...a) => {
    let i = 0;
    return String(f).replace(/%[-+# 0-9.]*([sdvqf%])/g, (x, c) => (c === '%' ? '%' : c === 'q' ? JSON.stringify(String(a[i++])) : goFmt(a[i++])));
  },
};
function evalCmd(dot, cmd, piped, hasPiped) {
  const args = splitArgs(cmd).map((a) => (a.lit !== undefined ? a : a.word.startsWith('.') ? { val: field(dot, a.word) } : a));
  if (!args.length) return piped;
  const head = args[0];
  if (head.word && FUNCS[head.word]) {
    const vals = args.slice(1).map((a) => (a.lit !== undefined ? a.lit : a.val));
    if (hasPiped) vals.push(piped);
    return FUNCS[head.word](...vals);
  }
  if (head.word) throw new Error('function "' + head.word + '" not defined');
  return head.lit !== undefined ? head.lit : head.val;
}
function evalExpr(dot, expr) {
  let v;
  let has = false;
  for (const part of expr.split('|')) {
    v = evalCmd(dot, part.trim(), v, has);
    has = true;
  }
  return v;
}
function render(nodes, dot) {
  let s = '';
  for (const n of nodes) {
    if (n.text !== undefined) s += n.text;
    else if (!n.kind) s += goFmt(evalExpr(dot, n.expr));
    else {
      const v = evalExpr(dot, n.expr);
      if (n.kind === 'if') s += truthy(v) ? render(n.body, dot) : n.alt ? render(n.alt, dot) : '';
      else if (n.kind === 'with') s += truthy(v) ? render(n.body, v) : n.alt ? render(n.alt, dot) : '';
      else if (truthy(v)) for (const x of Array.isArray(v) ? v : Object.values(v)) s += render(n.body, x);
      else if (n.alt) s += render(n.alt, dot);
    }
  }
  return s;
}
function template(fmt, dot) {
  try {
    return render(parseTemplate(fmt.replace(/\\t/g, '\t').replace(/\\n/g, '\n')), dot);
  } catch (e) {
    die('template: ' + e.message, 1);
  }
}
const HEADERS = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
};
function table(rows) {
  const cells = rows.map((r) => r.split('\t'));
  const w = [];
  for (const r of cells) r.forEach((c, i) => (w[i] = Math.max(w[i] || 0, c.length)));
  return cells.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(w[i] + 3) : c)).join('').trimEnd() + '\n').join('');
}

function takeValue(args, i, name) {
  const a = args[i];
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq > 0) return [a.slice(eq + 1), i];
  if (!a.startsWith('--') && a.length > 2) return [a.slice(2), i];
  if (i + 1 >= args.length) die('flag needs an argument: ' + name, 125);
  return [args[i + 1], i + 1];
}

function ps(args) {
  let all = false;
  let quiet = false;
  let noTrunc = false;
  let format = null;
  const filters = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-a' || a === '--all') all = true;
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '--no-trunc') noTrunc = true;
    else if (a === '-s' || a === '--size' || a === '-l' || a === '--latest') continue;
    else if (/^-[aqsl]+$/.test(a)) {
      if (a.includes('a')) all = true;
      if (a.includes('q')) quiet = true;
    } else if (a === '--format' || a.startsWith('--format=')) [format, i] = takeValue(args, i, 'format');
    else if (a === '-f' || a === '--filter' || a.startsWith('--filter=') || /^-f./.test(a)) {
      let v;
      [v, i] = takeValue(args, i, 'filter');
      filters.push(v);
    } else if (a === '-n' || a === '--last' || a.startsWith('--last=')) [, i] = takeValue(args, i, 'last');
    else die('unknown flag: ' + a, 125);
  }
  const s = state();
  const up = alive(s);
  let list = all || up ? [s] : [];
  for (const f of filters) {
    const eq = f.indexOf('=');
    const k = f.slice(0, eq);
    const v = f.slice(eq + 1);
    list = list.filter((c) => {
      if (k === 'name') return new RegExp(v).test(c.name);
      if (k === 'id') return c.id.startsWith(v);
      if (k === 'status') return (alive(c) ? 'running' : c.startedAt ? 'exited' : 'created') === v;
      if (k === 'ancestor') return v === c.image || c.image.startsWith(v + ':');
      if (k === 'volume') return c.mounts.some((m) => m.Source === v || m.Destination === v);
      if (k === 'network') return v === 'host';
      if (k === 'label') return false;
      die('Error response from daemon: invalid filter \'' + k + '\'', 1);
    });
  }
  const rows = list.map((c) => psOf(c, noTrunc));
  if (quiet) return out(rows.map((r) => r.ID + '\n').join(''));
  if (format === 'json' || format === '{{json .}}') return out(rows.map((r) => JSON.stringify(r) + '\n').join(''));
  if (format && !format.startsWith('table')) return out(rows.map((r) => template(format, r) + '\n').join(''));
  const f = format ? format.replace(/^table\s*/, '') : '{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
  const head = template(f, Object.fromEntries(Object.keys(HEADERS).map((k) => [k, HEADERS[k]])));
  out(table([head, ...rows.map((r) => template(f, r))]));
}

function inspect(args, kindWord) {
  let format = null;
  const refs = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f' || a === '--format' || a.startsWith('--format=') || /^-f./.test(a)) [format, i] = takeValue(args, i, 'format');
    else if (a === '--type' || a.startsWith('--type=')) {
      let t;
      [t, i] = takeValue(args, i, 'type');
      if (t !== 'container') kindWord = t === 'image' ? 'image' : kindWord;
    } else if (a === '-s' || a === '--size') continue;
    else if (a.startsWith('-')) die('unknown flag: ' + a, 125);
    else refs.push(a);
  }
  if (!refs.length) die('"docker inspect" requires at least 1 argument.', 1);
  const s = state();
  const found = [];
  const missing = [];
  for (const r of refs) (kindWord !== 'image' && matches(s, r) ? found : missing).push(r);
  const objs = found.map(() => inspectOf(s));
  if (format) out(objs.map((o) => template(format, o) + '\n').join(''));
  else out(JSON.stringify(objs, null, 4) + '\n');
  if (missing.length) {
    for (const r of missing) process.stderr.write((kindWord === 'container' ? 'Error response from daemon: No such container: ' : 'Error: No such ' + kindWord + ': ') + r + '\n');
    process.exit(1);
  }
}

function resolveUser(s, spec) {
  const [u, g] = spec.split(':');
  const passwd = fs.readFileSync(path.join(s.rootfs, 'etc/passwd'), 'utf8').split('\n').map((l) => l.split(':'));
  const group = fs.readFileSync(path.join(s.rootfs, 'etc/group'), 'utf8').split('\n').map((l) => l.split(':'));
  const pw = passwd.find((p) => p[0] === u || (/^\d+$/.test(u) && p[2] === u));
  if (!pw && !/^\d+$/.test(u)) die('unable to find user ' + u + ': no matching entries in passwd file', 126);
  const uid = pw ? pw[2] : u;
  let gid = pw ? pw[3] : '0';
  if (g !== undefined) {
    const gr = group.find((x) => x[0] === g || (/^\d+$/.test(g) && x[2] === g));
    if (!gr && !/^\d+$/.test(g)) die('unable to find group ' + g + ': no matching entries in group file', 126);
    gid = gr ? gr[2] : g;
  }
  return { uid, gid, home: pw ? pw[5] : '/' };
}

function exec(args) {
  let user = null;
  let workdir = '/';
  let detach = false;
  const env = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) break;
    if (a === '--') {
      i++;
      break;
    }
    if (/^-[itd]+$/.test(a)) {
      if (a.includes('d')) detach = true;
    } else if (a === '--interactive' || a === '--tty' || a === '--privileged') continue;
    else if (a === '--detach' || a === '-d') detach = true;
    else if (a === '-u' || a === '--user' || a.startsWith('--user=') || /^-u./.test(a)) [user, i] = takeValue(args, i, 'user');
    else if (a === '-w' || a === '--workdir' || a.startsWith('--workdir=') || /^-w./.test(a)) [workdir, i] = takeValue(args, i, 'workdir');
    else if (a === '-e' || a === '--env' || a.startsWith('--env=') || /^-e./.test(a)) {
      let v;
      [v, i] = takeValue(args, i, 'env');
      env.push(v.includes('=') ? v : v + '=' + (process.env[v] || ''));
    } else die('unknown flag: ' + a, 125);
  }
  const ref = args[i];
  const argv = args.slice(i + 1);
  if (!ref || !argv.length) die('"docker exec" requires at least 2 arguments.', 1);
  const s = state();
  if (!matches(s, ref)) die('Error response from daemon: No such container: ' + ref, 1);
  if (!alive(s)) die('Error response from daemon: Container ' + s.id + ' is not running', 1);
  const who = user ? resolveUser(s, user) : { uid: '0', gid: '0', home: '/root' };
  const vars = new Map();
  for (const e of [...s.env, 'HOSTNAME=' + os.hostname(), ...env]) vars.set(e.slice(0, e.indexOf('=')), e);
  if (!vars.has('HOME')) vars.set('HOME', 'HOME=' + who.home);
  const cmd = ['-t', String(s.pid1), '-p', '-m', '-r', '-w', '--'];
  if (who.uid !== '0' || who.gid !== '0') cmd.push('setpriv', '--reuid=' + who.uid, '--regid=' + who.gid, '--clear-groups');
  cmd.push('env', '-i', '-C', workdir, ...vars.values(), ...argv);
  if (detach) {
    spawn('nsenter', cmd, { detached: true, stdio: 'ignore' }).unref();
    return;
  }
  const child = spawn('nsenter', cmd, { stdio: 'inherit' });
  child.on('error', (e) => die(e.message, 126));
  child.on('exit', (code, sig) => process.exit(code === null ? 128 + (os.constants.signals[sig] || 0) : code));
}

function logs(args) {
  let tailN = null;
  let follow = false;
  let ref = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f' || a === '--follow') follow = true;
    else if (a === '-n' || a === '--tail' || a.startsWith('--tail=')) {
      let v;
      [v, i] = takeValue(args, i, 'tail');
      tailN = v === 'all' ? null : Number(v);
    } else if (a === '--since' || a === '--until' || a.startsWith('--since=') || a.startsWith('--until=')) [, i] = takeValue(args, i, a);
    else if (a === '-t' || a === '--timestamps' || a === '--details') continue;
    else if (a.startsWith('-')) die('unknown flag: ' + a, 125);
    else ref = a;
  }
  const s = state();
  if (!matches(s, ref)) die('Error response from daemon: No such container: ' + ref, 1);
  let text = '';
  try {
    text = fs.readFileSync(s.console, 'utf8');
  } catch (e) {}
  if (tailN !== null) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    text = lines.slice(Math.max(0, lines.length - tailN)).map((l) => l + '\n').join('');
  }
  out(text);
  if (!follow) return;
  let pos = Buffer.byteLength(fs.readFileSync(s.console, 'utf8'));
  const timer = setInterval(() => {
    const buf = fs.readFileSync(s.console);
    if (buf.length > pos) out(buf.subarray(pos).toString('utf8'));
    pos = buf.length;
    if (!alive(state())) clearInterval(timer);
  }, 200);
}

function top(args) {
  const s = state();
  const ref = args.find((a) => !a.startsWith('-'));
  if (!matches(s, ref)) die('Error response from daemon: No such container: ' + ref, 1);
  if (!alive(s)) die('Error response from daemon: Container ' + s.id + ' is not running', 1);
  const pids = fs.readdirSync('/proc').filter((e) => {
    if (!/^\d+$/.test(e)) return false;
    try {
      return fs.readlinkSync('/proc/' + e + '/ns/pid') === s.nsLink;
    } catch (err) {
      return false;
    }
  });
  const r = spawnSync('ps', ['-f', '-p', pids.join(',')], { encoding: 'utf8' });
  out(r.stdout);
}

function control(op, args) {
  let t;
  let signal;
  const refs = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--time' || a.startsWith('--time=')) {
      let v;
      [v, i] = takeValue(args, i, 'time');
      t = Number(v);
    } else if (a === '-s' || a === '--signal' || a.startsWith('--signal=')) [signal, i] = takeValue(args, i, 'signal');
    else if (a === '-a' || a === '-i' || a === '--attach' || a === '--interactive') continue;
    else if (a.startsWith('-')) die('unknown flag: ' + a, 125);
    else refs.push(a);
  }
  if (!refs.length) die('"docker ' + op + '" requires at least 1 argument.', 1);
  const s = state();
  const other = refs.find((r) => !matches(s, r));
  if (other) {
    if (op === 'kill') die('Error response from daemon: Cannot kill container: ' + other + ': No such container: ' + other, 1);
    process.stderr.write('Error response from daemon: No such container: ' + other + '\n');
    if (op === 'start') process.stderr.write('Error: failed to start containers: ' + other + '\n');
    process.exit(1);
  }
  const c = net.connect(path.join(DIR, 'ctl.sock'));
  let buf = '';
  c.on('connect', () => c.write(JSON.stringify({ op, t, signal }) + '\n'));
  c.on('data', (d) => (buf += d));
  c.on('error', (e) => die('Error response from daemon: the test process that owns ' + s.name + ' is gone (' + e.message + ')', 1));
  c.on('end', () => {
    let r;
    try {
      r = JSON.parse(buf);
    } catch (e) {
      r = { ok: false, error: 'no answer' };
    }
    if (!r.ok) die('Error response from daemon: ' + r.error, 1);
    out(refs.map((r) => r + '\n').join(''));
  });
}

// Go's time.ParseDuration, for --since/--until: "10m", "1h30m", "-1s", "1.5s", "300ms".
function goDuration(v) {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(v);
  if (!m) return undefined;
  const unit = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1e3, m: 6e4, h: 36e5 };
  let ms = 0;
  for (const p of v.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) ms += Number(p[1]) * unit[p[2]];
  return m[1] === '-' ? -ms : ms;
}
// The CLI's GetTimestamp: a duration before now (client time), else a Unix timestamp (seconds[.nanos]), else a date.
function timestampMs(v, now) {
  const d = v === '0' ? undefined : goDuration(v);
  if (d !== undefined) return now - d;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) die('invalid value for "since" or "until": ' + v, 1);
  return t;
}
function events(args) {
  let since;
  let until;
  let format = null;
  const filters = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--since' || a.startsWith('--since=')) [since, i] = takeValue(args, i, 'since');
    else if (a === '--until' || a.startsWith('--until=')) [until, i] = takeValue(args, i, 'until');
    else if (a === '-f' || a === '--filter' || a.startsWith('--filter=') || /^-f./.test(a)) {
      let v;
      [v, i] = takeValue(args, i, 'filter');
      filters.push(v);
    } else if (a === '--format' || a.startsWith('--format=')) [format, i] = takeValue(args, i, 'format');
    else die('unknown flag: ' + a, 125);
  }
  const s = state();
  const now = Date.now();
  const from = since === undefined ? now : timestampMs(since, now);
  const to = until === undefined ? Infinity : timestampMs(until, now);
  const wanted = (e) =>
    filters.every((f) => {
      const eq = f.indexOf('=');
      const k = f.slice(0, eq);
      const v = f.slice(eq + 1);
      if (k === 'container') return matches(s, v);
      if (k === 'event') return e.Action === v;
      if (k === 'type') return v === 'container';
      die('Error response from daemon: invalid filter \'' + k + '\'', 1);
    });
  const line = (e) => {
    if (format === 'json' || format === '{{json .}}') return JSON.stringify(e) + '\n';
    if (format) return template(format, e) + '\n';
    const when = new Date(Number(BigInt(e.timeNano) / 1000000n)).toISOString();
    const attrs = Object.keys(e.Actor.Attributes).sort().map((k) => k + '=' + e.Actor.Attributes[k]).join(', ');
    return when + ' container ' + e.Action + ' ' + e.id + ' (' + attrs + ')\n';
  };
  let printed = 0;
  const flush = () => {
    let text = '';
    try {
      text = fs.readFileSync(path.join(DIR, 'events.jsonl'), 'utf8');
    } catch (err) {}
    const all = text.split('\n').filter(Boolean);
    for (; printed < all.length; printed++) {
      // timeNano is wider than a double: kept as text.
      const e = JSON.parse(all[printed].replace(/"timeNano":(\d+)/, '"timeNano":"$1"'));
      const ms = Number(BigInt(e.timeNano) / 1000000n);
      if (ms >= from && ms <= to && wanted(e)) out(line(e).replace(/"timeNano":"(\d+)"/, '"timeNano":$1'));
    }
  };
  // As the daemon: what it has logged up to now, then what comes until --until (forever without it).
  flush();
  if (to <= Date.now()) return;
  const timer = setInterval(() => {
    flush();
    if (Date.now() >= to) clearInterval(timer);
  }, 50);
}

const VERSION = '20.10.24-gatewatch-namespace-rig';
function version(args) {
  const v = {
    Client: { Version: VERSION, ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' },
    Server: { Version: VERSION, ApiVersion: '1.41', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64' },
  };
  const i = args.findIndex((a) => a === '-f' || a === '--format' || a.startsWith('--format='));
  if (i >= 0) return out(template(takeValue(args, i, 'format')[0], v) + '\n');
  out('Client:\n Version:           ' + VERSION + '\n\nServer:\n Engine:\n  Version:          ' + VERSION + '\n');
}

let args = process.argv.slice(2);
while (args.length && args[0].startsWith('-')) {
  const a = args[0];
  if (a === '-H' || a === '--host' || a === '-c' || a === '--context' || a === '-l' || a === '--log-level' || a === '--config') args = args.slice(2);
  else if (a === '-v' || a === '--version') {
    out('Docker version ' + VERSION + '\n');
    process.exit(0);
  } else args = args.slice(1);
}
let sub = args.shift();
let kindWord = 'object';
if (sub === 'container') {
  sub = args.shift();
  kindWord = 'container';
  if (sub === 'ls' || sub === 'list') sub = 'ps';
}
switch (sub) {
  case 'ps':
    ps(args);
    break;
  case 'inspect':
    inspect(args, kindWord);
    break;
  case 'exec':
    exec(args);
    break;
  case 'logs':
    logs(args);
    break;
  case 'top':
    top(args);
    break;
  case 'restart':
  case 'stop':
  case 'start':
  case 'kill':
    control(sub, args);
    break;
  case 'events':
    events(args);
    break;
  case 'version':
    version(args);
    break;
  default:
    die('docker: \'' + sub + '\' is not a docker command (gatewatch\'s namespace rig stand-in).\nSee \'docker --help\'', 1);
}
`;
