// The disk under a Hermes home (hermes-gateway-current.md §10.2, §10.4): its free space as Hermes' disk tiers read it,
// one statfs call (no process, no walk), and now and then the size of the home's own growth sources, which Hermes
// never prunes (#52383: `state-snapshots/` ~750 MB, `cron/output/<job>/` ~1,500 files) or which run away (a log
// writing 16 GiB a day). A walk is bounded: so many entries, so deep, links not followed.
// A filesystem can refuse every write with bytes to spare (issue 60): mounted read-only (a NAS gone, an ext4 the kernel
// remounted read-only after an I/O error), or its inode table full (every new file fails with `[Errno 28] No space left
// on device` as on a full disk). So each place Hermes writes is asked too: which mount holds it (one read of the mount
// table) and, once per filesystem, its inodes (the home's own statfs serves the places on its filesystem).
import { opendir } from 'node:fs/promises';
import { lstat } from '../util/file-calls.js';
import type { Dirent, StatsFs } from 'node:fs';
import path from 'node:path';
import type { WritePlace } from '../evidence.js';
import { mountAt, readMounts, type Mount } from './mountinfo.js';
import { mapPath } from './pid-namespace.js';
import { listLogs, type ListLogs } from './logs-listing.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';

export interface DiskSpace {
  /** Bytes this user may still write (f_bavail): Hermes' `free_mb` (shutil.disk_usage). */
  freeBytes: number;
  totalBytes: number;
  /** Kept for root (f_bfree − f_bavail): neither free to Hermes nor counted in its `used_percent`. */
  reservedBytes: number;
  /** Its inode table (f_files, f_ffree); absent for a filesystem without a fixed one (btrfs reports none). */
  inodes?: { total: number; free: number };
}

function spaceOf(s: StatsFs): DiskSpace {
  return {
    freeBytes: s.bavail * s.bsize,
    totalBytes: s.blocks * s.bsize,
    reservedBytes: Math.max(0, s.bfree - s.bavail) * s.bsize,
    ...(s.files > 0 ? { inodes: { total: s.files, free: s.ffree } } : {}),
  };
}

/**
 * The disk that holds `dir`, or undefined when it cannot be read (gone, not a directory, no permission). `fs`: the
 * look's calls (src/util/look-fs.ts).
 */
export async function readDiskSpace(dir: string, fs: LookFs = threadedFs): Promise<DiskSpace | undefined> {
  const s = await fs.statfs(dir).catch(() => undefined);
  return s?.blocks ? spaceOf(s) : undefined;
}

/**
 * Where Hermes writes under its home (hermes-gateway.md "files of interest", hermes-gateway-current.md §2.6, §8.12): the
 * home itself (gateway.pid, gateway_state.json), state.db (its journal beside it), sessions/, logs/, state/, cron/.
 */
export const WRITE_PLACES = ['.', 'state.db', 'sessions/', 'logs/', 'state/', 'cron/'] as const;

/** No inode left to speak of: none, or fewer than 1 % of the table and 1,024 (a few sessions, a log rotation). */
export const inodesOut = (i: { total: number; free: number } | undefined): boolean =>
  !!i && i.total > 0 && i.free < Math.max(1, Math.min(1024, i.total / 100));

/**
 * `p` with its links resolved, or its nearest existing parent's (where it would be made); undefined if none exists.
 * `known`: a directory whose own is being resolved already (the home, parent of every place but itself).
 */
async function realOrParent(
  p: string,
  known: { dir: string; real: Promise<string | undefined> } | undefined,
  fs: LookFs,
): Promise<string | undefined> {
  for (let q = p; ; q = path.dirname(q)) {
    const isKnown = known !== undefined && path.resolve(q) === path.resolve(known.dir);
    const r = await (isKnown ? known.real : fs.realpath(q).catch(() => undefined));
    if (r !== undefined || q === path.dirname(q)) return r;
  }
}

/**
 * A place under `home` with its links resolved, as realOrParent resolves it, from one listing of the home: a place
 * not there is where it would be made (the home's own real path), one there and no link is under it (a name with a
 * slash only if it is a folder); a link, or a home that could not be listed, is resolved by the kernel. Five places a
 * home, each resolved alone, were a fifth of a served profile's look (issue 62 item 4).
 */
async function placeReal(
  home: string,
  name: string,
  real: Promise<string | undefined>,
  listed: Promise<Map<string, Dirent> | undefined>,
  fs: LookFs,
): Promise<string | undefined> {
  const [entries, r] = await Promise.all([listed, real]);
  const base = name.replace(/\/$/, '');
  const e = entries?.get(base);
  if (entries && r !== undefined && !e?.isSymbolicLink()) {
    if (!e || (name.endsWith('/') && !e.isDirectory())) return r;
    return path.join(r, base);
  }
  return realOrParent(path.join(home, name), { dir: home, real }, fs);
}

/**
 * Whose mount table says whether a place is read-only. Ours is not always the gateway's: gatewatch beside Hermes in a
 * container of its own has the home as a read-only volume while the gateway writes to it.
 */
export interface WriterView {
  /** The live gateway, as this process numbers it: its own mount table judges (a container's differs from ours). */
  pid?: number;
  /**
   * No live gateway, and it runs in a container: only a filesystem read-only for everyone counts, not a mount that is
   * read-only for this process alone (a sidecar's `:ro` volume).
   */
  elsewhere?: boolean;
}

/**
 * Each place Hermes writes under `home`, on the filesystem that holds it: its mount (this process's mount table: the
 * host's paths it reads are its own) and whether the gateway finds it read-only (`view`), its inodes and free bytes
 * (statfs, once per filesystem; `home`'s own reading, `space`, for the places on the home's). Where no mount table can
 * be read (not Linux), the home alone, by `space`. [] when the home is not there. `mounts`: the mount table of a
 * process (`self`: ours), as a round of looks reads each once. `fs`: the look's calls (src/util/look-fs.ts).
 */
export async function readWritePlaces(
  home: string,
  space: DiskSpace | undefined,
  view: WriterView = {},
  mounts: (pid: number | 'self') => Promise<Mount[]> = readMounts,
  fs: LookFs = threadedFs,
): Promise<WritePlace[]> {
  if (!space) return [];
  const real = fs.realpath(home).catch(() => undefined);
  const listed = fs.readdir(home).then(
    (es) => new Map(es.map((e) => [e.name, e])),
    () => undefined,
  );
  const [table, theirs, reals] = await Promise.all([
    mounts('self').catch(() => undefined),
    view.pid === undefined ? undefined : mounts(view.pid).catch(() => undefined),
    Promise.all(WRITE_PLACES.map((name) => (name === '.' ? real : placeReal(home, name, real, listed, fs)))),
  ]);
  if (reals[0] === undefined) return [];
  const own = (s: DiskSpace) => ({ ...(s.inodes ? { inodes: s.inodes } : {}), freeBytes: s.freeBytes });
  if (!table?.length) return [{ name: '.', ...own(space) }];
  const byMount = new Map<Mount | undefined, Promise<DiskSpace | undefined>>([
    [mountAt(reals[0], table), Promise.resolve(space)],
  ]);
  const out: WritePlace[] = [];
  for (const [i, name] of WRITE_PLACES.entries()) {
    const m = reals[i] === undefined ? undefined : mountAt(reals[i]!, table);
    if (!m) continue;
    if (!byMount.has(m)) byMount.set(m, readDiskSpace(reals[i]!, fs));
    const s = await byMount.get(m);
    const readOnly = readOnlyFor(reals[i]!, m, table, theirs, view);
    out.push({ name, mount: m.point, fsType: m.fsType, source: m.source, readOnly, ...(s ? own(s) : {}) });
  }
  return out;
}

/** Whether the gateway finds `real` (our path, on our mount `m`) read-only: by its own table where it can be read. */
function readOnlyFor(
  real: string,
  m: Mount,
  ours: readonly Mount[],
  theirs: readonly Mount[] | undefined,
  view: WriterView,
): boolean {
  const there = theirs?.length ? mapPath(real, ours, theirs)[0] : undefined;
  const their = there === undefined ? undefined : mountAt(there, theirs!);
  if (their) return their.readOnly;
  return view.elsewhere ? m.fsReadOnly : m.readOnly;
}

/** Hermes' growth sources under its home (§10.2): snapshots, cron job output, logs. */
export const GROWTH_DIRS = ['state-snapshots', 'cron/output', 'logs'] as const;

export interface DirSize {
  /** As named under the home, with a trailing slash: `state-snapshots/`. */
  name: string;
  bytes: number;
  /** Regular files in it (each an inode). */
  files: number;
  /** The walk stopped at its budget: at least this much. */
  partial?: boolean;
}

export interface WalkBudget {
  /** Entries (files and directories) looked at, at most, per directory. */
  entries: number;
  depth: number;
}

export const WALK_BUDGET: WalkBudget = { entries: 5_000, depth: 4 };

/**
 * The bytes and the number of the regular files under `dir` (links not followed), within the budget; undefined when
 * there is no such directory.
 */
export async function dirSize(
  dir: string,
  budget: WalkBudget = WALK_BUDGET,
): Promise<Omit<DirSize, 'name'> | undefined> {
  let left = budget.entries;
  let bytes = 0;
  let files = 0;
  let partial = false;
  const walk = async (d: string, depth: number): Promise<boolean> => {
    const handle = await opendir(d).catch(() => undefined);
    if (!handle) return false;
    try {
      for await (const e of handle) {
        if (left-- <= 0) {
          partial = true;
          break;
        }
        const p = path.join(d, e.name);
        if (e.isFile()) {
          files++;
          bytes += (await lstat(p).catch(() => undefined))?.size ?? 0;
        } else if (e.isDirectory()) {
          if (depth < budget.depth) await walk(p, depth + 1);
          else partial = true;
        }
      }
    } finally {
      // A loop left by `break` closes the handle itself; closing it twice throws.
      await handle.close().catch(() => {});
    }
    return true;
  };
  if (!(await walk(dir, 1))) return undefined;
  return { bytes, files, ...(partial ? { partial: true } : {}) };
}

/** The home's growth sources that exist, each measured within the budget, one after another (never all at once). */
export async function growthDirSizes(home: string, budget: WalkBudget = WALK_BUDGET): Promise<DirSize[]> {
  const out: DirSize[] = [];
  for (const name of GROWTH_DIRS) {
    const size = await dirSize(path.join(home, name), budget);
    if (size) out.push({ name: `${name}/`, ...size });
  }
  return out;
}

/** At most this many entries of `logs/` are looked at: a directory of rotated files is not walked whole. */
const LOG_ENTRIES_MAX = 200;

/** A file under `<home>/logs` as one stat tells it. */
export interface LogFileStat {
  /** Its path under `logs/`. */
  name: string;
  bytes: number;
  mtimeMs: number;
  /** When it was created, where the filesystem keeps it (statx's btime): the first stamp of a log without any. */
  bornMs?: number;
}

/**
 * The size, mtime and birth of each regular file under `<home>/logs` and one level of folders in it (a plugin's own
 * logs), named by its path under `logs/`; one stat each, links not followed; [] when none. `list`: the look's listing;
 * `fs`: its calls (src/util/look-fs.ts).
 */
export async function logFileSizes(
  home: string,
  list: ListLogs = listLogs,
  fs: LookFs = threadedFs,
): Promise<LogFileStat[]> {
  const out: LogFileStat[] = [];
  const logs = path.join(home, 'logs');
  for (const [seen, e] of (await list(logs)).entries()) {
    if (seen >= LOG_ENTRIES_MAX) break;
    if (!e.file) continue;
    const st = await fs.lstat(path.join(logs, e.name)).catch(() => undefined);
    // A filesystem that keeps no birth says 0, or (without statx) its ctime, which is never before its mtime.
    const born = st && st.birthtimeMs > 0 && st.birthtimeMs < st.mtimeMs ? { bornMs: st.birthtimeMs } : {};
    if (st?.isFile()) out.push({ name: e.name, bytes: st.size, mtimeMs: st.mtimeMs, ...born });
  }
  return out;
}
