// One daemon per state_dir: `<state_dir>/gatewatch.pid` holds the running daemon's pid. A lock whose process is gone
// (kill -9, a crash, a reboot) is stale and is taken over; breaking it is serialised by an atomic mkdir, so two daemons
// that start at once on a stale lock cannot both win.
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { unlinkSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pidExists } from '../util/pid.js';

export interface LockHolder {
  pid: number;
  /** The holder's command line as the kernel has it (Linux), to tell a reused pid from the daemon. */
  cmdline?: string[];
  started?: string;
}

export type LockResult = { ok: true; file: string; release(): void } | { ok: false; file: string; holder: LockHolder };

function lockPath(stateDir: string): string {
  return path.join(stateDir, 'gatewatch.pid');
}

/** The live daemon holding the lock of this state_dir, if any. */
export async function lockHolder(stateDir: string): Promise<LockHolder | undefined> {
  const h = await readHolder(lockPath(stateDir));
  return h && (await alive(h)) ? h : undefined;
}

export async function acquireDaemonLock(stateDir: string): Promise<LockResult> {
  const file = lockPath(stateDir);
  await mkdir(stateDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, cmdline: await procCmdline(process.pid), started: new Date().toISOString() };
  // Written whole to a private file first, then linked into place: the lock never exists half-written.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(me) + '\n', { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await linkOrCreate(tmp, file, me);
        const release = () => {
          try {
            if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).pid === process.pid) unlinkSync(file);
          } catch {
            // gone already
          }
        };
        return { ok: true, file, release };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readHolder(file);
      if (holder && holder.pid !== process.pid && (await alive(holder))) return { ok: false, file, holder };
      await breakStale(file, holder);
    }
    throw new Error(`could not take the lock ${file}`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** link(2) where the filesystem has it; else an exclusive create (the content is one short write). */
async function linkOrCreate(tmp: string, file: string, me: LockHolder): Promise<void> {
  try {
    await link(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    await writeFile(file, JSON.stringify(me) + '\n', { mode: 0o600, flag: 'wx' });
  }
}

/** Remove a stale lock, unless another starter is doing it right now (then wait and look again). */
async function breakStale(file: string, seen: LockHolder | undefined): Promise<void> {
  const breaker = `${file}.break`;
  try {
    await mkdir(breaker);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A breaker left by a starter killed in this tiny window would block everyone: it is stale after 10 s.
    const st = await stat(breaker).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > 10_000) await rmdir(breaker).catch(() => undefined);
    await sleep(50);
    return;
  }
  try {
    // Only the lock we judged stale goes: if another starter replaced it meanwhile, look again.
    const now = await readHolder(file);
    if (now?.pid === seen?.pid && now?.started === seen?.started) await unlink(file).catch(() => undefined);
  } finally {
    await rmdir(breaker).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    return Number.isInteger(h?.pid) && h.pid > 0 ? h : undefined;
  } catch {
    return undefined;
  }
}

async function alive(h: LockHolder): Promise<boolean> {
  if (!pidExists(h.pid)) return false;
  if (process.platform !== 'linux') return true;
  // After kill -9 the pid can be reused by an unrelated process: on Linux, a pid that is a zombie or runs another
  // command line than the daemon that wrote the lock does not hold it.
  try {
    const statText = await readFile(`/proc/${h.pid}/stat`, 'utf8');
    const state = statText.slice(statText.lastIndexOf(')') + 2, statText.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
  } catch {
    return true;
  }
  const now = await procCmdline(h.pid);
  return !h.cmdline || !now || JSON.stringify(now) === JSON.stringify(h.cmdline);
}

async function procCmdline(pid: number): Promise<string[] | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    return undefined;
  }
}

/** sysexits EX_TEMPFAIL: another daemon holds this state_dir; try again once it is gone. */
export const EX_TEMPFAIL = 75;
