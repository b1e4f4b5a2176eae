// How a look calls the file system: through libuv's threads (the daemon's: its loop never waits on a file), or each
// call in its turn (a one-shot look's, `gatewatch check`: src/watch/one-look.ts). A served profile's look opens a dozen
// small files and lists two folders, and each call through the threads is a hand-off to one of libuv's four and a
// wake of the loop: twenty served profiles' 2,000 of them on a busy two-core host, where each waited its turn for a
// core (issue 62 item 4). A one-shot look has nothing else to do in its loop meanwhile. The calls are file-calls.ts'
// two tables (a plain `gatewatch check` makes every call of its process in its turn); this port is a look's choice of
// them, with its opening of files and its listing of folders.
import { opendirSync, type Dirent, type Stats, type StatsFs } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { openRegular, openRegularNow } from './read-capped.js';
import type { OpenRegular } from './look-files.js';
import { inTurnPaths, threadedPaths } from './file-calls.js';

export interface LookFs {
  /** A regular file opened for reading (read-capped.ts). */
  open: OpenRegular;
  /** Up to `max` entries of folder `dir` as the kernel lists them; undefined when it cannot be opened. */
  entries(dir: string, max: number): Promise<Dirent[] | undefined>;
  /** Every entry of folder `dir` (readdir's, with their kinds). */
  readdir(dir: string): Promise<Dirent[]>;
  /** `p` with its links resolved, as the C library resolves it. */
  realpath(p: string): Promise<string>;
  statfs(p: string): Promise<StatsFs>;
  stat(p: string): Promise<Stats>;
  /** stat of `p` itself, a link not followed. */
  lstat(p: string): Promise<Stats>;
}

export const threadedFs: LookFs = {
  open: openRegular,
  async entries(dir, max) {
    const d = await opendir(dir).catch(() => undefined);
    if (!d) return undefined;
    const out: Dirent[] = [];
    for await (const e of d) {
      if (out.length >= max) break;
      out.push(e);
    }
    return out;
  },
  readdir: (dir) => threadedPaths.readdir(dir, { withFileTypes: true }),
  realpath: (p) => threadedPaths.realpath(p),
  statfs: (p) => threadedPaths.statfs(p),
  stat: (p) => threadedPaths.stat(p),
  lstat: (p) => threadedPaths.lstat(p),
};

/** Each call made in this turn; a throw is the promise's rejection, as through the threads. */
export const inTurnFs: LookFs = {
  open: openRegularNow,
  async entries(dir, max) {
    let d: ReturnType<typeof opendirSync>;
    try {
      d = opendirSync(dir);
    } catch {
      return undefined;
    }
    try {
      const out: Dirent[] = [];
      for (let e = out.length < max ? d.readSync() : null; e; e = out.length < max ? d.readSync() : null) out.push(e);
      return out;
    } finally {
      d.closeSync();
    }
  },
  readdir: (dir) => inTurnPaths.readdir(dir, { withFileTypes: true }),
  realpath: (p) => inTurnPaths.realpath(p),
  statfs: (p) => inTurnPaths.statfs(p),
  stat: (p) => inTurnPaths.stat(p),
  lstat: (p) => inTurnPaths.lstat(p),
};
