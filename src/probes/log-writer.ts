// Who writes a log (issue 60 item 5): the processes that hold it open for writing, by their descriptors in /proc. A log
// that runs away is said with its writer where it can be told: an MCP server whose stderr is logs/mcp-stderr.log
// (hermes-gateway-current.md §9.17), the gateway for its own logs. Linux only; read only for a file already growing at a
// storm's pace (a walk of every process's descriptors is not free), within a deadline. Another user's process may be
// unreadable: then no writer is named.
import { readdir, readlink, realpath } from '../util/file-calls.js';
import { readProcEntry, scanProcs, type ProcEntry } from './proc-scan.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { redact } from '../util/redact.js';

export interface LogWriter {
  pid: number;
  /** Its command line, redacted and bounded. */
  cmdline: string;
}

/** How far up a holder's parents are looked at for another holder. */
const MAX_DEPTH = 8;
/** At most this many writers are named. */
const MAX_WRITERS = 3;

/** Whether a descriptor's `/proc/<pid>/fdinfo/<fd>` says it may write: O_WRONLY or O_RDWR in its octal flags. */
export function writesTo(fdinfo: string): boolean {
  const m = /^flags:\s+([0-7]+)/m.exec(fdinfo);
  return !!m && (Number.parseInt(m[1]!, 8) & 0o3) !== 0;
}

/** The process behind `pid` when one of its descriptors is `target` open for writing. */
async function holding(pid: number, target: string): Promise<ProcEntry | null> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) !== target) continue;
    if (writesTo(await readProcText(`/proc/${pid}/fdinfo/${fd}`, 4 * KiB).catch(() => '')))
      return readProcEntry(pid, 4 * KiB);
  }
  return null;
}

/** Whether `p` has `pid` among its parents (up to MAX_DEPTH). */
async function descends(p: ProcEntry, pid: number): Promise<boolean> {
  let ppid = p.ppid;
  for (let i = 0; i < MAX_DEPTH && ppid > 1; i++) {
    if (ppid === pid) return true;
    ppid = (await readProcEntry(ppid, 0))?.ppid ?? 0;
  }
  return false;
}

/** `pid` and its descendants (its threads' children, as the kernel lists them), parents first; at most `max`. */
async function family(pid: number, max = 64): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0, next = [pid]; next.length && out.length < max; i++) {
    out.push(...next);
    const kids: number[] = [];
    for (const p of next) {
      const tasks = await readdir(`/proc/${p}/task`).catch(() => [] as string[]);
      for (const tid of tasks) {
        const text = await readProcText(`/proc/${p}/task/${tid}/children`, 4 * KiB).catch(() => '');
        for (const c of text.split(' ')) if (c.trim()) kids.push(Number(c));
      }
    }
    next = kids.filter((k) => !out.includes(k)).slice(0, max - out.length);
    if (i >= MAX_DEPTH) break;
  }
  return out;
}

/**
 * The processes writing `file`: those holding it open for writing, less any that only handed it down (the gateway
 * holds the stderr file it gave an MCP server: the server writes it). Undefined where /proc cannot be read. The
 * gateway's own family is read first (`gatewayPid`, the likely writers): on a busy host the walk of every process may
 * run out of time, and which writer it names must not depend on how fast the host is.
 */
export async function logWriters(
  file: string,
  timeoutMs = 2000,
  gatewayPid?: number,
): Promise<LogWriter[] | undefined> {
  const target = await realpath(file).catch(() => undefined);
  if (!target) return undefined;
  const first = gatewayPid !== undefined ? await family(gatewayPid) : [];
  const scan = await scanProcs((pid) => holding(pid, target), timeoutMs, first);
  if (!scan.ok) return undefined;
  const holders = [...scan.procs.values()];
  const writers: ProcEntry[] = [];
  for (const h of holders) {
    let parent = false;
    for (const o of holders) if (o !== h && (await descends(o, h.pid))) parent = true;
    if (!parent) writers.push(h);
  }
  return writers
    .sort((a, b) => a.pid - b.pid)
    .slice(0, MAX_WRITERS)
    .map((w) => ({ pid: w.pid, cmdline: redact(w.argv.join(' ')).slice(0, 200) }));
}
