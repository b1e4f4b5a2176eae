// The disk under a Hermes home (hermes-gateway-current.md §10.2, §10.4): its free space as Hermes' disk tiers read it,
// one statfs call (no process, no walk), and now and then the size of the home's own growth sources, which Hermes
// never prunes (#52383: `state-snapshots/` ~750 MB, `cron/output/<job>/` ~1,500 files) or which run away (a log
// writing 16 GiB a day). A walk is bounded: so many entries, so deep, links not followed.
import { lstat, opendir, statfs } from 'node:fs/promises';
import path from 'node:path';

export interface DiskSpace {
  /** Bytes this user may still write (f_bavail): Hermes' `free_mb` (shutil.disk_usage). */
  freeBytes: number;
  totalBytes: number;
  /** Kept for root (f_bfree − f_bavail): neither free to Hermes nor counted in its `used_percent`. */
  reservedBytes: number;
}

/** The disk that holds `dir`, or undefined when it cannot be read (gone, not a directory, no permission). */
export async function readDiskSpace(dir: string): Promise<DiskSpace | undefined> {
  const s = await statfs(dir).catch(() => undefined);
  if (!s || !s.blocks) return undefined;
  return {
    freeBytes: s.bavail * s.bsize,
    totalBytes: s.blocks * s.bsize,
    reservedBytes: Math.max(0, s.bfree - s.bavail) * s.bsize,
  };
}

/** Hermes' growth sources under its home (§10.2): snapshots, cron job output, logs. */
export const GROWTH_DIRS = ['state-snapshots', 'cron/output', 'logs'] as const;

export interface DirSize {
  /** As named under the home, with a trailing slash: `state-snapshots/`. */
  name: string;
  bytes: number;
  /** The walk stopped at its budget: at least this much. */
  partial?: boolean;
}

export interface WalkBudget {
  /** Entries (files and directories) looked at, at most, per directory. */
  entries: number;
  depth: number;
}

export const WALK_BUDGET: WalkBudget = { entries: 5_000, depth: 4 };

/** The bytes of the regular files under `dir` (links not followed), within the budget; undefined when there is no such directory. */
export async function dirSize(
  dir: string,
  budget: WalkBudget = WALK_BUDGET,
): Promise<Omit<DirSize, 'name'> | undefined> {
  let left = budget.entries;
  let bytes = 0;
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
        if (e.isFile()) bytes += (await lstat(p).catch(() => undefined))?.size ?? 0;
        else if (e.isDirectory()) {
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
  return { bytes, ...(partial ? { partial: true } : {}) };
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
 * logs), named by its path under `logs/`; one stat each, links not followed; [] when none.
 */
export async function logFileSizes(home: string): Promise<LogFileStat[]> {
  const out: LogFileStat[] = [];
  let seen = 0;
  const walk = async (rel: string, depth: number) => {
    const dir = path.join(home, 'logs', rel);
    const d = await opendir(dir).catch(() => undefined);
    if (!d) return;
    for await (const e of d) {
      if (++seen > LOG_ENTRIES_MAX) break;
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && depth === 0) {
        await walk(name, 1);
        continue;
      }
      if (!e.isFile()) continue;
      const st = await lstat(path.join(dir, e.name)).catch(() => undefined);
      // A filesystem that keeps no birth says 0, or (without statx) its ctime, which is never before its mtime.
      const born = st && st.birthtimeMs > 0 && st.birthtimeMs < st.mtimeMs ? { bornMs: st.birthtimeMs } : {};
      if (st?.isFile()) out.push({ name, bytes: st.size, mtimeMs: st.mtimeMs, ...born });
    }
  };
  await walk('', 0);
  return out;
}
