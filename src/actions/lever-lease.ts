// One pull of a shared lever at a time, across gatewatch daemons. Two daemons that watch one container (each with its
// own state_dir, so its own lock, restarts and budget) would both start or restart it when it fails, and a restart on
// top of a restart is a second outage. What they both see is this host's /tmp, whatever their state_dirs: the lease is
// a file there named after the lever (the container's id), made whole beside it and linked into place, which only one
// can do. It is held for the restart and its verification and removed at its end; a holder that is gone, or past the
// time it took it for, is taken over, the takeover serialised by an atomic mkdir. A lease file this user may not trust
// (another user's, not a regular file) takes nothing: the restart goes ahead as it would without it.
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lstat, readFile } from '../util/file-calls.js';
import { pidExists } from '../util/pid.js';

export interface LeaseHolder {
  pid: number;
  /** Epoch ms it was taken, and until when it holds at most. */
  at: number;
  until: number;
}

export type LeaseResult = { ok: true; release: () => Promise<void> } | { ok: false; holder: LeaseHolder };

/** Where every gatewatch on this host looks: not os.tmpdir(), which each may have its own of ($TMPDIR). */
const SHARED_DIR = '/tmp';
/** A takeover left behind by a process that died in it is itself stale after this long. */
const BREAK_STALE_MS = 30_000;

export const leasePath = (key: string, dir = SHARED_DIR): string =>
  path.join(dir, `gatewatch-lever-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);

const nothing = async () => {};

/** The lease's holder as its file says, `untrusted` when it is not this user's or root's regular file. */
async function readHolder(file: string): Promise<LeaseHolder | 'untrusted' | undefined> {
  const st = await lstat(file).catch(() => undefined);
  if (!st) return undefined;
  const uid = process.getuid?.();
  if (!st.isFile() || (uid !== undefined && st.uid !== uid && st.uid !== 0)) return 'untrusted';
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Partial<LeaseHolder>;
    if (typeof h.pid === 'number' && typeof h.at === 'number' && typeof h.until === 'number')
      return { pid: h.pid, at: h.at, until: h.until };
  } catch {
    // torn or foreign: not a holder
  }
  return 'untrusted';
}

/** The file made whole beside the lease and linked into place: EEXIST when another holds it. */
async function place(file: string, holder: LeaseHolder): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, JSON.stringify(holder), { mode: 0o644 });
  try {
    await link(tmp, file);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Removes a stale lease (still the one read), one taker at a time; false when another is at it or it cannot. */
async function breakStale(file: string, stale: LeaseHolder, now: number): Promise<boolean> {
  const lock = `${file}.break`;
  try {
    await mkdir(lock);
  } catch {
    const st = await lstat(lock).catch(() => undefined);
    if (!st || now - st.mtimeMs < BREAK_STALE_MS) return false;
    await rmdir(lock).catch(() => undefined);
    return false;
  }
  try {
    const again = await readHolder(file);
    if (again === undefined) return true;
    if (again === 'untrusted' || again.pid !== stale.pid || again.at !== stale.at) return false;
    await unlink(file);
    return true;
  } catch {
    return false;
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

/**
 * Take the lease on `key` for at most `holdMs` from `now`: ok with its release, or the live holder that has it. Where
 * the shared folder cannot hold it (unwritable, a file to distrust), ok with nothing to release.
 */
export async function takeLease(key: string, o: { now: number; holdMs: number; dir?: string }): Promise<LeaseResult> {
  const file = leasePath(key, o.dir);
  const mine: LeaseHolder = { pid: process.pid, at: o.now, until: o.now + o.holdMs };
  const release = async () => {
    const h = await readHolder(file);
    if (h && h !== 'untrusted' && h.pid === mine.pid && h.at === mine.at) await unlink(file).catch(() => undefined);
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await place(file, mine);
      return { ok: true, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: true, release: nothing };
    }
    const held = await readHolder(file);
    if (held === 'untrusted') return { ok: true, release: nothing };
    if (held === undefined) continue;
    const live = held.pid !== process.pid && held.until > o.now && pidExists(held.pid);
    if (live || !(await breakStale(file, held, o.now))) return { ok: false, holder: held };
  }
  return { ok: true, release: nothing };
}
