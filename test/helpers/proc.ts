// What /proc and signal 0 say of a process, for the helpers that find, track and sweep the tests' processes.
import { readFileSync } from 'node:fs';

/** Whether the process is there (signal 0: nothing is sent). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A number of /proc/<pid>/stat, counted from the state after the command name in parentheses (1: the parent's pid,
 * 19: when it started, in clock ticks since boot); undefined once it is gone.
 */
export function statField(pid: number, n: number): number | undefined {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[n]);
  } catch {
    return undefined;
  }
}
