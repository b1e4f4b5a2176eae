// Service folders, as runit and s6 keep them: the one among a scanner's folders whose `run` serves a Hermes home. The
// scanners looked in are the host's usual places and those the running scanners watch (`runsvdir [-P] DIR [log]`
// names its own; s6-svscan works in its own): a user's own `runsvdir ~/service`, a scan folder a distribution or an
// operator put elsewhere.
import path from 'node:path';
import type { TargetConfig } from '../../config/schema.js';
import type { ServiceEvidence } from '../../evidence.js';
import { readdir, readlink, realpath, stat } from '../../util/file-calls.js';
import { KiB, readProcText } from '../../util/read-capped.js';
import { fileExists, type Host } from '../host.js';
import { lastShutdownContext } from '../shutdown-context.js';
import { readProcStat } from '../process.js';
import { keptScan, type ProcScan } from '../proc-scan.js';
import { runServesHome } from './output.js';
import { homeOfRun } from './run-file.js';

/** Each scanner's scans, kept across looks (proc-scan.ts keptScan): a busy host's scan out of time still finds it. */
const scans = new Map<string, () => Promise<ProcScan<string | null>>>();

/** A scan of the running scanners named `comm`: each one's folder (the first argument that is no option, else its cwd). */
function scanOf(comm: string): () => Promise<ProcScan<string | null>> {
  let scan = scans.get(comm);
  if (!scan) {
    scan = keptScan(async (pid) => {
      const name = (await readProcText(`/proc/${pid}/comm`, 64).catch(() => '')).trim();
      if (name !== comm) return undefined;
      const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => null);
      const argv = (await readProcText(`/proc/${pid}/cmdline`, 4 * KiB).catch(() => '')).split('\0').slice(1);
      const dir = comm === 'runsvdir' ? argv.find((a) => a && !a.startsWith('-')) : undefined;
      return dir ? path.resolve(cwd ?? '/', dir) : cwd;
    }, 2_000);
    scans.set(comm, scan);
  }
  return scan;
}

/** The running scanners named `comm`, each one's folder by its pid. */
async function scanners(comm: string): Promise<Map<number, string | null>> {
  const got = await scanOf(comm)();
  return got.ok ? got.procs : new Map();
}

/** The folders the scanners `found` watch. */
const folderList = (found: Map<number, string | null>): string[] => [
  ...new Set([...found.values()].filter((d): d is string => d !== null)),
];
const scannedDirs = async (comm: string): Promise<string[]> => folderList(await scanners(comm));

/**
 * Where the supervising process `pid` is being taken out of: its parent is one of the scanners `found`, whose folder
 * holds `name` no more. The scanner ends it at its next look (runsvdir's within five seconds), the gateway with it;
 * till then it still answers for a folder nothing starts again.
 */
async function leaving(pid: number, found: Map<number, string | null>, name: string): Promise<string | undefined> {
  const ppid = (await readProcStat(pid))?.ppid;
  const from = ppid ? found.get(ppid) : undefined;
  if (!from) return undefined;
  const list = await readdir(from).catch(() => undefined);
  return list && !list.includes(name) ? path.join(from, name) : undefined;
}

/** The service folder whose `run` serves this home, in `places` or a folder a running `scanner` watches. */
export async function servingFolder(
  target: TargetConfig,
  host: Host,
  places: readonly string[],
  scanner: string,
): Promise<string | undefined> {
  const parents = [...new Set([...places, ...(await scannedDirs(scanner))])];
  for (const parent of parents)
    for (const entry of await readdir(parent).catch(() => [] as string[])) {
      const dir = path.join(parent, entry);
      if (await runServesHome(dir, target.hermes_home, host.homedir)) return dir;
    }
  return undefined;
}

/**
 * The service folder of the supervisor Hermes named as its parent (`runsv hermes`, `s6-supervise hermes`, its pid):
 * where that process still runs, the folder it works in; else, by its name, in `places` or a folder a running
 * `scanner` watches, the one whose `run` serves this home, else one whose `run` cannot be read for a home (it execs a
 * wrapper); never one that serves another. Where it was taken out, the caller's probe finding no folder there: with
 * none and that process gone (removedFolder), or that process alive while its scanner's folder holds it no more
 * (leaving: the newest evidence, its end a moment away).
 */
export async function namedFolder(
  target: TargetConfig,
  host: Host,
  places: readonly string[],
  scanner: string,
  parent: { pid: number; name: string },
  name: string,
): Promise<string | undefined> {
  if (!/^[\w.@-]+$/.test(name)) return undefined;
  const alive = await stillRuns(parent);
  const cwd = alive ? await readlink(`/proc/${parent.pid}/cwd`).catch(() => undefined) : undefined;
  const found = await scanners(scanner);
  const scanned = folderList(found);
  const parents = [...new Set([...places, ...scanned])];
  if (cwd && path.basename(cwd) === name) {
    const home = await homeOfRun(cwd, host.homedir);
    if (home !== undefined && home !== path.resolve(target.hermes_home)) return undefined;
    // As the operator names it: the link in a scanned folder that leads there, else the folder itself.
    for (const scan of parents)
      if ((await realpath(path.join(scan, name)).catch(() => '')) === cwd) return path.join(scan, name);
    return (await leaving(parent.pid, found, name)) ?? cwd;
  }
  const dir = await folderNamed(target, host, parents, name);
  if (dir) return dir;
  // Not found, and its supervising process gone or going: the service taken out of what its scanner reads.
  if (!alive) return removedFolder(target, host, [...new Set([...scanned, ...places])], name);
  const home = cwd ? await homeOfRun(cwd, host.homedir) : undefined;
  return home === undefined || home === path.resolve(target.hermes_home) ? leaving(parent.pid, found, name) : undefined;
}

/**
 * The folder `name` in one of `parents` whose `run` serves this home, else (unless `served`) one whose `run` cannot be
 * read for a home (it execs a wrapper); never one that serves another.
 */
async function folderNamed(
  target: TargetConfig,
  host: Host,
  parents: readonly string[],
  name: string,
  served = false,
): Promise<string | undefined> {
  let unread: string | undefined;
  for (const parent of parents) {
    const dir = path.join(parent, name);
    if (!(await readdir(dir).catch(() => undefined))?.includes('run')) continue;
    const home = await homeOfRun(dir, host.homedir);
    if (home === path.resolve(target.hermes_home)) return dir;
    if (home === undefined && !served) unread ??= dir;
  }
  return unread;
}

/**
 * Where a service taken out of its scanner's folder still is, so that the way back names it: its own folder of the
 * same name where the host keeps them (`sources`: runit's `/etc/sv/<name>`, which the link led to), whose `run` serves
 * this home (one that cannot be read for a home may be another's: not named). Undefined where none is there: moved or
 * removed with the link, or kept somewhere the host's layout does not say.
 */
export async function sourceFolder(
  target: TargetConfig,
  host: Host,
  sources: readonly string[],
  taken: string,
): Promise<string | undefined> {
  const name = path.basename(taken);
  return /^[\w.@-]+$/.test(name) ? folderNamed(target, host, sources, name, true) : undefined;
}

/** The process Hermes named as its sender still runs as that program (its pid not reused by another). */
async function stillRuns(p: { pid: number; name: string }): Promise<boolean> {
  return (await readProcText(`/proc/${p.pid}/comm`, 64).catch(() => '')).trim() === p.name;
}

/**
 * Where the service `name` that ran this home was, when none of `parents` (the folders a running scanner watches
 * first: it was taken out of one of them) has it any more: the one without it, with the name. Undefined while one of
 * them still has one that may serve this home (a folder of that name serving another home is another service).
 */
async function removedFolder(
  target: TargetConfig,
  host: Host,
  parents: readonly string[],
  name: string,
): Promise<string | undefined> {
  const without: string[] = [];
  for (const parent of parents) {
    const list = await readdir(parent).catch(() => undefined);
    if (!list) continue;
    if (!list.includes(name)) {
      without.push(parent);
      continue;
    }
    const home = await homeOfRun(path.join(parent, name), host.homedir);
    if (home === undefined || home === path.resolve(target.hermes_home)) return undefined;
  }
  // Several: the one changed as the gateway stopped, else the first (its scanner's, then the usual places).
  const from = (without.length > 1 ? await changedAtStop(target, without) : undefined) ?? without[0];
  return from ? path.join(from, name) : undefined;
}

/** How long before the gateway's last words its scanner may have seen the link gone (runsvdir looks every 5 s). */
const TAKEN_OUT_BEFORE_MS = 10_000;

/**
 * Of several scan folders without the service (a host's own scanner beside a user's, say), the one it was taken out
 * of: the only one changed in the seconds before the gateway's last words, the taking out being what changed it. One
 * folder under several names (Void's `/var/service` and the `/run/runit/runsvdir/current` its runsvdir watches) is
 * one: its first name. Undefined where none or more than one was.
 */
async function changedAtStop(target: TargetConfig, folders: readonly string[]): Promise<string | undefined> {
  const at = (await lastShutdownContext(target.log_file))?.at;
  if (at === undefined) return undefined;
  const changed = new Map<string, string>();
  for (const dir of folders) {
    const m = (await stat(dir).catch(() => undefined))?.mtimeMs;
    if (m === undefined || m < at - TAKEN_OUT_BEFORE_MS || m > at + 1_000) continue;
    const real = await realpath(dir).catch(() => dir);
    if (!changed.has(real)) changed.set(real, dir);
  }
  return changed.size === 1 ? [...changed.values()][0] : undefined;
}

/** A running `scanner` watches the folder `dir` is in: it starts the service's supervisor again if that one ends. */
export async function watchedFolder(dir: string, scanner: string): Promise<boolean> {
  const parent = path.dirname(path.resolve(dir));
  return (await scannedDirs(scanner)).some((d) => path.resolve(d) === parent);
}

/**
 * A service the gateway ran under (`claimed`: types.ts ranUnder) whose folder is gone from its scanner's: taken
 * out, the operator's way to retire it, its runner ending the gateway as it went; the operator's stop, dated by those
 * words. `line`: what its supervisor's tool answered of it.
 */
export async function takenOut(
  target: TargetConfig,
  claimed: boolean,
  dir: string,
  line: string,
): Promise<Pick<ServiceEvidence, 'active' | 'state' | 'stopped'> | undefined> {
  if (!claimed || (await fileExists(dir))) return undefined;
  const at = (await lastShutdownContext(target.log_file))?.at;
  return { active: false, state: 'removed', stopped: { ...(at !== undefined ? { at } : {}), line } };
}
