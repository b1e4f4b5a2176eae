// The daemon's wake at a gateway's death: a wait on its gateway.lock (probes/lock-wait.ts) for each life a look sees
// alive, so a SIGKILL is looked at the moment it happens rather than at the next liveness beat. The beats stay: a
// gateway that holds no lock (gatewatch cannot open it, another mount namespace's file, an older Hermes) is seen by
// them as before.
import type { ProcessEvidence } from '../evidence.js';
import { waitUnlocked } from '../probes/lock-wait.js';
import type { Clock } from '../util/clock.js';

/** After a lock let go with its process not gone yet: one more look this much later (the beats follow). */
const AGAIN_MS = 25;

export interface LockWake {
  /** What a look found: a wait for this life of the gateway, where it is alive and not waited on yet. */
  saw(proc: ProcessEvidence, startTime: number | undefined): void;
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
  let life: string | undefined;
  let cancel: (() => void) | undefined;
  let again: (() => void) | undefined;
  const freed = () => {
    const gone = o.look();
    if (gone) o.said(gone);
    else again = o.clock.timer(() => o.said(o.look()), AGAIN_MS);
  };
  return {
    saw(proc, startTime) {
      const now = proc.alive && proc.pid !== undefined ? `${proc.pid}:${startTime}` : undefined;
      // One wait a life: one that ended while the gateway lived on (its lock let go, or never held) is not armed again.
      if (now === life) return;
      cancel?.();
      cancel = undefined;
      life = now;
      if (!now) return;
      void waitUnlocked(o.lockFile, freed).then((c) => {
        // Another life seen, or the watch stopped, while it was being armed: not this one's any more.
        if (life === now && !cancel) cancel = c;
        else c?.();
      });
    },
    close() {
      cancel?.();
      again?.();
      cancel = undefined;
      life = undefined;
    },
  };
}
