// Atomic files: write to a temp file, fsync, rename. A crash mid-write leaves the old file intact.
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { redact, redactDeep, type RedactionMemo } from '../util/redact.js';
import { MiB, readCapped } from '../util/read-capped.js';
import { pidExists } from '../util/pid.js';
import type { Clock } from '../util/clock.js';

const queues = new Map<string, Promise<unknown>>();

/**
 * The one atomic writer: `data` goes to `<file>.<pid>.tmp` (created with `mode`), is fsynced, then renamed over `file`.
 * Writes to one file are serialised so two renames never race; a failed write removes its temp file, and one left
 * by a killed writer is removed by removeStaleTemps. A function is called when the write's turn comes, so a write
 * queued behind another saves the state as it is then; it may give the text in pieces, each written before the next
 * is asked for (the loop turns between them).
 */
export async function writeFileAtomic(
  file: string,
  data: string | (() => string | Iterable<string>),
  o: { mode?: number } = {},
): Promise<void> {
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev
    .catch(() => undefined)
    .then(async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        // Created afresh, never opened through what is there: a link planted at the temp name (the state_dir is
        // gatewatch's, but a copy or another user may leave one) would have been written through to its target.
        const create = () => fs.open(tmp, 'wx', o.mode ?? 0o600);
        const fh = await create().catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
          await fs.unlink(tmp);
          return create();
        });
        try {
          await fs.writeFile(fh, typeof data === 'function' ? data() : data);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fs.rename(tmp, file);
      } catch (err) {
        // A full disk leaves a partial temp file behind: do not let it hold the space we need.
        await fs.unlink(tmp).catch(() => undefined);
        throw err;
      }
    });
  queues.set(file, next);
  try {
    await next;
  } finally {
    if (queues.get(file) === next) queues.delete(file);
  }
}

/** `memo`: for a file saved again and again with mostly the same strings (redactionMemo). */
export async function writeJsonAtomic(file: string, data: unknown, o: { memo?: RedactionMemo } = {}): Promise<void> {
  await writeFileAtomic(file, () => {
    const json = stateJson(data, o.memo);
    o.memo?.sweep();
    return json;
  });
}

/** What writeJsonAtomic writes of `data`: state files quote log lines (alerts, evidence), redacted like all that leaves. */
export function stateJson(data: unknown, memo?: RedactionMemo): string {
  return JSON.stringify(redactDeep(data, memo?.text ?? redact));
}

/**
 * Keep a state file that does not fit, for the operator, next to it. A copy is named by its content, so a one-shot
 * `gatewatch check` from cron, which never rewrites the file, does not add a copy every minute.
 */
export async function setAside(
  file: string,
  clock: Pick<Clock, 'now'>,
  how: 'move' | 'copy' = 'move',
): Promise<string | undefined> {
  try {
    if (how === 'move') {
      const to = `${file}.corrupt-${clock.now()}`;
      await fs.rename(file, to);
      return to;
    }
    const to = `${file}.corrupt-${createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex')
      .slice(0, 12)}`;
    await fs.copyFile(file, to, fsConstants.COPYFILE_EXCL).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return to;
  } catch {
    return undefined;
  }
}

/** gatewatch's state files are a few hundred KB at most: a bigger one is not ours to load (1 GB took 604 MB). */
export const MAX_STATE_BYTES = 32 * MiB;

/**
 * A state file's JSON, or `fallback`. One that is too big or not a regular file (a FIFO would block the start for
 * good) is moved aside and `setAsideWhy` is told; a corrupt one is set aside too.
 */
export async function readJson<T>(
  file: string,
  fallback: T,
  clock: Pick<Clock, 'now'>,
  setAsideWhy?: (why: string, keptAs: string | undefined) => void,
): Promise<T> {
  let text: string;
  try {
    text = await readCapped(file, MAX_STATE_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EFBIG' || code === 'ENOTREG')
      setAsideWhy?.((err as Error).message, await setAside(file, clock, 'move'));
    // Missing or unreadable (EACCES, EISDIR): start fresh, and leave the file alone; it may be fine once readable.
    return fallback;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    // A corrupt state file must not stop the watchdog: keep a copy for the operator and start fresh.
    const keptAs = await setAside(file, clock);
    setAsideWhy?.(`not JSON (${(err as Error).message})`, keptAs);
    return fallback;
  }
}

/**
 * Temp files of writers that are gone (a SIGKILL between open and rename). Our own pid counts as gone: nothing has
 * been written by this process yet when this runs, and in a container the pid of the last run is often ours again.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /\.(\d+)\.tmp$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && pidExists(pid)) continue;
    await fs
      .unlink(path.join(dir, name))
      .then(() => removed.push(name))
      .catch(() => undefined);
  }
  return removed;
}
