// When a watched gateway's process was last seen alive, and first seen gone: a death lies between the two, a poll
// apart, however long ago the gateway last wrote a line (a quiet gateway may write none for an hour).
import type { ProcessEvidence } from '../evidence.js';
import { goneNow, isAlive } from '../probes/process.js';
import { holdProcStat, type HeldStat } from '../probes/proc-held.js';
import type { Clock } from '../util/clock.js';
import { createLockWake, type LockWake } from './lock-wake.js';

/** The pid a process probe names (alive or not), and whether a process of that pid exists. */
export function presence(proc: ProcessEvidence): { pid?: number; present: boolean } {
  const present = proc.alive || proc.reason === 'not a gateway' || proc.reason === 'other home';
  // A container's record names its pid there: only a host pid found for it is looked at here.
  return { pid: proc.nsPid !== undefined ? proc.pid : (proc.pid ?? proc.pidFile?.pid), present };
}

export interface Liveness {
  /**
   * What a gather's process probe found (`startTime`: its process's; `looked`: when it looked; `goneBy`: when its
   * first look answered; `now`: the clock as it calls). A pid seen alive before and gone now gets its last sight alive
   * and first sight gone in `proc`; so does a record that names another process by now, or none, when the one seen
   * alive is gone.
   */
  gathered(proc: ProcessEvidence, startTime: number | undefined, looked: number, goneBy: number, now: number): void;
  /**
   * The cheap poll: whether the pid file's process the last gather saw is still there (`now`: the clock). Says a change
   * of presence; undefined when none, or before any gather.
   */
  poll(now: () => number): Promise<'process up' | 'process gone' | undefined>;
  /**
   * The look between polls, in this turn (one read of its stat on Linux: goneNow): whether the process the poll last
   * found there is gone. Says `process gone` as the poll would have, once; undefined otherwise: it never says a
   * process is there, which is the poll's to say.
   */
  vanished(now: () => number): 'process gone' | undefined;
  /**
   * The daemon's (a one-shot look waits on nothing): from now on each life a gather sees alive is waited on through its
   * lock (lock-wake.ts), and `said` hears the look's `process gone` the moment it dies.
   */
  wake(o: { lockFile: string; clock: Pick<Clock, 'timer'>; now: () => number; said: (change?: string) => void }): void;
  /**
   * True while the process the poll last found there is waited on through a lock it holds itself: its death wakes the
   * daemon (`wake`), so the looks between polls have nothing to add.
   */
  quiet(): boolean;
  /** Lets go of what the looks hold (the process's stat, the wait on its lock). */
  close(): void;
}

export function createLiveness(): Liveness {
  // What the cheap poll saw last: whether the pid file's process exists (not whether it is this home's gateway, which
  // the poll cannot tell), so a live non-gateway process in gateway.pid does not read as a change on every poll.
  let known: { pid?: number; startTime?: number; present?: boolean } = {};
  // The last time the poll or a gather saw the gateway's process alive.
  let sight: { pid: number; startTime?: number; at: number } | undefined;
  // The first sight of that process gone (the poll's, or a gather's).
  let gone: { pid: number; at: number } | undefined;
  const sawGone = (pid: number, at: number) => {
    if (sight?.pid === pid && gone?.pid !== pid) gone = { pid, at };
  };
  // The stat of the process the poll last found there, held from one look to the next (proc-held.ts); null when it
  // could not be held (hidepid, not Linux): then each look reads it afresh.
  let held: { pid: number; startTime?: number; stat: HeldStat | null } | undefined;
  let lockWake: LockWake | undefined;
  let last: [ProcessEvidence, number | undefined] | undefined;
  const letGo = () => {
    held?.stat?.close();
    held = undefined;
  };
  /** Whether the process the poll last found there is gone now, in this turn; undefined when its stat is not held. */
  const heldGone = (pid: number, startTime?: number): boolean | undefined => {
    if (held && (held.pid !== pid || held.startTime !== startTime)) letGo();
    held ??= { pid, startTime, stat: holdProcStat(pid, startTime) ?? null };
    const left = held.stat?.gone();
    if (left) letGo();
    return left;
  };
  const liveness: Liveness = {
    gathered(proc, startTime, looked, goneBy, now) {
      last = [proc, startTime];
      lockWake?.saw(proc, startTime);
      const { pid, present } = presence(proc);
      known = { pid, startTime, present };
      if (!present) letGo();
      if (proc.alive && pid !== undefined) {
        sight = { pid, startTime, at: looked };
        if (gone?.pid === pid) gone = undefined;
      } else if (pid !== undefined && sight?.pid === pid) {
        sawGone(pid, goneBy);
        proc.lastSeenAlive = sight.at;
        proc.seenPid = pid;
        if (gone?.pid === pid) proc.goneSeenAt = Math.max(gone.at, sight.at);
      } else if (!proc.alive && sight && (gone?.pid === sight.pid || goneNow(sight.pid, sight.startTime))) {
        // The record names another process, not a gateway yet (a supervisor's next start writes it before it has
        // exec'd), or none: the gateway gatewatch watched is what died, and its sights date that death, not the log's
        // last line a quiet gateway wrote long before. Seen gone by this look at the latest: the first look was of
        // the record's process, not of this one.
        sawGone(sight.pid, now);
        proc.lastSeenAlive = sight.at;
        proc.seenPid = sight.pid;
        if (gone?.pid === sight.pid) proc.goneSeenAt = Math.max(gone.at, sight.at);
      }
    },
    async poll(now) {
      if (!known.pid) return undefined;
      const looked = now();
      // A process seen there is looked at as the looks do; one not there yet, as a process that may come.
      const left = known.present ? heldGone(known.pid, known.startTime) : undefined;
      const present = left !== undefined ? !left : await isAlive(known.pid, known.startTime).catch(() => known.present);
      // Present is only "the pid's process exists": a sight of the gateway when it is the one a gather saw alive.
      const seen = sight && sight.pid === known.pid && sight.startTime === known.startTime;
      if (present && seen) sight!.at = Math.max(sight!.at, looked);
      // Dated when the look has answered: the death lies before it, and after the last sight alive.
      if (!present && seen) sawGone(known.pid, now());
      if (present === known.present) return undefined;
      known.present = present;
      return present ? 'process up' : 'process gone';
    },
    vanished(now) {
      if (!known.pid || !known.present) return undefined;
      if (!(heldGone(known.pid, known.startTime) ?? goneNow(known.pid, known.startTime))) return undefined;
      if (sight && sight.pid === known.pid && sight.startTime === known.startTime) sawGone(known.pid, now());
      known.present = false;
      return 'process gone';
    },
    wake({ now, ...o }) {
      lockWake?.close();
      lockWake = createLockWake({ ...o, look: () => liveness.vanished(now) });
      if (last) lockWake.saw(...last);
    },
    quiet: () => known.present === true && lockWake?.armed() === true,
    close() {
      letGo();
      lockWake?.close();
    },
  };
  return liveness;
}
