// What a home's `logs/` holds, listed once a look: the logs beside gateway.log (side-logs.ts) and the sizes of the
// home's log files (disk.ts) both walk it, and a look listed it twice (issue 62 item 4). Entries only (names and
// kinds, links not followed): each reader stats what it needs.
import path from 'node:path';
import type { Shared } from '../util/shared.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';

/** Entries looked at, at most, in each folder: a folder of rotated files is not listed whole. */
const ENTRIES_MAX = 500;

export interface LogsEntry {
  /** Its path under `logs/` (`agent.log`, `hindsight/memory.log`). */
  name: string;
  file: boolean;
  dir: boolean;
}

/** A lister of `logs/` folders: a look's shared listing, or a fresh one (`listLogs`). */
export type ListLogs = (logsDir: string) => Promise<LogsEntry[]>;

/**
 * The entries of `logsDir` and of each folder in it, one level down, in the order a walk meets them (a folder's
 * entries right after it); [] when there is no such folder. `fs`: the look's calls (src/util/look-fs.ts).
 */
export const listLogs = async (logsDir: string, fs: LookFs = threadedFs): Promise<LogsEntry[]> => {
  const out: LogsEntry[] = [];
  const walk = async (rel: string, depth: number) => {
    const es = await fs.entries(path.join(logsDir, rel), ENTRIES_MAX);
    if (!es) return;
    for (const e of es) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      out.push({ name, file: e.isFile(), dir: e.isDirectory() });
      if (e.isDirectory() && depth === 0) await walk(name, 1);
    }
  };
  await walk('', 0);
  return out;
};

/**
 * listLogs once a look: the readers of one look share its listing (`shared`: the look's, src/util/shared.ts; `fs`: its
 * calls).
 */
export const lookListing =
  (shared: Shared, fs: LookFs = threadedFs): ListLogs =>
  (logsDir) =>
    shared(`logs listing ${logsDir}`, () => listLogs(logsDir, fs));
