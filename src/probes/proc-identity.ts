// Who a process is, as a remedy that stops it needs to know: pid, start time and command line, read from /proc. A
// pid alone is no identity (the kernel reuses them); the three together are, for as long as the process lives.
import { createHash } from 'node:crypto';
import { readdir, readlink } from '../util/file-calls.js';
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
export function identityOf(
  pid: number,
  startTicks: number,
  argv: readonly string[],
  secrets: string[] = [],
): ProcessIdentity {
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
    if ((stat.state === 'Z' || stat.state === 'X') && (await readdir(`/proc/${pid}/task`).catch(() => [])).length <= 1)
      return undefined;
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

/** Socket inodes listening on TCP `port` (IPv4 and IPv6), from the process's own view of /proc/net. */
async function listeningInodes(pid: number, port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readCapped(`/proc/${pid}/net/${table}`, 4096 * KiB, { truncate: true }).catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; st 0A is LISTEN; field 9 is the inode.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1]!.split(':')[1] ?? '', 16) === port) inodes.add(f[9]!);
    }
  }
  return inodes;
}

/** Whether `pid` itself holds a socket listening on TCP `port` (Linux; false when it cannot be read). */
export async function holdsPort(pid: number, port: number): Promise<boolean> {
  const inodes = await listeningInodes(pid, port);
  if (!inodes.size) return false;
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m && inodes.has(m[1]!)) return true;
  }
  return false;
}
