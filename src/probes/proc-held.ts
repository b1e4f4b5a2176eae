// A watched gateway's /proc/<pid>/stat held open from one liveness look to the next (Linux): each look is one read at
// offset 0 on the same descriptor, where an open, a read and a close of the path were three system calls a beat,
// twice the read's CPU (issue 62). The descriptor stays bound to the process it was opened for: once that process is
// reaped, a read fails (ESRCH) even after its pid is given to another, so a reused pid never reads as alive; a killed
// process its parent has not reaped yet reads as a zombie.
import { closeSync, openSync, readSync } from 'node:fs';
import { parseProcStat } from './proc-stat.js';

/** A stat line is a few hundred bytes; its comm is at most 64. */
const STAT_BYTES = 1024;
const CLOSE_PAREN = 0x29;
const ZOMBIE = 0x5a; // Z
const DEAD = 0x58; // X

export interface HeldStat {
  /** Whether the process is gone (reaped, a zombie, dead); undefined when the read cannot tell. */
  gone(): boolean | undefined;
  close(): void;
}

/**
 * Holds /proc/<pid>/stat of the live process `pid` started at `startTicks` (when given): undefined when it is not there
 * to hold (gone, another process by then, hidden by hidepid, not Linux).
 */
export function holdProcStat(pid: number, startTicks?: number): HeldStat | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
    const buf = Buffer.allocUnsafe(STAT_BYTES);
    const first = parseProcStat(buf.toString('latin1', 0, readSync(fd, buf, 0, STAT_BYTES, 0)));
    if (!first || first.state === 'Z' || first.state === 'X') throw new Error('not a live process');
    if (startTicks !== undefined && first.startTicks !== startTicks) throw new Error('another process');
    return held(fd, buf);
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

function held(fd: number, buf: Buffer): HeldStat {
  let open = true;
  return {
    gone() {
      if (!open) return true;
      let n: number;
      try {
        n = readSync(fd, buf, 0, STAT_BYTES, 0);
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ESRCH' ? true : undefined;
      }
      // The state is the field after comm, which may hold spaces and parens: after the last paren.
      const paren = n > 0 ? buf.lastIndexOf(CLOSE_PAREN, n - 1) : -1;
      if (paren < 0 || paren + 2 >= n) return undefined;
      const state = buf[paren + 2];
      return state === ZOMBIE || state === DEAD;
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
