// Hermes holds `<home>/gateway.lock` with flock(LOCK_EX) for its gateway's whole life (hermes-gateway.md §1), and the
// kernel lets go of it the moment that process dies, SIGKILL and the OOM killer included. A `flock` waiting on the
// file (util-linux's, or busybox's) returns then: the daemon learns of a death at once, where its liveness looks
// (liveness-pulse.ts) see it up to a beat later. Node has no flock of its own, so the wait is a child process, and it
// waits with a shared lock on a descriptor of ours, never on the path: flock(1) given a path creates the file, and a
// gateway.lock created by gatewatch's user (root, say) is a gateway's PermissionError at its next start. The child
// holds the lock it is granted only as long as it takes to exit.
import { closeSync, constants, openSync } from 'node:fs';
import { hostOf, which } from './host.js';
import { stat } from '../util/file-calls.js';
import { MiB, readCapped } from '../util/read-capped.js';

/** Each setpriv that could not set the death signal (util-linux before 2.33, busybox's): not asked again. */
const setprivRefused = new Set<string>();

/**
 * Calls `onEnd(true)` once when nobody holds `file`'s flock any more and `flock` was granted it (it exits 0 then), or
 * `onEnd(false)` when the wait ended otherwise (a tool that refused, a kill), unless the returned function is called
 * first. Undefined where there is nothing to wait on: not Linux, no such file, no `flock`. The caller looks at the
 * process itself: a lock let go is a death, or a gateway's own shutdown.
 */
export async function waitUnlocked(
  file: string,
  onEnd: (granted: boolean) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<(() => void) | undefined> {
  if (process.platform !== 'linux') return undefined;
  // node:child_process (and the sockets it loads) when there is a gateway to wait on: a one-shot check waits on none.
  const { spawn } = await import('node:child_process');
  const host = hostOf({ env });
  const flock = await which('flock', host);
  if (!flock) return undefined;
  // The waiter ends with the daemon, however the daemon ends (SIGKILL too), where setpriv can ask it to.
  const own = await which('setpriv', host);
  const setpriv = own && !setprivRefused.has(own) ? own : undefined;
  const argv = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--', flock, '-s', '3'] : [flock, '-s', '3'];
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  let done = false;
  try {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['ignore', 'ignore', 'ignore', fd],
      env: { PATH: env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
    child.unref();
    // A waiter that could not start (no process to spare, a tool that cannot run) has no exit to say it ended.
    child.on('error', () => {
      if (done) return;
      done = true;
      onEnd(false);
    });
    child.on('exit', (code) => {
      if (done) return;
      done = true;
      // An exit status of its own is setpriv refusing (or flock); a signal is somebody's kill of the waiter, which
      // says nothing of setpriv.
      if (code !== null && code !== 0 && setpriv) setprivRefused.add(setpriv);
      onEnd(code === 0);
    });
    return () => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
    };
  } catch {
    return undefined;
  } finally {
    // The child has its copy: ours closed at once, so the lock it is granted goes with it.
    closeSync(fd);
  }
}

/**
 * The pids /proc/locks names as holding `file`'s flock now (its holders' lines: `1: FLOCK  ADVISORY  WRITE <pid>
 * <maj>:<min>:<inode> 0 EOF`; a waiter's line has `->`), matched by the file's inode: none while nobody holds it.
 * Undefined where that cannot be read. The pid is the process that took the lock; one that inherited its descriptor
 * holds it unnamed.
 */
export async function lockHolders(file: string): Promise<number[] | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const { ino } = await stat(file);
    // Read to its end: the kernel hands /proc/locks out a page at a time, and a short read is not its end.
    const locks = await readCapped('/proc/locks', MiB, { truncate: true });
    const held = new RegExp(`^\\d+: FLOCK\\s+\\S+\\s+\\S+\\s+(\\d+) [0-9a-f]+:[0-9a-f]+:${ino} \\d+ `, 'gm');
    return Array.from(locks.matchAll(held), (m) => Number(m[1]));
  } catch {
    return undefined;
  }
}

/**
 * Whether a process holds `file`'s flock now (lockHolders). A gateway writes its pid file and takes its lock one after
 * the other: a wait begun between the two would be granted at once, so a wait begins only once the lock is held.
 */
export async function lockHeld(file: string): Promise<boolean | undefined> {
  const pids = await lockHolders(file);
  return pids && pids.length > 0;
}
