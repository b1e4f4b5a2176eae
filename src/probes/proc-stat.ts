// /proc/<pid>/stat read into the fields gatewatch uses; a module of its own, with no imports, so that the demo's
// is-active script can share it without loading the process probes.
export interface ProcStat {
  pid: number;
  comm: string;
  /** Field 3: R, S, D, Z, T, X … */
  state: string;
  ppid: number;
  /** Field 22: start time in clock ticks after boot. */
  startTicks: number;
}

/** Parse /proc/<pid>/stat. comm may contain spaces and parens, so the fields are split after the LAST `)`. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(pid) || !state || !Number.isFinite(ppid) || !Number.isFinite(startTicks)) return null;
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTicks };
}
