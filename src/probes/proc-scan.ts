// Every process on this host, read through /proc by a caller's reader, a few at a time and within a deadline: the
// Telegram poller and WhatsApp bridge probes look for one process among hundreds, and a host with thousands must not
// hold an evaluation up.
import { readdir } from '../util/file-calls.js';
import { parseProcStat } from './process.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { monotonicMs } from '../util/clock.js';

const CONCURRENCY = 16;

export type ProcScan<T> = { ok: true; procs: Map<number, T>; partial: boolean } | { ok: false; reason: string };

/**
 * Where a caller's scans that ran out of time left off: its next scan begins there (after its `first`), so that on a
 * host too busy for one scan to read every process, scans in turn still do (the first pids of /proc are not the only
 * ones ever read).
 */
export interface ScanCursor {
  /** The pid the next scan reads first of the rest (0: from the start). */
  at: number;
}

export async function scanProcs<T>(
  read: (pid: number) => Promise<T | null | undefined>,
  timeoutMs: number,
  /** Read before the rest (the likeliest), whatever the deadline: a scan out of time has read them. */
  first: readonly number[] = [],
  cursor?: ScanCursor,
): Promise<ProcScan<T>> {
  if (process.platform !== 'linux') return { ok: false, reason: 'process scan needs /proc' };
  const deadline = monotonicMs() + timeoutMs;
  let pids: number[];
  try {
    pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
    // By number, so that the cursor moves one way: node lists /proc in the order of the names' text (1, 10, 100, 2).
    if (cursor) pids.sort((a, b) => a - b);
    if (cursor?.at) pids = [...pids.filter((p) => p >= cursor.at), ...pids.filter((p) => p < cursor.at)];
    if (first.length) pids = [...first.filter((p) => pids.includes(p)), ...pids.filter((p) => !first.includes(p))];
  } catch (e) {
    return { ok: false, reason: `cannot list /proc (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  const procs = new Map<number, T>();
  // One batch past `first` whatever the deadline: each scan moves its cursor on.
  for (let i = 0; i < pids.length; i += CONCURRENCY) {
    if (i >= first.length + CONCURRENCY && monotonicMs() > deadline) {
      if (cursor) cursor.at = pids[i]!;
      return { ok: true, procs, partial: true };
    }
    const batch = pids.slice(i, i + CONCURRENCY);
    const got = await Promise.all(batch.map(read));
    got.forEach((p, k) => p != null && procs.set(batch[k]!, p));
  }
  if (cursor) cursor.at = 0;
  return { ok: true, procs, partial: false };
}

/**
 * A caller's scans for a few long-lived processes (the supervisors' daemons, the service scanners): the ones found last
 * are read first, and each scan out of time leaves a cursor for the next. `read` names what a process is to the caller.
 */
export function keptScan<T>(read: (pid: number) => Promise<T | null | undefined>, timeoutMs: number) {
  const cursor: ScanCursor = { at: 0 };
  let found: number[] = [];
  return async (): Promise<ProcScan<T>> => {
    const scan = await scanProcs(read, timeoutMs, found, cursor);
    // Read first, whatever the deadline: each one still of the kind is in this scan's too.
    if (scan.ok) found = [...scan.procs.keys()];
    return scan;
  };
}

/** A live process as the scans see it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  startTicks: number;
  /** Empty for a kernel thread (no command line). */
  argv: string[];
}

/** The process behind `pid`, or null when it is gone, a zombie, or another user's. */
export async function readProcEntry(pid: number, cmdlineBytes: number): Promise<ProcEntry | null> {
  try {
    const stat = parseProcStat(await readProcText(`/proc/${pid}/stat`, 4 * KiB));
    if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
    const raw = await readProcText(`/proc/${pid}/cmdline`, cmdlineBytes).catch(() => '');
    return { pid, ppid: stat.ppid, startTicks: stat.startTicks, argv: raw ? raw.replace(/\0+$/, '').split('\0') : [] };
  } catch {
    return null;
  }
}
