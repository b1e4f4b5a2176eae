// Who a process is, as a remedy that stops it needs to know: pid, start time and command line, read from /proc. A
// pid alone is no identity (the kernel reuses them); the three together are, for as long as the process lives.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { ProcessIdentity } from '../types.js';
import { parseProcStat } from './process.js';
import { KiB, readCapped } from '../util/read-capped.js';
import { redact } from '../util/redact.js';

const MAX_CMDLINE = 400;

/** sha256 of argv, NUL-joined, 16 hex digits. */
export function argvHash(argv: readonly string[]): string {
  return createHash('sha256').update(argv.join('\0')).digest('hex').slice(0, 16);
}

/** The identity of a process whose argv and start are known; `secrets` are masked in the shown command line. */
export function identityOf(pid: number, startTicks: number, argv: readonly string[], secrets: string[] = []): ProcessIdentity {
  return { pid, startTicks, argvHash: argvHash(argv), cmdline: redact(argv.join(' '), secrets).slice(0, MAX_CMDLINE) };
}

export interface LiveProcess {
  identity: ProcessIdentity;
  ppid: number;
}

/** The process now behind `pid`, or undefined when there is none (gone, a zombie, another user's, not Linux). */
export async function readLiveProcess(pid: number): Promise<LiveProcess | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = parseProcStat(await readCapped(`/proc/${pid}/stat`, 4 * KiB, { truncate: true }));
    if (!stat) return undefined;
    // A zombie leader whose other threads still run is still dying and still holds its files (a port): not gone yet.
    if ((stat.state === 'Z' || stat.state === 'X') && (await readdir(`/proc/${pid}/task`).catch(() => [])).length <= 1) return undefined;
    const raw = await readCapped(`/proc/${pid}/cmdline`, 128 * KiB, { truncate: true });
    const argv = raw ? raw.replace(/\0+$/, '').split('\0') : [];
    return { identity: identityOf(pid, stat.startTicks, argv), ppid: stat.ppid };
  } catch {
    return undefined;
  }
}

/** The parent chain of `pid` (its parent first), up to init. */
export async function ancestorsOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (let p = (await readLiveProcess(pid))?.ppid, n = 0; p && p > 1 && n < 64; n++) {
    out.push(p);
    p = (await readLiveProcess(p))?.ppid;
  }
  return out;
}
