// A gateway in a container records itself as the container sees it: gateway.pid holds its pid in the container's PID
// namespace and `/opt/data` as its home (hermes-deployments.md §1.4). On the host that pid is another process or
// none, so it is never judged or signalled as it stands: it is mapped to the host's pid through the `NSpid:` line of
// /proc/<pid>/status (the pid in each nested namespace, outermost first), the process's start time (the same clock
// inside and out) confirming the identity; and a path inside is mapped to the host's through the process's own
// mount table (its mountinfo: which device and which directory of it each of its mounts shows), readable by any user,
// unlike /proc/<pid>/root.
import { readlinkSync } from 'node:fs';
import { readdir } from '../util/file-calls.js';
import path from 'node:path';
import type { ContainerKind } from '../evidence/service.js';
import { parseProcStat } from './proc-stat.js';
import { KiB, readProcLineSync, readProcText } from '../util/read-capped.js';
import { mountAt, readMounts, under, type Mount } from './mountinfo.js';
import { step } from '../util/steps.js';
import { nextTurn } from '../util/next-turn.js';
import { namesOf } from '../util/accounts.js';

/**
 * The host pid a record was last found at, alive or not: a container's gateway that died is still known by the host
 * pid it had (its liveness, its death's timing), never by the number the container gave it.
 */
export function lastHostPid(pid: number, startTime: number | undefined, owner?: RecordOwner): number | undefined {
  return known.get(keyOf(pid, startTime, owner));
}

/**
 * Whose record it is: the containers of two homes record the same pid and start where they started together (a
 * host's boot starts them at once, and the image runs each gateway at the same pid), so a record is mapped for its
 * home, and to a process that serves it.
 */
export interface RecordOwner {
  /** The home the record is read for. */
  home: string;
  /**
   * Whether the host process serves that home: `unknown` where its mounts do not show it here (gatewatch in its own
   * container, which mounts its own Hermes' volume only).
   */
  serves: (host: number) => Promise<boolean | 'unknown'>;
  /**
   * Where none serves it, the process the record names anyway (a copied record): what says `other home` of it. Never
   * kept; not for a home whose gateway was mapped before (it died: its twin is not it).
   */
  orOther?: boolean;
}

const keyOf = (pid: number, startTime: number | undefined, owner?: RecordOwner) =>
  `${owner?.home ?? ''}\0${pid}:${startTime}`;

/** A process's pid in each PID namespace it is in, outermost (the host's) first; [pid] outside any container. */
export async function nsPids(pid: number): Promise<number[] | undefined> {
  try {
    const status = await readProcText(`/proc/${pid}/status`, 8 * KiB);
    const m = /^NSpid:\s*([\d\s]+)$/m.exec(status);
    return m ? m[1]!.trim().split(/\s+/).map(Number) : [pid];
  } catch {
    return undefined;
  }
}

/** A live process's start (ticks since boot), read in this turn: /proc's stat line never waits (readProcLineSync). */
function startTicksNow(pid: number): number | undefined {
  try {
    const stat = parseProcStat(readProcLineSync(`/proc/${pid}/stat`));
    return stat && stat.state !== 'Z' && stat.state !== 'X' ? stat.startTicks : undefined;
  } catch {
    return undefined;
  }
}

// Record → host pid, kept while the host process still has the recorded start: a container's gateway is found by one
// read of its stat after the first look, not a scan of the host's processes on every look.
const known = new Map<string, number>();
const MAX_KNOWN = 256;

/**
 * Processes hostPidOf looks at in one turn of the loop, each by reads that never wait (a link, a stat line): a host's
 * hundreds were as many round trips through libuv's threads, most of a cold look at a container's gateway (issue 62).
 */
const BATCH = 256;

/**
 * The host pid of the process a container recorded as `pid` started at `startTime` (ticks since boot), or undefined
 * when no process in a nested PID namespace is it (it died, or the record is the host's own). Without a start time
 * there is no identity to confirm: nothing is mapped. `owner`: the home it is read for, whose process it must be.
 * `likely`: host pids to ask first (a one-shot look's gateways in a container, which its table lists anyway), each
 * confirmed as any other; the host's processes are walked only when none is it.
 */
export async function hostPidOf(
  pid: number,
  startTime: number | undefined,
  owner?: RecordOwner,
  likely?: () => Promise<number[]>,
): Promise<number | undefined> {
  if (startTime === undefined || process.platform !== 'linux') return undefined;
  const key = keyOf(pid, startTime, owner);
  // Matches that cannot be told to serve the home, then ones that serve another: asked only when none serves it.
  let unknown: number | undefined;
  let other: number | undefined;
  const is = async (host: number) => {
    if (!(await recordedAs(host, pid, startTime))) return false;
    const serves = owner === undefined || (await owner.serves(host));
    if (serves === true) return true;
    if (serves === 'unknown') unknown ??= host;
    else other ??= host;
    return false;
  };
  const cached = known.get(key);
  if (cached !== undefined && startTicksNow(cached) === startTime) return cached;
  const found = (host: number) => {
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(key, host);
    return host;
  };
  for (const host of (await likely?.().catch(() => [])) ?? []) if (host !== pid && (await is(host))) return found(host);
  return step('scan', async () => {
    let entries: string[];
    try {
      entries = await readdir('/proc');
    } catch {
      return undefined;
    }
    const pids = entries.filter((e) => /^\d+$/.test(e) && Number(e) !== pid).map(Number);
    for (let i = 0; i < pids.length; i += BATCH) {
      if (i) await nextTurn();
      for (const host of pids.slice(i, i + BATCH)) if (await is(host)) return found(host);
    }
    if (unknown !== undefined) return found(unknown);
    return owner?.orOther && known.get(key) === undefined ? other : undefined;
  });
}

/** Whether `host` is the process a container recorded as `pid` started at `startTime`. */
async function recordedAs(host: number, pid: number, startTime: number): Promise<boolean> {
  // One readlink rules out a process of our own PID namespace (most of a host's); then the start time, one short read,
  // all but the few processes started in the same hundredth. Both in this turn: only those left wait for a read.
  if (sameNamespaceNow(host) === true || startTicksNow(host) !== startTime) return false;
  const ns = await nsPids(host);
  return !!ns && ns.length > 1 && ns[ns.length - 1] === pid;
}

let ownPidNs: string | null | undefined;

/**
 * Whether a process is in our own PID namespace, by its ns link (one readlink, which waits on nothing: told in this
 * turn); undefined where that is refused (another user's process, when we are not root).
 */
function sameNamespaceNow(pid: number): boolean | undefined {
  if (ownPidNs === undefined) ownPidNs = linkOf('/proc/self/ns/pid') ?? null;
  const theirs = linkOf(`/proc/${pid}/ns/pid`);
  return ownPidNs === null || theirs === undefined ? undefined : ownPidNs === theirs;
}

function linkOf(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Whether a process runs in another PID namespace than ours (a container): its ns link; where that is refused the NSpid
 * line of its status, which the kernel builds at a tenfold cost.
 */
/** inNestedPidNamespace told in this turn by its ns link; undefined where that is refused (nsPids is then asked). */
export function nestedNow(pid: number): boolean | undefined {
  const same = sameNamespaceNow(pid);
  return same === undefined ? undefined : !same;
}

export async function inNestedPidNamespace(pid: number): Promise<boolean> {
  const same = sameNamespaceNow(pid);
  return same === undefined ? ((await nsPids(pid))?.length ?? 1) > 1 : !same;
}

const rest = (p: string, dir: string) => (dir === '/' ? p : p.slice(dir.length)) || '/';
const join = (a: string, b: string) => (b === '/' ? a : path.posix.join(a, b));

/**
 * Where `inside` (an absolute path in the namespace whose mounts are `theirs`) is on the host whose mounts are `ours`:
 * every host path that shows the same directory of the same device, most specific mount first. Empty when the
 * device is not mounted on the host (a tmpfs of the container's own).
 */
export function mapPath(inside: string, theirs: readonly Mount[], ours: readonly Mount[]): string[] {
  const m = mountAt(inside, theirs);
  if (!m) return [];
  const onDevice = join(m.root, rest(inside, m.point));
  return ours
    .filter((o) => o.dev === m.dev && under(onDevice, o.root))
    .sort((a, b) => b.root.length - a.root.length)
    .map((o) => join(o.point, rest(onDevice, o.root)));
}

/** The host paths a path inside `pid`'s mount namespace stands for; empty when it cannot be told. */
export async function hostPathsOf(pid: number, inside: string): Promise<string[]> {
  try {
    const [theirs, ours] = await Promise.all([readMounts(pid), readMounts('self')]);
    return mapPath(inside, theirs, ours);
  } catch {
    return [];
  }
}

/** Where a process runs, by its cgroup: a container of Docker's or Podman's, or one of a Kubernetes pod's. */
export interface CgroupContainer {
  runtime: ContainerKind;
  id: string;
  /** kubernetes: the pod's uid, as the kubelet names its cgroup. */
  pod?: string;
  /** podman: the systemd unit whose cgroup holds the container (a Quadlet unit's `--cgroups=split` payload). */
  unit?: { name: string; scope: 'user' | 'system' };
  /**
   * podman: a rootless container's user (its conmon's uid and the user's name on this host): that user's Podman alone
   * knows it; another user's `podman`, root's too, answers "no such container".
   */
  rootless?: { uid: number; user?: string };
  /** podman, read from its conmon: the process is the container's own program (no s6 inside), or not. */
  program?: boolean;
}

/** The runtime whose cgroups are `libpod-<id>` and whose containers' parent is conmon. */
const LIBPOD = 'podman';

/** A Quadlet unit's container: `…/<unit>.service/libpod-payload-<id>` (system, or under `user@<uid>.service`). */
const QUADLET = /\/([^/\n]+\.service)\/libpod-payload-([0-9a-f]{64})/;

/**
 * A pod's container as the kubelet names its cgroup: `kubepods/<qos>/pod<uid>/<id>` (cgroupfs driver) or
 * `kubepods.slice/…/kubepods-<qos>-pod<uid with _>.slice/<cri-containerd|crio|docker>-<id>.scope` (systemd driver).
 * Asked first: a node whose CRI is Docker (cri-dockerd) names the same container `docker-<id>.scope`, and it is the
 * kubelet's, not Docker's restart policy, that runs it.
 */
const KUBEPODS =
  /kubepods\b[^\n]*?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?\/(?:[a-z-]+-)?([0-9a-f]{64})/;

/**
 * The container a process runs in, by its cgroup: a Kubernetes pod's (KUBEPODS), Docker's `docker-<id>.scope` (systemd
 * driver) or `/docker/<id>` (cgroupfs), Podman's `libpod-<id>`; undefined on the host or in a runtime that names none.
 */
export async function containerIdOf(pid: number): Promise<CgroupContainer | undefined> {
  let text: string;
  try {
    text = await readProcText(`/proc/${pid}/cgroup`, 64 * KiB);
  } catch {
    return undefined;
  }
  const byCgroup = cgroupContainer(text);
  // Rootless Podman on cgroup v1, or a container run with `--cgroups=disabled`, has no cgroup of its own: its conmon,
  // the container's parent (hermes-supervisors.md, Podman), names it.
  if (byCgroup && (byCgroup.runtime !== LIBPOD || byCgroup.unit)) return byCgroup;
  const conmon = await conmonOf(pid);
  return conmon ? { ...byCgroup, ...conmon } : byCgroup;
}

/** How far up a container's process its conmon is: the gateway, s6-supervise, s6-svscan (the image's PID 1), conmon. */
const CONMON_UP = 4;

/**
 * The Podman container whose conmon this process runs under, its user where that is not root, and whether the process
 * is the container's own program (conmon its parent: no s6 inside).
 */
async function conmonOf(pid: number): Promise<CgroupContainer | undefined> {
  try {
    let at = pid;
    for (let up = 0; up < CONMON_UP; up++) {
      const st = parseProcStat(await readProcText(`/proc/${at}/stat`, 4 * KiB));
      if (!st || st.ppid <= 1) return undefined;
      const parent = parseProcStat(await readProcText(`/proc/${st.ppid}/stat`, 4 * KiB));
      if (parent?.comm === 'conmon') {
        const argv = (await readProcText(`/proc/${st.ppid}/cmdline`, 64 * KiB)).split('\0');
        const status = await readProcText(`/proc/${st.ppid}/status`, 8 * KiB);
        const uid = Number(/^Uid:\s*(\d+)/m.exec(status)?.[1] ?? Number.NaN);
        const c = conmonContainer(argv, uid);
        if (!c) return undefined;
        const user = c.rootless ? (await namesOf('/etc/passwd')).get(c.rootless.uid) : undefined;
        return { ...c, ...(c.rootless && user ? { rootless: { ...c.rootless, user } } : {}), program: up === 0 };
      }
      at = st.ppid;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** `conmon --api-version 1 -c <id> -u <id> -r /usr/bin/runc …` run by `uid`: its container, rootless unless root's. */
export function conmonContainer(argv: readonly string[], uid: number): CgroupContainer | undefined {
  const at = argv.findIndex((a) => a === '-c' || a === '--cid');
  const id = at >= 0 ? argv[at + 1] : undefined;
  if (!id || !/^[0-9a-f]{64}$/.test(id)) return undefined;
  return { runtime: LIBPOD, id, ...(Number.isInteger(uid) && uid !== 0 ? { rootless: { uid } } : {}) };
}

export function cgroupContainer(text: string): CgroupContainer | undefined {
  const k = KUBEPODS.exec(text);
  if (k) return { runtime: 'kubernetes', id: k[2]!, pod: k[1]!.replace(/_/g, '-') };
  const q = QUADLET.exec(text);
  if (q)
    return {
      runtime: LIBPOD,
      id: q[2]!,
      unit: { name: q[1]!, scope: /\/user@\d+\.service\//.test(text) ? 'user' : 'system' },
    };
  const m = /(docker|libpod)[-/]([0-9a-f]{64})/.exec(text);
  return m ? { runtime: m[1] === 'libpod' ? LIBPOD : 'docker', id: m[2]! } : undefined;
}

/**
 * How many processes the kernel's OOM killer ended in the memory cgroup of `pid` (its container's): `oom_kill` of
 * cgroup v2's memory.events, or of v1's memory.oom_control. Undefined when it cannot be read.
 */
export async function cgroupOomKills(pid: number): Promise<number | undefined> {
  try {
    const text = await readProcText(`/proc/${pid}/cgroup`, 64 * KiB);
    const v1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(.*)$/m.exec(text)?.[1];
    const v2 = /^0::(.*)$/m.exec(text)?.[1];
    const file =
      v1 !== undefined ? `/sys/fs/cgroup/memory${v1}/memory.oom_control` : `/sys/fs/cgroup${v2}/memory.events`;
    const m = /^oom_kill (\d+)$/m.exec(await readProcText(file, 4 * KiB));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
