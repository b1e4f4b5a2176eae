// Which program a process runs now, told by its /proc/<pid>/stat line alone: a scan of every process (process.ts)
// reads each one's command line to find a `gateway run`, a thread-pool read a process, most of an idle daemon's CPU
// on a host of hundreds (issue 62). A process keeps its command line until it execs another program, and an exec
// maps the new arguments afresh (arg_start/arg_end, fields 48–49, Linux 3.5+: placed anew, as long as they are), so
// a process whose start and argument span are the ones a scan judged runs what that scan read. A stat line is read in
// the turn, no thread pool and no promise, and a kernel thread (no command line at all) is told by its flags.

/** PF_KTHREAD in field 9 (flags). */
const PF_KTHREAD = 0x0020_0000;

export interface ExecSight {
  /** Field 3: R, S, D, Z, T, X … */
  state: string;
  kernelThread: boolean;
  /**
   * Its start (a reused pid is another process) and where its arguments lie; undefined when /proc hides that span (0:
   * another user's process the reader may not trace, or no memory) or a kernel too old to show it.
   */
  mark?: string;
}

/** The fields of a /proc/<pid>/stat line that tell one exec from another; null when it is not one. */
export function execSight(text: string): ExecSight | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  // Field N is rest[N - 3] (comm may hold spaces and parens: split after its last paren).
  const rest = text.slice(close + 2).split(' ');
  const state = rest[0];
  const flags = Number(rest[6]);
  if (!state || !Number.isFinite(flags)) return null;
  const [start, argStart, argEnd] = [rest[19], rest[45], rest[46]];
  const shown = argStart && argEnd && argStart !== '0' && argEnd !== '0';
  return {
    state,
    kernelThread: (flags & PF_KTHREAD) !== 0,
    ...(shown ? { mark: `${start} ${argStart} ${argEnd}` } : {}),
  };
}
