// Who listens on a TCP port of this host (issue 54, #98126: the dashboard's port held by another process): the host
// itself, not only the log that says the bind failed. Linux: the listening socket's inode from /proc/net/tcp and tcp6
// (state 0A), then the process whose descriptors hold it. Read only when a bind failure was logged: a walk of every
// process's descriptors is not free. Another user's process may be unreadable: then the port is known held, not by whom.
import { readdir, readlink } from '../util/file-calls.js';
import { redact } from '../util/redact.js';
import { readProcText } from '../util/read-capped.js';

export interface PortOwner {
  port: number;
  /** The inode of the listening socket, when /proc lists one. */
  inode?: number;
  pid?: number;
  /** Its command line, redacted and bounded. */
  cmdline?: string;
}

const LISTEN = '0A';
/** Processes looked at, at most. */
const MAX_PROCS = 4096;

/** The inodes of the sockets listening on `port` in one of /proc/net/tcp{,6}'s texts. */
export function listeningInodes(text: string, port: number): number[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (f.length < 10 || f[3] !== LISTEN || !f[1]!.endsWith(`:${hex}`)) continue;
    const inode = Number(f[9]);
    if (inode > 0) out.push(inode);
  }
  return out;
}

/** Who listens on `port` here; undefined off Linux or when nothing does. */
export async function portOwner(port: number): Promise<PortOwner | undefined> {
  if (process.platform !== 'linux') return undefined;
  const inodes = new Set<number>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readProcText(f, 4 * 1024 * 1024).catch(() => '');
    for (const i of listeningInodes(text, port)) inodes.add(i);
  }
  if (!inodes.size) return undefined;
  const want = new Set([...inodes].map((i) => `socket:[${i}]`));
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((e) => /^\d+$/.test(e)).slice(0, MAX_PROCS);
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (!want.has(link)) continue;
      const raw = await readProcText(`/proc/${pid}/cmdline`, 4096).catch(() => '');
      const cmdline = redact(raw.replace(/\0+$/, '').split('\0').join(' ')).slice(0, 200);
      return { port, inode: Number(link.slice(8, -1)), pid: Number(pid), ...(cmdline ? { cmdline } : {}) };
    }
  }
  return { port, inode: [...inodes][0]! };
}
