// One daemon per state_dir: `<state_dir>/gatewatch.pid` holds the running daemon's pid. A lock whose process is gone
// (kill -9, a crash, a reboot) is stale and is taken over; breaking it is serialised by an atomic mkdir, so two daemons
// that start at once on a stale lock cannot both win.
//
// A state_dir that cannot take the lock (full, read-only) must not stop the watchdog: the lock is then taken in the
// state_dir's private fallback directory (src/control/fallback.ts), which every starter and every CLI looks at too, so
// two daemons still never share a state_dir. Only when neither can be written does the daemon run with the lock in
// memory alone, and says so.
import { link, mkdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { readFile, stat } from '../util/file-calls.js';
import { lstatSync, unlinkSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Phrase } from '../i18n.js';
import { pidExists } from '../util/pid.js';
import { ensurePrivateDir, fallbackDir, notPrivate, removeMade } from './fallback.js';
import { monotonicMs, type Clock } from '../util/clock.js';
import { runEnv } from '../util/run-env.js';
import { privateDir } from '../util/private-dir.js';

export interface LockHolder {
  pid: number;
  /** The holder's command line as the kernel has it (Linux), to tell a reused pid from the daemon. */
  cmdline?: string[];
  started?: string;
  /** Where the daemon serves the CLI when it is not where the CLI looks first (or that it serves it nowhere). */
  control?: ControlNote;
}

/**
 * The control socket the daemon serves (`socket`, absent when none), and why not where the CLI looks first: the
 * socket path it refused (`refused`) and its reason.
 */
export interface ControlNote {
  socket?: string;
  refused: string;
  why: Phrase;
}

/**
 * Taken: `where` says where the lock lives — the state_dir, its fallback directory (`why` the state_dir refused it), or
 * this process's memory only (`why` neither could be written: a second daemon would not be stopped).
 */
export type LockResult =
  | {
      ok: true;
      file: string;
      where: 'state_dir' | 'fallback' | 'memory';
      why?: string;
      planted?: boolean;
      release(): void;
      advertise(note: ControlNote): Promise<void>;
    }
  | { ok: false; file: string; holder: LockHolder };

function lockPath(stateDir: string): string {
  return path.join(stateDir, 'gatewatch.pid');
}

/** The lock file in the fallback directory of this state_dir. */
export function fallbackLockPath(stateDir: string, env: NodeJS.ProcessEnv = runEnv()): string {
  return path.join(fallbackDir(stateDir, env), 'gatewatch.pid');
}

/** The live daemon holding the lock of this state_dir, if any (in the state_dir or in its fallback directory). */
export async function lockHolder(stateDir: string, env: NodeJS.ProcessEnv = runEnv()): Promise<LockHolder | undefined> {
  return (await liveHolder(lockPath(stateDir))) ?? (await spareHolder(stateDir, env));
}

/** The live holder of the fallback lock, read only from a directory that is this user's alone (else planted). */
async function spareHolder(stateDir: string, env: NodeJS.ProcessEnv): Promise<LockHolder | undefined> {
  const spare = fallbackLockPath(stateDir, env);
  return notPrivate(path.dirname(spare)) ? undefined : liveHolder(spare);
}

async function liveHolder(file: string): Promise<LockHolder | undefined> {
  const h = await readHolder(file);
  return h && h.pid !== process.pid && (await alive(h)) ? h : undefined;
}

/** What a full, read-only or broken state_dir answers. */
const DISK_REFUSED = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'ENOTDIR']);
/** How long starters may take turns over a stale lock: past a breaker's own staleness (10 s), so one always wins. */
const CONTENTION_MS = 15_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function acquireDaemonLock(
  stateDir: string,
  clock: Pick<Clock, 'now' | 'sleep'>,
  env: NodeJS.ProcessEnv = runEnv(),
): Promise<LockResult> {
  const file = lockPath(stateDir);
  const spare = fallbackLockPath(stateDir, env);
  // A daemon that started while the disk was sick keeps its lock in the fallback directory, even once the disk is back.
  const elsewhere = await spareHolder(stateDir, env);
  if (elsewhere) return { ok: false, file: spare, holder: elsewhere };
  /** The lock taken (or held by another daemon) in the state_dir; or why the disk refused it. */
  const stateDirLock = async (): Promise<LockResult | string> => {
    try {
      const r = await takeLock(file, () => privateDir(stateDir), clock);
      if (!r.ok) return r;
      // A daemon that took the fallback lock meanwhile (it met a sick disk a moment ago) wins, as below the other way.
      const other = await spareHolder(stateDir, env);
      if (other) {
        r.release();
        return { ok: false, file: spare, holder: other };
      }
      return { ...r, where: 'state_dir' };
    } catch (err) {
      // Only a disk that refuses the lock sends it elsewhere: anything else (contention included) is not a sick disk,
      // and a second lock in the fallback directory would let two daemons run.
      if (!DISK_REFUSED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      return message(err);
    }
  };
  // A lock another user put in a state_dir anyone may write is not a daemon's: it must not stop this one, and it is
  // not ours to remove. It sends the lock to the fallback directory, as a sick disk does.
  const planted = plantedLock(file);
  const why = planted ?? (await stateDirLock());
  if (typeof why !== 'string') return why;
  // The lock of a live daemon that can still be read is its lock, however sick the disk.
  const holder = planted ? undefined : await liveHolder(file);
  if (holder) return { ok: false, file, holder };
  // The directories made for the lock go when it does (only those, and only while empty: the socket may be in one).
  let made: string[] = [];
  try {
    const r = await takeLock(spare, async () => (made = ensurePrivateDir(path.dirname(spare))), clock);
    if (!r.ok) return r;
    const release = () => (r.release(), removeMade(made));
    // A daemon that took the state_dir's lock meanwhile (the disk came back just then) wins.
    const late = await liveHolder(file);
    if (late) {
      release();
      return { ok: false, file, holder: late };
    }
    return { ...r, release, where: 'fallback', why, ...(planted ? { planted: true } : {}) };
  } catch (err) {
    removeMade(made);
    return {
      ok: true,
      file,
      where: 'memory',
      why: `${why}; ${spare}: ${message(err)}`,
      release: () => undefined,
      advertise: async () => undefined,
    };
  }
}

async function takeLock(
  file: string,
  prepare: () => Promise<unknown>,
  clock: Pick<Clock, 'now' | 'sleep'>,
): Promise<
  | { ok: true; file: string; release(): void; advertise(note: ControlNote): Promise<void> }
  | { ok: false; file: string; holder: LockHolder }
> {
  await prepare();
  const me: LockHolder = {
    pid: process.pid,
    cmdline: await procCmdline(process.pid),
    started: new Date(clock.now()).toISOString(),
  };
  // Written whole to a private file first, then linked into place: the lock never exists half-written.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    // Inside the try: on a full disk the open succeeds and the write fails, and the empty file must not stay.
    await writeFile(tmp, JSON.stringify(me) + '\n', { mode: 0o600 });
    for (const until = monotonicMs() + CONTENTION_MS; monotonicMs() < until; ) {
      try {
        await linkOrCreate(tmp, file, me);
        const release = () => {
          try {
            if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).pid === process.pid) unlinkSync(file);
          } catch {
            // gone already
          }
        };
        return { ok: true, file, release, advertise: (note) => advertise(file, { ...me, control: note }) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readHolder(file);
      if (holder && holder.pid !== process.pid && (await alive(holder))) return { ok: false, file, holder };
      await breakStale(file, holder, clock);
    }
    throw new Error(`could not take the lock ${file}`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Rewrite our lock with where the CLI finds us. A new file renamed into place (the lock never exists half-written);
 * created exclusively, so that a name planted in a state_dir others may write is not followed. Best effort: without
 * it the CLI still looks in the usual places.
 */
async function advertise(file: string, me: LockHolder): Promise<void> {
  const tmp = `${file}.${process.pid}.control`;
  try {
    await writeFile(tmp, JSON.stringify(me) + '\n', { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  } catch {
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
async function breakStale(
  file: string,
  seen: LockHolder | undefined,
  clock: Pick<Clock, 'now' | 'sleep'>,
): Promise<void> {
  const breaker = `${file}.break`;
  try {
    await mkdir(breaker);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A breaker left by a starter killed in this tiny window would block everyone: it is stale after 10 s.
    const st = await stat(breaker).catch(() => undefined);
    if (st && clock.now() - st.mtimeMs > 10_000) await rmdir(breaker).catch(() => undefined);
    await clock.sleep(50);
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

/**
 * Why the lock file in a directory others may write (a 1777 tmpfs) is not to be taken as a daemon's: another user's
 * file, or a symbolic link. Undefined when there is none, or the directory is this user's alone to write.
 */
export function plantedLock(file: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  try {
    if ((lstatSync(path.dirname(file)).mode & 0o022) === 0) return undefined;
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return `${file} is a symbolic link`;
    if (st.uid !== uid) return `${file} belongs to uid ${st.uid}, not to this user (uid ${uid})`;
  } catch {
    // no such file (or directory): nothing planted
  }
  return undefined;
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  if (plantedLock(file)) return undefined;
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    if (!Number.isInteger(h?.pid) || h.pid <= 0) return undefined;
    // Where to find the daemon is taken only from a lock of this user's: another could plant one pointing at theirs.
    if (h.control && !ownFile(file)) delete h.control;
    return h;
  } catch {
    return undefined;
  }
}

function ownFile(file: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const st = lstatSync(file);
    return st.isFile() && st.uid === uid;
  } catch {
    return false;
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
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8'))
      .split('\0')
      .filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    return undefined;
  }
}

/** sysexits EX_TEMPFAIL: another daemon holds this state_dir; try again once it is gone. */
export { EX_TEMPFAIL } from './protocol.js';
