// Every process on this host, read through /proc by a caller's reader, a few at a time and within a deadline: the
// Telegram poller and WhatsApp bridge probes look for one process among hundreds, and a host with thousands must not
// hold an evaluation up.
import { readdir } from '../util/file-calls.js';
import { parseProcStat } from './process.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { monotonicMs } from '../util/clock.js';

const CONCURRENCY = 16;

export type ProcScan<T> = { ok: true; procs: Map<number, T>; partial: boolean } | { ok: false; reason: string };

export async function scanProcs<T>(
  read: (pid: number) => Promise<T | null | undefined>,
  timeoutMs: number,
  /** Read before the rest (the likeliest), whatever the deadline: a scan out of time has read them. */
  first: readonly number[] = [],
): Promise<ProcScan<T>> {
  if (process.platform !== 'linux') return { ok: false, reason: 'process scan needs /proc' };
  const deadline = monotonicMs() + timeoutMs;
  let pids: number[];
  try {
    pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
    if (first.length) pids = [...first.filter((p) => pids.includes(p)), ...pids.filter((p) => !first.includes(p))];
  } catch (e) {
    return { ok: false, reason: `cannot list /proc (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  const procs = new Map<number, T>();
  for (let i = 0; i < pids.length; i += CONCURRENCY) {
    if (i >= first.length && monotonicMs() > deadline) return { ok: true, procs, partial: true };
    const batch = pids.slice(i, i + CONCURRENCY);
    const got = await Promise.all(batch.map(read));
    got.forEach((p, k) => p != null && procs.set(batch[k]!, p));
  }
  return { ok: true, procs, partial: false };
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
