// The daemon's wake at a gateway's death: a wait on its gateway.lock (probes/lock-wait.ts) for each life a look sees
// alive and holding it, so a SIGKILL is looked at the moment it happens rather than at the next liveness beat. A life
// whose lock is not held yet (between its pid file and its lock) or was let go while it runs is asked again at the
// next look. The beats stay: a gateway that holds no lock gatewatch can open is seen by them as before.
import type { ProcessEvidence } from '../evidence.js';
import { lockHolders, waitUnlocked } from '../probes/lock-wait.js';
import type { Clock } from '../util/clock.js';

/** After a lock let go with its process not gone yet: one more look this much later (the beats follow). */
const AGAIN_MS = 25;

export interface LockWake {
  /** What a look found: a wait for this life of the gateway, where it is alive, holds its lock and is not waited on. */
  saw(proc: ProcessEvidence, startTime: number | undefined): void;
  /**
   * True while a wait is armed on the life the last look saw and /proc/locks named that very process as the lock's
   * holder: its death wakes the daemon by itself (a lock another process holds would outlive it). A child it forked
   * with the lock's descriptor would outlive it holding the lock, unnamed: that death is the next poll's to see.
   */
  armed(): boolean;
  close(): void;
}

/**
 * `look`: the liveness look (what it says when the process is gone), `said`: where that goes. The lock goes as the
 * process closes its files, a moment before it is reaped: a look that finds it still there looks once more.
 */
export function createLockWake(o: {
  lockFile: string;
  clock: Pick<Clock, 'timer'>;
  look: () => string | undefined;
  said: (change: string | undefined) => void;
}): LockWake {
  // The life waited on (pid and start), and whether a wait on it is armed or being armed.
  let life: string | undefined;
  let waiting = false;
  let closed = false;
  let cancel: (() => void) | undefined;
  // Whether the armed wait's lock is held by the life's own process.
  let own = false;
  let again: (() => void) | undefined;
  const ended = (of: string, granted: boolean) => {
    if (life === of) (waiting = false), (cancel = undefined);
    // A wait that was not granted (the tool refused) tells nothing: the next look arms another.
    if (!granted || closed) return;
    const gone = o.look();
    if (gone) o.said(gone);
    else again = o.clock.timer(() => o.said(o.look()), AGAIN_MS);
  };
  const arm = async (of: string, pid: number) => {
    // Only on a lock /proc/locks says is held: not yet (a gateway between its pid file and its lock), let go while it
    // runs, or unknown, the next look asks again, and the beats see a death meanwhile.
    const holders = await lockHolders(o.lockFile);
    const c = holders?.length ? await waitUnlocked(o.lockFile, (g) => ended(of, g)) : undefined;
    if (!closed && life === of && waiting && !cancel && c) {
      cancel = c;
      own = holders!.includes(pid);
    } else {
      c?.();
      if (life === of && !cancel) waiting = false;
    }
  };
  return {
    saw(proc, startTime) {
      if (closed) return;
      const now = proc.alive && proc.pid !== undefined ? `${proc.pid}:${startTime}` : undefined;
      if (now !== life) {
        cancel?.();
        cancel = undefined;
        waiting = false;
        life = now;
      }
      if (!now || waiting) return;
      waiting = true;
      void arm(now, proc.pid!);
    },
    armed: () => cancel !== undefined && own,
    close() {
      closed = true;
      cancel?.();
      again?.();
      cancel = undefined;
      life = undefined;
      waiting = false;
    },
  };
}
